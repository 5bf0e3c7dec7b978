"""Response time of the value and CLV explorers at 10,000 customers (target < 100 ms a change).

Times ``explorer.update(...)``: recompute, redraw and PNG render, as a reader's slider move.
"""

import statistics
import time

import numpy as np
import pandas as pd

from crmlab.widgets.clv import clv_explorer, leaky_bucket_explorer
from crmlab.widgets.value import top_share_explorer, whale_explorer

N_CUSTOMERS = 10_000


def _customers(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    revenue = rng.lognormal(5.0, 1.2, N_CUSTOMERS).round(2)
    profit = (0.3 * revenue - rng.gamma(2.0, 25.0, N_CUSTOMERS)).round(2)
    return pd.DataFrame({"customer_id": np.arange(N_CUSTOMERS), "amount": revenue, "profit": profit})


def _time(explorer, changes, repeats: int = 3):
    """Median and max wall time, and median CPU time of this process, per update."""
    wall, cpu = [], []
    for _ in range(repeats):
        for change in changes:
            t, c = time.perf_counter(), time.process_time()
            explorer.update(**change)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    png = []
    for _ in range(3):
        c = time.process_time()
        explorer._png()  # the PNG render alone (shared Explorer machinery)
        png.append(time.process_time() - c)
    explorer.close()
    return statistics.median(wall), max(wall), statistics.median(cpu), statistics.median(png)


def _floor():
    """An Explorer redrawing one short line: the cost of the shared redraw + PNG machinery."""
    import ipywidgets as w

    from crmlab.widgets import Explorer

    ex = Explorer({"x": w.FloatSlider(value=1.0, min=0, max=5)}, compute=lambda x: x,
                  draw=lambda r, ax, x: ax.plot([0, 1], [0, r]))
    return _time(ex, [{"x": 2.0}, {"x": 3.0}])


def run():
    df = _customers()
    print(f"{N_CUSTOMERS:,} customers")
    cases = {
        "top_share_explorer": (lambda: top_share_explorer(df),
                               [{"top": 0.1}, {"top": 0.3}, {"view": "lorenz"}, {"view": "pareto"}]),
        "whale_explorer": (lambda: whale_explorer(df),
                           [{"drop": 0.1}, {"drop": 0.3}, {"fixed_cost": 5000.0}]),
        "clv_explorer": (lambda: clv_explorer(),
                         [{"retention": 0.9}, {"discount": 0.2}, {"margin": 150.0}]),
        "leaky_bucket_explorer": (lambda: leaky_bucket_explorer(N_CUSTOMERS),
                                  [{"lost": 300}, {"won": 200}, {"acquisition_cost": 120.0}]),
    }
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU = this process's "
          "CPU time per update, of which PNG = the PNG render alone")
    median, worst, cpu, png = _floor()
    print(f"{'floor (one-line Explorer)':26s}            update median {median * 1000:5.0f} ms, "
          f"max {worst * 1000:5.0f} ms, CPU {cpu * 1000:4.0f} ms, PNG {png * 1000:4.0f} ms")
    for name, (build, changes) in cases.items():
        t = time.perf_counter()
        ex = build()
        built = time.perf_counter() - t
        median, worst, cpu, png = _time(ex, changes)
        flag = "ok" if median < 0.1 else "SLOW"
        print(f"{name:26s} build {built * 1000:5.0f} ms update median {median * 1000:5.0f} ms, "
              f"max {worst * 1000:5.0f} ms, CPU {cpu * 1000:4.0f} ms, PNG {png * 1000:4.0f} ms "
              f"(target < 100 ms: {flag})")
