"""The shared Explorer machinery: a fast redraw must look exactly like a slow one.

Explorers redraw into the same Axes after :func:`crmlab.widgets.empty_axes` instead of
``ax.clear()`` (it keeps the tick objects, a third of a redraw's time). Whatever a draw
function changes that ``empty_axes`` failed to reset would show up as a difference between an
explorer redrawn that way and one cleared the slow way after the same control moves.
"""

import io

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest

import crmlab as crm
from crmlab.widgets import empty_axes


def _pixels(png: bytes) -> np.ndarray:
    return mpimg.imread(io.BytesIO(png), format="png")


def _rfm_dates(ex):
    options = ex.controls["as_of"].options
    return [{"as_of": options[len(options) // 3]}, {"bins": 4}, {"as_of": options[-1], "bins": 6}]


def _salon_customers():
    visits = crm.data.load("salon_visits")
    visits["profit"] = visits["amount"] - visits["labour_cost"] - visits["materials_cost"]
    return visits.groupby("customer_id", as_index=False)[["profit"]].sum()


def _coupons():
    trips = crm.data.load("supermarket_transactions")
    families = crm.data.load("supermarket_customers")[["customer_id", "has_children", "pet_owner"]]
    long = crm.repurchase.melt_category_spend(trips, categories=["fresh", "grocery", "baby",
                                                                 "pet", "household"])
    return crm.offers.list_backtest(long, families, on="2024-10-07")


_POLICIES = {"stop blanket discounts": {"cost": 0, "at_risk": 0, "clv": 0, "kept": 0,
                                        "direct": 4000},
             "regulars' perk": {"cost": 6000, "at_risk": 20, "clv": 1500, "kept": 0.25},
             "workload cap": {"cost": 2000, "at_risk": 30, "clv": 1200, "kept": 0.1}}


# name -> (build the explorer on course data, the control moves to replay)
CASES = {
    "escalation": (
        lambda: crm.widgets.escalation_explorer(crm.data.load("crm_tickets"), as_of="2025-12-31"),
        lambda ex: [{"high": 5}, {"low": 21}, {"urgent": 2}],
    ),
    "core_group": (
        lambda: crm.widgets.core_group_explorer(crm.data.load("fastfood_age_groups")),
        lambda ex: [{"years": 3.0}, {"family": 0.0}, {"years": 12.5}],
    ),
    "top_share": (
        lambda: crm.widgets.top_share_explorer(crm.data.load("supermarket_transactions")),
        lambda ex: [{"top": 0.1}, {"view": "lorenz"}, {"top": 0.35}, {"view": "pareto"}],
    ),
    "whale": (
        lambda: crm.widgets.whale_explorer(_salon_customers(), drop=0.2, unit="yuan"),
        lambda ex: [{"drop": 0.05}, {"fixed_cost": 5000.0}, {"drop": 0.4}],
    ),
    "rfm": (
        lambda: crm.widgets.rfm_explorer(crm.data.load("supermarket_transactions")),
        _rfm_dates,
    ),
    "clv": (
        lambda: crm.widgets.clv_explorer(period="year"),
        lambda ex: [{"retention": 0.9}, {"discount": 0.2}, {"margin": 450.0}],
    ),
    "leaky_bucket": (
        lambda: crm.widgets.leaky_bucket_explorer(1000, period="week"),
        lambda ex: [{"lost": 300}, {"won": 50}, {"acquisition_cost": 400.0}],
    ),
    "churn": (
        lambda: crm.widgets.churn_explorer(crm.data.load("supermarket_transactions")),
        lambda ex: [{"k": 3.0}, {"global_days": 30}, {"k": 1.5, "global_days": 200}],
    ),
    "ladder": (
        lambda: crm.widgets.ladder_explorer(periods=12),
        lambda ex: [{name: 0.2} for name in list(ex.controls)[:2]],
    ),
    # notebooks 08-10
    "p_alive": (
        lambda: crm.widgets.p_alive_explorer({"r": 1.45, "alpha": 1.57, "a": 1.7e4, "b": 4.8e6},
                                             T=52),
        lambda ex: [{"frequency": 40}, {"silence": 20}, {"frequency": 2, "silence": 3}],
    ),
    "workload": (
        lambda: crm.widgets.workload_explorer(_key_account_volume(), hours=2.0),
        lambda ex: [{"a_share": 0.1}, {"visits_a": 24}, {"visits_c": 0, "a_share": 0.4}],
    ),
    "visit_plan": (
        lambda: _visit_plan_explorer(),
        lambda ex: [{"budget_hours": 20}, {"method": "greedy"}, {"lead_days": 0}],
    ),
    # notebooks 06 and 07
    "stages": (
        lambda: crm.widgets.stages_explorer(periods=36),
        lambda ex: [{"random_to_repeat": 0.3}, {"letdown": 0.1}, {"wary_to_random": 0.05}],
    ),
    "programme": (
        lambda: crm.widgets.programme_explorer(crm.data.load("loyalty_programme")),
        lambda ex: [{"target": "repeat purchase only"}, {"margin": 0.35},
                    {"target": "all but the loyal", "margin": 0.1}],
    ),
    "survey": (
        lambda: crm.widgets.survey_explorer(crm.data.load("service_recovery"), repeats=100),
        lambda ex: [{"n": 1000}, {"bias": 2.5}, {"n": 100, "bias": 1.0}],
    ),
    "offer": (
        lambda: crm.widgets.offer_explorer(_coupons(), min_weekly_spend=300.0),
        lambda ex: [{"discount": 0.05}, {"lift": 0.6}, {"min_weekly_spend": 1000.0}],
    ),
    "habit": (
        lambda: crm.widgets.habit_explorer(crm.data.load("fastfood_age_groups")),
        lambda ex: [{"years": 3.0}, {"family": 0.0}, {"pass_on": 0.8, "discount": 0.0}],
    ),
    "habit by customer": (
        lambda: crm.widgets.habit_explorer(crm.data.load("fastfood_age_groups"),
                                           customers=crm.data.load("fastfood_customers")),
        lambda ex: [{"years": 3.0}, {"family": 0.0}, {"pass_on": 0.8, "discount": 0.0}],
    ),
    "policy": (
        lambda: crm.widgets.policy_explorer(_POLICIES),
        lambda ex: [{"kept_1": 0.6}, {"kept_2": 0.0}, {"kept_0": 1.0}],
    ),
}


def _key_account_volume():
    orders = crm.data.load("key_account_orders")
    return crm.key_accounts.yearly_volume(orders, as_of="2025-12-31")


def _visit_plan_explorer():
    ranking = crm.visits.next_order_ranking(crm.data.load("key_account_orders"),
                                            as_of="2025-12-31",
                                            accounts=crm.data.load("key_accounts"))
    return crm.widgets.visit_plan_explorer(
        ranking, hours=crm.visits.visit_hours(ranking, base_city="Shanghai"),
        week_start="2026-01-05")


@pytest.mark.parametrize("name", sorted(CASES))
def test_reused_axes_draw_the_same_figure_as_cleared_axes(name):
    build, moves = CASES[name]
    fast, slow = build(), build()
    slow.reuse_axes = False
    assert fast.reuse_axes
    try:
        for move in moves(fast):
            fast.update(**move)
            slow.update(**move)
            same = np.array_equal(_pixels(fast.png), _pixels(slow.png))
            assert same, f"{name}: after {move} the reused Axes draw differently from cleared ones"
        # and the explorer still moved: the last figure differs from the default one
        assert not np.array_equal(_pixels(fast.png), _pixels(fast.static_png))
    finally:
        fast.close()
        slow.close()


def test_reused_axes_keep_their_tick_objects():
    ex = CASES["clv"][0]()
    try:
        ticks = ex.ax.xaxis.get_major_ticks()[0]
        ex.update(retention=0.5)
        assert ex.ax.xaxis.get_major_ticks()[0] is ticks
    finally:
        ex.close()


def test_empty_axes_resets_what_draw_functions_change():
    fig, ax = plt.subplots()
    ax.bar([1, 2], [3, 4], label="bars")
    ax.set_yticks([0.5, 1.5], ["a", "b"])
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(1, 100)
    ax.grid(axis="y", visible=False)
    ax.legend()
    ax.text(0.5, 0.5, "note")
    ax.set_title("left", loc="left")
    ax.set_xlabel("x (units)")
    empty_axes(ax)
    assert (len(ax.patches), len(ax.texts), len(ax.containers)) == (0, 0, 0)
    assert ax.get_legend() is None and ax.get_title(loc="left") == "" and ax.get_xlabel() == ""
    assert ax.get_xscale() == "linear" and not ax.yaxis_inverted()
    assert type(ax.yaxis.get_major_formatter()).__name__ == "ScalarFormatter"
    ax.plot([10, 20], [0, 1])
    lo, hi = ax.get_xlim()
    assert 9 < lo < 10 and 20 < hi < 21  # automatic limits again, not the old (1, 100)
    plt.close(fig)


def test_empty_axes_clears_an_axis_with_units_the_slow_way():
    fig, ax = plt.subplots()
    ax.bar(["milk", "bread"], [3, 4])
    empty_axes(ax)
    assert not ax.xaxis.have_units()  # categories forgotten: the next draw starts afresh
    ax.bar(["wine"], [1])
    assert list(ax.get_xticks()) == [0]
    plt.close(fig)
