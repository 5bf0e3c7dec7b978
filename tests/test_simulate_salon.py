"""Hair-salon dataset: the planted profit mix (C12) and exit reasons (C25) come back out."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.simulate import salon

DTYPES = {"int": "int64", "float": "float64", "bool": "bool", "category": "category",
          "date": "datetime64[us]"}


@pytest.fixture(scope="module")
def sim():
    return salon.generate(salon.DEFAULT_CUSTOMERS, seed=salon.DEFAULT_SEED)


def profit_by_customer(sim):
    """Profit per customer worked out here, independently of the module."""
    v = sim["salon_visits"]
    profit = (v["amount"] - v["labour_cost"] - v["materials_cost"]).groupby(v["customer_id"]).sum()
    profit = profit.reindex(sim["salon_customers"]["customer_id"], fill_value=0.0)
    return profit.sort_values(ascending=False, kind="stable")


def test_tables_follow_their_dictionary(sim):
    assert set(sim.tables) == {t.name for t in salon.TABLES}
    for table in salon.TABLES:
        df = sim[table.name]
        assert list(df.columns) == [c.name for c in table.columns]
        for col in table.columns:
            assert str(df[col.name].dtype) == DTYPES[col.dtype], col.name
            if col.categories:
                assert tuple(df[col.name].cat.categories) == col.categories
                assert df[col.name].cat.ordered
    assert 1000 <= len(sim["salon_customers"]) <= 2000
    dates = sim["salon_visits"]["date"]
    assert dates.min() >= pd.Timestamp("2024-01-01") and dates.max() <= pd.Timestamp("2025-12-31")
    json.dumps(sim.truth)


def test_best_fifth_earns_all_the_profit_and_worst_fifth_loses_money(sim):
    profit = profit_by_customer(sim)
    total, k = profit.sum(), round(0.2 * len(profit))
    top, bottom = profit.iloc[:k].sum() / total, profit.iloc[-k:].sum() / total
    whale = (profit.cumsum() / total).max()
    assert top > 0.9                      # most (here more than all) of the profit
    assert bottom < -0.2                  # the worst 20 % destroy value
    assert 1.5 <= whale <= 2.5            # planted range of the whale-curve peak
    assert top == pytest.approx(sim.truth["top20_profit_share"], abs=1e-4)
    assert bottom == pytest.approx(sim.truth["bottom20_profit_share"], abs=1e-4)
    assert whale == pytest.approx(sim.truth["whale_peak"], abs=1e-4)


def test_promotion_only_and_complainers_fill_the_loss_making_tail(sim):
    profit = profit_by_customer(sim)
    segment = sim["salon_customers"].set_index("customer_id")["segment"].astype(str)
    tail = segment.loc[profit.index[-round(0.2 * len(profit)):]]
    assert tail.isin(["promotion_only", "complainer"]).mean() > 0.85
    mean = profit.groupby(segment.loc[profit.index].to_numpy()).mean()
    assert mean["promotion_only"] < 0 and mean["complainer"] < 0
    assert mean.idxmax() == "loyal"


def test_promotion_only_customers_come_only_for_deep_discounts(sim):
    v = sim["salon_visits"].merge(sim["salon_customers"][["customer_id", "segment"]])
    promo = v[v["segment"] == "promotion_only"]
    windows = [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in sim.truth["promotion_windows"]]
    inside = np.zeros(len(promo), dtype=bool)
    for a, b in windows:
        inside |= promo["date"].between(a, b).to_numpy()
    assert inside.all() and promo["promotion"].all()
    assert (promo["discount"] == salon.PROMOTION_DISCOUNT).all()
    others = v[v["segment"] != "promotion_only"]
    assert (others["discount"] >= 0.5).mean() < 0.1


def test_visit_arithmetic(sim):
    v = sim["salon_visits"]
    assert np.allclose(v["amount"], (v["list_price"] * (1 - v["discount"])).round(2))
    assert np.allclose(v["labour_cost"], v["stylist_minutes"] * salon.LABOUR_COST_PER_MINUTE)
    assert (v["stylist_minutes"] > 0).all() and (v["materials_cost"] > 0).all()
    prices = {s: p for s, (p, _, _) in salon.SERVICES.items()}
    assert (v["list_price"] == v["service"].astype(str).map(prices)).all()


def test_complainers_complain_and_cost_more_to_serve(sim):
    v = sim["salon_visits"].merge(sim["salon_customers"][["customer_id", "segment"]])
    rate = v.groupby("segment", observed=True)["complaint"].mean()
    for seg, planted in salon.COMPLAINT_RATE.items():
        n = (v["segment"] == seg).sum()
        assert abs(rate[seg] - planted) < 4 * np.sqrt(planted * (1 - planted) / n), seg
    cut = v[v["service"] == "haircut"]
    minutes = cut.groupby("segment", observed=True)["stylist_minutes"].mean()
    assert minutes["complainer"] > 1.3 * minutes["regular"]


def test_lost_customers_stop_visiting_and_join_date_is_first_visit(sim):
    c = sim["salon_customers"].set_index("customer_id")
    v = sim["salon_visits"]
    first, last = v.groupby("customer_id")["date"].min(), v.groupby("customer_id")["date"].max()
    assert (first.reindex(c.index) == c["join_date"]).all()
    lost = c["churn_date"].notna()
    assert (last[lost[lost].index] < c.loc[lost, "churn_date"]).all()
    assert 0.15 < lost.mean() < 0.4
    assert c.loc[lost, "segment"].astype(str).value_counts(normalize=True).idxmax() != "loyal"


def test_exit_survey_covers_lost_customers_with_planted_reason_shares(sim):
    s, c = sim["salon_exit_survey"], sim["salon_customers"].set_index("customer_id")
    assert c.loc[s["customer_id"], "churn_date"].notna().all()
    assert (s["date"].to_numpy() > c.loc[s["customer_id"], "churn_date"].to_numpy()).all()
    assert s["customer_id"].is_unique and len(s) > 200
    assert (s["reason"].astype(str).to_numpy()
            == np.array(salon.REASONS)[s["reason_code"] - 1]).all()
    share = s["reason"].value_counts(normalize=True)
    for reason, planted in sim.truth["exit_reason_shares"].items():
        se = np.sqrt(planted * (1 - planted) / len(s))
        assert abs(share[reason] - planted) < 4 * se, reason
    assert sum(sim.truth["exit_reason_shares"].values()) == pytest.approx(1)
    assert list(sim.truth["exit_reason_shares"]) == list(salon.REASONS)


def test_same_seed_same_frames_other_seed_other_numbers():
    a, b = salon.generate(200, seed=11), salon.generate(200, seed=11)
    c = salon.generate(200, seed=12)
    for name in a.tables:
        pd.testing.assert_frame_equal(a[name], b[name])
        assert list(c[name].columns) == list(a[name].columns)
        assert (c[name].dtypes == a[name].dtypes).all()
    assert a.truth == b.truth
    assert a.truth["total_profit"] != c.truth["total_profit"]
    assert not a["salon_visits"]["date"].equals(c["salon_visits"]["date"])


def test_registry_reaches_the_module():
    sim = crm.simulate.generate("salon", 150, seed=1)
    assert sim.n_customers == 150 and sim.seed == 1


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_profit_mix_holds_for_any_seed(seed):
    sim = salon.generate(400, seed=seed)
    assert sim.truth["whale_peak"] > 1
    assert sim.truth["bottom20_profit_share"] < 0
    assert sim.truth["top20_profit_share"] > 0.5


@pytest.mark.parametrize("seed, message", [
    (-1, r"seed must be in \[0, "),
    (1.5, r"seed must be a whole number; got 1.5"),
    ("7", r"seed must be a whole number; got '7' \(str\)"),
])
def test_bad_seed(seed, message):
    with pytest.raises(CRMLabError, match=message):
        salon.generate(200, seed=seed)


@pytest.mark.parametrize("n, message", [
    (50, r"n_customers must be in \[100, inf\); got 50"),
    (200.5, r"n_customers must be a whole number; got 200.5"),
    (None, r"n_customers must be a whole number; got None"),
])
def test_bad_scale(n, message):
    with pytest.raises(CRMLabError, match=message):
        salon.generate(n, seed=1)


@pytest.mark.parametrize("name", ["salon_customers", "salon_visits", "salon_exit_survey"])
def test_committed_file_loads_back_as_the_generated_frame(sim, name):
    pd.testing.assert_frame_equal(crm.data.load(name), sim[name])
