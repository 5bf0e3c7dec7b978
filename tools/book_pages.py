"""What the book does to a page on its way in, in either edition: the glossary page made from
:mod:`crmlab.glossary`, links to the unpublished solutions turned into mentions, a note on pages
whose widgets have no kernel, and the check that every figure carries alt text."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["WIDGET_MIME", "WIDGET_STATE", "STATIC_NOTE", "STATIC_NOTE_ZH", "glossary_markdown",
           "unlink_solutions", "mark_static_widgets", "missing_alt_text", "widget_notebooks"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
STATIC_NOTE = (
    "```{note}\nThis page is a static copy of the notebook. Its sliders and other controls are "
    "drawn from their saved state and can be moved, but the figures beside them only change when "
    "Python runs the notebook: open it in JupyterLab (`make lab`) or on Binder to explore.\n```"
)
STATIC_NOTE_ZH = (
    "```{note}\n本页是笔记本的静态副本。滑块等控件按保存时的状态画出，可以拖动，但旁边的图只有在 "
    "Python 运行这个笔记本时才会变化：要动手探索，请在 JupyterLab（`make lab LANG=zh`）或 Binder "
    "中打开它。\n```"
)
_SOLUTION_MENTION = {
    "en": "`solutions/{file}` (in the course folder; not part of this book)",
    "zh": "`solutions/{file}`（在课程文件夹中，不在本书里）",
}
_GLOSSARY_HEAD = {
    "en": ["# Glossary 术语表", "",
           "Every key term of the course in English and Chinese (中文), with the concept that "
           "teaches it (IDs as in the course's concept map) and a one-line meaning. Generated from "
           "`crmlab.glossary`; in a notebook, `crm.glossary.lookup(\"核心客户\")` finds a term "
           "from either language.", "",
           "| English | 中文 | Concept | Meaning |", "| --- | --- | --- | --- |"],
    "zh": ["# 术语表 Glossary", "",
           "本课程的全部关键术语，中文在前，英文在后，并注明讲授它的概念编号（与课程的概念图一致）和一句话"
           "释义（释义目前为英文）。本页由 `crmlab.glossary` 生成；在笔记本中，"
           "`crm.glossary.lookup(\"核心客户\")` 可以用中文或英文查到一个术语。", "",
           "| 中文 | English | 概念 | 释义（英文） |", "| --- | --- | --- | --- |"],
}


def _md_escape(text: str) -> str:
    return re.sub(r"([\\|$*_`<>\[\]])", r"\\\1", str(text))


def glossary_markdown(language: str = "en") -> str:
    """The glossary page: every term of :mod:`crmlab.glossary`, by concept; ``language="zh"``
    puts the Chinese form first and writes the page in Chinese."""
    from crmlab import glossary

    table = glossary.terms().sort_values(["concept", "english"], kind="stable")
    lines = list(_GLOSSARY_HEAD[language])
    for row in table.itertuples(index=False):
        first, second = ((row.english, row.chinese) if language == "en"
                         else (row.chinese, row.english))
        lines.append(f"| {_md_escape(first)} | {_md_escape(second)} | "
                     f"{_md_escape(row.concept)} | {_md_escape(row.definition)} |")
    return "\n".join(lines) + "\n"


_SOLUTION_LINK = re.compile(r"\[([^\]]*)\]\((?:\.\./)?solutions/([^)\s]+\.ipynb)\)")


def unlink_solutions(nb_path: Path, language: str = "en") -> int:
    """Turn links to ``solutions/`` (not published in the book) into plain mentions of the file.

    A student exercise links to its worked solution in the course folder; in the book that link
    would point nowhere. Returns how many links were rewritten.
    """
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source, n = _SOLUTION_LINK.subn(
                lambda m: _SOLUTION_MENTION[language].format(file=m.group(2)), cell.source)
            count += n
    if count:
        nbformat.write(nb, nb_path)
    return count


def _shows_widgets(nb) -> bool:
    return any(WIDGET_MIME in out.get("data", {})
               for cell in nb.cells for out in cell.get("outputs", []))


def widget_notebooks(root: Path) -> list[Path]:
    """The notebooks whose stored outputs show widgets (course, case studies, solutions).

    Their saved widget state holds what the explorers drew when they were executed (figure and
    alt text), so a change to how explorers draw reaches the book only once these are executed
    again: ``make execute-widgets``.
    """
    import nbformat

    return [path for folder in ("notebooks", "casestudies", "solutions")
            for path in sorted((root / folder).glob("*.ipynb"))
            if _shows_widgets(nbformat.read(path, as_version=4))]


def missing_alt_text(nb_path: Path) -> list[str]:
    """The figures of a notebook page that would reach the book without alt text.

    A figure a cell draws takes its alt text from the cell's metadata ``mystnb.image.alt``; an
    explorer shows its figure inside a widget, from the saved widget state, as an HTML ``<img>``
    with alt text (``crmlab.widgets.Explorer``): an ``image/*`` output there, or an ``<img>``
    without ``alt``, comes from a notebook executed before explorers described their figures
    (execute it again: ``make execute-widgets``). Returns one line per figure found.
    """
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    found = []
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        figures = [o for o in outputs if WIDGET_MIME not in o.get("data", {})
                   and any(k.startswith("image/") for k in o.get("data", {}))]
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        if figures and not str(alt).strip():
            found.append(f"{nb_path.name} cell {cell.get('id', '?')}: a figure without alt text "
                         "(set the cell metadata mystnb.image.alt)")
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in state.items():
        for out in model.get("state", {}).get("outputs", []) or []:
            data = out.get("data", {})
            images = [k for k in data if k.startswith("image/")]
            tags = re.findall(r"<img\b[^>]*>", str(data.get("text/html", "")))
            if images or any(not re.search(r'\salt="\s*[^"\s]', tag) for tag in tags):
                found.append(f"{nb_path.name} widget {model_id[:8]}: a saved figure without alt "
                             "text (execute the notebook again: make execute-widgets)")
    return found


def mark_static_widgets(nb_path: Path, note: str = STATIC_NOTE) -> bool:
    """Add ``note`` under the title of a notebook page that shows widgets (they have no kernel
    here)."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    has_widgets = _shows_widgets(nb)
    if has_widgets:
        nb.cells.insert(1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0,
                        nbformat.v4.new_markdown_cell(note))
        nbformat.write(nb, nb_path)
    return has_widgets
