"""A tiny helper for writing a notebook from Python, then running it to store outputs.

The .ipynb file is the source of truth once written; this only saves typing the JSON. Usage:

    from nbbuild import md, code, save
    save("notebooks/00_start_here.ipynb", [md("# Title"), code("1 + 1"),
         code("ax = crm.plots.pareto_chart(df)", alt="Pareto chart of ...")])

then `make execute NB=notebooks/00_start_here.ipynb` (or pass execute=True to save).
A figure cell takes `alt=`: the alt text is stored in the cell metadata the static book reads
(`mystnb.image.alt`).
"""

import subprocess
import sys
from pathlib import Path

import nbformat
from cell_ids import new_id

ROOT = Path(__file__).resolve().parents[1]


def md(text: str):
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(src: str, *, alt: str | None = None, tags: tuple = ()):
    cell = nbformat.v4.new_code_cell(src.strip("\n"))
    if alt:
        cell.metadata["mystnb"] = {"image": {"alt": alt}}
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def save(path, cells, *, execute: bool = True):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path = ROOT / path
    # Stable cell ids: a cell keeps its id when the notebook is written again (matched by its
    # text), and a new cell gets a fresh random one, so inserting a cell renames no other cell.
    # Translations are keyed by these ids (see CONTRIBUTING.md).
    old = {}
    if path.exists():
        for cell in nbformat.read(path, as_version=4).cells:
            old.setdefault(cell.source, cell.get("id"))
    taken = set()
    for cell in nb.cells:
        cid = old.get(cell.source)
        cell["id"] = cid if cid and cid not in taken else new_id(taken)
        taken.add(cell["id"])
    nbformat.write(nb, path)
    if execute:
        subprocess.run(
            [sys.executable, str(ROOT / "tools/execute_notebooks.py"), str(path)], check=True
        )
