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
from crmlab.bgnbd import p_alive_grid  # noqa: E402
from crmlab.plots import bar_widths, p_alive_curve_chart, p_alive_map, visit_plan_chart  # noqa: E402

PARAMS = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
PLAN = pd.DataFrame({"day": [1, 1, 2], "customer_id": ["KA01", "KA02", "KA03"],
                     "hours": [3.0, 6.0, 10.0], "value": [5e4, 6e4, 1e5]})


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_the_grid_is_p_alive_of_each_cell():
    grid = p_alive_grid(PARAMS, T=39, frequencies=range(7))
    assert grid.shape == (7, 40) and grid.attrs["T"] == 39
    assert np.allclose(grid.loc[0], 1.0)                        # x = 0: alive by the model
    a, b = PARAMS["a"], PARAMS["b"]
    x = np.arange(1, 7)
    assert np.allclose(grid[39.0].iloc[1:], (b + x - 1) / (a + b + x - 1))  # bought at T
    assert (np.diff(grid.to_numpy()[1:], axis=1) >= 0).all()   # a later last purchase: more alive
    one = pd.DataFrame({"frequency": [3], "recency": [12.0], "T": [39.0]})
    assert grid.loc[3, 12.0] == pytest.approx(crm.bgnbd.p_alive(one, PARAMS).iloc[0])
    assert p_alive_grid(PARAMS, T=10, frequencies=[2], points=5).columns.tolist() == [
        0.0, 2.5, 5.0, 7.5, 10.0]


def test_p_alive_map_draws_the_grid():
    grid = p_alive_grid(PARAMS, T=39, frequencies=range(7))
    ax = p_alive_map(grid)
    assert np.allclose(ax.images[0].get_array(), 100 * grid.to_numpy())
    assert ax.get_xlabel() == "Time of the last purchase t_x (weeks)"
    assert ax.get_ylabel() == "Repeat purchases x"


def test_p_alive_curve_chart_draws_silence_against_p_alive():
    grid = p_alive_grid(PARAMS, T=20, frequencies=[1, 6])
    ax = p_alive_curve_chart(grid, level=0.4)
    first = ax.lines[0]
    assert first.get_xdata()[0] == 20 and first.get_xdata()[-1] == 0   # silence = T - t_x
    assert np.allclose(first.get_ydata(), 100 * grid.loc[1].to_numpy())
    assert list(ax.lines[2].get_ydata()) == [40.0, 40.0]
    assert ax.get_xlabel() == "Silence since the last purchase, T - t_x (weeks)"


def test_visit_plan_chart_draws_one_bar_of_each_visit_length():
    ax = visit_plan_chart(PLAN, budget_hours=40)
    assert bar_widths(ax) == [3.0, 6.0, 10.0]
    assert ax.get_xlabel() == "Hours into the week (travel and visit)"
    assert [t.get_text() for t in ax.texts] == ["50,000 yuan", "60,000 yuan", "100,000 yuan"]
    assert ax.yaxis_inverted()                                  # the first visit on top


def test_an_empty_plan_draws_an_empty_chart():
    ax = visit_plan_chart(PLAN.iloc[:0], budget_hours=40)
    assert bar_widths(ax) == [] and ax.get_xlim() == (0.0, 46.0)


def test_the_figures_render_in_chinese_without_missing_glyphs():
    with crm.language.using_language("zh"):
        with crm.plots.style():  # as after crm.plots.set_style() in a notebook
            fig, (a1, a2, a3) = plt.subplots(1, 3)
            p_alive_map(p_alive_grid(PARAMS, T=10, frequencies=range(4)), ax=a1)
            visit_plan_chart(PLAN, budget_hours=40, ax=a2)
            p_alive_curve_chart(p_alive_grid(PARAMS, T=10, frequencies=[2]), ax=a3)
            fig.savefig(io.BytesIO(), format="png")  # warnings are errors: a missing glyph fails
    assert a2.get_ylabel() == "拜访的客户" and a1.get_ylabel() == "重复购买次数 x"


@pytest.mark.parametrize("call, wording", [
    (lambda: p_alive_grid(PARAMS, T=0), "T must be in (0, inf); got 0."),
    (lambda: p_alive_grid(PARAMS, T=10, frequencies=[]), "frequencies must be whole numbers"),
    (lambda: p_alive_grid(PARAMS, T=10, frequencies=[1.5]), "frequencies must be whole numbers"),
    (lambda: p_alive_grid(PARAMS, T=10, points=1), "points must be in [2, 2000]"),
    (lambda: p_alive_grid({"r": 1}, T=10), "params must be a fit from crm.bgnbd.fit(...)"),
    (lambda: p_alive_map(pd.DataFrame({"a": [1.0]})), "grid must be the output of"),
    (lambda: p_alive_curve_chart(p_alive_grid(PARAMS, T=5), level=1), "level must be in (0, 1)"),
    (lambda: visit_plan_chart(PLAN.drop(columns="hours")), "plan has no column 'hours'"),
    (lambda: visit_plan_chart(PLAN, budget_hours=-1), "budget_hours must be in (0, inf)"),
], ids=["zero-age", "no-rows", "fractional-frequency", "one-point", "bad-params", "not-a-grid",
        "level-one", "plan-without-hours", "negative-budget"])
def test_bad_input_is_refused_with_a_clear_message(call, wording):
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
