"""Translation files of the Chinese edition: where they live, what they hold, how they are written.

One YAML file per English source notebook, ``zh/translations/<folder>/<stem>.yaml``, keyed by
cell id (see CONTRIBUTING.md, "Chinese edition")::

    keep:                          # display-looking literals that stay as they are
    - '"core customer"'
    cells:
      'd35b92c8':                  # a markdown (or raw) cell
        en: '5b1f0c3e9a2d'         # hash of the English text it translates
        zh: |-
          # 00 从这里开始
          ...
      '0e9c5e1b':                  # a code cell
        en: '1c2d3e4f5a6b'         # hash of the cell's display strings and alt text
        strings:                   # English token -> Chinese token (quotes and prefix included)
          'f"{trips:,} trips"': 'f"{trips:,} 次购物"'
        alt:                       # figure alt text (cell metadata mystnb.image.alt)
          'Line chart of ...': '折线图：……'

An entry with a ``todo:`` key is not finished: ``todo`` holds the English text to translate (new
cells) or the changed English (the English was edited after the translation); translate or
update ``zh`` and delete ``todo``. ``python tools/zh.py update NOTEBOOK`` writes these entries.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import zh_code

__all__ = ["EDITION_FOLDERS", "translation_path", "source_of", "text_hash", "cell_alt",
           "cell_source", "is_directive", "needs", "load", "dump", "skeleton_entry", "merge"]

EDITION_FOLDERS = ("notebooks", "casestudies", "solutions")
DIRECTIVE_PREFIXES = ("# ASSIGNMENT CONFIG", "# BEGIN ", "# END ")  # otter's raw cells: copied
HEADER = ("# Chinese text (中文) of {source}, keyed by cell id. "
          "Format and workflow: CONTRIBUTING.md,\n"
          "# section \"Chinese edition\". "
          "`todo:` marks an entry still to translate or to update.\n")


def translation_path(root: Path, source: str) -> Path:
    """``notebooks/00_start_here.ipynb`` ->
    ``<root>/zh/translations/notebooks/00_start_here.yaml``."""
    folder, name = Path(source).parts[-2:]
    return Path(root) / "zh" / "translations" / folder / (Path(name).stem + ".yaml")


def source_of(path: Path) -> str:
    """The English source (repo-relative) a translation file belongs to."""
    path = Path(path)
    return f"{path.parent.name}/{path.stem}.ipynb"


def text_hash(text: str) -> str:
    """12 hex digits of SHA-256 of ``text`` with white space collapsed (re-wrapping is no change).

    >>> text_hash("Core customers\\nbring most.") == text_hash("Core  customers bring most.  ")
    True
    >>> text_hash("Core customers bring most.") == text_hash("Core customers bring more.")
    False
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def cell_alt(cell) -> str | None:
    """The figure alt text of a code cell (``metadata.mystnb.image.alt``), if any."""
    return cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")


def cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_directive(cell) -> bool:
    """An otter raw cell (``# BEGIN QUESTION``, ``# ASSIGNMENT CONFIG``, ...): copied, never
    translated."""
    return cell["cell_type"] == "raw" and cell_source(cell).lstrip().startswith(DIRECTIVE_PREFIXES)


def needs(cell, keep=frozenset()) -> dict | None:
    """What a cell of an English notebook needs translated, with its hash; None for nothing.

    Markdown and raw cells with text: ``{"kind": "text", "en": hash, "text": english}``. Code cells
    with display tokens or alt text:
    ``{"kind": "code", "en": hash, "tokens": [...], "alt": str|None}``.
    """
    text = cell_source(cell)
    if cell["cell_type"] in ("markdown", "raw"):
        if not text.strip() or is_directive(cell):
            return None
        return {"kind": "text", "en": text_hash(text), "text": text}
    tokens = zh_code.display_tokens(text, keep)
    alt = cell_alt(cell)
    if not tokens and not alt:
        return None
    return {"kind": "code", "en": text_hash("\n".join(tokens) + (f"\nalt: {alt}" if alt else "")),
            "tokens": tokens, "alt": alt}


