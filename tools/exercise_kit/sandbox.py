"""Run one submitted notebook in a bubblewrap sandbox and bring back only what it did.

Inside the sandbox (``bwrap``, Debian package ``bubblewrap``) the notebook sees a new, read-only
root holding only the system folders, the Python installation and its virtual environment, the
``crmlab`` package and the course data; its home folder (its working folder) and ``/tmp`` are
small private in-memory folders that vanish afterwards. The hidden tests, ``_build/``,
``solutions/``, git history, other submissions, the grade sheets and the grader's own home are
not in that root at all, so no path leads to them. There is no network (only a private
loopback), no capability, no new user namespace, a clean environment, its own process tree
(killed with the grader), a limit on memory (``prlimit --as``) and on file size, and the time
limit. ``unsafe=True`` runs the same steps without the sandbox, for machines without bubblewrap.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .answers import export_cell
from .sets import ROOT

__all__ = ["SandboxUnavailable", "isolation", "run_notebook", "sandbox_command", "HOME"]

HOME = "/home/student"  # the notebook's home and working folder inside the sandbox
ANSWERS = "/tmp/.crmlab_answers.json"  # where the export cell writes, inside the sandbox
RUNNER = Path(__file__).resolve().with_name("runner.py")
MEMORY = 2 * 2**30  # address space per sandbox: a course kernel uses under 0.5 GB of it
FILE_SIZE = 512 * 2**20  # largest file the sandbox may write, the report included
PRIVATE_SIZE = 256 * 2**20  # size of the in-memory home and /tmp folders
STARTUP = 90  # seconds on top of the notebook's time limit: kernel start and the export cell
ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "timezone",
    "passwd",
    "group",
    "nsswitch.conf",
    "hosts",
    "host.conf",
    "fonts",
    "ssl",
    "mime.types",
    "alternatives",
    "os-release",
)


NO_USERNS = ["--unshare-user", "--disable-userns"]  # dropped by isolation() where unsupported


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot build a sandbox on this machine."""


def isolation(unsafe: bool = False) -> str:
    """What isolates the submissions, as recorded in the grade sheet. Raises
    :class:`SandboxUnavailable` with what to do when bubblewrap does not work and not ``unsafe``."""
    if unsafe:
        return "none (UNSAFE=1)"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(
            "grading needs bubblewrap (the `bwrap` command) to keep student code away from your "
            "files, "
            "the network and the hidden tests. Install it (Debian/Ubuntu: `sudo apt-get install "
            "bubblewrap`), or grade without isolation with UNSAFE=1 (student code then runs as "
            "you, "
            "can read the hidden tests and write anywhere you can; the grade sheet records it)."
        )
    probe = subprocess.run(
        [bwrap, "--ro-bind", "/", "/", "--unshare-all", "--cap-drop", "ALL", "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            "bubblewrap is installed but cannot build a sandbox here "
            f"({probe.stderr.strip()[:200]}): unprivileged user namespaces may be disabled "
            "(`sysctl kernel.unprivileged_userns_clone=1`), "
            "or this is a container. Grade on another machine, or with UNSAFE=1 (not isolated)."
        )
    # bubblewrap 0.8 (Debian 12) can forbid new user namespaces inside; older ones cannot
    nested = [bwrap, "--ro-bind", "/", "/", "--unshare-all", *NO_USERNS, "true"]
    if subprocess.run(nested, capture_output=True).returncode != 0:
        NO_USERNS[:] = []
    version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout.strip()
    return version or "bubblewrap"


def _readable_roots() -> list[Path]:
    """Folders the notebook must read: Python, its environment, crmlab, the course data."""
    spec = importlib.util.find_spec("crmlab")
    package = Path(list(spec.submodule_search_locations)[0]).resolve()
    data = Path(os.environ.get("CRMLAB_DATA") or ROOT / "data").resolve()
    roots = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), package, data}
    return sorted(r for r in roots if r.exists())


def _fontlist() -> Path | None:
    """matplotlib's font cache of this user, so that each sandbox need not rebuild it."""
    base = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
    found = sorted(base.glob("fontlist-v*.json"))
    return found[-1] if found else None


