"""Cronbach's alpha and item-rest correlations: worked by hand on a small table, and the loyalty
survey's five components hang together as planted."""

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.reliability import cronbach_alpha, item_analysis

# Three items answered by four respondents.
T = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})


def test_raw_alpha_by_hand():
    # item variances (ddof 1): 5/3, 4/3, 8/3 -> 17/3; totals 4, 7, 10, 13 -> variance 15
    # alpha = 3/2 * (1 - (17/3) / 15) = 3/2 * 28/45 = 14/15
    assert cronbach_alpha(T) == pytest.approx(14 / 15)


def test_standardised_alpha_by_hand():
    r = np.mean([T["a"].corr(T["b"]), T["a"].corr(T["c"]), T["b"].corr(T["c"])])
    # r(a, b) = 2/sqrt(5), r(a, c) = 3/sqrt(10), r(b, c) = 1/sqrt(2)
    assert r == pytest.approx((2 / 5**0.5 + 3 / 10**0.5 + 1 / 2**0.5) / 3)
    assert cronbach_alpha(T, standardized=True) == pytest.approx(3 * r / (1 + 2 * r))


def test_item_analysis_by_hand():
    out = item_analysis(T)
    # the rest of a is b + c = 3, 5, 7, 9: a straight line in a
    assert out.loc["a", "item_rest_correlation"] == pytest.approx(1.0)
    # without a: variances 4/3 + 8/3 = 4, total b + c has variance 20/3 -> 2 (1 - 4 / (20/3))
    assert out.loc["a", "alpha_if_dropped"] == pytest.approx(0.8)
    assert out.loc["b", "item_rest_correlation"] == pytest.approx(0.8)
    assert out.loc["c", "sd"] == pytest.approx((8 / 3) ** 0.5)
    assert out.attrs["alpha"] == pytest.approx(14 / 15) and out.attrs["k"] == 3


def test_identical_items_give_alpha_one_and_unrelated_items_near_zero():
    x = pd.Series(np.arange(10.0))
    assert cronbach_alpha(pd.DataFrame({"p": x, "q": x, "r": x})) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    noise = pd.DataFrame(rng.normal(size=(20_000, 4)), columns=list("wxyz"))
    assert abs(cronbach_alpha(noise)) < 0.02


def test_the_loyalty_components_hang_together():
    survey = crm.data.load("loyalty_survey")
    cols = list(crm.loyalty.LOYALTY_COMPONENTS)
    # each answer loads 0.9 on loyalty: pairwise r about 0.81 before rounding, alpha about 0.95
    alpha = cronbach_alpha(survey, columns=cols, standardized=True)
    assert 0.9 < alpha < 0.97
    out = item_analysis(survey, columns=cols, standardized=True)
    assert (out["item_rest_correlation"] > 0.7).all()
    assert (out["alpha_if_dropped"] < alpha).all()  # every item helps
    # a driver is not a loyalty answer: adding rewards lowers the item-rest of that item
    more = item_analysis(survey, columns=cols + ["rewards"], standardized=True)
    assert more["item_rest_correlation"].idxmin() == "rewards"


BAD_ITEMS = [
    ("not-a-frame", {"items": [[1, 2], [3, 4]]}, "items must be a pandas DataFrame"),
    ("too-few-rows", {"items": T.head(2)}, "items has 2 rows; at least 3"),
    ("one-item", {"items": T, "columns": ["a"]}, "alpha needs at least 2 items; got 1"),
    ("columns-as-text", {"items": T, "columns": "a"}, "columns must be a list of item columns"),
    ("repeated-item", {"items": T, "columns": ["a", "a"]}, "columns lists an item twice"),
    ("unknown-item", {"items": T, "columns": ["a", "z"]}, "items has no column 'z'"),
    ("text-item", {"items": T.assign(a=list("wxyz"))}, "items column 'a' must be numeric"),
    ("missing-answer", {"items": T.assign(a=[1, None, 3, 4])}, "items column 'a' has 1 missing"),
    ("constant-item", {"items": T.assign(b=3)}, "items column 'b' has the same answer"),
]


@pytest.mark.parametrize("case, kwargs, wording", BAD_ITEMS, ids=[c[0] for c in BAD_ITEMS])
def test_bad_items_are_refused(case, kwargs, wording):
    with pytest.raises(CRMLabError, match=wording):
        cronbach_alpha(**kwargs)


def test_item_analysis_needs_three_items():
    with pytest.raises(CRMLabError, match="item_analysis needs at least 3 items"):
        item_analysis(T, columns=["a", "b"])
