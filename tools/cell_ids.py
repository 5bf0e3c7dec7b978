"""Give every cell of the course notebooks a stable, content-free id.

Translations and reviews refer to a cell by its id, so an id must not change when a cell is
inserted above it. Positional ids (``cell-000``, ``cell-001``, ...) do exactly that, so this tool
replaces them once with short random ids and leaves any other id alone.

Usage: python tools/cell_ids.py [NOTEBOOK ...]   (default: notebooks/, casestudies/, solutions/)
"""

import re
import secrets
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "casestudies", "solutions")
POSITIONAL = re.compile(r"^cell-\d+$")


def new_id(taken: set[str]) -> str:
    """A fresh 8-character hex id not yet in ``taken``."""
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def fix(path: Path) -> int:
    """Replace positional, missing or repeated ids in one notebook; return how many changed."""
    nb = nbformat.read(path, as_version=4)
    taken, changed = set(), 0
    for cell in nb.cells:
        cid = cell.get("id")
        if not cid or POSITIONAL.match(cid) or cid in taken:
            cell["id"] = new_id(taken)
            changed += 1
        else:
            taken.add(cid)
    if changed:
        nbformat.write(nb, path)
    return changed


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted(
        p for d in FOLDERS for p in (ROOT / d).glob("*.ipynb"))
    for path in paths:
        print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: {fix(path)} ids replaced")


if __name__ == "__main__":
    main(sys.argv[1:])
