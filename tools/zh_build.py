"""Write the Chinese edition: zh/<folder>/<name>.ipynb from the English source and its translation.

``build`` returns the Chinese notebook (not executed): the English notebook with each markdown
cell's text replaced, each code cell's display tokens swapped, alt text translated and relative
links pointed at the right file from ``zh/<folder>/``; outputs, widget state and nothing else
removed. ``write`` saves and executes it. ``generate_exercises`` makes the student versions of
the Chinese exercise sets with the course's exercise tool, and puts into Chinese the texts the
tool itself adds to a student version (``SCAFFOLDING``).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import posixpath
import re
import shutil
import sys
from pathlib import Path

import nbformat

import zh_code
import zh_docs
import zh_files
import zh_parity

__all__ = ["ROOT", "translated_sources", "build", "strip_outputs", "write", "generate_exercises",
           "rewrite_links", "SCAFFOLDING"]

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

    A link that climbs into its own folder keeps doing so: the student version made from a set in
    ``zh/solutions/`` sits in ``zh/exercises/``, and its link to the worked solution must lead
    there, not to itself.

    >>> rewrite_links("[solution](../solutions/06_loyalty.ipynb)", "solutions/06_loyalty.ipynb")
    '[solution](../solutions/06_loyalty.ipynb)'
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
        if "/" in path and "/" not in new:  # same folder, reached through ../<folder>/
            new = posixpath.join("..", posixpath.basename(posixpath.dirname(chosen)), new)
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


def generate_exercises(solutions: Path, exercises: Path, autograder: Path, *,
                       english_graders: Path | None = None) -> list[Path]:
    """Student versions of the Chinese exercise sets in ``solutions`` (``zh/solutions``) into
    ``exercises`` (``zh/exercises``), made by the course's exercise tool
    (``exercise_kit.authoring.generate``) exactly as for the English sets, then with the tool's
    own English texts (``SCAFFOLDING``) in Chinese; the set names and file names are the English
    ones. The grader folders it also writes into ``autograder`` are not used for grading: the
    hidden tests are the English ones, shared, so a Chinese submission is graded with the English
    set's grader folder, which accepts the Chinese student version's checks as unedited
    (``authoring.add_editions``, run by ``make exercises``). ``english_graders``
    (``_build/autograder``): refresh that copy in the English grader folders already built, so
    ``make grade`` accepts this Chinese version without a rebuild. This is the only place the
    Chinese edition calls the tool."""
    from exercise_kit import authoring

    set_dirs = authoring.generate(Path(solutions), Path(exercises), Path(autograder))
    for set_dir in set_dirs:
        name = json.loads((set_dir / "manifest.json").read_text(encoding="utf-8"))["notebook"]
        for path in (Path(exercises) / name, set_dir / "released.ipynb"):
            _localise_scaffolding(path, source=f"solutions/{name}")
        if english_graders is not None and (Path(english_graders) / set_dir.name).is_dir():
            shutil.copy2(Path(exercises) / name,  # what authoring.add_editions copies there
                         Path(english_graders) / set_dir.name / "released.zh.ipynb")
    return set_dirs


# What the exercise tool (otter assign, then exercise_kit.authoring) writes into a student version
# in English, in the Chinese edition's words: the comment of the checker's cell
# (authoring.INIT_CELL) and otter's placeholder for a written answer. tests/test_zh_exercises.py
# fails when the tool's student version has English text that is not here.
SCAFFOLDING = {
    '# The checks of this set: grader.check("q1") checks your answer to question 1':
        '# 本套练习的检查：grader.check("q1") 检查你对问题 1 的回答',
    "_Type your answer here, replacing this text._": "_在这里写下你的答案，替换掉这段文字。_",
}


def _localise_scaffolding(path: Path, *, source: str) -> None:
    """Chinese scaffolding, and the edition's mark beside the checks the tool wrote into
    ``metadata.crmlab`` (the book pairs the page with its English twin by ``source``)."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        for english, chinese in SCAFFOLDING.items():
            if english in cell["source"]:
                cell["source"] = cell["source"].replace(english, chinese)
    nb.metadata.setdefault("crmlab", {}).update(edition="zh", source=source)
    nbformat.write(nb, path)
