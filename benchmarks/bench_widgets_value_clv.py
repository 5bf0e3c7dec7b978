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
    times = []
    for _ in range(repeats):
        for change in changes:
            t = time.perf_counter()
            explorer.update(**change)
            times.append(time.perf_counter() - t)
    explorer.close()
    return statistics.median(times), max(times)


def run():
    df = _customers()
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
    for name, (build, changes) in cases.items():
        t = time.perf_counter()
        ex = build()
        built = time.perf_counter() - t
        median, worst = _time(ex, changes)
        flag = "ok" if median < 0.1 else "SLOW"
        print(f"{name:22s} build {built * 1000:6.0f} ms   update median {median * 1000:5.0f} ms, "
              f"max {worst * 1000:5.0f} ms  ({N_CUSTOMERS:,} customers; target < 100 ms: {flag})")
