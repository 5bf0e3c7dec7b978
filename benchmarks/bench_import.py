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
