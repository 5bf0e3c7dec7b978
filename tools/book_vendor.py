"""What the book's pages load in the browser, vendored from npm so the book works offline.

require.js, the ipywidgets embed manager (``@jupyter-widgets/html-manager``) and MathJax 3 are
taken from the npm registry with ``npm pack`` into a cache folder (once) and copied into a book's
source tree with the book's own scripts (:data:`SHIMS`) and the course's bundled Chinese font
(Noto Sans SC subset, OFL) as a web font. axe-core, which ``make test-browser`` runs over every
page, comes from npm the same way (:data:`TEST_TOOLS`) but is never part of the book.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

__all__ = ["VENDOR", "TEST_TOOLS", "SHIMS", "NPM_CACHE", "test_tool", "vendor"]

ROOT = Path(__file__).resolve().parents[1]
NPM_CACHE = ROOT / "_build" / "npm-cache"

#: npm packages served by the book (exact versions: the book is byte-stable across machines).
VENDOR = {
    "requirejs": "2.3.8",
    "@jupyter-widgets/html-manager": "1.0.15",  # the embed manager for ipywidgets 8
    "mathjax": "3.2.2",
}

#: npm packages the browser checks use (``make test-browser``); never served by the book.
TEST_TOOLS = {
    "axe-core": "4.14.1",  # accessibility rules (WCAG 2 A and AA) run over every page
}

#: The book's own scripts for pages with widgets (book/): MathJax 2's typesetting call mapped onto
#: MathJax 3, and accessible names for the widgets' slider handles.
SHIMS = ("mathjax2-shim.js", "widget-a11y.js")

_FONT_SUFFIXES = (".eot", ".svg", ".ttf", ".woff", ".woff2")


def _npm_tarball(name: str, version: str) -> Path:
    """The cached ``npm pack`` tarball of ``name@version`` (downloaded once)."""
    stem = name.lstrip("@").replace("/", "-")
    tarball = NPM_CACHE / f"{stem}-{version}.tgz"
    if not tarball.is_file():
        if shutil.which("npm") is None:
            sys.exit(f"book: {tarball.name} is not cached in {NPM_CACHE} and npm is not installed; "
                     "install npm (Debian: apt-get install npm) so the book can vendor its "
                     "scripts.")
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(NPM_CACHE),
                        "--silent"], check=True, stdout=subprocess.DEVNULL)
    return tarball


def _extract(tarball: Path, member_prefix: str, dest: Path, *, suffixes: tuple = ()) -> int:
    """Copy files under ``package/<member_prefix>`` of an npm tarball into ``dest``."""
    count = 0
    prefix = f"package/{member_prefix}"
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(prefix):
                continue
            rel = member.name[len(prefix):].lstrip("/")
            if suffixes and not rel.endswith(suffixes):
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
            count += 1
    return count


def test_tool(name: str, member: str) -> Path:
    """A file of an npm package in :data:`TEST_TOOLS`, unpacked into the npm cache (once)."""
    version = TEST_TOOLS[name]
    target = NPM_CACHE / f"{name.lstrip('@').replace('/', '-')}-{version}" / member
    if not target.is_file():
        if not _extract(_npm_tarball(name, version), member, target):
            sys.exit(f"book: the {name} {version} package has no {member}")
    return target


def vendor(out: Path, page_folders=("notebooks", "casestudies", "exercises")) -> None:
    """Put require.js, the widget embed manager, MathJax and the CJK web font into the book
    source tree ``out`` (which holds ``book.css`` and the :data:`SHIMS`, moved into place)."""
    static, extra = out / "_vendor", out / "_extra"
    widgets_dir = static / "ipywidgets"
    widgets_dir.mkdir(parents=True)
    _extract(_npm_tarball("requirejs", VENDOR["requirejs"]), "require.js",
             widgets_dir / "require.js")
    manager = _npm_tarball("@jupyter-widgets/html-manager", VENDOR["@jupyter-widgets/html-manager"])
    _extract(manager, "dist/embed-amd.js", widgets_dir / "embed-amd.js")
    # embed-amd.js loads its icon fonts relative to the page: <page folder>/@jupyter-widgets/...
    # (some widgets ask for <page folder>/@jupyter-widgets/<font> directly, so both places)
    for folder in ["", *page_folders]:
        for sub in ("html-manager/dist", ""):
            _extract(manager, "dist/", extra / folder / "@jupyter-widgets" / sub,
                     suffixes=_FONT_SUFFIXES)
    for name in SHIMS:
        shutil.move(out / name, widgets_dir / name)
    if not _extract(_npm_tarball("mathjax", VENDOR["mathjax"]), "es5/", static / "mathjax"):
        sys.exit("book: the mathjax tarball has no es5/ folder")
    from crmlab.plots import cjk_font_path

    (static / "fonts").mkdir()
    shutil.copy2(cjk_font_path(), static / "fonts" / Path(cjk_font_path()).name)
    shutil.copy2(Path(cjk_font_path()).with_name("OFL.txt"), static / "fonts" / "OFL.txt")
    shutil.copy2(out / "book.css", static / "book.css")
    (out / "book.css").unlink()
