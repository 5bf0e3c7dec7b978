"""Chinese twins of the course's Markdown pages (README.zh.md, INSTRUCTORS.zh.md, folder READMEs),
kept in step section by section.

A page is cut into sections at its ``#``, ``##`` and ``###`` headings (the text before the first
heading is a section too). Below each heading of the Chinese twin sits a marker with the hash of
the English section it translates::

    ## 适用对象
    <!-- en 3fa2b1c90d4e -->

Sections pair up in order. ``problems`` reports a section whose English changed since it was
translated (the hash differs), a missing marker, a different number or level of sections, a Chinese
section that is mostly English, lacks a glossary term's Chinese form or has bold or italic that
a Markdown renderer leaves open. The README's generated
course map (between its ``course-map`` markers) is left out of the hash; the Chinese page carries
its own map, made from the English one by ``course_map_zh`` and checked to be current.
"""

from __future__ import annotations

import re
from pathlib import Path

import zh_files
import zh_lang

__all__ = ["DOC_TWINS", "MARKER", "sections", "section_hash", "problems", "accept", "course_map_zh",
           "with_course_map"]

DOC_TWINS = {
    "README.md": "README.zh.md",
    "INSTRUCTORS.md": "INSTRUCTORS.zh.md",
    "notebooks/README.md": "zh/notebooks/README.md",
    "casestudies/README.md": "zh/casestudies/README.md",
    "solutions/README.md": "zh/solutions/README.md",
    "exercises/README.md": "zh/exercises/README.md",
}
HEADING = re.compile(r"^(#{1,3}) +(.*?)\s*$")
MARKER = re.compile(r"^<!-- en ([0-9a-f]{12}) -->\s*$", re.MULTILINE)
MAP_START, MAP_END = "<!-- course-map:start -->", "<!-- course-map:end -->"
GENERATED = re.compile(re.escape(MAP_START) + r".*?" + re.escape(MAP_END), re.DOTALL)


def sections(text: str) -> list[dict]:
    """``[{level, heading, body, line}]``: level 0 for the text before the first heading; fenced
    code is never a heading."""
    found = [{"level": 0, "heading": "", "body": [], "line": 1}]
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else HEADING.match(line)
        if match:
            found.append({"level": len(match.group(1)), "heading": match.group(2), "body": [],
                          "line": number})
        else:
            found[-1]["body"].append(line)
    for s in found:
        s["body"] = "\n".join(s["body"])
    return [s for s in found if s["level"] or s["body"].strip()]


def section_hash(section: dict) -> str:
    """Hash of an English section: heading and body, without the generated course map."""
    return zh_files.text_hash("#" * section["level"] + " " + section["heading"] + "\n"
                              + GENERATED.sub(MAP_START, section["body"]))


def _title(section: dict) -> str:
    return (("#" * section["level"] + " " + section["heading"]) if section["level"]
            else "(text before the first heading)")


def problems(root: Path, english: str, chinese: str | None = None) -> list[str]:
    """Every problem of the Chinese twin of the page ``english`` (repo-relative)."""
    root = Path(root)
    chinese = chinese or DOC_TWINS[english]
    if not (root / chinese).exists():
        return [f"{chinese}: missing (the Chinese twin of {english})"]
    en_text = (root / english).read_text(encoding="utf-8")
    zh_text = (root / chinese).read_text(encoding="utf-8")
    en, zh = sections(en_text), sections(zh_text)
    if [s["level"] for s in en] != [s["level"] for s in zh]:
        return [f"{chinese}: its sections are not those of {english} ({len(zh)} vs {len(en)}; "
                f"levels {[s['level'] for s in zh]} vs {[s['level'] for s in en]}): "
                "add or remove the Chinese section beside the English one"]
    found = []
    for e, z in zip(en, zh):
        where = f"{chinese} section {_title(e)!r} ({english} line {e['line']})"
        marker = MARKER.search(z["body"])
        if marker is None:
            found.append(f"{where}: no <!-- en HASH --> marker under the heading "
                         f"(hash now {section_hash(e)})")
            continue
        if marker.group(1) != section_hash(e):
            found.append(f"{where}: the English changed since it was translated "
                         f"(hash {marker.group(1)}, now {section_hash(e)}): update the Chinese, "
                         f"then `python tools/zh.py accept {english} {e['heading'] or '-'!r}`")
            continue
        zh_body = GENERATED.sub(" ", z["heading"] + "\n" + z["body"])
        if zh_lang.mostly_english(zh_body):
            found.append(f"{where}: the Chinese text is mostly English")
        misses = zh_lang.glossary_misses(GENERATED.sub(" ", e["heading"] + "\n" + e["body"]),
                                         zh_body)
        if misses:
            found.append(f"{where}: glossary terms without their Chinese form: "
                         + ", ".join(f"{a} ({b})" for a, b in misses))
        open_spans = zh_lang.open_emphasis(zh_body)
        if open_spans:
            found.append(f"{where}: bold or italic that CommonMark leaves open, shown as "
                         f"asterisks: {open_spans[0][:60]!r}: put full-width punctuation or a "
                         "bracketed gloss outside the markers, as in **所需时间**：")
    if MAP_START in en_text:
        block = GENERATED.search(en_text).group(0)
        try:
            expected = course_map_zh(block, root)
        except KeyError as err:
            return found + [f"{chinese}: the course map has no Chinese title for {err}: add it to "
                            "PLANNED_ZH in tools/zh_docs.py"]
        current = GENERATED.search(zh_text)
        if current is None or current.group(0) != expected:
            found.append(f"{chinese}: the course map is not current: run `python tools/zh.py docs`")
    return found


