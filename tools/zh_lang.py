"""Language checks of Chinese text: left in English? glossary terms in their Chinese form?

``mostly_english`` counts Latin letters against Chinese characters after removing what is not
prose: code, math, URLs and link targets, HTML tags, acronyms (CRM, RFM, CDNOW), and short English
glosses in brackets right after Chinese (核心客户（core customer）: the course's "English term in
brackets at first use"). ``glossary_misses`` finds the glossary terms an English text uses and
lists those whose Chinese form (or a Chinese alias) is missing from its translation.
``open_emphasis`` finds bold or italic markers that a CommonMark renderer (JupyterLab, GitHub,
the book) leaves as literal asterisks, as after full-width punctuation: ``**所需时间：**约``.
"""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from functools import lru_cache

__all__ = ["mostly_english", "prose", "glossary_misses", "glossary_terms", "token_text", "fields",
           "open_emphasis", "CJK"]

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_PROSE = [
    re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL),  # fenced code
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\$\$.*?\$\$", re.DOTALL),  # display math
    re.compile(r"\$[^$\n]+\$"),  # inline math
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"https?://\S+"),  # bare URLs
    re.compile(r"<[^>\n]+>"),  # HTML tags
]
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff*_])\s*[（(]([^（）()\n]{1,60})[）)]")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+s?\b")


def prose(text: str) -> str:
    """``text`` without code, math, link targets, URLs and HTML tags."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def mostly_english(text: str) -> bool:
    """More Latin letters than Chinese characters in the prose of ``text``.

    >>> mostly_english("核心客户（core customer）贡献了大部分收入：`crm.value.top_share(df)`。")
    False
    >>> mostly_english("The top 20 % bring 75 % of revenue（收入）.")
    True
    """
    text = prose(text)
    text = _GLOSS.sub(lambda m: "" if len(m.group(1).split()) <= 5 else m.group(0), text)
    text = _ACRONYM.sub(" ", text)
    latin = len(re.findall(r"[A-Za-z]", text))
    return latin > len(CJK.findall(text))


def token_text(token: str) -> str:
    """The readable text of a display token: a literal's value without its template fields, or a
    comment without ``#``."""
    if token.startswith("#"):
        return token[1:]
    try:
        node = ast.parse(token, mode="eval").body
    except SyntaxError:
        return token
    if isinstance(node, ast.Constant):
        return re.sub(r"\{[^{}]*\}", " ", str(node.value))
    return " ".join(v.value for v in getattr(node, "values", []) if isinstance(v, ast.Constant))


def fields(template: str) -> list[str]:
    """The ``str.format`` fields of a template, sorted (a translation keeps them all)."""
    try:
        return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f is not None)
    except ValueError:
        return []


def _english_keys(english: str) -> list[str]:
    """The English forms that count as a use of a glossary term.

    "net promoter score (NPS)" -> the full name, "net promoter score", "NPS"; "20/80 rule (Pareto
    principle)" -> also "Pareto principle"; a qualifier in brackets, as in "at risk (RFM segment)"
    or "frequency (RFM)",
    only marks the sense: its bare word is too common to count ("new", "score"), so only bare forms
    of two words or more count ("monetary value")."""
    match = re.match(r"^(.*?)\s*\(([^)]*)\)\s*(.*)$", english)
    if not match:
        return [english]
    before, inner, after = match.groups()
    base = " ".join(f"{before} {after}".split())
    initials = "".join(w[0] for w in before.split()).upper()
    if inner == initials:  # an abbreviation: CRM, NPS, CLV, "POS data"
        return [base, " ".join(f"{inner} {after}".split())]
    if "principle" in inner:
        return [base, inner]
    return [base] if len(base.split()) >= 2 and base not in {"at risk", "can't lose"} else []


