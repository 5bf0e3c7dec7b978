"""Speed of the churn and repurchase analysis functions on a 1,000,000-row purchase log.

(The churn and ladder explorers are timed with every other explorer in ``bench_widgets``.)
"""

import numpy as np
import pandas as pd

from ._timing import machine, timed

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


def run():
    from crmlab import churn as C
    from crmlab import repurchase as P
    from crmlab import retention as R

    print(machine())
    big = purchase_log(1_000_000, 100_000, seed=2)
    print(f"on a 1,000,000-row log ({big['customer_id'].nunique():,} customers):")
    for name, fn in [
        ("purchase_gaps", lambda: C.purchase_gaps(big)),
        ("churn_flags", lambda: C.churn_flags(big)),
        ("global_churn_flags", lambda: C.global_churn_flags(big, days=90)),
        ("cohort_retention", lambda: R.cohort_retention(big)),
        ("retention_curve", lambda: R.retention_curve(big)),
        ("survival_curve", lambda: R.survival_curve(C.churn_flags(big))),
        ("next_purchase_dates", lambda: P.next_purchase_dates(big)),
    ]:
        wall, cpu = timed(fn, repeats=2)
        print(f"  {name:20s} {wall:6.2f} s wall / {cpu:5.2f} s CPU")
    customers = pd.DataFrame({"customer_id": np.arange(100_000),
                              "has_children": np.arange(100_000) % 3 == 0,
                              "pet_owner": np.arange(100_000) % 4 == 0})
    wall, cpu = timed(lambda: P.coupon_list(big, customers, on="2024-12-01",
                                            min_weekly_spend=20), repeats=2)
    print(f"  {'coupon_list':20s} {wall:6.2f} s wall / {cpu:5.2f} s CPU")


if __name__ == "__main__":
    run()
