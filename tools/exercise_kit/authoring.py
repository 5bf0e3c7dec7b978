"""From a master notebook to the student version and the grader's files (``make exercises``).

``otter assign`` (otter-grader, an authoring-only dependency: the ``authoring`` extra) strips
the solutions and hidden tests. The student version it writes is then made independent of otter:
its first cell builds ``crm.exercises.Checker`` instead of ``otter.Notebook``, and the public
tests move from otter's metadata into ``metadata.crmlab.checks``, so students install only
crmlab. The grader's folder ``_build/autograder/<set>/`` gets ``manifest.json`` (questions,
points and every test, hidden ones included: never publish it), ``solution.ipynb`` and
``released.ipynb``, plus ``released.<lang>.ipynb`` for each edition in another language that the
set has (``zh/exercises/<set>.ipynb``, made by ``make zh``): its checks differ from the English
ones only in their messages, and grading accepts them as unedited.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .sets import AUTOGRADER, find_sets, questions, read_notebook, source

# Sets are generated two at a time, but only the `otter assign` subprocesses run in parallel:
# everything done in this process (reading test cells with the ast module, writing notebooks)
# holds this lock. CPython 3.11's ast module keeps one recursion counter for all threads, so two
# threads parsing at once can fail with "SystemError: AST constructor recursion depth mismatch"
# (python/cpython#106905; it failed CI once on the Chinese sets).
_IN_PROCESS = threading.Lock()

__all__ = [
    "assign",
    "generate",
    "build_autograder",
    "drift",
    "compare",
    "student_version",
    "add_editions",
    "INIT_CELL",
    "EDITIONS",
]

INIT_CELL = (
    '# The checks of this set: grader.check("q1") checks your answer to question 1\n'
    "import crmlab as crm\n\n"
    'grader = crm.exercises.Checker("{notebook}")'
)


# Student versions of a set in the course's other editions, beside ``solutions/``.
EDITIONS = {"zh": ("zh", "exercises")}


def add_editions(master: Path, set_dir: Path) -> list[str]:
    """Copy the student version of ``master``'s set in each other edition (``EDITIONS``, e.g.
    ``zh/exercises/<set>.ipynb`` beside ``solutions/``) into ``set_dir`` as
    ``released.<lang>.ipynb``, where it exists; returns those languages."""
    master, found = Path(master).resolve(), []
    for lang, parts in EDITIONS.items():
        twin = master.parent.parent.joinpath(*parts, master.name)
        if twin.is_file():
            shutil.copy2(twin, Path(set_dir) / f"released.{lang}.ipynb")
            found.append(lang)
    return found


def student_version(nb: dict, qs: list[dict], set_name: str) -> dict:
    """Make otter's student notebook independent of otter (see the module docstring)."""
    first = nb["cells"][0]
    if "otter.Notebook(" not in source(first):
        raise ValueError(
            f"{set_name}: otter's student version has no init cell; keep `init_cell: true`"
        )
    first["source"] = INIT_CELL.format(notebook=f"{set_name}.ipynb")
    nb["metadata"].pop("otter", None)
    checks = {
        q["name"]: [
            {"name": t["name"], "args": t["args"], "source": t["source"]}
            for t in q["tests"]
            if not t["hidden"]
        ]
        for q in qs
        if not q["manual"]
    }
    nb["metadata"]["crmlab"] = {"exercise_set": set_name, "checks": checks}
    return nb


def _write_student(nb: dict, path: Path) -> None:
    """Write a student notebook byte-stably: cells get ids from the file name and position
    (otter gives its inserted cells random ids)."""
    import nbformat

    nb = nbformat.from_dict(nb)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{path.stem[:40]}-{i:02d}"
    nbformat.write(nb, path)


def assign(master: Path, exercises: Path, autograder: Path = AUTOGRADER) -> Path:
    """Run ``otter assign`` on one master: student notebook into ``exercises``; manifest,
    solution and released copy into ``autograder/<stem>/``. Returns that folder."""
    master = Path(master).resolve()
    with _IN_PROCESS:
        qs = questions(master)
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        run = subprocess.run(
            [sys.executable, "-m", "otter", "assign", str(master), str(dist)],
            capture_output=True,
            text=True,
            cwd=master.parent,
        )
        if run.returncode != 0 and "No module named otter" in run.stderr:
            raise RuntimeError(
                "`make exercises` needs otter-grader, an authoring tool: "
                "pip install -e '.[authoring]' (`make setup` installs it)"
            )
        if run.returncode != 0:
            raise RuntimeError(
                f"otter assign failed on {master.name}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
            )
        with _IN_PROCESS:
            exercises = Path(exercises)
            exercises.mkdir(parents=True, exist_ok=True)
            for item in (dist / "student").iterdir():
                target = exercises / item.name
                if item.name == master.name:
                    _write_student(student_version(read_notebook(item), qs, master.stem), target)
                elif item.is_dir():
                    shutil.copytree(item, target, dirs_exist_ok=True)
                else:
                    shutil.copy2(item, target)
            set_dir = Path(autograder) / master.stem
            shutil.rmtree(set_dir, ignore_errors=True)
            set_dir.mkdir(parents=True)
            shutil.copy2(dist / "autograder" / master.name, set_dir / "solution.ipynb")
            shutil.copy2(exercises / master.name, set_dir / "released.ipynb")
            add_editions(master, set_dir)
    manifest = {"set": master.stem, "notebook": master.name, "questions": qs}
    (set_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return set_dir


def generate(
    solutions: Path, exercises: Path, autograder: Path = AUTOGRADER, *, jobs: int = 2, sets=None
) -> list[Path]:
    """Generate every set in ``solutions`` (or those whose name starts with one of ``sets``),
    in parallel; returns the autograder folders."""
    masters = [
        m for m in find_sets(solutions) if not sets or any(m.stem.startswith(s) for s in sets)
    ]
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(lambda m: assign(m, Path(exercises), Path(autograder)), masters))


def build_autograder(
    solutions: Path, autograder: Path = AUTOGRADER, *, sets=None, jobs: int = 2
) -> list[Path]:
    """Build only the grader's folders: the student versions go to a temporary folder, so a
    student's own work in ``exercises/`` is never overwritten."""
    with tempfile.TemporaryDirectory() as tmp:
        return generate(solutions, Path(tmp), autograder, jobs=jobs, sets=sets)


def drift(solutions: Path, exercises: Path, *, jobs: int = 2) -> list[str]:
    """Regenerate into a temp folder and list every difference with ``exercises``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "exercises"
        generate(solutions, fresh, Path(tmp) / "autograder", jobs=jobs)
        return compare(fresh, exercises)


def compare(fresh: Path, exercises: Path) -> list[str]:
    """Differences between freshly generated student files and the committed ``exercises``.
    Generation is byte-stable (cell ids are normalised), so files must match exactly."""
    problems = []
    for new in sorted(p for p in Path(fresh).rglob("*") if p.is_file()):
        old = Path(exercises) / new.relative_to(fresh)
        if not old.exists():
            problems.append(f"{old}: missing, run `make exercises`")
        elif old.read_bytes() != new.read_bytes():
            problems.append(f"{old}: out of date with solutions/, run `make exercises`")
    names = {p.name for p in find_sets(fresh)}
    problems += [
        f"{old}: no master in solutions/ (remove it or add the set)"
        for old in find_sets(exercises)
        if old.name not in names
    ]
    return problems
