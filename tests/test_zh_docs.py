"""The Chinese twins of the course's pages (README.zh.md, INSTRUCTORS.zh.md, the folder READMEs)
stay in step section by section: each section carries the hash of the English section it
translates, and changing one English section makes exactly one failure, naming it."""

import re
import shutil

import pytest

from test_zh_tools import ROOT, zh_docs

PAGES = list(zh_docs.DOC_TWINS)


@pytest.mark.parametrize("page", PAGES)
def test_the_chinese_page_is_current_with_its_english_twin(page):
    assert zh_docs.problems(ROOT, page) == []


def test_the_readmes_link_to_each_other():
    assert "[简体中文](README.zh.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[English](README.md)" in (ROOT / "README.zh.md").read_text(encoding="utf-8")


def _copy(tmp_path, page):
    """The page, its twin and the Chinese notebooks (the course map links them) in a fresh
    folder."""
    twins = [p.relative_to(ROOT) for p in (ROOT / "zh").glob("*/*.ipynb")]
    for rel in [page, zh_docs.DOC_TWINS[page], *twins]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, tmp_path / rel)
    return tmp_path


@pytest.mark.parametrize("page", PAGES)
def test_changing_one_english_section_makes_exactly_one_failure_that_names_it(tmp_path, page):
    root = _copy(tmp_path, page)
    original = (root / page).read_text(encoding="utf-8")
    sections = zh_docs.sections(original)
    lines = original.split("\n")
    for section in sections:
        start = section["line"] if section["level"] else 1
        body_lines = range(start, start + section["body"].count("\n") + 1)
        line = next((i for i in body_lines if re.search(r"\b[a-z]{5,}\b", lines[i])
                     and "course-map" not in lines[i] and not lines[i].startswith("|")), None)
        if line is None:
            continue
        changed = list(lines)
        word = re.search(r"\b[a-z]{5,}\b", changed[line]).group(0)
        changed[line] = changed[line].replace(word, word.upper(), 1)
        (root / page).write_text("\n".join(changed), encoding="utf-8")
        found = zh_docs.problems(root, page)
        assert len(found) == 1, (section["heading"], found)
        assert "the English changed since it was translated" in found[0]
        assert (repr("#" * section["level"] + " " + section["heading"]) in found[0]
                or not section["level"])
    (root / page).write_text(original, encoding="utf-8")
    assert zh_docs.problems(root, page) == []


def test_a_new_row_of_the_course_map_is_one_failure_not_a_stale_section(tmp_path):
    root = _copy(tmp_path, "README.md")
    text = (root / "README.md").read_text(encoding="utf-8")
    # a planned part added as the map's last row (every part of the course may be ready)
    row = "| 11 Pricing for retention | C14, C27 | planned |"
    text = text.replace("\n\n<!-- course-map:end -->", f"\n{row}\n\n<!-- course-map:end -->", 1)
    assert row in text
    (root / "README.md").write_text(text, encoding="utf-8")
    found = zh_docs.problems(root, "README.md")
    assert found == ["README.zh.md: the course map has no Chinese title for "
                     "'11 Pricing for retention': add it to PLANNED_ZH in tools/zh_docs.py"]


def test_a_section_added_in_english_only_is_caught(tmp_path):
    root = _copy(tmp_path, "README.md")
    text = (root / "README.md").read_text(encoding="utf-8") + "\n## New section\nMore text.\n"
    (root / "README.md").write_text(text, encoding="utf-8")
    (found,) = zh_docs.problems(root, "README.md")
    assert found.startswith("README.zh.md: its sections are not those of README.md")


def test_headings_inside_code_blocks_are_not_sections():
    text = "# Title\nIntro.\n\n```bash\n# a comment, not a heading\n```\n\n## Part\nText."
    assert ([(s["level"], s["heading"]) for s in zh_docs.sections(text)]
            == [(1, "Title"), (2, "Part")])


def test_an_english_chinese_section_is_caught(tmp_path):
    root = _copy(tmp_path, "notebooks/README.md")
    twin = root / "zh" / "notebooks" / "README.md"
    marker = re.search(r"<!-- en \w+ -->", twin.read_text(encoding="utf-8")).group(0)
    twin.write_text(f"# 概念笔记本\n{marker}\n\n"
                    "The numbered notebooks of the course, left in English.\n", encoding="utf-8")
    (found,) = zh_docs.problems(root, "notebooks/README.md")
    assert "mostly English" in found


def test_a_bold_span_left_open_in_a_chinese_section_is_caught(tmp_path):
    root = _copy(tmp_path, "README.md")
    twin = root / "README.zh.md"
    text = twin.read_text(encoding="utf-8")
    assert "**所需时间：**" not in text
    twin.write_text(text.replace("\n## ", "\n**所需时间：**约 20 分钟。\n\n## ", 1),
                    encoding="utf-8")
    (found,) = zh_docs.problems(root, "README.md")
    assert "bold or italic that CommonMark leaves open" in found
    assert "'**所需时间：**约 20 分钟。'" in found
