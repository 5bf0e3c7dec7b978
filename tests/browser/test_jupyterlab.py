"""The course in real JupyterLab: open, Run All, no error output, and a slider that drives the
kernel.

Checked: notebook 00, every numbered notebook with a widget, and the first case study. The lab runs
on 127.0.0.1 in a temporary copy of the course (so nothing is saved over the stored outputs), and a
negative control proves that a notebook which raises makes the check fail.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from axe_check import axe_violations
from browser_env import COURSE

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _uses_widgets(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if any(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", [])):
            return True
        if "crm.widgets" in cell.source or "ipywidgets" in cell.source:
            return True
    return False


def lab_notebooks(course: Path = COURSE) -> list[str]:
    """Course-relative paths to check: 00, each numbered notebook with a widget, one case study."""
    chosen = []
    for path in sorted((course / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        if path.name.startswith("00_") or _uses_widgets(path):
            chosen.append(f"notebooks/{path.name}")
    cases = sorted((course / "casestudies").glob("case_*.ipynb"))
    if cases:
        chosen.append(f"casestudies/{cases[0].name}")
    return chosen


@dataclass
class Lab:
    url: str
    token: str
    root: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a temporary copy of the course; stopped by its PID."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "course"
    for folder in ("notebooks", "casestudies"):
        if (COURSE / folder).is_dir():
            shutil.copytree(COURSE / folder, root / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    settings = base / "settings"
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                        "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    }.items():
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "PYTHONWARNINGS": "ignore"}
    log = open(base / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={settings}",
         f"--LabApp.workspaces_dir={base / 'workspaces'}", "--LabApp.expose_app_in_browser=True"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start; log:\n"
                                f"{(base / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.3)
        yield Lab(url, token, root)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


_KERNEL_READY = """(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.sessionContext) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""

_RUN_ALL = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:clear-all-cell-outputs');
  await app.commands.execute('notebook:run-all-cells');
}"""

_FINISHED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session.kernel;
  if (k.status !== 'idle') return false;
  const cells = w.content.model.cells;
  let errored = false, pending = false;
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    if (c.outputs.toJSON().some(o => o.output_type === 'error')) errored = true;
    if (c.sharedModel.getSource().trim() && c.executionCount === null) pending = true;
  }
  return errored || !pending;
}"""

_REPORT = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const out = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    out.push({index: i, source: c.sharedModel.getSource(), count: c.executionCount,
              errors: c.outputs.toJSON().filter(o => o.output_type === 'error')
                        .map(o => o.ename + ': ' + o.evalue)});
  }
  return out;
}"""

_IDLE = ("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status "
         "=== 'idle'")

_SNAPSHOT = """(cell) => {
  const outs = [...cell.querySelectorAll('.widget-output')].map(e => e.innerHTML).join('|');
  return outs || [...cell.querySelectorAll('.jp-OutputArea img')].map(e => e.src).join('|');
}"""


_OPEN = """async (path) => {
  const app = window.jupyterapp;
  await app.started; await app.restored;
  const w = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  app.shell.activateById(w.id);
  return w.id;
}"""

_CLOSE = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  if (w && w.sessionContext) { await w.sessionContext.shutdown(); }
  if (w) { w.dispose(); }
}"""


def _settle(page, cell, *, quiet_ms: int = 1000, limit_s: float = 30) -> None:
    """Wait until the kernel is idle and the cell's output has not changed for ``quiet_ms``."""
    deadline = time.monotonic() + limit_s
    last = cell.evaluate(_SNAPSHOT)
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet_ms)
        now = cell.evaluate(_SNAPSHOT)
        if now == last and page.evaluate(_IDLE):
            return
        last = now