def accept(root: Path, english: str, headings: list[str]) -> list[str]:
    """Set the markers of the named sections (``-`` for the text before the first heading) to the
    English sections' current hashes, after their Chinese was brought up to date. Returns the
    headings accepted."""
    root = Path(root)
    path = root / DOC_TWINS[english]
    if not path.exists():
        raise ValueError(f"{DOC_TWINS[english]} does not exist yet: write it first, "
                         "one section per English section")
    en = sections((root / english).read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    zh = sections(text)
    if len(en) != len(zh):
        raise ValueError(f"{path.name}: the sections do not pair with {english}; fix that first")
    wanted = {"" if h == "-" else h for h in headings}
    unknown = wanted - {e["heading"] for e in en}
    if unknown:
        raise ValueError(f"{english} has no section headed {sorted(unknown)}")
    lines, done = text.split("\n"), []
    for e, z in zip(en, zh):
        if e["heading"] not in wanted:
            continue
        first = z["line"] if z["level"] else 1
        for i in range(first - 1, len(lines)):
            if MARKER.match(lines[i]):
                lines[i] = f"<!-- en {section_hash(e)} -->"
                done.append(e["heading"] or "-")
                break
    path.write_text("\n".join(lines), encoding="utf-8")
    return done


PLANNED_ZH = {
    "00 Start here": "00 从这里开始", "06 Loyalty": "06 客户忠诚度",
    "07 Satisfaction and complaints": "07 客户满意度与投诉",
    "08 Churn": "08 客户流失", "09 Three-stage customer management": "09 客户管理三阶段",
    "10 Maintaining relationships and visits": "10 维系客户关系与客户拜访",
    "Case: the hair salon": "案例：美发店",
    "Case: McDonald's core customers": "案例：麦当劳的核心客户",
    "Case: hotel and retail personalisation": "案例：酒店与零售的个性化服务",
    "Case: supermarket A": "案例：A 超市",
    "how the course works, glossary": "课程怎么用、术语表",
}
STATUS_ZH = {"ready": "已完成", "planned": "计划中"}


def course_map_zh(block: str, root: Path) -> str:
    """The Chinese course map from the English one: Chinese titles (the Chinese twin's own title,
    else the Chinese half of "English · 中文", else PLANNED_ZH), links to the Chinese twins where
    they exist (else to the English notebook, marked 英文版)."""
    out = []
    for line in block.split("\n"):
        cells = ([c.strip() for c in line.strip().strip("|").split("|")]
                 if line.startswith("|") else None)
        if not cells or len(cells) != 3 or cells[0] in ("Part", "---"):
            out.append({"| Part | Concepts | Status |": "| 部分 | 概念 | 状态 |"}.get(line, line))
            continue
        part, concepts, status = cells
        link = re.fullmatch(r"\[(.*)\]\((.*)\)", part)
        title = link.group(1) if link else part
        concepts = PLANNED_ZH[concepts] if re.search(r"[a-z]", concepts) else concepts
        if link:
            target = link.group(2)
            twin = Path(root) / "zh" / target
            if twin.exists():
                title = _notebook_title(twin) or title
                part = f"[{title}](zh/{target})"
            else:
                chinese = title.split(" · ")[1] if " · " in title else PLANNED_ZH[title]
                number = title.split(" ")[0] if title[:2].isdigit() else ""
                part = f"[{(number + ' ' + chinese).strip()}]({target})（英文版）"
        else:
            part = PLANNED_ZH[title]
        out.append(f"| {part} | {concepts} | {STATUS_ZH.get(status, status)} |")
    return "\n".join(out)


def _notebook_title(path: Path) -> str | None:
    import json

    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].split(" · ")[0].strip()
    return None


def with_course_map(root: Path) -> bool:
    """Write the current Chinese course map into README.zh.md; True if it changed."""
    root = Path(root)
    block = GENERATED.search((root / "README.md").read_text(encoding="utf-8")).group(0)
    path = root / DOC_TWINS["README.md"]
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    new = GENERATED.sub(lambda _: course_map_zh(block, root), text, count=1)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
