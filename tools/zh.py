"""The Chinese edition (中文版): one source, translations keyed by cell id, parity checked.

Usage (also ``make zh``, ``make zh-update``, ``make zh-check``; see CONTRIBUTING.md,
"Chinese edition")::

    python tools/zh.py update notebooks/01_what_is_crm.ipynb   # write or refresh its
                                                               # translation file
    python tools/zh.py build [SOURCE ...] [--no-execute]       # zh/<folder>/<name>.ipynb, executed
    python tools/zh.py check [SOURCE ...]                      # every parity problem; exit 1 if any
    python tools/zh.py status                                  # what is translated, what awaits
    python tools/zh.py diff SOURCE CELL_ID|HEADING             # the English change a stale
                                                               # entry missed
    python tools/zh.py accept SOURCE CELL_ID|HEADING ...       # the Chinese is current:
                                                               # refresh hashes
    python tools/zh.py docs                                    # rewrite README.zh.md's course map

SOURCE is an English notebook (``notebooks/...``, ``casestudies/...``, ``solutions/...``) or page
(``README.md``, ``INSTRUCTORS.md``, ``notebooks/README.md``, ...). Without SOURCE, ``build`` and
``check`` cover every notebook that has a translation file and every page twin.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat

import zh_build
import zh_docs
import zh_files
import zh_parity

ROOT = zh_build.ROOT


def update(source: str, root: Path = ROOT) -> dict:
    """Write the translation file of ``source`` with an entry for every cell that needs one: new
    cells get their English as ``todo`` (text) or null tokens (code); changed cells keep their
    Chinese and get ``todo``; entries of removed cells go. Returns counts of what it did."""
    path = zh_files.translation_path(root, source)
    old = zh_files.load(path) if path.exists() else {"keep": [], "cells": {}}
    english = nbformat.read(Path(root) / source, as_version=4)
    keep = set(old["keep"])
    cells, counts = {}, {"new": 0, "changed": 0, "current": 0, "removed": 0}
    for cell in english.cells:
        need = zh_files.needs(cell, keep)
        if need is None:
            continue
        previous = old["cells"].get(cell["id"])
        cells[cell["id"]] = zh_files.merge(previous, need)
        kind = ("new" if previous is None
                else "current" if previous.get("en") == need["en"] else "changed")
        counts[kind] += 1
    counts["removed"] = len(set(old["cells"]) - set(cells))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(zh_files.dump({"keep": old["keep"], "cells": cells}, source), encoding="utf-8")
    return counts


def accept(source: str, keys: list[str], root: Path = ROOT) -> list[str]:
    """Mark entries current: the translation now matches the English as it is (a typo fixed in
    the English, or the Chinese updated by hand). Cell ids for notebooks, headings for pages."""
    if source in zh_docs.DOC_TWINS:
        return zh_docs.accept(root, source, keys)
    path = zh_files.translation_path(root, source)
    data = zh_files.load(path)
    english = {c["id"]: c for c in nbformat.read(Path(root) / source, as_version=4).cells}
    for cid in keys:
        need = zh_files.needs(english[cid], set(data["keep"])) if cid in english else None
        if need is None or cid not in data["cells"]:
            raise ValueError(f"{source} has no translated cell {cid}")
        data["cells"][cid]["en"] = need["en"]
        data["cells"][cid].pop("todo", None)
    path.write_text(zh_files.dump(data, source), encoding="utf-8")
    return keys


def _history(path: str, root: Path, limit: int = 200):
    """Texts of ``path`` in earlier commits, newest first."""
    log = subprocess.run(["git", "log", f"-n{limit}", "--format=%H", "--", path], cwd=root,
                         capture_output=True, text=True).stdout.split()
    for commit in log:
        shown = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root,
                               capture_output=True, text=True)
        if shown.returncode == 0:
            yield shown.stdout


def diff(source: str, key: str, root: Path = ROOT) -> str:
    """The English text a stale entry translated (found in git history by its hash) against the
    English now, as a unified diff."""
    if source in zh_docs.DOC_TWINS:
        zh_sections = zh_docs.sections(
            (Path(root) / zh_docs.DOC_TWINS[source]).read_text(encoding="utf-8"))
        en_sections = zh_docs.sections((Path(root) / source).read_text(encoding="utf-8"))
        pairs = {e["heading"] or "-": (e, z) for e, z in zip(en_sections, zh_sections)}
        now, twin = pairs[key]
        wanted = zh_docs.MARKER.search(twin["body"]).group(1)
        render = (lambda s: f"{'#' * s['level']} {s['heading']}\n{s['body']}\n")
        for text in _history(source, root):
            for s in zh_docs.sections(text):
                if zh_docs.section_hash(s) == wanted:
                    return "".join(difflib.unified_diff(render(s).splitlines(True),
                                                        render(now).splitlines(True),
                                                        "translated", "now"))
        return (f"no earlier version of {source} has this section with hash {wanted} "
                "(last 200 commits)")
    entry = zh_files.load(zh_files.translation_path(root, source))["cells"][key]
    english = {c["id"]: c for c in nbformat.read(Path(root) / source, as_version=4).cells}
    show = (lambda need: (need["text"] if need["kind"] == "text"
                          else "\n".join(need["tokens"])
                          + (f"\nalt: {need['alt']}" if need["alt"] else "")) + "\n")
    now = show(zh_files.needs(english[key]))
    for text in _history(source, root):
        for cell in nbformat.reads(text, as_version=4).cells:
            need = zh_files.needs(cell) if cell.get("id") == key else None
            if need and need["en"] == entry["en"]:
                return "".join(difflib.unified_diff(show(need).splitlines(True),
                                                    now.splitlines(True), "translated", "now"))
    return f"no earlier version of cell {key} has hash {entry['en']} (last 200 commits)"


def all_problems(root: Path = ROOT, sources=None) -> list[str]:
    """Parity problems of the given sources (default: every translated notebook and every page)."""
    sources = sources or zh_build.translated_sources(root) + list(zh_docs.DOC_TWINS)
    found = []
    for source in sources:
        found += (zh_docs.problems(root, source) if source in zh_docs.DOC_TWINS
                  else zh_parity.check(root, source))
    return found


def build_all(sources=None, *, execute: bool = True, root: Path = ROOT) -> None:
    sources = sources or zh_build.translated_sources(root)
    for source in sources:
        start = time.perf_counter()
        target, seconds = zh_build.write(source, root, execute=execute)
        total = time.perf_counter() - start
        print(f"{target.relative_to(root)}: generated and executed in {total:.1f} s "
              f"(execution {seconds:.1f} s)"
              if execute else f"{target.relative_to(root)}: generated (not executed)", flush=True)
    if any(s.startswith("solutions/") for s in sources):
        zh_build.generate_exercises(root / "zh" / "solutions", root / "zh" / "exercises",
                                    root / "_build" / "autograder-zh",
                                    english_graders=root / "_build" / "autograder")
        print("zh/exercises: student versions generated", flush=True)
    if zh_docs.with_course_map(root):
        print("README.zh.md: course map rewritten")


def status(root: Path = ROOT) -> str:
    translated = set(zh_build.translated_sources(root))
    lines = []
    for folder in ("notebooks", "casestudies", "solutions"):
        for path in sorted((root / folder).glob("*.ipynb")):
            source = f"{folder}/{path.name}"
            if source in translated:
                problems = zh_parity.check(root, source)
                lines.append(f"{source}: translated, {len(problems)} parity problems")
            else:
                lines.append(f"{source}: awaiting translation (python tools/zh.py update {source})")
    lines += [f"{page}: {len(zh_docs.problems(root, page))} problems" for page in zh_docs.DOC_TWINS]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build")
    p.add_argument("sources", nargs="*")
    p.add_argument("--no-execute", action="store_true")
    sub.add_parser("update").add_argument("sources", nargs="+")
    sub.add_parser("check").add_argument("sources", nargs="*")
    sub.add_parser("status")
    sub.add_parser("docs")
    for name in ("accept", "diff"):
        p = sub.add_parser(name)
        p.add_argument("source")
        p.add_argument("keys", nargs="+" if name == "accept" else 1)
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build_all(args.sources, execute=not args.no_execute)
        elif args.command == "update":
            for source in args.sources:
                print(f"{zh_files.translation_path(ROOT, source).relative_to(ROOT)}: "
                      f"{json.dumps(update(source))}")
        elif args.command == "check":
            found = all_problems(ROOT, args.sources)
            print("\n".join(found) or "no parity problems")
            return 1 if found else 0
        elif args.command == "status":
            print(status())
        elif args.command == "docs":
            print("README.zh.md: course map "
                  + ("rewritten" if zh_docs.with_course_map(ROOT) else "already current"))
        elif args.command == "accept":
            print("accepted: " + ", ".join(accept(args.source, args.keys)))
        elif args.command == "diff":
            print(diff(args.source, args.keys[0]))
    except ValueError as err:
        print(f"zh.py {args.command}: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
