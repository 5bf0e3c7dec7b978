"""Every set's solution must score full marks and its blank student version zero (``validate``).

Both notebooks of every set are graded exactly as a class is (sandbox, export, judge), so this also
proves the grader end to end on every set.
"""

from __future__ import annotations

import json
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .authoring import assign
from .grading import grade_many
from .sets import STUDENT_ID, find_sets, read_notebook, source

__all__ = ["answered", "validation_tasks", "validation_problems", "validate"]


def answered(set_dir: Path, student_id: str | None = None) -> dict:
    """A generated set's solution as the notebook of a student who answered everything (the
    released version's metadata), with its ``STUDENT_ID`` line set to ``student_id`` if given."""
    set_dir = Path(set_dir)
    solved = read_notebook(set_dir / "solution.ipynb")
    released = read_notebook(set_dir / "released.ipynb")
    solved["metadata"] = released["metadata"]
    solved["cells"][0] = released["cells"][0]  # the student version's first cell builds the checker
    if student_id is not None:
        for cell in solved["cells"]:
            if cell["cell_type"] == "code":
                cell["source"] = STUDENT_ID.sub(  # only the quoted value changes
                    lambda m: (
                        m.group(0)[: m.start(1) - m.start(0)]
                        + student_id
                        + m.group(0)[m.end(1) - m.start(0) :]
                    ),
                    source(cell),
                )
    return solved


def validation_tasks(set_dirs, folder: Path) -> list[tuple[Path, str, Path]]:
    """Write, for each generated set folder, the two notebooks ``validate`` grades: the solution
    as a student who answered everything (``"solution"``) and the blank released version
    (``"blank"``), each in its own subfolder of ``folder``. Returns ``(set_dir, kind,
    notebook)``."""
    tasks = []
    for d in set_dirs:
        d = Path(d)
        name = json.loads((d / "manifest.json").read_text(encoding="utf-8"))["notebook"]
        for kind, nb in (("solution", answered(d)), ("blank", read_notebook(d / "released.ipynb"))):
            sub = Path(folder) / d.name / kind
            sub.mkdir(parents=True)
            (sub / name).write_text(json.dumps(nb), encoding="utf-8")
            tasks.append((d, kind, sub / name))
    return tasks


def validation_problems(results) -> list[str]:
    """What ``validate`` reports from ``[((set_dir, kind, notebook), rows), ...]``: a grading
    problem, a solution short of full marks or a blank version above zero on any autograded
    question."""
    problems = []
    for (d, kind, _), rows in results:
        for row in rows:
            if row["result"] == "manual":
                continue
            if row["status"] != "ok":
                problems.append(f"{Path(d).name} {kind}: {row['status']} ({row['reason']})")
                break
            full = row["score"] == row["possible"]
            if kind == "solution" and not full:
                problems.append(
                    f"{Path(d).name}: solution scores {row['score']}/{row['possible']} on "
                    f"{row['question']} ({row['detail']})"
                )
            if kind == "blank" and row["score"] != 0:
                problems.append(
                    f"{Path(d).name}: blank student version scores {row['score']} "
                    f"on {row['question']}"
                )
    return problems


def validate(
    solutions: Path, *, sets=None, jobs: int = 2, timeout: int = 300, unsafe: bool = False
) -> list[str]:
    """Generate the sets (temporary folders), grade each solution and blank version in one batch."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        masters = [
            m for m in find_sets(solutions) if not sets or any(m.stem.startswith(s) for s in sets)
        ]
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            dirs = list(pool.map(lambda m: assign(m, tmp / "ex", tmp / "ag"), masters))
        tasks = validation_tasks(dirs, tmp / "subs")
        results = grade_many(
            [(path, d, timeout, f"{d.name}/{kind}") for d, kind, path in tasks],
            jobs=jobs,
            unsafe=unsafe,
        )
        return validation_problems(list(zip(tasks, results)))
