"""The two editions differ in language only: every English notebook, case study and exercise
set has a Chinese twin (or is listed below as awaiting one), and every twin passes the parity
checks of tools/zh_parity.py: no cell untranslated or translated from an older English text,
same cells, headings, figures, questions, hints, data files, numbers, sources and concept ids,
the same program in every code cell, Chinese text that is Chinese, glossary terms in their
Chinese form. Changing one English sentence makes exactly one failure, naming it.
"""

import re
import shutil

import nbformat
import pytest

from test_zh_tools import ROOT, zh_build, zh_code, zh_files, zh_parity

FOLDERS = ("notebooks", "casestudies", "solutions")
# Sources still awaiting their Chinese text: none. Never grow this list: a new or changed notebook
# brings its translation in the same change (CONTRIBUTING.md, "Chinese edition").
AWAITING: set[str] = set()
TRANSLATED = zh_build.translated_sources(ROOT)


def english_sources():
    return sorted(f"{folder}/{p.name}" for folder in FOLDERS
                  for p in (ROOT / folder).glob("*.ipynb"))


def test_every_english_source_has_a_translation_or_is_listed_as_awaiting_one():
    sources = set(english_sources())
    assert sorted(sources - set(TRANSLATED) - AWAITING) == [], \
        "no translation file: write one (python tools/zh.py update SOURCE), see CONTRIBUTING.md"
    assert sorted(AWAITING & set(TRANSLATED)) == [], "translated now: remove it from AWAITING"
    assert sorted(AWAITING - sources) == [], "no longer in the course: remove it from AWAITING"
    assert sorted(set(TRANSLATED) - sources) == [], \
        "a translation file whose English source is gone"


def test_the_chinese_folders_hold_twins_only():
    """zh/<folder>/ holds the twins of translated sources, and zh/exercises/ the student versions
    of the translated sets: nothing stray, nothing missing."""
    for folder in FOLDERS:
        have = sorted(f"{folder}/{p.name}" for p in (ROOT / "zh" / folder).glob("*.ipynb"))
        assert have == sorted(s for s in TRANSLATED if s.startswith(folder + "/"))
    sets = sorted(p.name for p in (ROOT / "zh" / "solutions").glob("*.ipynb"))
    assert sorted(p.name for p in (ROOT / "zh" / "exercises").glob("*.ipynb")) == sets


@pytest.mark.parametrize("source", TRANSLATED)
def test_the_chinese_twin_differs_only_in_language(source):
    assert zh_parity.check(ROOT, source) == []


def _copy(tmp_path, source):
    """The English source, its translation and its Chinese twin in a fresh folder."""
    for path in (ROOT / source, zh_files.translation_path(ROOT, source),
                 zh_parity.zh_path(ROOT, source)):
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return tmp_path


def _change_one_sentence(cell, keep) -> bool:
    """Change one word of one English sentence (markdown prose or a display string, not a kept
    literal); False if the cell has no text to change."""
    if cell["cell_type"] == "code":
        tokens = [t for t in zh_code.display_tokens(cell["source"], keep)
                  if re.search(r"[a-z]{4,}", t)]
        if not tokens:
            return False
        word = re.search(r"[a-z]{4,}", tokens[0]).group(0)
        new = tokens[0].replace(word, word.upper(), 1)
        cell["source"] = cell["source"].replace(tokens[0], new, 1)
        return True
    prose = re.search(r"(?<![`\w])[a-z]{4,}(?![`\w])",
                      re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), cell["source"]))
    if cell["cell_type"] != "markdown" or prose is None:
        return False
    cell["source"] = (cell["source"][:prose.start()] + prose.group(0).upper()
                      + cell["source"][prose.end():])
    return True


@pytest.mark.parametrize("source", TRANSLATED)
def test_changing_one_english_sentence_makes_exactly_one_failure_that_names_it(tmp_path, source):
    # Every text cell of every source, each checked against the whole notebook, took 7 minutes of
    # the suite (cells x cells); twelve cells spread over each source still try every kind of cell
    # (prose, headings, code strings) at its start, middle and end.
    root = _copy(tmp_path, source)
    original = nbformat.read(root / source, as_version=4)
    assert zh_parity.check(root, source) == []
    keep = set(zh_files.load(zh_files.translation_path(root, source))["keep"])
    changeable = [i for i, cell in enumerate(original.cells)
                  if _change_one_sentence(nbformat.from_dict(cell), keep)]
    assert len(changeable) >= 10  # a translated source has at least ten text cells
    tried = sorted({changeable[round(k * (len(changeable) - 1) / 11)] for k in range(12)})
    for index in tried:
        nb = nbformat.read(root / source, as_version=4)
        assert _change_one_sentence(nb.cells[index], keep)
        nbformat.write(nb, root / source)
        found = zh_parity.check(root, source)
        assert len(found) == 1, (nb.cells[index]["id"], found)
        assert found[0].startswith(f"{source} cell {nb.cells[index]['id']}: the English changed")
        nbformat.write(original, root / source)
    assert len(tried) == min(12, len(changeable))


