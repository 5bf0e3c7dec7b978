"""Speed of the churn, repurchase and loyalty code: explorers at 10,000 customers (target under
100 ms per change, redraw included) and the analysis functions on a 1,000,000-row purchase log."""

import statistics
import time

import numpy as np
import pandas as pd

CATEGORIES = ("milk", "bread", "nappies", "pet food", "fruit", "wine")


def purchase_log(n_rows: int, n_customers: int, *, seed: int = 0) -> pd.DataFrame:
    """A synthetic log: each customer buys on their own rhythm (mean gap 3-60 days)."""
    rng = np.random.default_rng(seed)
    mean_gap = rng.uniform(3, 60, n_customers)
    cust = rng.integers(0, n_customers, n_rows)
    step = np.maximum(1, np.round(mean_gap[cust] / 7))  # coarser calendars for slow buyers
    day = np.floor(rng.uniform(0, 730, n_rows) / step) * step
    return pd.DataFrame({
        "customer_id": cust,
        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(day, unit="D"),
        "category": pd.Categorical(rng.choice(CATEGORIES, n_rows), categories=CATEGORIES),
        "amount": np.round(rng.gamma(2.0, 15.0, n_rows), 2),
    })


def _time(fn, repeats=3):
    """Median wall and CPU seconds (CPU time is what an idle machine would show as wall time;
    on a shared, busy machine wall time is inflated by waiting for a core)."""
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def _explorer_ms(ex, changes):
    wall, cpu = [], []
    for change in changes:
        t, c = time.perf_counter(), time.process_time()
        ex.update(**change)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    png = []
    for _ in range(3):
        c = time.process_time()
        ex._png()  # the PNG render alone (shared Explorer machinery)
        png.append(time.process_time() - c)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu), 1000 * statistics.median(png)


def _trivial_explorer_ms():
    """Baseline: an explorer drawing one bar, so readings on a busy machine can be judged."""
    import ipywidgets as w

    from crmlab.widgets import Explorer

    ex = Explorer({"x": w.FloatSlider(value=1.0, min=0, max=5)}, compute=lambda x: x,
                  draw=lambda r, ax, x: ax.bar(["x"], [r]))
    wall, cpu, png = _explorer_ms(ex, [{"x": i / 4} for i in range(12)])
    ex.close()
    return wall, cpu, png


def run():
    from crmlab import churn as C
    from crmlab import repurchase as R
    from crmlab.widgets import churn_explorer, ladder_explorer

    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU = this "
          "process's CPU time per update, PNG = the PNG render alone (inside the update)")
    wall, cpu, png = _trivial_explorer_ms()
    print(f"baseline: an Explorer drawing one bar updates in {wall:.0f} ms wall / {cpu:.0f} ms "
          f"CPU / PNG {png:.0f} ms (medians)")
    tx = purchase_log(150_000, 10_000, seed=1)
    truth = C.global_churn_flags(tx, days=60)["churned"]
    t = time.perf_counter()
    ex = churn_explorer(tx, actual=truth)
    build = time.perf_counter() - t
    changes = [{"k": k, "global_days": d} for k, d in
               [(1.5, 30), (2.0, 60), (2.5, 90), (3.0, 120), (4.0, 180), (5.0, 45)] * 2]
    wall, cpu, png = _explorer_ms(ex, changes)
    print(f"churn_explorer, 10,000 customers / 150,000 rows: build {build * 1000:.0f} ms; "
          f"update incl. redraw median {wall:.0f} ms wall / {cpu:.0f} ms CPU / PNG {png:.0f} ms "
          "(target < 100 ms)")
    ex.close()
    ex = ladder_explorer(periods=36)
    changes = [{"random_to_repeat": p, "loyal_to_left": q} for p, q in
               [(0.05, 0.01), (0.2, 0.05), (0.3, 0.1), (0.1, 0.02)] * 3]
    wall, cpu, png = _explorer_ms(ex, changes)
    print(f"ladder_explorer, 36 periods: update incl. redraw median {wall:.0f} ms wall / "
          f"{cpu:.0f} ms CPU / PNG {png:.0f} ms (target < 100 ms)")
    ex.close()

    big = purchase_log(1_000_000, 100_000, seed=2)
    print(f"on a 1,000,000-row log ({big['customer_id'].nunique():,} customers):")
    for name, fn in [
        ("purchase_gaps", lambda: C.purchase_gaps(big)),
        ("churn_flags", lambda: C.churn_flags(big)),
        ("global_churn_flags", lambda: C.global_churn_flags(big, days=90)),
        ("cohort_retention", lambda: C.cohort_retention(big)),
        ("retention_curve", lambda: C.retention_curve(big)),
        ("survival_curve", lambda: C.survival_curve(C.churn_flags(big))),
        ("next_purchase_dates", lambda: R.next_purchase_dates(big)),
    ]:
        wall, cpu = _time(fn, repeats=2)
        print(f"  {name:20s} {wall:6.2f} s wall / {cpu:5.2f} s CPU")
    customers = pd.DataFrame({"customer_id": np.arange(100_000),
                              "has_children": np.arange(100_000) % 3 == 0,
                              "pet_owner": np.arange(100_000) % 4 == 0})
    wall, cpu = _time(lambda: R.coupon_list(big, customers, on="2024-12-01",
                                            min_weekly_spend=20), repeats=2)
    print(f"  {'coupon_list':20s} {wall:6.2f} s wall / {cpu:5.2f} s CPU")


if __name__ == "__main__":
    run()
