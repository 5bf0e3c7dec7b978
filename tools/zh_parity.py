"""Parity of the two editions: every difference that is not language is a problem, named by
notebook and cell.

``translation_problems`` compares a translation file with its English notebook (missing, stale,
unfinished or malformed entries); ``edition_problems`` compares the committed Chinese notebook with
the English one (cells, headings, figures, questions, hints, data files, the language switch,
the program of every code cell, text left in English, glossary terms, bold or italic that a
Markdown renderer would leave open). ``check`` runs both.
A cell whose English changed is reported once, as stale, and skipped by the other checks.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import nbformat

import zh_code
import zh_files
import zh_lang

__all__ = ["translation_problems", "edition_problems", "check", "zh_path"]

QUESTION = {"en": re.compile(r"\*\*Question (\d+)"), "zh": re.compile(r"\*\*(?:问题|第)\s*(\d+)")}
DISCUSSION = re.compile(r"\*\*D\d+\.\*\*")
DATA_REF = re.compile(r"[\w./-]+\.(?:csv\.gz|csv|json|xlsx|parquet)\b|\bdata/README\.md\b")
IMAGE_MD = re.compile(r"!\[|<img\b")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
CITATION = re.compile(r"\b(?:S[0-4]|C\d\d)\b")  # sources S0-S4 and concept ids C01-C46
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def zh_path(root: Path, source: str) -> Path:
    """``notebooks/00_start_here.ipynb`` -> ``<root>/zh/notebooks/00_start_here.ipynb``."""
    return Path(root) / "zh" / source


def _src(cell) -> str:
    return zh_files.cell_source(cell)


def _token_problem(en: str, zh) -> str | None:
    if zh is None:
        return f"no Chinese for {en}"
    if not isinstance(zh, str):
        return f"the Chinese for {en} must be a quoted token"
    if zh == en:
        return f"{en} is translated as itself: put it on the keep list instead"
    try:
        kind_en, kind_zh = zh_code.literal_kind(en), zh_code.literal_kind(zh)
    except (SyntaxError, ValueError) as err:
        return f"{zh} is not a Python literal token ({err})"
    if kind_en != kind_zh:
        return f"{zh} must be a {kind_en} like {en}"
    if kind_en == "f" and zh_code.fstring_fields(en) != zh_code.fstring_fields(zh):
        return f"{zh} must keep the fields {', '.join(zh_code.fstring_fields(en))} of {en}"
    if kind_en == "str" and "{" in ast.literal_eval(en) and (
            zh_lang.fields(ast.literal_eval(en)) != zh_lang.fields(ast.literal_eval(zh))):
        return f"{zh} must keep the template fields of {en}"
    return None


def _entry_problem(need: dict, entry: dict | None) -> str | None:
    """At most one problem for one cell's entry."""
    if entry is None:
        return "no translation"
    if entry.get("en") != need["en"]:
        return (f"the English changed since it was translated (hash {entry.get('en')}, "
                f"now {need['en']}): `make zh-update NB=...` marks it todo, "
                "`python tools/zh.py diff SOURCE CELL_ID` shows the change")
    if "todo" in entry:
        return "not finished: translate the `todo` text into `zh`, then delete `todo`"
    if need["kind"] == "text":
        return None if isinstance(entry.get("zh"), str) and entry["zh"].strip() else "`zh` is empty"
    wrong = []
    strings = entry.get("strings") or {}
    for token in dict.fromkeys(need["tokens"]):
        wrong.append(_token_problem(token, strings.get(token)))
    wrong += [f"{t} is not a display token of this cell"
              for t in strings if t not in need["tokens"]]
    alts = entry.get("alt") or {}
    if need["alt"] and not isinstance(alts.get(need["alt"]), str):
        wrong.append("no Chinese alt text")
    wrong += ["an alt text for a figure this cell does not have" for a in alts if a != need["alt"]]
    wrong = [w for w in wrong if w]
    return "; ".join(wrong) or None


