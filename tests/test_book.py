"""The static book (tools/book.py, book/): its table of contents covers the whole course, its pages
load nothing from outside, every figure on them has alt text, and the generated glossary page holds
every term. Fast: no Sphinx run (the build itself is `make book`; pages in a real browser, with
axe-core's accessibility rules, are `make test-browser`)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("crmlab_book_tool", ROOT / "tools" / "book.py")
book = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = book
_spec.loader.exec_module(book)


def toc_files(text: str) -> tuple[str, dict[str, list[str]]]:
    toc = yaml.safe_load(text)
    assert toc["format"] == "jb-book"
    return toc["root"], {
        part["caption"]: [c["file"] for c in part["chapters"]] for part in toc["parts"]
    }


def _notebook(path: Path, title: str = "# T") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(title)]
    nbformat.write(nb, path)


@pytest.fixture
def course(tmp_path):
    """A small course tree: two notebooks, a case, two exercise sets, a solution, READMEs."""
    for rel in (
        "notebooks/00_start_here.ipynb",
        "notebooks/01_what_is_crm.ipynb",
        "casestudies/case_salon.ipynb",
        "exercises/01_what_is_crm.ipynb",
        "exercises/case_salon.ipynb",
        "solutions/01_what_is_crm.ipynb",
    ):
        _notebook(tmp_path / rel)
    _notebook(
        tmp_path / "exercises" / "01_what_is_crm.ipynb",
        "Stuck? The solution: [solutions/01_what_is_crm.ipynb](../solutions/01_what_is_crm.ipynb).",
    )
    for rel in ("notebooks/README.md", "exercises/README.md", "data/README.md", "INSTRUCTORS.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# Title\n", encoding="utf-8")
    return tmp_path


def test_toc_lists_every_piece_in_order_and_never_solutions(course):
    root, parts = toc_files(book.toc(course))
    assert root == "intro"
    assert parts == {
        "Course notebooks": ["notebooks/00_start_here", "notebooks/01_what_is_crm"],
        "Case studies": ["casestudies/case_salon"],
        "Exercise sets": ["exercises/01_what_is_crm", "exercises/case_salon"],
        "Reference": ["glossary", "data/README", "instructors"],
    }


def test_toc_picks_up_a_new_notebook_and_drops_empty_parts(course):
    _notebook(course / "notebooks" / "02_core_customers.ipynb")
    for p in (course / "casestudies").glob("*.ipynb"):
        p.unlink()
    (course / "INSTRUCTORS.md").unlink()
    _root, parts = toc_files(book.toc(course))
    assert parts["Course notebooks"][-1] == "notebooks/02_core_customers"
    assert "Case studies" not in parts
    assert parts["Reference"] == ["glossary", "data/README"]


def test_assemble_copies_the_pieces_and_writes_the_toc(course, tmp_path):
    out = book.assemble(course, tmp_path / "build" / "src")
    assert (out / "_toc.yml").read_text(encoding="utf-8") == book.toc(course)
    for rel in (
        "intro.md",
        "_config.yml",
        "notebooks/01_what_is_crm.ipynb",
        "casestudies/case_salon.ipynb",
        "exercises/case_salon.ipynb",
        "glossary.md",
        "data/README.md",
        "instructors.md",
    ):
        assert (out / rel).is_file(), rel
    assert not (out / "solutions").exists(), "solutions must never be published in the book"
    # the student version's link to its solution becomes a plain mention (it would point nowhere)
    text = (out / "exercises" / "01_what_is_crm.ipynb").read_text(encoding="utf-8")
    assert "](../solutions/" not in text
    assert "`solutions/01_what_is_crm.ipynb` (in the course folder; not part of this book)" in text
    assert "(../solutions/01_what_is_crm.ipynb)" in (
        course / "exercises" / "01_what_is_crm.ipynb"
    ).read_text(encoding="utf-8"), "the course's own file must stay untouched"
    assert not (out / "_static").exists(), (
        "a _static folder makes Jupyter Book inject every .js in it"
    )


def test_the_real_book_covers_every_notebook_case_exercise_and_guide():
    """Independent of the TOC generator's patterns: every .ipynb in the three folders is listed."""
    _root, parts = toc_files(book.toc(ROOT))
    listed = {f for files in parts.values() for f in files}
    on_disk = {
        f"{p.parent.name}/{p.stem}"
        for folder in ("notebooks", "casestudies", "exercises")
        for p in (ROOT / folder).glob("*.ipynb")
    }
    missing = sorted(on_disk - listed)
    assert not missing, (
        f"notebooks missing from the book (named outside the conventions?): {missing}"
    )
    assert "notebooks/00_start_here" in listed
    assert {"glossary", "data/README", "instructors"} <= set(parts["Reference"])


