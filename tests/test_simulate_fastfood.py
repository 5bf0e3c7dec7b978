"""Fast-food age groups: 20-30 spends most now, 5-14 is worth most over a lifetime (C10)."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.simulate import fastfood

GROUPS = ["5-14", "15-20", "20-30", "30-45", "45+"]


@pytest.fixture(scope="module")
def sim():
    return fastfood.generate(fastfood.DEFAULT_CUSTOMERS, seed=fastfood.DEFAULT_SEED)


def ltv(groups):
    """The lifetime value of a new customer per group, worked out here from the table."""
    d = groups["discount_rate"]
    annuity = (1 - (1 + d) ** -groups["years_retained"]) / d
    per_year = (groups["spend_per_visit"] + groups["family_spend_per_visit"]) * \
        groups["visits_per_year"]
    return (groups["margin"] * per_year * groups["repeat_rate"] * annuity).set_axis(
        groups["age_group"].astype(str))


def test_tables_follow_their_dictionary(sim):
    for table in fastfood.TABLES:
        df = sim[table.name]
        assert list(df.columns) == [c.name for c in table.columns]
    groups = sim["fastfood_age_groups"]
    assert groups["age_group"].astype(str).tolist() == GROUPS
    assert groups["age_group"].cat.ordered
    assert int(groups["customers"].sum()) == len(sim["fastfood_customers"]) == 5000
    json.dumps(sim.truth)


def test_group_table_summarises_the_customers(sim):
    c, g = sim["fastfood_customers"], sim["fastfood_age_groups"].set_index("age_group")
    by = c.groupby("age_group", observed=True)
    back = c[c["returned"]].groupby("age_group", observed=True)
    assert np.allclose(g["spend_per_visit"], by["spend_per_visit"].mean(), atol=0.005)
    assert np.allclose(g["repeat_rate"], by["returned"].mean(), atol=0.0005)
    assert np.allclose(g["visits_per_year"], back["visits_per_year"].mean(), atol=0.005)
    assert np.allclose(g["years_retained"], back["years_retained"].mean(), atol=0.005)
    assert np.allclose(g["family_spend_per_visit"], by["family_spend_per_visit"].mean(),
                       atol=0.005)
    gone = c[~c["returned"]]
    assert (gone["visits_per_year"] == 0).all() and (gone["years_retained"] == 0).all()
    assert (c.loc[c["returned"], "visits_per_year"] >= 1).all()


def test_ages_fall_in_their_groups(sim):
    c = sim["fastfood_customers"]
    bounds = {"5-14": (5, 14), "15-20": (15, 19), "20-30": (20, 29), "30-45": (30, 44),
              "45+": (45, 120)}
    for group, (low, high) in bounds.items():
        assert c.loc[c["age_group"] == group, "age"].between(low, high).all(), group


def test_20_30_leads_on_spend_but_5_14_leads_on_lifetime_value(sim):
    g = sim["fastfood_age_groups"].set_index(sim["fastfood_age_groups"]["age_group"].astype(str))
    assert g["spend_per_visit"].idxmax() == "20-30"
    assert (g["spend_per_visit"] * g["visits_per_year"]).idxmax() == "20-30"
    assert g["spend_per_visit"].idxmin() == "5-14"
    values = ltv(sim["fastfood_age_groups"])
    assert values.idxmax() == "5-14"
    assert values["5-14"] > 2 * values.drop("5-14").max()
    assert list(values.sort_values(ascending=False).index) == sim.truth["ltv_ranking"]
    assert sim.truth["ltv_ranking"][0] == "5-14" and sim.truth["spend_ranking"][0] == "20-30"
    assert values.round(2).to_dict() == pytest.approx(sim.truth["observed_ltv"], abs=0.01)


def test_children_bring_their_families(sim):
    g = sim["fastfood_age_groups"].set_index(sim["fastfood_age_groups"]["age_group"].astype(str))
    assert g["family_members"].idxmax() == "5-14" and g.loc["5-14", "family_members"] > 1.5
    assert g["years_retained"].idxmax() == "5-14" and g["repeat_rate"].idxmax() == "5-14"


def test_group_figures_are_near_the_planted_means(sim):
    g = sim["fastfood_age_groups"].set_index(sim["fastfood_age_groups"]["age_group"].astype(str))
    for group, p in sim.truth["planted"].items():
        n = g.loc[group, "customers"]
        se = np.sqrt(p["repeat"] * (1 - p["repeat"]) / n)
        assert abs(g.loc[group, "repeat_rate"] - p["repeat"]) < 4 * se, group
        assert g.loc[group, "spend_per_visit"] == pytest.approx(p["spend"], rel=0.05)
        assert g.loc[group, "years_retained"] == pytest.approx(p["years"], rel=0.15)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_rankings_hold_for_any_seed_at_default_size(seed):
    sim = fastfood.generate(fastfood.DEFAULT_CUSTOMERS, seed=seed)
    values = ltv(sim["fastfood_age_groups"])
    assert list(values.sort_values(ascending=False).index) == sim.truth["ltv_ranking"]
    g = sim["fastfood_age_groups"]
    assert g.loc[g["spend_per_visit"].idxmax(), "age_group"] == "20-30"


def test_same_seed_same_frames_other_seed_other_numbers():
    a, b = fastfood.generate(600, seed=21), fastfood.generate(600, seed=21)
    c = fastfood.generate(600, seed=22)
    for name in a.tables:
        pd.testing.assert_frame_equal(a[name], b[name])
        assert (c[name].dtypes == a[name].dtypes).all()
    assert a.truth == b.truth
    assert a.truth["observed_ltv"] != c.truth["observed_ltv"]
    assert a.truth["planted_ltv"] == c.truth["planted_ltv"]


def test_registry_reaches_the_module():
    assert crm.simulate.generator("fastfood") is fastfood
    assert crm.simulate.generate("fastfood", 300, seed=2).n_customers == 300


@pytest.mark.parametrize("kwargs, message", [
    ({"n_customers": 100, "seed": 1}, r"n_customers must be in \[250, inf\); got 100"),
    ({"n_customers": 3.7, "seed": 1}, r"n_customers must be a whole number; got 3.7"),
    ({"n_customers": 500, "seed": "x"}, r"seed must be a whole number; got 'x' \(str\)"),
    ({"n_customers": 500, "seed": -1}, r"seed must be in \[0, .*got -1"),
])
def test_bad_scale_or_seed(kwargs, message):
    with pytest.raises(CRMLabError, match=message):
        fastfood.generate(**kwargs)


@pytest.mark.parametrize("name", ["fastfood_customers", "fastfood_age_groups"])
def test_committed_file_loads_back_as_the_generated_frame(sim, name):
    pd.testing.assert_frame_equal(crm.data.load(name), sim[name])
