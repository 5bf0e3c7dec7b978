"""The language of what the library draws and prints: English (the source) or Chinese (中文).

The course has two editions built from one source (see ``CONTRIBUTING.md``): a notebook's code
is the same program in both, and only its display text differs. Text that the *library* shows
(axis labels, legends, explorer controls, table headings meant for reading) goes through
:func:`tr`, which returns it in the current language. A notebook picks its language once, in its
setup cell, with :func:`set_language`; nothing changes on import.

Examples
--------
>>> from crmlab.language import get_language, set_language, tr, using_language
>>> get_language()
'en'
>>> tr("share of customers (%)")
'share of customers (%)'
>>> with using_language("zh"):
...     tr("share of customers (%)")
'客户占比（%）'
>>> tr("worst {drop:.0f} % dropped", drop=20)
'worst 20 % dropped'
"""

from __future__ import annotations

from contextlib import contextmanager

from ._validate import check_choice
from .errors import CRMLabError
from .zh_text import chinese_catalogue

__all__ = ["LANGUAGES", "set_language", "get_language", "using_language", "tr", "tr_unit",
           "catalogue"]

LANGUAGES = ("en", "zh")
_state = {"language": "en"}


def set_language(code: str) -> str:
    """Draw and print library text in ``code`` ("en" or "zh") from now on.

    Returns the language that was in use before, so a caller can put it back.

    >>> previous = set_language("zh"); get_language()
    'zh'
    >>> set_language(previous)
    'zh'
    >>> set_language("fr")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: language must be one of ['en', 'zh']; got 'fr'.
    """
    check_choice(code, name="language", choices=LANGUAGES)
    previous = _state["language"]
    _state["language"] = code
    return previous


def get_language() -> str:
    """The language in use: "en" (the default) or "zh"."""
    return _state["language"]


@contextmanager
def using_language(code: str):
    """Use ``code`` inside a ``with`` block only, then put the previous language back."""
    previous = set_language(code)
    try:
        yield
    finally:
        set_language(previous)


def catalogue(code: str) -> dict[str, str]:
    """The translations of every library text into ``code``, keyed by the English text.

    >>> catalogue("zh")["campaign"]
    '营销活动'
    >>> catalogue("en")
    {}
    """
    check_choice(code, name="language", choices=LANGUAGES)
    return {} if code == "en" else chinese_catalogue()


def tr(text: str, **fields) -> str:
    """``text`` in the current language, with ``fields`` filled in by ``str.format``.

    The English text is the key: write it in full where it is used, so the code reads as
    English and a test can collect every key. A text missing from the catalogue stays English
    (the test of the catalogue makes sure none is missing).

    Parameters
    ----------
    text : str
        The English text, possibly a ``str.format`` template such as ``"{n:,} customers"``.
    **fields
        Values for the template's fields.

    >>> tr("churn rule, {n:,} customers", n=1234)
    'churn rule, 1,234 customers'
    >>> tr(3)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: text must be a string (the English text to translate); got int.
    """
    if not isinstance(text, str):
        raise CRMLabError(
            f"text must be a string (the English text to translate); got {type(text).__name__}."
        )
    if _state["language"] != "en":
        text = catalogue(_state["language"]).get(text, text)
    return text.format(**fields) if fields else text


def tr_unit(unit: str) -> str:
    """A unit of money or time in the current language ("yuan" is 元 in Chinese); other units,
    which the caller chose, stay as they are.

    >>> with using_language("zh"):
    ...     tr_unit("yuan"), tr_unit("CDs")
    ('元', 'CDs')
    """
    known = {
        "yuan": tr("yuan"),
        "dollars": tr("dollars"),
        "US dollars": tr("US dollars"),
        "days": tr("days"),
        "years": tr("years"),
    }
    return known.get(unit, unit)
