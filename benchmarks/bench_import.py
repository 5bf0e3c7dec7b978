"""How long ``import crmlab`` takes in a fresh interpreter (target: under 0.5 s)."""

import statistics
import subprocess
import sys

CODE = "import time; t = time.perf_counter(); import crmlab; print(time.perf_counter() - t)"


def run(repeats: int = 7):
    times = [float(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(repeats)]
    print(f"import crmlab: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms over {repeats} fresh interpreters (target < 500 ms)")
    heavy = subprocess.run([sys.executable, "-c", "import sys, crmlab; print(sorted(m for m in "
                            "('pandas', 'matplotlib', 'ipywidgets', 'scipy', 'statsmodels') "
                            "if m in sys.modules))"], capture_output=True, text=True, check=True)
    print(f"heavy modules loaded by import crmlab: {heavy.stdout.strip()}")
    # Every otter run, grading job, nbval session and JupyterLab start loads nbformat (and with it
    # jsonschema); rfc3987-syntax, when installed, adds seconds to that (see DROP_SLOW in the
    # Makefile).
    code = (
        "import time; t = time.perf_counter(); import nbformat; "
        "nbformat.validate(nbformat.v4.new_notebook()); print(time.perf_counter() - t)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    import importlib.util

    present = importlib.util.find_spec("rfc3987_syntax") is not None
    print(
        f"import and use nbformat: median {statistics.median(times) * 1000:.0f} ms "
        f"(rfc3987-syntax installed: {present})"
    )
