"""Figures of the BG/NBD model and the visit plan: what they draw, in both languages."""

import io

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import crmlab as crm  # noqa: E402
from crmlab import CRMLabError  # noqa: E402
from crmlab.plots import bar_widths  # noqa: E402
from crmlab.plots.bgnbd import p_alive_map, visit_plan_chart  # noqa: E402

PARAMS = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
PLAN = pd.DataFrame({"day": [1, 1, 2], "customer_id": ["KA01", "KA02", "KA03"],
                     "hours": [3.0, 6.0, 10.0], "value": [5e4, 6e4, 1e5]})


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_p_alive_map_draws_the_model():
    ax = p_alive_map(PARAMS, T=39, max_frequency=6)
    values = ax.images[0].get_array()
    assert values.shape == (7, 40)
    assert np.allclose(values[0], 100)                       # x = 0: alive by the model
    a, b = PARAMS["a"], PARAMS["b"]
    x = np.arange(1, 7)
    assert np.allclose(values[1:, -1], 100 * (b + x - 1) / (a + b + x - 1))  # t_x = T
    assert (np.diff(values[1:], axis=1) >= 0).all()          # a later last purchase: more alive
    assert ax.get_xlabel() == "Time of the last purchase t_x (weeks)"
    assert ax.get_ylabel() == "Repeat purchases x"


def test_visit_plan_chart_draws_one_bar_of_each_visit_length():
    ax = visit_plan_chart(PLAN, budget_hours=40)
    assert bar_widths(ax) == [3.0, 6.0, 10.0]
    assert ax.get_xlabel() == "Hours into the week (travel and visit)"
    assert [t.get_text() for t in ax.texts] == ["50,000 yuan", "60,000 yuan", "100,000 yuan"]


def test_both_figures_render_in_chinese_without_missing_glyphs():
    with crm.language.using_language("zh"):
        with crm.plots.style():  # as after crm.plots.set_style() in a notebook
            fig, (a1, a2) = plt.subplots(1, 2)
            p_alive_map(PARAMS, T=10, max_frequency=3, ax=a1)
            visit_plan_chart(PLAN, budget_hours=40, ax=a2)
            fig.savefig(io.BytesIO(), format="png")  # warnings are errors: a missing glyph fails
    assert a2.get_ylabel() == "拜访的客户" and a1.get_ylabel() == "重复购买次数 x"


@pytest.mark.parametrize("call, wording", [
    (lambda: p_alive_map(PARAMS, T=0), "T must be in (0, inf); got 0."),
    (lambda: p_alive_map(PARAMS, T=10, max_frequency=0), "max_frequency must be in [1, inf)"),
    (lambda: p_alive_map({"r": 1}, T=10), "params must be a fit from crm.bgnbd.fit(...)"),
    (lambda: visit_plan_chart(PLAN.drop(columns="hours")), "plan has no column 'hours'"),
    (lambda: visit_plan_chart(PLAN, budget_hours=-1), "budget_hours must be in (0, inf)"),
], ids=["zero-age", "no-rows", "bad-params", "plan-without-hours", "negative-budget"])
def test_bad_input_is_refused_with_a_clear_message(call, wording):
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