@pytest.fixture(scope="session")
def lab_page(browser, lab):
    """One JupyterLab page for the session: notebooks are opened and closed inside it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{lab.url}/lab?token={lab.token}")
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=90_000)
    yield page
    context.close()


#: The widgets in a notebook's outputs (what axe checks in JupyterLab).
WIDGETS = ".jp-OutputArea-output .jupyter-widgets"
#: axe rules that JupyterLab itself fails on the course's widgets, with nothing the course can do:
#: ipywidgets' slider handles (role="slider") have no accessible name there (ipywidgets 8 never
#: ties a slider's description to its handle; the book names them with book/widget-a11y.js).
#: The plain figures a cell draws are left out too: JupyterLab shows an image/png output with no
#: alt text whatever its metadata says (in the book, myst-nb takes it from the cell metadata).
LAB_GAPS = ("aria-input-field-name",)


def run_in_lab(page, path: str, screenshot: Path | None = None, *, change_timeout: int = 20_000,
               axe_source: str | None = None) -> list[str]:
    """Open a notebook in JupyterLab, Run All, move its first slider; returns the problems found.

    With ``axe_source``, the widgets the notebook shows are then checked with axe-core's WCAG 2 A
    and AA rules (after the slider moved: the explorers' redrawn figures too), less
    :data:`LAB_GAPS`.
    """
    problems: list[str] = []
    panel = "#" + page.evaluate(_OPEN, path)
    try:
        page.wait_for_function(_KERNEL_READY, arg=path, timeout=90_000)
        page.evaluate(_RUN_ALL)
        page.wait_for_timeout(300)
        page.wait_for_function(_FINISHED, timeout=120_000, polling=250)
        for cell in page.evaluate(_REPORT):
            if cell["errors"]:
                problems.append(f"{path} cell {cell['index']}: {'; '.join(cell['errors'])}")
            elif cell["source"].strip() and cell["count"] is None:
                problems.append(f"{path} cell {cell['index']} did not run")
        ran = not problems
        sliders = page.locator(f"{panel} .jupyter-widgets.widget-slider")
        if ran and sliders.count():
            slider = sliders.first
            slider.scroll_into_view_if_needed()
            cell = slider.locator(
                "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-Cell ')][1]")
            before = cell.evaluate(_SNAPSHOT)
            handle = slider.locator(".noUi-handle").first
            handle.focus()
            changed = False
            for key, presses in (("ArrowRight", 3), ("ArrowLeft", 6)):  # a slider at its maximum
                for _ in range(presses):                              # can only move left
                    handle.press(key)
                try:
                    page.wait_for_function(f"(b) => ({_SNAPSHOT})(b[0]) !== b[1]",
                                           arg=[cell.element_handle(), before],
                                           timeout=change_timeout)
                    changed = True
                    break
                except Exception:  # playwright's TimeoutError: try the other way, then report
                    continue
            if not changed:
                problems.append(f"{path}: moving the first slider did not change its output")
            _settle(page, cell)  # let every move be drawn before the screenshot
        if axe_source is not None and ran and page.locator(f"{panel} {WIDGETS}").count():
            problems += [f"{path}: {v}" for v in axe_violations(
                page, axe_source, context={"include": [[f"{panel} {WIDGETS}"]]}, skip=LAB_GAPS)]
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=False)
    finally:
        page.evaluate(_CLOSE)
    return problems


NOTEBOOKS = lab_notebooks()


@pytest.mark.skipif(not NOTEBOOKS, reason="no course notebooks yet")
@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab(path, lab_page, screenshots, axe_source):
    shot = screenshots / f"lab_{Path(path).stem}.png"
    problems = run_in_lab(lab_page, path, shot, axe_source=axe_source)
    assert not problems, "\n".join(problems)


TINY_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
            "AAAABJRU5ErkJggg==")  # one pixel


def _write_notebook(path: Path, sources: list[str]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def test_negative_control_a_raising_notebook_fails_the_check(lab, lab_page):
    _write_notebook(lab.root / "negative" / "raises.ipynb",
                    ["x = 1", "raise ValueError('planted failure')", "y = 2"])
    problems = run_in_lab(lab_page, "negative/raises.ipynb")
    assert problems == ["negative/raises.ipynb cell 1: ValueError: planted failure",
                        "negative/raises.ipynb cell 2 did not run"]


def test_slider_moves_output_through_the_kernel(lab, lab_page, axe_source):
    """Positive control of the slider step on a tiny notebook, independent of course content;
    and negative controls of the slider step and of the accessibility check."""
    _write_notebook(lab.root / "negative" / "slider.ipynb", [
        "import ipywidgets as w\n"
        "s = w.IntSlider(value=3, min=0, max=10)\nout = w.Output()\n"
        "def f(_=None):\n    with out:\n        out.clear_output()\n"
        "        print('squared', s.value ** 2)\n"
        "s.observe(f, 'value'); f()\nw.VBox([s, out])",
    ])
    assert run_in_lab(lab_page, "negative/slider.ipynb", axe_source=axe_source) == []
    # and a slider whose output never changes is caught, and so is its figure without alt text
    _write_notebook(lab.root / "negative" / "deaf.ipynb", [
        "import ipywidgets as w\nout = w.Output()\n"
        "out.outputs = ({'output_type': 'display_data', 'metadata': {},\n"
        f"                'data': {{'image/png': '{TINY_PNG}', 'text/plain': 'a dot'}}}},)\n"
        "w.VBox([w.IntSlider(value=3, min=0, max=10), out])",
    ])
    problems = run_in_lab(lab_page, "negative/deaf.ipynb", change_timeout=4_000,
                          axe_source=axe_source)
    assert [p.split(" (")[0] for p in problems] == [
        "negative/deaf.ipynb: moving the first slider did not change its output",
        "negative/deaf.ipynb: axe image-alt"], problems
