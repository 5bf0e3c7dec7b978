"""The course glossary: key terms in English and Chinese (中文), with the concept that teaches each.

Notebooks give the Chinese term beside the English one on first use, e.g. core customer (核心客户);
this is the one place the pairs are kept: the data file ``crmlab/text/glossary.toml``, one
``[[term]]`` per term, read when this module is first imported. Look a term up from either
language. Definitions are given in the language in use (:func:`crmlab.set_language`): in Chinese
where the term has a Chinese definition (:data:`DEFINITIONS_ZH`), in English otherwise.

Examples
--------
>>> lookup("core customer")["chinese"]
'核心客户'
>>> lookup("核心客户")["english"]
'core customer'
>>> translate("客户流失")
'customer churn'
>>> from crmlab.language import using_language
>>> with using_language("zh"):
...     lookup("核心客户")["definition"]
'与企业关系最密切、为企业贡献价值最多的那部分客户。'
"""

from __future__ import annotations

import difflib
import unicodedata

from .errors import CRMLabError
from .language import get_language

__all__ = ["TERMS", "DEFINITIONS_ZH", "terms", "lookup", "translate", "search"]

_REQUIRED = ("english", "chinese", "concept", "definition")
_OPTIONAL = ("aliases", "definition_zh")


def _read_terms() -> list[dict]:
    """The entries of ``crmlab/text/glossary.toml``, each checked for its fields."""
    import tomllib
    from importlib import resources

    text = resources.files("crmlab").joinpath("text/glossary.toml").read_text(encoding="utf-8")
    entries = tomllib.loads(text)["term"]
    for number, entry in enumerate(entries, start=1):
        missing = [k for k in _REQUIRED if not isinstance(entry.get(k), str) or not entry[k]]
        unknown = sorted(set(entry) - {*_REQUIRED, *_OPTIONAL})
        if missing or unknown:
            raise CRMLabError(
                f"crmlab/text/glossary.toml: term {number} ({entry.get('english')!r}) needs "
                f"the texts {list(_REQUIRED)} and may have {list(_OPTIONAL)}; missing or empty: "
                f"{missing}, unknown: {unknown}."
            )
    return entries


_ENTRIES = _read_terms()

#: (english, chinese, concept ID, a one-line definition in our words[, aliases]): aliases are
#: other names a reader may know the term by (in either language); a lookup finds the term by any.
TERMS: tuple[tuple, ...] = tuple(
    (e["english"], e["chinese"], e["concept"], e["definition"])
    + ((tuple(e["aliases"]),) if "aliases" in e else ())
    for e in _ENTRIES
)

#: Chinese (中文) definitions, keyed by a term's English name: :func:`lookup`, :func:`terms` and
#: :func:`search` give these when the language is Chinese (``crm.set_language("zh")``). Every
#: term a notebook's glossary cell prints has one (``tests/test_glossary.py``).
DEFINITIONS_ZH: dict[str, str] = {
    e["english"]: e["definition_zh"] for e in _ENTRIES if "definition_zh" in e
}

_FIELDS = ("english", "chinese", "concept", "definition", "aliases")


def _entry(row) -> tuple:
    """A row with its aliases as a tuple and its definition in the language in use."""
    definition = row[3]
    if get_language() == "zh":
        definition = DEFINITIONS_ZH.get(row[0], definition)
    return (*row[:3], definition, tuple(row[4]) if len(row) > 4 else ())


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return " ".join(text.split())


def _keys(english: str) -> list[str]:
    keys = [_norm(english)]
    if "(" in english:  # "net promoter score (NPS)" is found as "net promoter score" and "NPS"
        base, _, abbrev = english.partition("(")
        keys += [_norm(base), _norm(abbrev.rstrip(")"))]
    return keys


_INDEX: dict[str, int] = {}
for _i, _row in enumerate(TERMS):
    _en, _zh, _c, _d, _aliases = _entry(_row)
    for _k in (*_keys(_en), _norm(_zh), *(_norm(a) for a in _aliases)):
        _INDEX.setdefault(_k, _i)


def terms():
    """All terms as a DataFrame with columns english, chinese, concept, definition, aliases.

    ``definition`` is in the language in use (English where a term has no Chinese definition).

    ``aliases`` holds a tuple of other names for the term (empty when there are none).

    >>> table = terms()
    >>> list(table.columns)
    ['english', 'chinese', 'concept', 'definition', 'aliases']
    >>> len(table) >= 50
    True
    """
    import pandas as pd

    return pd.DataFrame([_entry(row) for row in TERMS], columns=list(_FIELDS))


def lookup(term: str) -> dict:
    """Find a term by its English or Chinese name or an alias (case, spacing and full-width forms
    ignored).

    Returns a dict with keys english, chinese, concept, definition, aliases; the definition is
    in the language in use (English where the term has no Chinese definition).

    >>> lookup("NPS")["chinese"]
    '净推荐值'
    >>> lookup("留存率")["english"]
    'retention rate'
    >>> lookup("customr churn")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: 'customr churn' is not in the glossary; did you mean 'customer churn'
    or 'customer value' or 'customer tiers'? See crm.glossary.terms() for all ... terms.
    """
    if not isinstance(term, str) or not term.strip():
        raise CRMLabError(f"term must be a non-empty string in English or Chinese; got {term!r}.")
    key = _norm(term)
    if key not in _INDEX:
        close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.6)
        hint = ("did you mean " + " or ".join(repr(c) for c in close) + "? ") if close else ""
        raise CRMLabError(
            f"{term!r} is not in the glossary; {hint}See crm.glossary.terms() for all "
            f"{len(TERMS)} terms."
        )
    return dict(zip(_FIELDS, _entry(TERMS[_INDEX[key]])))


def translate(term: str) -> str:
    """The term in the other language: English to Chinese, Chinese (or a Chinese alias) to English.

    >>> translate("whale curve")
    '鲸鱼曲线'
    >>> translate("统一客户视图")
    'single customer view'
    """
    entry = lookup(term)
    chinese = [entry["chinese"], *(a for a in entry["aliases"] if _has_cjk(a))]
    is_chinese = _norm(term) in {_norm(c) for c in chinese}
    return entry["english"] if is_chinese else entry["chinese"]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def search(text: str):
    """Terms whose English, Chinese or definition (in the language in use) contains ``text``
    (a DataFrame).

    >>> search("loyalty stage")["english"].tolist()
    ['wary observation', 'random purchase', 'repeat purchase', 'loyal purchase']
    >>> search("忠诚")["english"].tolist()[:2]
    ['customer loyalty', 'loyalty reward']
    """
    if not isinstance(text, str) or not text.strip():
        raise CRMLabError(f"search text must be a non-empty string; got {text!r}.")
    table = terms()
    needle = _norm(text)
    hit = table.apply(lambda row: any(needle in _norm(v) for v in (*row.iloc[:4], *row.iloc[4])),
                      axis=1)
    return table[hit].reset_index(drop=True)
