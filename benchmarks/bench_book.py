"""Static book: time to assemble + vendor the sources and to build the HTML (make book's two
steps)."""

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


def run():
    book = _book_tool()
    if shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) is None:
        print("book: jupyter-book is not installed (pip install -e '.[book]'); skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        src = book.assemble(ROOT, out / "src")
        book.vendor(src)
        assembled = time.perf_counter() - start
        pages = (
            sum(len(files) for files in book.course_files(ROOT).values())
            + 1
            + len(book.reference_pages(ROOT))
        )
        start = time.perf_counter()
        try:
            html = book.build(src, out, quiet=True)
        except SystemExit as failure:
            print(f"book: build failed ({failure}); assemble + vendor {assembled:.1f} s")
            return
        built = time.perf_counter() - start
        size = sum(p.stat().st_size for p in html.rglob("*") if p.is_file()) / 1e6
        print(
            f"book: {pages} pages; assemble + vendor {assembled:.1f} s (npm cache warm), "
            f"jupyter-book build {built:.1f} s; HTML {size:.0f} MB"
        )


if __name__ == "__main__":
    run()
