"""Write the Chinese edition: zh/<folder>/<name>.ipynb from the English source and its translation.

``build`` returns the Chinese notebook (not executed): the English notebook with each markdown
cell's text replaced, each code cell's display tokens swapped, alt text translated and relative
links pointed at the right file from ``zh/<folder>/``; outputs, widget state and nothing else
removed. ``write`` saves and executes it. ``generate_exercises`` makes the student versions of
the Chinese exercise sets with the course's exercise tool, and puts into Chinese the two texts
otter itself adds to a student version (``OTTER_TEXT``).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import posixpath
import re
import sys
from pathlib import Path

import nbformat

import zh_code
import zh_docs
import zh_files
import zh_parity

__all__ = ["ROOT", "translated_sources", "build", "strip_outputs", "write", "generate_exercises",
           "rewrite_links"]

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"(\]\(|<img[^>]*?\bsrc=\"|<a[^>]*?\bhref=\")([^)\"\s]+)")


def translated_sources(root: Path = ROOT) -> list[str]:
    """English sources (repo-relative) that have a translation file, in folder order."""
    base = Path(root) / "zh" / "translations"
    return sorted((zh_files.source_of(p) for folder in zh_files.EDITION_FOLDERS
                   for p in (base / folder).glob("*.yaml")),
                  key=lambda s: (zh_files.EDITION_FOLDERS.index(s.split("/")[0]), s))


def _twin(root: Path, target: str) -> str | None:
    """The repo path of the Chinese twin of ``target`` (a repo path), if there is one."""
    folder, _, name = target.partition("/")
    if target.endswith(".ipynb") and folder in zh_files.EDITION_FOLDERS + ("exercises",):
        owner = f"solutions/{name}" if folder == "exercises" else target
        return f"zh/{target}" if zh_files.translation_path(root, owner).exists() else None
    return zh_docs.DOC_TWINS.get(target)


def rewrite_links(text: str, source: str, root: Path = ROOT) -> str:
    """Relative links of a cell of ``source``, rewritten for its twin in ``zh/``: to the Chinese
    twin of the target where there is one, else to the English file.

    >>> rewrite_links("[data](../data/README.md), [next](01_x.ipynb#top), [web](https://a.b)",
    ...               "notebooks/00.ipynb")
    '[data](../../data/README.md), [next](../../notebooks/01_x.ipynb#top), [web](https://a.b)'
    """
    here = posixpath.dirname(source)

    def fix(match):
        link = match.group(2)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", link, re.IGNORECASE):
            return match.group(0)
        path, hash_, anchor = link.partition("#")
        target = posixpath.normpath(posixpath.join(here, path))
        chosen = _twin(Path(root), target) or target
        new = posixpath.relpath(chosen, posixpath.join("zh", here))
        return match.group(1) + new + hash_ + anchor

    return LINK.sub(fix, text)


def build(source: str, root: Path = ROOT, *, strict: bool = True) -> nbformat.NotebookNode:
    """The Chinese notebook of ``source`` (not executed). ``strict`` refuses a translation with
    problems (raises ValueError listing them)."""
    root = Path(root)
    english = nbformat.read(root / source, as_version=4)
    translation = zh_files.load(zh_files.translation_path(root, source))
    if strict:
        problems, _ = zh_parity.translation_problems(source, english, translation)
        if problems:
            raise ValueError("the translation is not ready:\n" + "\n".join(problems))
    keep = set(translation["keep"])
    nb = strip_outputs(copy.deepcopy(english))
    nb.metadata["crmlab"] = {"edition": "zh", "source": source}
    for cell in nb.cells:
        entry = translation["cells"].get(cell["id"])
        if entry is None:
            continue
        if cell["cell_type"] in ("markdown", "raw") and isinstance(entry.get("zh"), str):
            cell["source"] = rewrite_links(entry["zh"], source, root)
        elif cell["cell_type"] == "code":
            strings = {en: zh for en, zh in (entry.get("strings") or {}).items()
                       if isinstance(zh, str)}
            cell["source"] = zh_code.replace_tokens(cell["source"], strings, keep)
            alt = zh_files.cell_alt(cell)
            if alt and isinstance((entry.get("alt") or {}).get(alt), str):
                cell["metadata"]["mystnb"]["image"]["alt"] = entry["alt"][alt]
    return nb


def strip_outputs(nb):
    """``nb`` without outputs, execution counts and saved widget state (what execution adds)."""
    for cell in nb.cells:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb.metadata.pop("widgets", None)
    return nb


def _tool(name: str, file: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


def write(source: str, root: Path = ROOT, *, execute: bool = True) -> tuple[Path, float]:
    """Generate ``zh/<source>``, execute it in a fresh kernel (outputs and widget state stored, as
    ``make execute`` does) and return its path and the execution time in seconds."""
    root = Path(root)
    nb = build(source, root)
    target = zh_parity.zh_path(root, source)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    seconds = (_tool("crmlab_execute_notebooks", "execute_notebooks.py").execute(target)
               if execute else 0.0)
    return target, seconds


def generate_exercises(solutions: Path, exercises: Path, autograder: Path) -> list[Path]:
    """Student versions of the Chinese exercise sets in ``solutions`` (``zh/solutions``) into
    ``exercises`` (``zh/exercises``), with the course's exercise tool; the set names and file
    names are the English ones. The autograder folders it also writes are not used for grading:
    the hidden tests are the English ones, shared, so a Chinese submission is graded with the
    English set's autograder. This is the only place the Chinese edition calls the exercise tool."""
    tool = _tool("crmlab_exercises_tool_zh", "exercises.py")
    set_dirs = tool.generate(Path(solutions), Path(exercises), Path(autograder))
    for set_dir in set_dirs:
        name = json.loads((set_dir / "manifest.json").read_text(encoding="utf-8"))["notebook"]
        for path in (Path(exercises) / name, set_dir / "released.ipynb"):
            _localise_otter_text(path)
    return set_dirs


# What otter assign writes into a student version in English, in the Chinese edition's words.
OTTER_TEXT = {
    "# Initialize Otter": "# 初始化 Otter（检查答案的工具）",
    "_Type your answer here, replacing this text._": "_在这里写下你的答案，替换掉这段文字。_",
}


def _localise_otter_text(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for english, chinese in OTTER_TEXT.items():
            if english in cell["source"]:
                cell["source"] = cell["source"].replace(english, chinese)
    nbformat.write(nb, path)