def test_config_is_offline_and_never_executes():
    config = yaml.safe_load((ROOT / "book" / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["only_build_toc_files"] is True
    assert "repository" not in config  # an unknown repository host aborts the build
    sphinx = config["sphinx"]["config"]
    assert sphinx["html_static_path"] == ["_vendor"] and sphinx["html_extra_path"] == ["_extra"]
    local = [sphinx["mathjax_path"], *sphinx["nb_ipywidgets_js"], *sphinx["html_css_files"]]
    assert not [u for u in local if "://" in u or u.startswith("//")], local
    assert {"ipywidgets/require.js", "ipywidgets/embed-amd.js"} <= set(sphinx["nb_ipywidgets_js"])
    assert not (ROOT / "book" / "_static").exists()
    # the language switch: a local extension and its template, both copied into every edition
    assert config["sphinx"]["local_extensions"] == {"crmlab_edition": "./"}
    assert sphinx["templates_path"] == ["_templates"]
    assert (ROOT / "book" / "_templates" / "edition-switch.html").is_file()
    # the book's own scripts are in book/ and load on widget pages, before the widgets render
    scripts = list(sphinx["nb_ipywidgets_js"])
    for name in book.SHIMS:
        assert (ROOT / "book" / name).is_file(), name
        assert scripts.index(f"ipywidgets/{name}") < scripts.index("ipywidgets/embed-amd.js"), name


def test_vendored_packages_are_pinned_exactly():
    assert set(book.VENDOR) == {"requirejs", "@jupyter-widgets/html-manager", "mathjax"}
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in book.VENDOR.values()), book.VENDOR
    assert set(book.TEST_TOOLS) == {"axe-core"} and not set(book.TEST_TOOLS) & set(book.VENDOR)
    assert re.fullmatch(r"4\.\d+\.\d+", book.TEST_TOOLS["axe-core"])
    assert book.VENDOR["mathjax"].startswith("3.")
    assert book.VENDOR["@jupyter-widgets/html-manager"].startswith("1.")  # ipywidgets 8


def test_book_css_uses_the_bundled_cjk_font():
    import crmlab as crm

    css = (ROOT / "book" / "book.css").read_text(encoding="utf-8")
    assert Path(crm.plots.cjk_font_path()).name in css
    assert "CRM Lab Noto Sans SC" in css


def test_markdown_escape_keeps_tables_intact():
    assert book._md_escape("a|b $x$ *y* [z]") == r"a\|b \$x\$ \*y\* \[z\]"


def test_glossary_page_has_every_term_in_its_own_row():
    import crmlab as crm

    terms = crm.glossary.terms()
    page = book.glossary_markdown()
    rows = [
        line
        for line in page.splitlines()
        if line.startswith("| ") and not line.startswith(("| English", "| ---"))
    ]
    assert len(rows) == len(terms)
    for row in rows:  # 4 cells: 5 unescaped bars
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
    for english, chinese in zip(terms["english"], terms["chinese"]):
        assert f"| {book._md_escape(english)} | {chinese} |" in page


def test_widget_pages_say_they_are_static(tmp_path):
    path = tmp_path / "01_x.ipynb"
    _notebook(path, "# 01 Title")
    nb = nbformat.read(path, as_version=4)
    code = nbformat.v4.new_code_cell("w")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                book.WIDGET_MIME: {"model_id": "abc", "version_major": 2, "version_minor": 0},
                "text/plain": "w",
            },
        )
    ]
    nb.cells.append(code)
    nbformat.write(nb, path)
    assert book.mark_static_widgets(path) is True
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].source == "# 01 Title" and cells[1].source == book.STATIC_NOTE
    plain = tmp_path / "02_y.ipynb"
    _notebook(plain, "# 02 No widgets")
    assert book.mark_static_widgets(plain) is False
    assert len(nbformat.read(plain, as_version=4).cells) == 1