def load(path: Path) -> dict:
    """Read a translation file: ``{"keep": [...], "cells": {id: entry}}`` (raises ValueError on a
    malformed file, naming what is wrong)."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({str(err).splitlines()[0]})") from None
    if not isinstance(data, dict) or set(data) - {"keep", "cells"}:
        raise ValueError(f"{path}: the top level holds only 'keep' and 'cells'")
    keep, cells = data.get("keep") or [], data.get("cells") or {}
    if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
        raise ValueError(f"{path}: 'keep' must be a list of quoted literal tokens")
    if not isinstance(cells, dict):
        raise ValueError(f"{path}: 'cells' must map cell ids to entries")
    for cid, entry in cells.items():
        if not isinstance(cid, str):
            raise ValueError(f"{path}: cell id {cid!r} must be quoted ('{cid}'), "
                             "or YAML reads it as a number")
        if not isinstance(entry, dict) or set(entry) - {"en", "zh", "strings", "alt", "todo"}:
            raise ValueError(f"{path}: cell {cid}: "
                             "an entry holds en, zh, strings, alt and todo only")
        if not isinstance(entry.get("en"), str):
            raise ValueError(f"{path}: cell {cid}: "
                             "'en' must be the quoted hash of the English text")
        for key in ("strings", "alt"):
            if key in entry and not isinstance(entry[key], dict):
                raise ValueError(f"{path}: cell {cid}: '{key}' must map English to Chinese")
    return {"keep": keep, "cells": cells}


def _scalar(value, indent: int) -> str:
    """One YAML scalar: null, a single-quoted line, or a literal block for text with line breaks."""
    if value is None:
        return "null"
    if "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    trail = len(value) - len(value.rstrip("\n"))
    chomp = "-" if trail == 0 else "" if trail == 1 else "+"
    body = value[:-trail] if trail else value
    lead = str(indent) if body[:1] in (" ", "\t") or not body else ""
    pad = " " * indent
    lines = [(pad + line) if line else "" for line in body.split("\n")]
    return f"|{lead}{chomp}\n" + "\n".join(lines) + "\n" * trail


def _key(value: str) -> str:
    """A scalar in key position (a mapping key or a keep item): a literal block cannot be a key,
    so a token with line breaks (a multi-line SQL string) is written double-quoted, JSON style."""
    import json

    return json.dumps(value, ensure_ascii=False) if "\n" in value else _scalar(value, 0)


def dump(data: dict, source: str) -> str:
    """A translation file's text, in the canonical layout (entries in the order given)."""
    out = [HEADER.format(source=source)]
    out.append("keep:" + ("" if data.get("keep") else " []"))
    out += [f"- {_key(k)}" for k in data.get("keep", [])]
    out.append("cells:")
    for cid, entry in data["cells"].items():
        out.append(f"  {_scalar(cid, 4)}:")
        for key in ("en", "zh", "todo"):
            if key in entry:
                out.append(f"    {key}: {_scalar(entry[key], 6)}".rstrip(" "))
        for key in ("strings", "alt"):
            if entry.get(key):
                out.append(f"    {key}:")
                out += [f"      {_key(en)}: {_scalar(zh, 8)}"
                        for en, zh in entry[key].items()]
    return "\n".join(out) + "\n"


def skeleton_entry(need: dict) -> dict:
    """A new entry for a cell: the hash, and the English marked ``todo`` (text) or mapped to null
    (code tokens; the edition's language switch ``"en"`` is filled in as ``"zh"``)."""
    if need["kind"] == "text":
        return {"en": need["en"], "todo": need["text"]}
    entry = {"en": need["en"]}
    if need["tokens"]:
        entry["strings"] = {t: ('"zh"' if t in ('"en"', "'en'") else None) for t in need["tokens"]}
    if need["alt"]:
        entry["alt"] = {need["alt"]: None}
    return entry


def merge(old: dict | None, need: dict) -> dict:
    """Bring one entry up to date with its English cell: the hash refreshed, the Chinese kept,
    and what changed marked (``todo`` with the new English text; new code tokens mapped to null)."""
    if old is None:
        return skeleton_entry(need)
    if old.get("en") == need["en"]:
        return old
    new = skeleton_entry(need)
    if need["kind"] == "text":
        new = {"en": need["en"], "zh": old.get("zh"), "todo": need["text"]}
        return {k: v for k, v in new.items() if v is not None}
    for key in ("strings", "alt"):
        for en in new.get(key, {}):
            if (old.get(key) or {}).get(en) is not None:
                new[key][en] = old[key][en]
    return new
