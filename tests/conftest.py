"""Shared test set-up.

- matplotlib settings restored and figures closed after each test;
- the otter-grader work of the exercise tests, done ONCE per test session and shared: every exercise
  set (course and pilot) generated with ``otter assign`` (``exercise_sets``), and every notebook the
  grading tests need graded with ``otter run`` in one parallel batch (``grading_batch``). Each otter
  run costs 10-40 s, so repeating them per test made these tests most of ``make test-lib``.
"""

import importlib.util
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "tests" / "fixtures" / "exercises"
JOBS = 2  # otter processes at a time (CI has 2 cores)
# Time limit per pilot submission. The endless-loop submission burns a core for all of it, so it
# is the batch's largest single cost; a pilot otter run takes 5-18 s here (2 cores, other work
# running), so 60 s still leaves every other submission more than 3 times its time.
PILOT_TIMEOUT = 60
VALIDATE_TIMEOUT = 300  # per solution or blank notebook, as `tools/exercises.py validate`


@pytest.fixture(autouse=True)
def _restore_matplotlib():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def exercise_tool():
    """``tools/exercises.py`` as a module (loaded once; tools/ is not a package)."""
    name = "crmlab_exercises_tool_shared"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "exercises.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


@pytest.fixture(scope="session")
def exercise_sets(tmp_path_factory):
    """Every set generated once, as ``make exercises`` does, into a temporary folder: the course
    sets' student versions in ``course`` (compare with ``exercises/``), the pilot's in ``pilot``
    (compare with ``tests/fixtures/exercises/exercises/``), one autograder folder per set in
    ``dirs``."""
    tool = exercise_tool()
    tmp = tmp_path_factory.mktemp("exercise_sets")
    course, pilot = tmp / "course", tmp / "pilot"
    work = [(m, course) for m in tool.find_sets(ROOT / "solutions")]
    work += [(m, pilot) for m in tool.find_sets(PILOT / "solutions")]
    with ThreadPoolExecutor(JOBS) as pool:  # tool.generate's pool, over both folders at once
        dirs = list(pool.map(lambda w: tool.assign(w[0], w[1], tmp / "autograder"), work))
    return SimpleNamespace(course=course, pilot=pilot, dirs={d.name: d for d in dirs})


@pytest.fixture(scope="session")
def grading_batch(exercise_sets, tmp_path_factory):
    """One parallel batch of otter runs for the grading tests:

    - ``pilot_rows``: ``grade_one`` rows of every prepared pilot submission (file order), as
      ``tool.grade(pilot_set, tests/fixtures/exercises/submissions, timeout=pilot_timeout)`` grades
      them;
    - ``validation``: ``[((set_dir, kind, notebook), rows)]`` for the solution and the blank version
      of every set (course and pilot), as ``tool.validate`` grades them.
    """
    tool = exercise_tool()
    pilot_dir = exercise_sets.dirs["99_pilot"]
    files = sorted(
        p for p in (PILOT / "submissions").iterdir() if p.is_file() and p.suffix == ".ipynb"
    )
    pilot = [(f, pilot_dir, PILOT_TIMEOUT, f.name) for f in files]
    checks = tool.validation_tasks(
        exercise_sets.dirs.values(), tmp_path_factory.mktemp("validation")
    )
    tasks = pilot + [(path, d, VALIDATE_TIMEOUT, f"{d.name}/{kind}") for d, kind, path in checks]
    # slowest first: the endless loop holds one process for its whole time limit while the
    # other process grades the rest
    order = sorted(range(len(tasks)), key=lambda i: not tasks[i][3].startswith("loop_"))
    results = dict(zip(order, tool.grade_many([tasks[i] for i in order], jobs=JOBS)))
    return SimpleNamespace(
        pilot_rows=[r for i in range(len(pilot)) for r in results[i]],
        pilot_timeout=PILOT_TIMEOUT,
        validation=[(t, results[len(pilot) + i]) for i, t in enumerate(checks)],
    )