def test_a_stale_translation_fails_until_updated_and_finished(tmp_path):
    """The maintenance loop of CONTRIBUTING.md on a copy: change the English, `update` marks the
    entry todo (still a failure), translating it and deleting todo makes the twin current."""
    source = TRANSLATED[0]
    root = _copy(tmp_path, source)
    nb = nbformat.read(root / source, as_version=4)
    cell = next(c for c in nb.cells if c["cell_type"] == "markdown")
    cell["source"] += "\n\nOne more sentence about customer churn."
    nbformat.write(nb, root / source)
    from test_zh_tools import cli

    counts = cli().update(source, root)
    assert counts["changed"] == 1 and counts["new"] == 0
    found = zh_parity.check(root, source)
    assert len(found) == 1 and "not finished" in found[0] and cell["id"] in found[0]
    data = zh_files.load(zh_files.translation_path(root, source))
    entry = data["cells"][cell["id"]]
    assert entry.pop("todo").endswith("One more sentence about customer churn.")
    entry["zh"] += "\n\n再补一句关于客户流失的话。"
    zh_files.translation_path(root, source).write_text(zh_files.dump(data, source),
                                                       encoding="utf-8")
    translation = zh_files.load(zh_files.translation_path(root, source))
    assert zh_parity.translation_problems(source, nb, translation) == ([], set())
    twin = zh_build.build(source, root)
    for z, fresh in zip(nbformat.read(zh_parity.zh_path(root, source), as_version=4).cells,
                        twin.cells):
        fresh["outputs"] = z.get("outputs", [])  # the text changed, the outputs did not
    nbformat.write(twin, zh_parity.zh_path(root, source))
    assert zh_parity.check(root, source) == []


@pytest.mark.parametrize("change, problem", [
    (lambda nb: nb.cells.pop(), "cells are not the English cells"),
    (lambda nb: _cell(nb, "code", 1).update(source=_cell(nb, "code", 1)["source"] + "\nx = 1"),
     "not the same program as the English cell"),
    (lambda nb: _cell(nb, "markdown", 0).update(
        source=_cell(nb, "markdown", 0)["source"].replace("## ", "", 1)),
     "headings differ"),
    (lambda nb: _cell(nb, "markdown", 1).update(
        source="This cell was left in English, untranslated."),
     "mostly English"),
    (lambda nb: _cell(nb, "markdown", 2).update(
        source=re.sub(r"\d", "", _cell(nb, "markdown", 2)["source"])),
     "numbers of the English missing"),
    (lambda nb: [c.update(source=c["source"].replace('"zh"', '"en"')) for c in nb.cells
                 if c["cell_type"] == "code"],
     'does not call crm.set_language("zh")'),
    (lambda nb: _cell(nb, "markdown", 0).update(
        source=_cell(nb, "markdown", 0)["source"] + "\n\n**所需时间：**约 20 分钟。"),
     "bold or italic that CommonMark leaves open"),
], ids=["cell-removed", "code-changed", "heading-lost", "left-in-english", "numbers-lost",
        "language-switch", "bold-left-open"])
def test_a_broken_chinese_notebook_is_caught(tmp_path, change, problem):
    source = TRANSLATED[0]
    root = _copy(tmp_path, source)
    twin = zh_parity.zh_path(root, source)
    nb = nbformat.read(twin, as_version=4)
    change(nb)
    nbformat.write(nb, twin)
    found = zh_parity.check(root, source)
    assert any(problem in f for f in found), found


def _cell(nb, kind, n):
    """The n-th cell of a kind that has Chinese text of its own (translated)."""
    cells = [c for c in nb.cells
             if c["cell_type"] == kind and re.search(r"[\u4e00-\u9fff]", c["source"])]
    if kind == "markdown":
        cells = [c for c in cells
                 if re.search(r"^## ", c["source"], re.M) and re.search(r"\d", c["source"])]
    return cells[n]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_shows_the_english_change_a_stale_entry_missed(tmp_path):
    import subprocess

    source = TRANSLATED[0]
    root = _copy(tmp_path, source)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", "start"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "translated"], cwd=root, check=True)
    nb = nbformat.read(root / source, as_version=4)
    cell = next(c for c in nb.cells if c["cell_type"] == "markdown" and "## " in c["source"])
    cell["source"] = cell["source"].replace("## ", "## Part: ", 1)
    nbformat.write(nb, root / source)
    from test_zh_tools import cli

    shown = cli().diff(source, cell["id"], root)
    assert "--- translated\n+++ now\n" in shown and "\n+## Part: " in shown and "\n-## " in shown

