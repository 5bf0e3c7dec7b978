"""The committed Chinese edition is what the generator makes now: a fresh generation (without
executing) equals every committed twin except for its outputs, each twin was executed, the
Chinese student versions are what the exercise tool makes from zh/solutions, and every relative
link in the Chinese notebooks and pages leads to a file. Strict nbval over zh/ runs in
`make test-notebooks` (and `make test-exercises` for zh/exercises)."""

import json
import re
from pathlib import Path

import nbformat
import pytest

from test_zh_tools import ROOT, zh_build, zh_docs, zh_parity

TRANSLATED = zh_build.translated_sources(ROOT)
ZH_SETS = sorted(p.name for p in (ROOT / "zh" / "solutions").glob("*.ipynb"))


def _plain(nb) -> dict:
    return json.loads(nbformat.writes(zh_build.strip_outputs(nb)))


@pytest.mark.parametrize("source", TRANSLATED)
def test_a_fresh_generation_equals_the_committed_twin_except_outputs(source):
    committed = nbformat.read(zh_parity.zh_path(ROOT, source), as_version=4)
    fresh = zh_build.build(source, ROOT)
    assert _plain(fresh) == _plain(committed), f"run `make zh NB={source}` and commit zh/{source}"


@pytest.mark.parametrize("source", TRANSLATED)
def test_the_committed_twin_was_executed_top_to_bottom(source):
    cells = nbformat.read(zh_parity.zh_path(ROOT, source), as_version=4).cells
    counts = [c["execution_count"] for c in cells
              if c["cell_type"] == "code" and c["source"].strip()]
    assert counts == list(range(1, len(counts) + 1)), "store its outputs with `make zh NB=...`"


def test_the_generator_refuses_an_unfinished_translation(tmp_path):
    source = TRANSLATED[0]
    for path in (ROOT / source,
                 ROOT / "zh" / "translations" / Path(source).parent.name
                 / (Path(source).stem + ".yaml")):
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8").replace("\n    zh: ", "\n    todo: ", 1),
                          encoding="utf-8")
    with pytest.raises(ValueError, match="the translation is not ready:\n.*not finished"):
        zh_build.build(source, tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not ZH_SETS, reason="no exercise set has a Chinese edition yet")
def test_the_chinese_student_versions_are_what_the_exercise_tool_makes(tmp_path):
    from exercise_kit import authoring

    zh_build.generate_exercises(ROOT / "zh" / "solutions", tmp_path / "exercises",
                                tmp_path / "autograder")  # every set once, two at a time
    assert sorted(p.name for p in (tmp_path / "exercises").glob("*.ipynb")) == ZH_SETS
    problems = authoring.compare(tmp_path / "exercises", ROOT / "zh" / "exercises")
    assert problems == [], "run `make zh` (it regenerates zh/exercises/) and commit zh/exercises/"


LINK = re.compile(r"\]\(([^)\s]+)\)|<img[^>]*?\bsrc=\"([^\"]+)\"")


def _relative_links(text: str):
    for match in LINK.finditer(text):
        link = (match.group(1) or match.group(2)).split("#")[0]
        if link and not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE):
            yield link


def _zh_files():
    notebooks = sorted((ROOT / "zh").glob("*/*.ipynb"))
    pages = [ROOT / page for page in zh_docs.DOC_TWINS.values() if (ROOT / page).exists()]
    return notebooks + pages + [ROOT / "zh" / "README.md"]


@pytest.mark.parametrize("path", _zh_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_of_the_chinese_edition_leads_to_a_file(path):
    if path.suffix == ".ipynb":
        text = "\n".join(c["source"] for c in nbformat.read(path, as_version=4).cells
                         if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    broken = [link for link in _relative_links(text) if not (path.parent / link).exists()]
    assert broken == []


@pytest.mark.parametrize("name", ZH_SETS)
def test_the_chinese_student_version_links_its_chinese_worked_solution(name):
    cells = nbformat.read(ROOT / "zh" / "exercises" / name, as_version=4).cells
    text = "\n".join(c["source"] for c in cells if c["cell_type"] == "markdown")
    targets = {(ROOT / "zh" / "exercises" / link).resolve()
               for link in _relative_links(text) if link.endswith(name)}
    assert targets == {(ROOT / "zh" / "solutions" / name).resolve()}


@pytest.mark.parametrize("path", sorted((ROOT / "zh").glob("*/*.ipynb")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_chinese_notebooks_hold_nothing_machine_or_time_dependent(path):
    from test_notebook_hygiene import problems

    assert problems(json.loads(path.read_text(encoding="utf-8")), path.name) == []
