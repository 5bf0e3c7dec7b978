"""Stored notebooks hold nothing that changes from run to run or machine to machine.

DEVELOPERS.md: no memory addresses, timestamps or machine paths in outputs. Execution times in
cell metadata count too: they change on every run and make every re-execution a noisy diff.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for d in ("notebooks", "casestudies", "solutions", "exercises")
                   for p in (ROOT / d).glob("*.ipynb"))
BAD = {
    "a memory address": re.compile(r"\bat 0x[0-9a-fA-F]{6,}"),
    "a machine path": re.compile(r"(/work/|/home/|/root/|/tmp/|[A-Z]:\\\\Users)"),
    "a timestamp": re.compile(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d:\d\d"),
}


def _output_texts(cell):
    for out in cell.get("outputs", []):
        if "text" in out:
            yield "".join(out["text"])
        for kind, value in out.get("data", {}).items():
            if kind.startswith("text/"):
                yield "".join(value)
        if "traceback" in out:
            yield "\n".join(out["traceback"])


def problems(nb: dict, name: str) -> list[str]:
    found = []
    for i, cell in enumerate(nb["cells"]):
        if "execution" in cell.get("metadata", {}):
            found.append(f"{name} cell {i}: execution timestamps in the cell metadata")
        for text in _output_texts(cell):
            for what, pattern in BAD.items():
                match = pattern.search(text)
                if match:
                    found.append(f"{name} cell {i}: {what} in an output: {match.group(0)!r}")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_notebook_is_machine_and_time_independent(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert problems(nb, path.name) == []


def test_the_check_catches_each_kind():
    cell = {"cell_type": "code", "metadata": {"execution": {"iopub.status.idle": "x"}},
            "outputs": [{"output_type": "stream", "name": "stdout",
                         "text": ["<Figure at 0x7f3a2b1c9d50> saved to /work/main/x.png\n",
                                  "run 2026-11-23T04:29:55\n"]}]}
    found = problems({"cells": [cell]}, "nb")
    assert len(found) == 4 and all(f.startswith("nb cell 0:") for f in found)


POSITIONAL_ID = re.compile(r"^cell-\d+$")
SOURCES = [p for p in NOTEBOOKS if p.parent.name != "exercises"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cell_ids_are_unique_and_not_positional(path):
    """Translations refer to cells by id: an id must survive a cell inserted above it."""
    ids = [cell.get("id") for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    assert all(ids), "every cell needs an id (python tools/cell_ids.py gives them)"
    assert len(set(ids)) == len(ids), "cell ids repeat"
    assert not [i for i in ids if POSITIONAL_ID.match(i)], (
        "positional ids: run python tools/cell_ids.py"
    )