@lru_cache(maxsize=1)
def glossary_terms() -> tuple[tuple[re.Pattern, str, tuple[str, ...]], ...]:
    """``(pattern for the English forms, English name, accepted Chinese forms)`` per glossary term,
    longest English forms first (so "customer churn" is found before "customer")."""
    import crmlab as crm

    table = crm.glossary.terms()
    rows = []
    for _, row in table.iterrows():
        aliases = row["aliases"] if "aliases" in table.columns else ()
        aliases = aliases.split("; ") if isinstance(aliases, str) else list(aliases or ())
        aliases = [a for a in aliases if a]
        chinese = tuple([row["chinese"]] + [a for a in aliases if CJK.search(a)])
        english = _english_keys(row["english"]) + [a for a in aliases if not CJK.search(a)]
        for key in english:
            words = r"[\s-]+".join(re.escape(w) for w in key.split())
            flags = 0 if key.isupper() else re.IGNORECASE
            rows.append((len(key), re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", flags),
                         row["english"], chinese))
    rows.sort(key=lambda r: -r[0])
    return tuple(r[1:] for r in rows)


def glossary_misses(english: str, chinese: str) -> list[tuple[str, str]]:
    """Glossary terms used in ``english`` whose Chinese form is missing from ``chinese``.

    >>> glossary_misses("Core customers bring most revenue.", "核心客户带来了大部分收入。")
    []
    >>> glossary_misses("Customer churn is costly.", "顾客离开代价很高。")
    [('customer churn', '客户流失')]
    """
    text = prose(english)
    target = re.sub(r"\s+", "", chinese)
    misses = {}
    for pattern, name, forms in glossary_terms():
        if pattern.search(text):
            text = pattern.sub(" ", text)  # a longer term hides the shorter ones inside it
            if not any(re.sub(r"\s+", "", f) in target for f in forms):
                misses.setdefault(name, forms[0])
    return list(misses.items())


_STARS = re.compile(r"(?<!\\)\*+")
_NOT_EMPHASIS = re.compile(r"`[^`\n]*`|\$[^$\n]+\$")  # inline code and math: plain text here


def _punct(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch)[0] in "PS"


def _blocks(markdown: str) -> list[list[str]]:
    """The paragraphs, list items, headings and table rows of ``markdown`` (fenced code left out),
    each a list of lines; quote markers are removed, as emphasis never spans two blocks."""
    blocks, current = [], []
    fences = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.MULTILINE | re.DOTALL)
    for line in fences.sub("", markdown).split("\n"):
        line = re.sub(r"^(?:\s*>)+\s?", "", line)
        if not line.strip() or re.match(r"\s*(?:[-*+]\s|\d+[.)]\s|#|\|)", line):
            if current:
                blocks.append(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    return blocks + [current] if current else blocks


def open_emphasis(markdown: str) -> list[str]:
    """Lines of ``markdown`` with an asterisk run that opens or closes nothing, as CommonMark's
    flanking rules decide: a run closes only if the character before it is not punctuation, or
    the character after it is a space or punctuation; it opens by the mirror rule. Full-width
    punctuation counts, so ``**所需时间：**约`` is left open (the reader sees the asterisks) and
    ``**所需时间**：约`` is bold. Code, math and fenced code are skipped.

    >>> open_emphasis("**所需时间：**约 20 分钟。")
    ['**所需时间：**约 20 分钟。']
    >>> open_emphasis("**所需时间**：约 20 分钟。**问题 1（计算）。** 求 `a * b`。")
    []
    >>> open_emphasis("- 一位**频繁投诉者（frequent complainer）**离开")
    ['- 一位**频繁投诉者（frequent complainer）**离开']
    >>> open_emphasis("A **hold-out\\ngroup (对照组)** for every campaign")
    []
    """
    found = []
    for lines in _blocks(markdown):
        block = "\n".join(lines)
        text = _NOT_EMPHASIS.sub(lambda m: "x" * len(m.group(0)), block)
        openers, stray = [], []
        for run in _STARS.finditer(text):
            before = text[run.start() - 1] if run.start() else " "
            after = text[run.end()] if run.end() < len(text) else " "
            opens = not after.isspace() and (not _punct(after) or before.isspace()
                                              or _punct(before))
            closes = not before.isspace() and (not _punct(before) or after.isspace()
                                               or _punct(after))
            if closes and openers:
                openers.pop()
            elif opens:
                openers.append(run.start())
            elif not (before.isspace() and after.isspace()):  # closes nothing, or cannot act
                stray.append(run.start())
        for position in sorted(stray + openers)[:1]:
            found.append(block[:position].split("\n")[-1] + block[position:].split("\n")[0])
    return [line.strip() for line in found]
