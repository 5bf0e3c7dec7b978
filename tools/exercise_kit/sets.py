"""Exercise sets as files: where they are, and the questions and tests of a master notebook.

A master is ``solutions/NN_*.ipynb`` or ``solutions/case_*.ipynb`` in otter-assign format
(``solutions/AUTHORING.md``). :func:`questions` reads it the way the grader needs it: each
question's points, whether it is graded by hand, and its tests, each one function whose
arguments are notebook variables.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

__all__ = [
    "ROOT",
    "AUTOGRADER",
    "find_sets",
    "missing_sets",
    "questions",
    "graded_variables",
    "read_notebook",
    "source",
    "STUDENT_ID",
]

ROOT = Path(__file__).resolve().parents[2]
AUTOGRADER = ROOT / "_build" / "autograder"
SET_PATTERNS = ("[0-9][0-9]_*.ipynb", "case_*.ipynb")
STUDENT_ID = re.compile(r"""^\s*STUDENT_ID\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)


def source(cell) -> str:
    """A cell's source as one string (notebooks store it as a string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def read_notebook(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def find_sets(solutions: Path) -> list[Path]:
    """Master notebook of every exercise set in ``solutions`` (``NN_*.ipynb``, ``case_*.ipynb``)."""
    return sorted({p for pat in SET_PATTERNS for p in Path(solutions).glob(pat)})


def missing_sets(root: Path) -> list[str]:
    """Course notebooks (``notebooks/NN_*`` with NN >= 01, ``casestudies/case_*``) with no
    exercise set of the same file name in ``solutions/``."""
    root = Path(root)
    wanted = [
        p for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_")
    ]
    wanted += list((root / "casestudies").glob("case_*.ipynb"))
    return sorted(
        f"{p.relative_to(root)}: no exercise set solutions/{p.name}"
        for p in wanted
        if not (root / "solutions" / p.name).exists()
    )


def _test(cell_source: str, where: str) -> dict:
    """One test cell: its single function, whether it is hidden, and the variables it takes."""
    hidden = cell_source.lstrip().startswith("# HIDDEN")
    try:
        tree = ast.parse(cell_source)
    except SyntaxError as err:
        raise ValueError(
            f"{where}: the test cell is not valid Python ({err.msg}, line {err.lineno})"
        ) from None
    defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if len(defs) != 1:
        raise ValueError(
            f"{where}: a test cell holds exactly one `def test_...`; found {len(defs)}"
        )
    fn = defs[0]
    if (
        fn.args.vararg
        or fn.args.kwarg
        or fn.args.kwonlyargs
        or fn.args.posonlyargs
        or fn.args.defaults
    ):
        raise ValueError(
            f"{where}: {fn.name} must take plain variable names only (no defaults, * or **)"
        )
    return {
        "name": fn.name,
        "hidden": hidden,
        "args": [a.arg for a in fn.args.args],
        "source": ast.get_source_segment(cell_source, fn),
    }


def _points(conf: dict, tests: list, where: str) -> tuple[float, list[float]]:
    pts = conf.get("points", 1)
    if isinstance(pts, list):
        if len(pts) != len(tests):
            raise ValueError(f"{where}: points lists {len(pts)} values for {len(tests)} test cases")
        return float(sum(pts)), [float(p) for p in pts]
    each = float(pts) / len(tests) if tests else 0.0  # otter: a single number is split evenly
    return float(pts), [each] * len(tests)


def questions(master: Path) -> list[dict]:
    """``[{name, points, manual, tests}]`` from the ``# BEGIN QUESTION`` blocks of a master;
    ``tests`` lists ``{name, hidden, points, args, source}`` in notebook order (empty for a
    question graded by hand). Raises ``ValueError`` naming the cell of a malformed test."""
    import yaml

    found, current, in_tests = [], None, False
    for i, cell in enumerate(read_notebook(master)["cells"]):
        text = source(cell)
        head = text.strip().split("\n", 1)[0] if cell["cell_type"] == "raw" else ""
        if head == "# BEGIN QUESTION":
            current = {"conf": yaml.safe_load(text.split("\n", 1)[1]) or {}, "tests": []}
            found.append(current)
        elif head in ("# BEGIN TESTS", "# END TESTS"):
            in_tests = head == "# BEGIN TESTS"
        elif head == "# END QUESTION":
            current = None
        elif in_tests and current is not None and cell["cell_type"] == "code" and text.strip():
            current["tests"].append(_test(text, f"{Path(master).name} cell {i}"))
    out = []
    for q in found:
        conf, manual = q["conf"], bool(q["conf"].get("manual", False))
        where = f"{Path(master).name} question {conf.get('name')}"
        total, each = _points(conf, [] if manual else q["tests"], where)
        tests = [dict(t, points=p) for t, p in zip(q["tests"], each)] if not manual else []
        out.append({"name": str(conf["name"]), "points": total, "manual": manual, "tests": tests})
    return out


def graded_variables(qs: list[dict]) -> list[str]:
    """Every notebook variable some test takes, plus ``STUDENT_ID``: what the grader exports."""
    return sorted({a for q in qs for t in q["tests"] for a in t["args"]} | {"STUDENT_ID"})
