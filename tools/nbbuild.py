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
    # Stable cell ids so that rewriting a notebook does not churn its diff.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    path = ROOT / path
    nbformat.write(nb, path)
    if execute:
        subprocess.run([sys.executable, str(ROOT / "tools/execute_notebooks.py"), str(path)], check=True)