def translation_problems(source: str, english, translation: dict) -> tuple[list[str], set[str]]:
    """Problems of a translation file against its English notebook, and the ids of stale cells."""
    keep = set(translation["keep"])
    problems, stale, seen_keep = [], set(), set()
    entries = translation["cells"]
    wanted = {}
    for cell in english.cells:
        need = zh_files.needs(cell, keep)
        if cell["cell_type"] == "code":
            seen_keep |= set(zh_code.display_tokens(_src(cell))) & keep
        if need is None:
            continue
        wanted[cell["id"]] = need
        problem = _entry_problem(need, entries.get(cell["id"]))
        if problem:
            problems.append(f"{source} cell {cell['id']}: {problem}")
            stale.add(cell["id"])
    problems += [f"{source} cell {cid}: translated, but the English notebook has no such cell "
                 "with text"
                 for cid in entries if cid not in wanted]
    problems += [f"{source}: keep entry {k} is not a display token of any cell"
                 for k in keep - seen_keep]
    return problems, stale


def _outside_code(text: str) -> str:
    return re.sub(r"`[^`]*`", " ", FENCE.sub(" ", text))


def _images(cell) -> int:
    if cell["cell_type"] == "markdown":
        return len(IMAGE_MD.findall(_src(cell)))
    return sum(1 for out in cell.get("outputs", []) for kind in out.get("data", {})
               if kind.startswith("image/"))


def _calls_set_language(source: str, code: str) -> bool:
    return any(isinstance(n, ast.Call) and zh_code.call_name(n.func) == "set_language" and n.args
               and isinstance(n.args[0], ast.Constant) and n.args[0].value == code
               for n in ast.walk(ast.parse(source)))


CHINESE_DIGITS = dict(zip("零一二两三四五六七八九十",
                          ["0", "1", "2", "2", "3", "4", "5", "6", "7", "8", "9", "10"]))


def _numbers(text: str, chinese: bool = False) -> Counter:
    """Numbers written with digits; in the Chinese text, small numbers written in Chinese
    (第十章, 第一阶段) count too."""
    text = zh_lang.prose(text)
    found = Counter(n.replace(",", "").rstrip(".") for n in NUMBER.findall(text))
    if chinese:
        found.update(CHINESE_DIGITS[ch] for ch in text if ch in CHINESE_DIGITS)
    return found


def _text_checks(en: str, zh: str, where: str) -> list[str]:
    found = []
    lost = _numbers(en) - _numbers(zh, chinese=True)
    if lost:
        found.append(f"{where}: numbers of the English missing from the Chinese: "
                     f"{', '.join(sorted(lost))}")
    if sorted(CITATION.findall(en)) != sorted(CITATION.findall(zh)):
        found.append(f"{where}: sources or concept ids differ: "
                     f"{sorted(CITATION.findall(en))} in English, "
                     f"{sorted(CITATION.findall(zh))} in Chinese")
    if zh_lang.mostly_english(zh):
        found.append(f"{where}: the Chinese text is mostly English")
    misses = zh_lang.glossary_misses(en, zh)
    if misses:
        found.append(f"{where}: glossary terms without their Chinese form: "
                     + ", ".join(f"{e} ({z})" for e, z in misses))
    return found


