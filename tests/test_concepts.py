"""The concept map: every concept is placed, every existing place names its concepts, README
in sync."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import crmlab as crm
from crmlab.errors import CRMLabError

ROOT = Path(__file__).resolve().parents[1]


def notebook_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def named_concepts(path: Path) -> set[str]:
    """IDs named on the notebook's 'Concepts:' lines (e.g. 'Concepts: C08, C09')."""
    found = set()
    for line in notebook_text(path).splitlines():
        if re.search(r"\bConcepts?:", line):
            found |= set(re.findall(r"\bC\d{2}\b", line))
    return found


def test_all_46_concepts_are_mapped_to_at_least_one_place():
    table = crm.concepts.table()
    assert table["id"].tolist() == [f"C{i:02d}" for i in range(1, 47)]
    assert table["taught_in"].map(len).gt(0).all()
    assert table["summary"].str.len().gt(20).all()


def test_places_are_notebooks_cases_or_exercise_sets():
    pattern = (
        r"(notebooks/\d\d_[a-z0-9_]+|casestudies/case_[a-z0-9_]+|solutions/\d\d_[a-z0-9_]+)\.ipynb"
    )
    for place in crm.concepts.places():
        assert re.fullmatch(pattern, place), place


@pytest.mark.parametrize("place", crm.concepts.places())
def test_each_existing_place_names_every_concept_mapped_to_it(place):
    path = ROOT / place
    if not path.exists():
        pytest.skip(f"{place} is planned, not written yet")
    assert set(crm.concepts.concepts_in(place)) <= named_concepts(path)


def test_every_written_notebook_and_case_is_in_the_map():
    written = sorted(
        str(p.relative_to(ROOT))
        for d in ("notebooks", "casestudies")
        for p in (ROOT / d).glob("*.ipynb")
        if not p.name.startswith("00_")
    )
    assert sorted(set(written) - set(crm.concepts.places())) == []


def test_named_concepts_reads_the_concepts_line(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": ["# T\n", "Concepts: C08, C09\n"]},
            {"cell_type": "markdown", "source": ["C10 mentioned in passing"]},
        ]
    }
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    assert named_concepts(path) == {"C08", "C09"}


def test_unknown_concept_and_place_errors():
    with pytest.raises(CRMLabError, match="unknown concept 'C47'"):
        crm.concepts.where_taught("C47")
    with pytest.raises(CRMLabError, match="no concept is mapped to 'notebooks/99_x.ipynb'"):
        crm.concepts.concepts_in("notebooks/99_x.ipynb")


def test_readme_course_map_is_generated_from_the_concept_map():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools/course_map.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