def _figure_cell(alt=None):
    cell = nbformat.v4.new_code_cell("ax = draw()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=",
                                                                  "text/plain": "<Figure>"})]
    if alt is not None:
        cell.metadata["mystnb"] = {"image": {"alt": alt}}
    return cell


def _saved_output_widget(data: dict) -> dict:
    return {"state": {"0123456789abcdef": {
        "model_name": "OutputModel", "model_module": "@jupyter-widgets/output",
        "model_module_version": "1.0.0",
        "state": {"outputs": [{"output_type": "display_data", "metadata": {}, "data": data}]}}},
        "version_major": 2, "version_minor": 0}


def test_missing_alt_text_finds_figures_and_saved_widget_figures_without_it(tmp_path):
    path = tmp_path / "01_x.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [_figure_cell("Bar chart of revenue by year, rising."), _figure_cell(),
                _figure_cell("  ")]
    nb.cells[1].id, nb.cells[2].id = "nocaption", "blankalt"
    saved = _saved_output_widget({"image/png": "iVBORw0KGgo="})
    nb.metadata["widgets"] = {book.WIDGET_STATE: saved}
    nbformat.write(nb, path)
    fix = "(set the cell metadata mystnb.image.alt)"
    assert book.missing_alt_text(path) == [
        f"01_x.ipynb cell nocaption: a figure without alt text {fix}",
        f"01_x.ipynb cell blankalt: a figure without alt text {fix}",
        "01_x.ipynb widget 01234567: a saved figure without alt text "
        "(execute the notebook again: make execute-widgets)",
    ]
    for html, ok in [('<img src="data:image/png;base64,AA==" alt="Revenue by year">', True),
                     ('<img src="data:image/png;base64,AA==" alt="">', False),
                     ('<img src="data:image/png;base64,AA==">', False)]:
        nb.cells = [_figure_cell("ok")]
        saved = _saved_output_widget({"text/html": html, "text/plain": "x"})
        nb.metadata["widgets"] = {book.WIDGET_STATE: saved}
        nbformat.write(nb, path)
        assert (book.missing_alt_text(path) == []) is ok, html


def test_every_figure_of_the_real_book_has_alt_text():
    pages = [p for folder in ("notebooks", "casestudies", "exercises")
             for p in sorted((ROOT / folder).glob("*.ipynb"))]
    assert [line for page in pages for line in book.missing_alt_text(page)] == []


def test_assemble_refuses_a_figure_without_alt_text(course, tmp_path):
    nb = nbformat.read(course / "notebooks" / "01_what_is_crm.ipynb", as_version=4)
    nb.cells.append(_figure_cell())
    nbformat.write(nb, course / "notebooks" / "01_what_is_crm.ipynb")
    with pytest.raises(SystemExit, match="figures without alt text:\n01_what_is_crm.ipynb cell"):
        book.assemble(course, tmp_path / "build" / "src")


def test_widget_notebooks_are_those_whose_outputs_show_widgets(course):
    path = course / "notebooks" / "01_what_is_crm.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = nbformat.v4.new_code_cell("explorer")
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    code.outputs = [nbformat.v4.new_output("display_data", data={book.WIDGET_MIME: view,
                                                                  "text/plain": "w"})]
    nb.cells.append(code)
    nbformat.write(nb, path)
    assert book.widget_notebooks(course) == [path]