def _cell_problems(source: str, en_cell, zh_cell, keep) -> list[str]:
    where = f"{source} cell {en_cell['id']}"
    en, zh = _src(en_cell), _src(zh_cell)
    found = []
    if en_cell["cell_type"] == "code":
        if zh_code.is_hidden(en) and en != zh:
            found.append(f"{where}: a hidden-test cell must be identical in both editions")
        difference = zh_code.program_difference(en, zh)
        if difference:
            found.append(f"{where}: not the same program as the English cell: {difference}")
        elif _images(en_cell) != _images(zh_cell):
            found.append(f"{where}: {_images(en_cell)} figures in the English outputs, "
                         f"{_images(zh_cell)} in the Chinese")
        stderr = "".join(o.get("text", "") for o in zh_cell.get("outputs", [])
                         if o.get("name") == "stderr")
        if "missing from" in stderr and "Glyph" in stderr:
            found.append(f"{where}: a figure draws characters the bundled font lacks")
        switch = {'"en"', "'en'", '"zh"', "'zh'"}  # the language switch is not text
        en_tokens = [t for t in zh_code.display_tokens(en, keep) if t not in switch]
        if (en_tokens or zh_files.cell_alt(en_cell)) and not difference:
            en_text = (" ".join(zh_lang.token_text(t) for t in en_tokens) + " "
                       + (zh_files.cell_alt(en_cell) or ""))
            zh_text = " ".join(zh_lang.token_text(t) for t in zh_code.display_tokens(zh, keep)
                               if t not in switch)
            found += _text_checks(en_text, zh_text + " " + (zh_files.cell_alt(zh_cell) or ""),
                                  where)
        return found
    if en_cell["cell_type"] == "raw" and zh_files.is_directive(en_cell):
        return [f"{where}: an otter directive cell must be identical"] if en != zh else []
    checks = [
        ("headings", lambda s, lang: [len(h) for h in HEADING.findall(FENCE.sub("", s))]),
        ("figures", lambda s, lang: len(IMAGE_MD.findall(s))),
        ("exercise questions", lambda s, lang: QUESTION[lang].findall(_outside_code(s))),
        ("discussion questions", lambda s, lang: DISCUSSION.findall(s)),
        ("data files", lambda s, lang: sorted(DATA_REF.findall(s))),
    ]
    for name, count in checks:
        if count(en, "en") != count(zh, "zh"):
            found.append(f"{where}: {name} differ: {count(en, 'en')} in English, "
                         f"{count(zh, 'zh')} in Chinese")
    return found + _text_checks(en, zh, where) + _emphasis_problems(zh, where)


def _emphasis_problems(zh: str, where: str) -> list[str]:
    lines = zh_lang.open_emphasis(zh)
    if not lines:
        return []
    return [f"{where}: {len(lines)} line(s) with bold or italic that CommonMark leaves open, shown "
            f"as asterisks (first: {lines[0][:60]!r}): put full-width punctuation or a bracketed "
            "gloss outside the markers, as in **所需时间**：约 20 分钟"]


def edition_problems(source: str, english, chinese, translation: dict,
                     stale=frozenset()) -> list[str]:
    """Differences between the English notebook and its committed Chinese twin (stale cells
    skipped)."""
    keep = set(translation["keep"])
    shape = [(c["id"], c["cell_type"]) for c in english.cells]
    if shape != [(c["id"], c["cell_type"]) for c in chinese.cells]:
        return [f"{source}: the Chinese notebook's cells are not the English cells "
                "(ids and types in order): regenerate it with `make zh`"]
    found = []
    code = "\n".join(_src(c) for c in english.cells if c["cell_type"] == "code")
    if not _calls_set_language(code, "en"):
        found.append(f"{source}: no crm.set_language(\"en\") in the setup cell "
                     "(the Chinese edition switches it to \"zh\")")
    elif not _calls_set_language(
            "\n".join(_src(c) for c in chinese.cells if c["cell_type"] == "code"), "zh"):
        found.append(f"{source}: the Chinese notebook does not call crm.set_language(\"zh\")")
    from crmlab.exercises import hints_from_notebook

    if list(hints_from_notebook(english)) != list(hints_from_notebook(chinese)):
        found.append(f"{source}: hints differ (head each <summary>Hint q1</summary> or "
                     "<summary>提示 q1</summary> so crm.exercises.hint finds them): "
                     f"{list(hints_from_notebook(english))} in English, "
                     f"{list(hints_from_notebook(chinese))} in Chinese")
    for en_cell, zh_cell in zip(english.cells, chinese.cells):
        if en_cell["id"] not in stale:
            found += _cell_problems(source, en_cell, zh_cell, keep)
    return found


def check(root: Path, source: str) -> list[str]:
    """Every parity problem of one English source with a translation file."""
    root = Path(root)
    english = nbformat.read(root / source, as_version=4)
    try:
        translation = zh_files.load(zh_files.translation_path(root, source))
    except ValueError as err:
        return [str(err)]
    problems, stale = translation_problems(source, english, translation)
    twin = zh_path(root, source)
    if not twin.exists():
        return problems + [f"{source}: no Chinese notebook {twin.relative_to(root)}: "
                           f"run `make zh NB={source}`"]
    return problems + edition_problems(source, english, nbformat.read(twin, as_version=4),
                                       translation, stale)
