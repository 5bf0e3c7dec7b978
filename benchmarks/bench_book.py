"""Static book: time to assemble + vendor the sources of both editions and to build their HTML
(make book's steps), and the pages and size of each edition."""

import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _book_tool():
    spec = importlib.util.spec_from_file_location("crmlab_book_tool", ROOT / "tools" / "book.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _megabytes(folder: Path, skip: Path | None = None) -> float:
    files = [p for p in folder.rglob("*") if p.is_file() and not (skip and skip in p.parents)]
    return sum(p.stat().st_size for p in files) / 1e6


def run():
    book = _book_tool()
    if shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) is None:
        print("book: jupyter-book is not installed (pip install -e '.[book]'); skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        en_src, zh_src = book.assemble(ROOT, out / "src"), book.assemble_zh(ROOT, out / "src-zh")
        for src in (en_src, zh_src):
            book.vendor(src)
        assembled = time.perf_counter() - start
        en_pages, zh_pages = (len(book.edition_keys(ROOT)[0]), len(book.edition_keys(ROOT)[1]))
        start = time.perf_counter()
        try:
            html = book.build_both(en_src, zh_src, out)
        except SystemExit as failure:
            print(f"book: build failed ({failure}); assemble + vendor {assembled:.1f} s")
            return
        built = time.perf_counter() - start
        print(f"book: {en_pages} English and {zh_pages} Chinese pages; assemble + vendor both "
              f"{assembled:.1f} s (npm cache warm), both jupyter-book builds side by side "
              f"{built:.1f} s; HTML {_megabytes(html, html / 'zh'):.0f} MB + "
              f"{_megabytes(html / 'zh'):.0f} MB (zh/)")


if __name__ == "__main__":
    run()