def sandbox_command(notebook: Path, inner: list[str], *, data: Path) -> list[str]:
    """The ``bwrap`` command that runs ``inner`` with ``notebook`` in the sandbox's home."""
    cmd = ["bwrap", "--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / top
        if path.is_symlink():
            cmd += ["--symlink", os.readlink(path), str(path)]
        elif path.exists():
            cmd += ["--ro-bind", str(path), str(path)]
    cmd += [arg for name in ETC for arg in ("--ro-bind-try", f"/etc/{name}", f"/etc/{name}")]
    cmd += [
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--size",
        str(PRIVATE_SIZE),
        "--tmpfs",
        "/tmp",
        "--size",
        str(PRIVATE_SIZE),
        "--tmpfs",
        HOME,
    ]
    # After the private /tmp and home, so a checkout under /tmp (.venv, crmlab, data) stays seen;
    # the folder holding those roots there gets a tmpfs made read-only below, as / is elsewhere.
    roots = _readable_roots()
    in_tmp = [r for r in roots if r.is_relative_to("/tmp") and r != Path("/tmp")]
    holder = Path(os.path.commonpath(in_tmp)) if in_tmp else None
    if holder in in_tmp:
        holder = holder.parent
    if holder is not None and holder != Path("/tmp"):
        cmd += ["--tmpfs", str(holder)]
    for root in roots:
        cmd += ["--ro-bind", str(root), str(root)]
    cmd += [
        "--ro-bind",
        str(RUNNER),
        "/opt/grader/runner.py",
        "--ro-bind",
        str(notebook),
        f"{HOME}/{notebook.name}",
    ]
    fonts = _fontlist()
    if fonts:
        cmd += ["--ro-bind", str(fonts), f"{HOME}/.cache/matplotlib/{fonts.name}"]
    if holder is not None and holder != Path("/tmp"):
        cmd += ["--remount-ro", str(holder)]
    cmd += [
        "--remount-ro",
        "/",
        "--unshare-all",
        *NO_USERNS,
        "--cap-drop",
        "ALL",
        "--die-with-parent",
        "--new-session",
        "--hostname",
        "grading",
        "--chdir",
        HOME,
        "--clearenv",
    ]
    for key, value in _environment(HOME, data).items():
        cmd += ["--setenv", key, value]
    return cmd + ["--"] + inner


def _environment(home: str, data: Path) -> dict:
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "CRMLAB_DATA": str(data),
        "MALLOC_ARENA_MAX": "2",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
    }


def _kill(proc: subprocess.Popen) -> None:
    """Kill the sandbox (its init takes every process inside with it), or the unsafe run's group."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _with_export(notebook: Path, names, answers: str, target: Path) -> Path:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": export_cell(names, answers),
    }
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
        cell["id"] = "grader-export"
    nb["cells"].append(cell)
    target.write_text(json.dumps(nb), encoding="utf-8")
    return target


def run_notebook(
    notebook: Path, names, *, timeout: int, unsafe: bool = False, memory: int = MEMORY
) -> dict:
    """Run ``notebook`` to the end, then the export cell that writes the variables ``names``.

    Returns the runner's report (see ``runner.py``): ``notebook`` (executed, outputs cut),
    ``errors``, ``timeout``, ``cut``, ``kernel_died``, ``answers`` (the export file's text) and
    ``export_error``; or ``{"failed": reason}`` when the run produced no report at all.
    """
    notebook = Path(notebook).resolve()
    data = Path(os.environ.get("CRMLAB_DATA") or ROOT / "data").resolve()
    limits = ["prlimit", f"--as={memory}", f"--fsize={FILE_SIZE}", "--"]
    with tempfile.TemporaryDirectory(prefix="crmlab-run-") as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        if unsafe:
            work = tmp / "home"
            work.mkdir()
            _with_export(notebook, names, str(tmp / "answers.json"), work / notebook.name)
            cmd = limits + [
                "env",
                "-i",
                *(f"{k}={v}" for k, v in _environment(str(work), data).items()),
                sys.executable,
                str(RUNNER),
                str(work / notebook.name),
                str(timeout),
                str(tmp / "answers.json"),
            ]
        else:
            inner = [
                sys.executable,
                "/opt/grader/runner.py",
                f"{HOME}/{notebook.name}",
                str(timeout),
                ANSWERS,
            ]
            ready = _with_export(notebook, names, ANSWERS, tmp / "in" / notebook.name)
            cmd = limits + sandbox_command(ready, inner, data=data)
        with open(tmp / "report.json", "wb") as out, open(tmp / "stderr.txt", "wb") as err:
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                cwd=tmp,
                start_new_session=True,
            )
            try:
                proc.wait(timeout=timeout + STARTUP)
            except subprocess.TimeoutExpired:
                _kill(proc)
                return {
                    "failed": f"stopped after {timeout + STARTUP} s: the notebook did not stop "
                    "when interrupted",
                    "hard_timeout": True,
                }
        try:
            return json.loads((tmp / "report.json").read_text(encoding="utf-8", errors="replace"))
        except ValueError:
            tail = (
                (tmp / "stderr.txt")
                .read_bytes()[-2000:]
                .decode("utf-8", "replace")
                .strip()
                .splitlines()
            )
            why = (
                tail[-1][:160]
                if tail
                else f"exit code {proc.returncode}: stopped by the notebook itself?"
            )
            return {"failed": f"the notebook runner gave no report ({why})"}
