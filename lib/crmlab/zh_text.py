"""Chinese (中文) forms of the text the library draws and prints, keyed by the English text.

Used by :func:`crmlab.language.tr`. The table is the data file ``crmlab/text/zh_catalogue.toml``
(one ``"English text" = "中文"`` a line, grouped by module), read the first time a Chinese text
is needed, so ``import crmlab`` stays light. Terms follow the course glossary (``crm.glossary``);
punctuation is full-width where Chinese text surrounds it. ``tests/test_language.py`` checks that
every ``tr("...")`` text in the library has an entry there, that the template fields match and
that every character is in the bundled font.

>>> from crmlab.zh_text import ZH
>>> ZH["campaign"]
'营销活动'
"""

from __future__ import annotations

from functools import cache

__all__ = ["ZH", "chinese_catalogue"]  # noqa: F822 (ZH comes from __getattr__ below)


@cache
def chinese_catalogue() -> dict[str, str]:
    """The Chinese form of every library text, keyed by the English text (read once).

    >>> chinese_catalogue()["top share"]
    '头部占比'
    """
    import tomllib
    from importlib import resources

    path = resources.files("crmlab").joinpath("text/zh_catalogue.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def __getattr__(name: str):
    if name == "ZH":  # the catalogue as a module constant, read on first use
        return chinese_catalogue()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
