"""Shared test set-up.

- matplotlib settings restored and figures closed after each test;
- the exercise system (``tools/exercise_kit``) importable as ``exercise_kit``;
- its slow work done ONCE per test session and shared: every exercise set (course and pilot)
  generated with ``otter assign`` (``exercise_sets``); ``make grade`` run on the pilot's prepared
  and hostile submissions, with the repository hashed before and after (``graded_class``); the
  solution and blank version of every set graded in one batch (``validation_batch``).

Grading needs bubblewrap. Where it is missing those tests skip with the reason, except when
``CRMLAB_REQUIRE_SANDBOX=1`` (set by ``.ci/run``, which installs it): then they fail.
"""

import csv
import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import pytest

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "tests" / "fixtures" / "exercises"
sys.path.insert(0, str(ROOT / "tools"))

from exercise_kit import authoring, grading, sandbox, sets, validate  # noqa: E402

JOBS = 2  # sandboxes at a time (CI has 2 cores)
# Time limit per pilot submission in `make grade`. Two endless loops hold a sandbox for it (one
# that ignores interrupts also for the export cell's 30 s); a pilot submission takes 3-8 s.
PILOT_TIMEOUT = 20
VALIDATE_TIMEOUT = 300  # per solution or blank notebook, as `tools/exercises.py validate`
# Roster of the graded pilot class: s006 (the renamed copy) is missing on purpose, s999 handed
# nothing in.
ROSTER = [
    "s001",
    "s002",
    "s003",
    "s004",
    "s005",
    "s007",
    "s008",
    *[f"s{i}" for i in range(101, 110)],
    "s999",
]


@pytest.fixture(autouse=True)
def _restore_matplotlib():
    with matplotlib.rc_context():
        yield
    plt.close("all")


def require_sandbox() -> str:
    """The isolation in use, or skip (fail with CRMLAB_REQUIRE_SANDBOX=1) without bubblewrap."""
    try:
        return sandbox.isolation()
    except sandbox.SandboxUnavailable as err:
        if os.environ.get("CRMLAB_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"CRMLAB_REQUIRE_SANDBOX=1 but: {err}")
        pytest.skip(f"grading sandbox unavailable: {err}")


@pytest.fixture
def sandboxed():
    """Skip (or fail under CRMLAB_REQUIRE_SANDBOX=1) a test that needs bubblewrap."""
    return require_sandbox()


def tree_hash(root: Path, skip=(".venv", ".git", "__pycache__")) -> dict:
    """``{relative path: sha256}`` of every file under ``root`` (``skip``: folder names)."""
    found = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in skip]
        for name in files:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="session")
def exercise_sets(tmp_path_factory):
    """Every set generated once, as ``make exercises`` does, into a temporary folder: the course
    sets' student versions in ``course`` (compare with ``exercises/``), the pilot's in ``pilot``
    (compare with ``tests/fixtures/exercises/exercises/``), one autograder folder per set in
    ``dirs``."""
    tmp = tmp_path_factory.mktemp("exercise_sets")
    course, pilot = tmp / "course", tmp / "pilot"
    work = [(m, course) for m in sets.find_sets(ROOT / "solutions")]
    work += [(m, pilot) for m in sets.find_sets(PILOT / "solutions")]
    with ThreadPoolExecutor(JOBS) as pool:  # authoring.generate's pool, over both folders at once
        dirs = list(pool.map(lambda w: authoring.assign(w[0], w[1], tmp / "autograder"), work))
    return SimpleNamespace(
        course=course, pilot=pilot, autograder=tmp / "autograder", dirs={d.name: d for d in dirs}
    )


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def graded_class(exercise_sets, tmp_path_factory):
    """``make grade`` on ``tests/fixtures/exercises/submissions`` (prepared files and the hostile
    subfolders) with a roster: its process, sheets, stored notebooks, and the repository's file
    hashes before and after."""
    require_sandbox()
    out = tmp_path_factory.mktemp("graded_class")
    (out / "roster.csv").write_text(
        "student_id,name\n" + "".join(f"{i},Student {i}\n" for i in ROSTER)
    )
    before = tree_hash(ROOT)
    proc = subprocess.run(
        [
            "make",
            "-s",
            "grade",
            "SET=99",
            f"SUBMISSIONS={PILOT / 'submissions'}",
            f"OUT={out / 'grades_99.csv'}",
            f"AUTOGRADER={exercise_sets.autograder}",
            f"TIMEOUT={PILOT_TIMEOUT}",
            f"ROSTER={out / 'roster.csv'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    after = tree_hash(ROOT)
    where = grading.outputs(out / "grades_99.csv")
    rows = _read_csv(where["questions"]) if where["questions"].exists() else []
    book = _read_csv(where["gradebook"]) if where["gradebook"].exists() else []
    return SimpleNamespace(
        proc=proc,
        rows=rows,
        book=book,
        notebooks=where["notebooks"],
        out=out,
        before=before,
        after=after,
        timeout=PILOT_TIMEOUT,
    )


@pytest.fixture(scope="session")
def validation_batch(exercise_sets, tmp_path_factory):
    """``[((set_dir, kind, notebook), rows)]`` for the solution and the blank version of every set
    (course and pilot), graded in one batch as ``validate`` grades them."""
    require_sandbox()
    checks = validate.validation_tasks(
        exercise_sets.dirs.values(), tmp_path_factory.mktemp("validation")
    )
    results = grading.grade_many(
        [(path, d, VALIDATE_TIMEOUT, f"{d.name}/{kind}") for d, kind, path in checks], jobs=JOBS
    )
    return list(zip(checks, results))
