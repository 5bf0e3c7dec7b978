"""The student environment: size of ``pip install .`` and the memory a running course uses.

Builds a fresh virtual environment with crmlab installed as a normal package (not editable, as a
hub image has it), plus nbgitpuller, and reports: install time, its size on disk (goal <= 800 MB;
950 MB while otter-grader was a dependency), the largest packages, and that no otter-grader or
playwright came along. Then, in that environment, with ``CRMLAB_DATA`` pointing at the course
data: the resident memory (RSS) of a Jupyter server that has just started, and of a kernel that has
run each exercise set's solution (the numbers behind the hub recipe in INSTRUCTORS.md).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from exercise_kit import authoring, validate  # noqa: E402

GOAL_MB = 800
# Runs in the new environment: each notebook in a fresh kernel, then the kernel's RSS (MiB).
MEASURE = """
import json, sys, nbformat
from nbclient import NotebookClient
from nbclient.util import run_sync

def status(pid):
    with open(f"/proc/{pid}/status") as f:
        pairs = (ln.split(":", 1) for ln in f)
        return {k: int(v.split()[0]) // 1024 for k, v in pairs if k in ("VmRSS", "VmHWM")}

out = {}
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    folder = {"metadata": {"path": path.rsplit("/", 1)[0]}}
    client = NotebookClient(nb, kernel_name="python3", resources=folder)
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        outs = [o for c in nb.cells for o in c.get("outputs", [])]
        errors = [o.get("ename") for o in outs if o.get("output_type") == "error"]
        pid = client.km.provisioner.process.pid
        out["/".join(path.rsplit("/", 2)[-2:])] = dict(status(pid), errors=errors)
print(json.dumps(out))
"""


def _mb(path: Path) -> float:
    return (
        sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def _server_rss(venv: Path, env: dict) -> int:
    """RSS (MiB) of JupyterLab's server a few seconds after it starts, with no kernel."""
    proc = subprocess.Popen(
        [
            str(venv / "bin" / "jupyter"),
            "lab",
            "--no-browser",
            "--port=8911",
            "--allow-root",
            "--ServerApp.token=bench",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in proc.stderr:
            if "is running at" in line or "http://127.0.0.1:8911" in line:
                break
        time.sleep(2)
        with open(f"/proc/{proc.pid}/status") as f:
            return next(int(ln.split()[1]) // 1024 for ln in f if ln.startswith("VmRSS"))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        venv = tmp / "student"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run(pip + ["--upgrade", "pip"], check=True)
        base = _mb(venv)
        subprocess.run(pip + [str(ROOT)], check=True, cwd=tmp)
        took = time.perf_counter() - start
        size = _mb(venv) - base
        site = next((venv / "lib").glob("python*/site-packages"))
        sizes = sorted(
            (
                (_mb(p), p.name)
                for p in site.iterdir()
                if p.is_dir() and not p.name.endswith("-info")
            ),
            reverse=True,
        )
        names = {p.name.split("-")[0].lower() for p in site.glob("*.dist-info")}
        print(
            f"pip install . (not editable): {size:.0f} MB in {took:.0f} s (goal <= {GOAL_MB} MB; "
            f"{'met' if size <= GOAL_MB else 'NOT met'}); {len(names)} packages; "
            f"otter-grader {'PRESENT' if 'otter_grader' in names else 'absent'}, "
            f"playwright {'PRESENT' if 'playwright' in names else 'absent'}"
        )
        print("  largest: " + ", ".join(f"{n} {mb:.0f} MB" for mb, n in sizes[:8]))
        subprocess.run(pip + ["nbgitpuller"], check=True, cwd=tmp)
        print(f"  with nbgitpuller (the hub image): {_mb(venv) - base:.0f} MB")
        env = {
            **os.environ,
            "CRMLAB_DATA": str(ROOT / "data"),
            "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
            "HOME": str(tmp),
        }
        env.pop("PYTHONPATH", None)
        print(f"  JupyterLab server just started: {_server_rss(venv, env)} MiB RSS")
        dirs = authoring.generate(ROOT / "solutions", tmp / "exercises", tmp / "autograder")
        paths = []
        for d in dirs:
            name = json.loads((d / "manifest.json").read_text())["notebook"]
            (tmp / "exercises_solved").mkdir(exist_ok=True)
            (tmp / "exercises_solved" / name).write_text(json.dumps(validate.answered(d, "s001")))
            paths.append(str(tmp / "exercises_solved" / name))
        paths += [
            str(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
        ]  # the concept notebooks
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-c", MEASURE, *paths],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            print("  kernel measurement failed:", out.stderr.strip().splitlines()[-1:])
            return
        for name, m in json.loads(out.stdout).items():
            print(
                f"  kernel after {name}: {m['VmRSS']} MiB RSS (peak {m['VmHWM']} MiB)"
                f"{'; errors ' + str(m['errors']) if m['errors'] else ''}"
            )


if __name__ == "__main__":
    run()
