"""Response time of every explorer of the course at 10,000 customers (target < 100 ms a change).

A change is ``explorer.update(...)``: recompute, redraw and PNG render, as a reader's slider
move. The floor is an Explorer redrawing one short line: the cost of the shared machinery.
Data: 10,000 customers from the course generators (or a synthetic table where the explorer
takes a per-customer table), plus the real CDNOW log (23,570 customers) for the top share.
"""

import time

import numpy as np
import pandas as pd

from ._timing import explorer_times, machine

N_CUSTOMERS = 10_000


def _customers(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    revenue = rng.lognormal(5.0, 1.2, N_CUSTOMERS).round(2)
    profit = (0.3 * revenue - rng.gamma(2.0, 25.0, N_CUSTOMERS)).round(2)
    return pd.DataFrame(
        {"customer_id": np.arange(N_CUSTOMERS), "amount": revenue, "profit": profit}
    )


def _cases():
    import ipywidgets as w

    import crmlab as crm
    from crmlab.simulate import crm_system

    from .bench_churn import purchase_log

    customers = _customers()
    trips = crm.simulate.generate("supermarket", N_CUSTOMERS, seed=2024).tables[
        "supermarket_transactions"
    ]
    tickets = crm_system.generate(N_CUSTOMERS, seed=crm_system.DEFAULT_SEED).tables["crm_tickets"]
    log = purchase_log(150_000, N_CUSTOMERS, seed=1)
    programme = crm.simulate.generate("loyalty_programme", N_CUSTOMERS, seed=1818).tables[
        "loyalty_programme"
    ]
    study = crm.simulate.generate("service_recovery", N_CUSTOMERS, seed=3131).tables[
        "service_recovery"
    ]
    X = crm.widgets
    return {
        "floor (one-line Explorer)": (
            lambda: X.Explorer(
                {"x": w.FloatSlider(value=1.0, min=0, max=5)},
                compute=lambda x: x,
                draw=lambda r, ax, x: ax.plot([0, 1], [0, r]),
            ),
            [{"x": 2.0}, {"x": 3.0}],
        ),
        "escalation (~6k tickets)": (
            lambda: X.escalation_explorer(tickets, as_of="2025-12-31"),
            [{"high": 5}, {"low": 21}, {"urgent": 2}, {"medium": 3}, {"high": 3, "low": 14}],
        ),
        "core_group (5 groups)": (
            lambda: X.core_group_explorer(crm.data.load("fastfood_age_groups")),
            [{"years": 3.0}, {"family": 0.0}, {"years": 12.5}, {"family": 1.0}],
        ),
        "top_share": (
            lambda: X.top_share_explorer(customers),
            [{"top": 0.1}, {"top": 0.3}, {"view": "lorenz"}, {"view": "pareto"}],
        ),
        "top_share (CDNOW 23,570)": (
            lambda: X.top_share_explorer(crm.data.load("cdnow")),
            [{"top": 0.1}, {"top": 0.3}, {"view": "lorenz"}],
        ),
        "whale": (
            lambda: X.whale_explorer(customers),
            [{"drop": 0.1}, {"drop": 0.3}, {"fixed_cost": 5000.0}],
        ),
        f"rfm ({len(trips) // 1000}k trips)": (
            lambda: X.rfm_explorer(trips),
            [
                {"as_of": "2024-06-30"},
                {"bins": 4},
                {"as_of": "2024-09-30"},
                {"bins": 10},
                {"as_of": "2024-03-31"},
                {"bins": 5, "as_of": "2024-12-31"},
            ],
        ),
        "clv": (
            lambda: X.clv_explorer(period="year"),
            [{"retention": 0.9}, {"discount": 0.2}, {"margin": 150.0}],
        ),
        "leaky_bucket": (
            lambda: X.leaky_bucket_explorer(N_CUSTOMERS),
            [{"lost": 300}, {"won": 200}, {"acquisition_cost": 120.0}],
        ),
        "churn (150k purchases)": (
            lambda: X.churn_explorer(log),
            [{"k": k, "global_days": d} for k, d in [(1.5, 30), (2.5, 90), (4.0, 180), (5.0, 45)]],
        ),
        "ladder (36 periods)": (
            lambda: X.ladder_explorer(periods=36),
            [
                {"random_to_repeat": p, "loyal_to_left": q}
                for p, q in [(0.05, 0.01), (0.2, 0.05), (0.3, 0.1)]
            ],
        ),
        # notebooks 06 and 07
        "stages (36 periods)": (
            lambda: X.stages_explorer(periods=36),
            [{"random_to_repeat": p, "letdown": q} for p, q in [(0.3, 0.01), (0.1, 0.1),
                                                                 (0.2, 0.05)]],
        ),
        "programme (10k pilot)": (
            lambda: X.programme_explorer(programme),
            [{"target": "repeat purchase only"}, {"margin": 0.35},
             {"target": "all but the loyal"}, {"target": "all stages", "margin": 0.2}],
        ),
        "survey (10k customers)": (
            lambda: X.survey_explorer(study),
            [{"n": 1000}, {"bias": 2.5}, {"n": 200}, {"bias": 1.0}],
        ),
        **_cases_08_10(),
    }


def _cases_08_10():
    """Explorers of notebooks 08-10 at 10,000 customers or accounts."""
    import crmlab as crm

    X = crm.widgets
    rng = np.random.default_rng(10)
    ids = [f"KA{i:05d}" for i in range(N_CUSTOMERS)]
    volume = pd.Series(rng.lognormal(12, 1.0, N_CUSTOMERS), index=ids).sort_values(
        ascending=False)
    ranking = pd.DataFrame({
        "customer_id": ids,
        "expected_next": pd.Timestamp("2025-12-01") + pd.to_timedelta(
            rng.integers(0, 90, N_CUSTOMERS), unit="D"),
        "typical_order": rng.lognormal(10, 0.7, N_CUSTOMERS).round(2)})
    hours = rng.choice([3.0, 6.0, 10.0], N_CUSTOMERS)
    trips = crm.simulate.generate("supermarket", N_CUSTOMERS, seed=2024).tables[
        "supermarket_transactions"]
    fit = crm.bgnbd.fit(crm.bgnbd.customer_summary(trips, calibration_end="2024-12-31"))
    return {
        "p_alive (BG/NBD, 52 weeks)": (
            lambda: X.p_alive_explorer(fit, T=52),
            [{"frequency": 40}, {"silence": 20}, {"frequency": 3}, {"silence": 2}],
        ),
        "workload (10k accounts)": (
            lambda: X.workload_explorer(volume, hours=2.0),
            [{"a_share": 0.1}, {"visits_a": 24}, {"visits_c": 0}, {"a_share": 0.35}],
        ),
        "visit_plan (10k accounts)": (
            lambda: X.visit_plan_explorer(ranking, hours=hours, week_start="2026-01-05"),
            [{"budget_hours": 20}, {"method": "greedy"}, {"lead_days": 0},
             {"budget_hours": 60, "method": "knapsack"}],
        ),
        **_case_explorers(X),
    }


def _case_explorers(X):
    """The case studies' explorers: supermarket A's discount list on the coupons of 10,000
    customers, McDonald's habit (5 groups, and valued customer by customer), the salon's three
    policies."""
    import crmlab as crm

    sim = crm.simulate.generate("supermarket", N_CUSTOMERS, seed=2024)
    long = crm.repurchase.melt_category_spend(
        sim["supermarket_transactions"], categories=["fresh", "grocery", "baby", "pet",
                                                     "household"])
    families = sim["supermarket_customers"][["customer_id", "has_children", "pet_owner"]]
    coupons = crm.offers.list_backtest(long, families, on="2024-10-07")
    policies = {"stop blanket discounts": {"cost": 0, "at_risk": 0, "clv": 0, "kept": 0,
                                           "direct": 4000},
                "regulars' perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25},
                "workload cap": {"cost": 2000, "at_risk": 30, "clv": 1200, "kept": 0.1}}
    return {
        f"offer ({len(coupons) // 1000}k coupons)": (
            lambda: X.offer_explorer(coupons, min_weekly_spend=300.0),
            [{"discount": 0.05}, {"lift": 0.6}, {"min_weekly_spend": 1000.0},
             {"min_weekly_spend": 0.0}, {"discount": 0.2, "lift": 0.1}],
        ),
        "habit (5 groups)": (
            lambda: X.habit_explorer(crm.data.load("fastfood_age_groups")),
            [{"years": 3.0}, {"family": 0.0}, {"pass_on": 0.8}, {"discount": 0.02}],
        ),
        "habit (5,000 customers)": (
            lambda: X.habit_explorer(crm.data.load("fastfood_age_groups"),
                                     customers=crm.data.load("fastfood_customers")),
            [{"years": 3.0}, {"family": 0.0}, {"pass_on": 0.8}, {"discount": 0.02}],
        ),
        "policy (3 policies)": (
            lambda: X.policy_explorer(policies),
            [{"kept_1": 0.6}, {"kept_2": 0.0}, {"kept_0": 1.0}, {"kept_1": 0.1}],
        ),
    }


def run():
    print(
        f"{N_CUSTOMERS:,} customers; {machine()}. Milliseconds per change: median and max "
        "wall time, median CPU time, and at the last values the compute and the PNG render alone"
    )
    slow = []
    for name, (build, changes) in _cases().items():
        t = time.perf_counter()
        ex = build()
        built = 1000 * (time.perf_counter() - t)
        r = explorer_times(ex, changes)
        ex.close()
        verdict = "ok" if r["median"] < 100 else "SLOW"
        if verdict == "SLOW":
            slow.append(name)
        print(
            f"{name:26s} build {built:5.0f} | update {r['median']:4.0f} (max {r['max']:4.0f}) "
            f"CPU {r['cpu']:4.0f} | compute {r['compute']:4.0f} PNG {r['png']:4.0f} | {verdict}"
        )
    print(
        "target < 100 ms per change (median): "
        + ("met by all" if not slow else "NOT met by " + ", ".join(slow))
    )
