"""Paths and settings shared by the browser checks (a plain module: `conftest` names are
ambiguous)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Overridable so the checks can be pointed at another course tree or book build.
COURSE = Path(os.environ.get("CRMLAB_COURSE_ROOT", ROOT))
BOOK = Path(os.environ.get("CRMLAB_BOOK_BUILD", ROOT / "_build" / "book"))
HTML = BOOK / "_build" / "html"
BOOK_SRC = BOOK / "src"
BOOK_SRC_ZH = BOOK / "src-zh"  # the Chinese edition's sources; its HTML is HTML / "zh"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic"]

#: Pages whose switch opened the other edition's start page because they have no twin there yet,
#: collected by the book page checks and listed at the end of the run (not a failure).
WITHOUT_TWIN: list[str] = []
