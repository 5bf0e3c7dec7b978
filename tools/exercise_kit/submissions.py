"""Submissions as handed in: find them in a folder, and check one before it runs.

Learning platforms export a class either as one folder of files (often with a prefix added to
each name) or as one subfolder per student: both are found. Before a notebook runs, it must be
readable and of the right set; the checks a student may have edited (``grader.check`` cells, the
checks in the metadata) are noted and replaced by the released ones, which change no score: the
grade comes only from the instructor's tests. The released version of every edition of the set
counts as unedited (``released.ipynb``, and ``released.zh.ipynb`` for the Chinese one, whose
checks say the same in Chinese).
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

from .sets import STUDENT_ID, read_notebook, source

__all__ = ["NoSubmissions", "find_submissions", "prepare"]

CHECK_CELL = re.compile(r"""^\s*grader\.check\(\s*["'][^"']+["']\s*\)\s*$""")
EDITS = "(graded with the instructor's tests; edits change nothing)"


class NoSubmissions(ValueError):
    """The folder holds no notebook at all."""


def find_submissions(folder: Path) -> list[Path]:
    """Every ``*.ipynb`` in ``folder`` and its subfolders (checkpoints and hidden folders aside)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NoSubmissions(f"{folder} is not a folder")
    found = sorted(p for p in folder.rglob("*.ipynb") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if not found:
        raise NoSubmissions(f"no notebook (*.ipynb) in {folder} or its subfolders: is this the "
                            "folder of downloaded submissions?")
    return found


def _check_cells(nb) -> list[str]:
    return [source(c).strip() for c in nb["cells"]
            if c.get("cell_type") == "code" and CHECK_CELL.match(source(c))]


def _read(sub: Path):
    """The notebook, or ``(None, note)`` when it cannot be read as one."""
    import nbformat

    try:
        nb = json.loads(Path(sub).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        why = f"{type(err).__name__}: {str(err)[:80]}"
        return None, ("invalid-json", f"not valid notebook JSON ({why})")
    try:
        with warnings.catch_warnings():  # old notebooks without cell ids warn: not a problem here
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(nb), as_version=4)
            nbformat.validate(nb)
    except Exception as err:  # nbformat raises several types for broken structures
        first = (str(err).splitlines() or [type(err).__name__])[0]
        return None, ("invalid-notebook", f"JSON is not a valid notebook ({first[:100]})")
    return nb, None


def prepare(sub: Path, set_dir: Path, work: Path):
    """Check one submission and write the notebook to run into ``work``: the student's cells with
    the released metadata (of its edition) and kernel python3. Returns ``(path or None,
    student_id, notes)``."""
    import nbformat

    manifest = json.loads((Path(set_dir) / "manifest.json").read_text(encoding="utf-8"))
    released = read_notebook(Path(set_dir) / "released.ipynb")
    editions = [released, *map(read_notebook, sorted(Path(set_dir).glob("released.*.ipynb")))]
    nb, problem = _read(sub)
    if nb is None:
        return None, "", [problem]
    ids = [m.group(1).strip() for c in nb.cells if c.cell_type == "code"
           for m in STUDENT_ID.finditer(source(c))]
    student_id, notes = (ids[-1] if ids else ""), []
    meta, want = nb.metadata.get("crmlab"), released["metadata"]["crmlab"]
    other = (meta or {}).get("exercise_set") or nb.metadata.get("otter", {}).get("assignment_name")
    if other and other != manifest["set"]:
        wrong = f"notebook is for {other!r}, not {manifest['set']!r}"
        return None, student_id, [("wrong-assignment", wrong)]
    if not meta:
        notes.append(("no-metadata", "the set's metadata was deleted: restored from the released "
                                     "version"))
    elif meta in [e["metadata"].get("crmlab") for e in editions]:
        want = meta  # the released checks of one of the set's editions (other messages only)
    else:
        notes.append(("tests-edited", f"the checks in the notebook metadata were changed {EDITS}"))
    lost = [c for c in _check_cells(released) if c not in _check_cells(nb)]
    if lost:
        notes.append(("tests-edited", f"{len(lost)} grader.check cells edited or deleted {EDITS}"))
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        notes.append(("unknown-kernel", f"kernel {kernel!r} replaced by 'python3'"))
    if not Path(sub).name.endswith(manifest["notebook"]):  # a platform may add a prefix only
        notes.append(("renamed", f"file named {Path(sub).name!r}, expected a name ending in "
                                 f"{manifest['notebook']!r} (graded anyway)"))
    nb.metadata["crmlab"], nb.metadata["kernelspec"] = want, released["metadata"]["kernelspec"]
    target = Path(work) / manifest["notebook"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nbformat.write(nb, target)
    return target, student_id, notes
