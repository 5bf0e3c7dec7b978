"""What the exercise-set feedback tests share: read a solution notebook as a student runs it, run
its public and hidden tests on a namespace, and score a question as otter would.

Used by the set feedback tests (06, 07, 09-10 and the case sets), each typing its own slips."""

import copy
import inspect
import json
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def load(name):
    """(code cells as a student runs them, solution cells, {question: (public, hidden, points)})
    of ``solutions/<name>.ipynb``; ``points`` is None for a manually graded question."""
    cells = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    code, solutions, tests, question, where = [], [], {}, None, None
    for cell in cells:
        text = src(cell)
        if cell["cell_type"] == "raw":
            if text.startswith("# BEGIN QUESTION"):
                question = text.split("name:")[1].split()[0]
                points = text.split("points:")[1].strip()
                tests[question] = ([], [], json.loads(points) if points.startswith("[") else None)
            where = {"# BEGIN TESTS": "tests", "# BEGIN SOLUTION": "solution"}.get(
                text.strip(), None if text.startswith("# END") else where)
            continue
        if cell["cell_type"] != "code" or text.startswith("STUDENT_ID"):
            continue
        if where == "tests":
            tests[question][text.startswith("# HIDDEN")].append(text)
        elif "grader" not in text:
            code.append(text)
            if where == "solution":
                solutions.append(text)
    return code, solutions, tests


def function(text):
    """The test function a test cell defines."""
    scope = {}
    exec(compile(text, "test", "exec"), scope)  # noqa: S102 - the course's own notebook
    return next(v for k, v in scope.items() if k.startswith("test_"))


def namespace(code, name, student):
    """The variables after running ``code`` (a set's cells) as ``student``."""
    ns = {"STUDENT_ID": student}
    for text in code:
        exec(compile(text, name, "exec"), ns)  # noqa: S102 - the course's own notebook
    return ns


def results(test_sources, ns):
    """[(passed, message)] of the tests, in order (otter counts any exception as a failure)."""
    out = []
    for text in test_sources:
        fn = function(text)
        try:
            fn(**{p: ns.get(p) for p in inspect.signature(fn).parameters})
        except Exception as err:  # noqa: BLE001
            out.append((False, f"{type(err).__name__}: {err}"))
        else:
            out.append((True, ""))
    return out


def failures(test_sources, ns):
    return [m for ok, m in results(test_sources, ns) if not ok]


def score(tests, question, ns):
    """Points of ``question`` on ``ns``: each passing test earns its own points."""
    public, hidden, points = tests[question]
    return sum(p for p, (ok, _) in zip(points, results(public + hidden, ns)) if ok)


@contextmanager
def generate_once():
    """Build each data set once (a copy each time, so no test sees another's changes)."""
    import crmlab as crm

    real, made = crm.simulate.generate, {}

    def cached(group, n_customers=None, *, seed=None):
        key = (group, n_customers, seed)
        if key not in made:
            made[key] = real(group, n_customers, seed=seed)
        return copy.deepcopy(made[key])

    crm.simulate.generate = cached
    try:
        yield
    finally:
        crm.simulate.generate = real
