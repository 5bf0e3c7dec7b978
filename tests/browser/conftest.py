"""Real-browser checks (Debian chromium driven by Playwright): run only by `make test-browser`.

Plain `pytest tests` (`make test`) does not collect this folder: the tests here need a browser,
a built book and a JupyterLab server, and take a minute or two. `make test-browser` builds the
book, installs chromium when it can, and sets CRMLAB_BROWSER=1.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import threading
from pathlib import Path

import pytest
from browser_env import CHROMIUM_ARGS, HTML, ROOT, SCREENSHOTS, WITHOUT_TWIN

if os.environ.get("CRMLAB_BROWSER") != "1":
    collect_ignore_glob = ["test_*.py"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session (one Playwright instance per process)."""
    path = chromium_path()
    if path is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium); "
                    "browser checks skipped")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def book_url():
    """The built book served on 127.0.0.1 (a random free port) for the session."""
    if not (HTML / "intro.html").is_file():
        pytest.fail(f"the book is not built: {HTML / 'intro.html'} is missing; "
                    "run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (npm, pinned in tools/book.py), injected inline: no page fetches it."""
    spec = importlib.util.spec_from_file_location("crmlab_book_tool", ROOT / "tools" / "book.py")
    book = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(book)
    return book.test_tool("axe-core", "axe.min.js").read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    """Name the pages that have no twin in the other edition yet (their switch opens the other
    edition's start page): work still to do, not a failure."""
    if WITHOUT_TWIN:
        terminalreporter.section("pages without a twin in the other edition yet")
        for page in sorted(WITHOUT_TWIN):
            terminalreporter.write_line(page)
        terminalreporter.write_line(f"{len(WITHOUT_TWIN)} pages")
