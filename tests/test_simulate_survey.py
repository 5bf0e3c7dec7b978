"""Loyalty survey: driver analysis recovers the planted weights; halo and silent leavers show."""

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.simulate import survey

DRIVERS = ["satisfaction", "trust", "communication", "convenience", "rewards"]
COMPONENTS = ["overall_satisfaction", "deepen_relationship", "repurchase_intention", "recommend",
              "resist_competitors"]


@pytest.fixture(scope="module")
def sim():
    return survey.generate(survey.DEFAULT_CUSTOMERS, seed=survey.DEFAULT_SEED)


def zscore(df):
    return (df - df.mean()) / df.std(ddof=0)


def loyalty_index(df):
    return zscore(df[COMPONENTS].astype(float)).mean(axis=1)


def relative_weights(df):
    """Driver analysis by hand: OLS of the standardised index on standardised drivers."""
    x = sm.add_constant(zscore(df[DRIVERS].astype(float)))
    fit = sm.OLS(zscore(loyalty_index(df)), x).fit()
    beta = fit.params[DRIVERS]
    return beta / beta.sum()


def test_table_follows_its_dictionary(sim):
    df = sim["loyalty_survey"]
    (table,) = survey.TABLES
    assert list(df.columns) == [c.name for c in table.columns]
    assert len(df) == 2000 and df["customer_id"].is_unique
    for col in DRIVERS + COMPONENTS:
        low, high = (0, 10) if col == "recommend" else (1, 7)
        assert df[col].dtype == "int64" and df[col].between(low, high).all(), col
        assert df[col].nunique() >= 5, col  # the whole scale is in use
    assert list(df["stage"].cat.categories) == list(survey.STAGES) and df["stage"].cat.ordered
    json.dumps(sim.truth)


def test_driver_analysis_recovers_planted_weights(sim):
    weights = relative_weights(sim["loyalty_survey"])
    planted = pd.Series(sim.truth["driver_weights"])
    assert planted.sum() == pytest.approx(1)
    assert np.abs(weights - planted[DRIVERS]).max() < 0.05
    assert list(weights.sort_values(ascending=False).index[:2]) == ["satisfaction", "trust"]
    assert weights.idxmin() == "rewards"


def test_driver_analysis_is_sharp_on_a_large_sample():
    weights = relative_weights(survey.generate(40_000, seed=3)["loyalty_survey"])
    planted = pd.Series(dict(zip(survey.DRIVERS, survey.DRIVER_WEIGHTS)))
    assert np.abs(weights - planted[DRIVERS]).max() < 0.015


def test_halo_makes_every_driver_look_important(sim):
    df = sim["loyalty_survey"]
    corr = df[DRIVERS].corr().to_numpy()
    mean_pair = corr[np.triu_indices(5, 1)].mean()
    assert mean_pair > 0.4
    naive = df[DRIVERS].corrwith(loyalty_index(df))
    assert naive.min() > 0.5
    planted = sim.truth["driver_weights"]
    # the smallest weight is a quarter of the largest, but its correlation is close to the top
    assert planted["rewards"] / planted["satisfaction"] < 0.3
    assert naive["rewards"] / naive["satisfaction"] > 0.7
    assert mean_pair == pytest.approx(sim.truth["observed"]["mean_driver_correlation"], abs=1e-4)


def test_few_unhappy_customers_complain(sim):
    df = sim["loyalty_survey"]
    assert not (df["complained"] & ~df["had_problem"]).any()
    p = sim.truth["complaint_rate_given_problem"]
    assert p == 0.04
    problem = df[df["had_problem"]]
    rate = problem["complained"].mean()
    assert abs(rate - p) < 3 * np.sqrt(p * (1 - p) / len(problem))
    assert abs(df["had_problem"].mean() - sim.truth["problem_rate"]) < 0.04


def test_most_unhappy_leavers_leave_in_silence(sim):
    df = sim["loyalty_survey"]
    unhappy_leavers = df[df["had_problem"] & df["churned"]]
    assert (~unhappy_leavers["complained"]).mean() > 0.9
    silent = df[df["had_problem"] & ~df["complained"]]["churned"].mean()
    happy = df[~df["had_problem"]]["churned"].mean()
    assert silent > 2 * happy
    # loyal answers go with staying
    assert df.groupby("churned")["recommend"].mean().diff().iloc[-1] < -1


def test_stages_are_ordered_by_loyalty(sim):
    df = sim["loyalty_survey"]
    by_stage = loyalty_index(df).groupby(df["stage"], observed=True).mean()
    assert list(by_stage.index) == list(survey.STAGES)
    assert by_stage.is_monotonic_increasing
    shares = df["stage"].value_counts(normalize=True)
    for stage, planted in sim.truth["stage_shares"].items():
        assert abs(shares[stage] - planted) < 0.04, stage


def test_same_seed_same_frame_other_seed_other_numbers():
    a, b = survey.generate(300, seed=4), survey.generate(300, seed=4)
    c = survey.generate(300, seed=5)
    pd.testing.assert_frame_equal(a["loyalty_survey"], b["loyalty_survey"])
    assert a.truth == b.truth
    assert (c["loyalty_survey"].dtypes == a["loyalty_survey"].dtypes).all()
    assert not a["loyalty_survey"][DRIVERS].equals(c["loyalty_survey"][DRIVERS])


def test_registry_name_is_loyalty_survey():
    sim = crm.simulate.generate("loyalty_survey", 100, seed=9)
    assert list(sim.tables) == ["loyalty_survey"] and len(sim["loyalty_survey"]) == 100


@pytest.mark.parametrize("kwargs, message", [
    ({"n_customers": 20, "seed": 1}, r"n_customers must be in \[50, inf\); got 20"),
    ({"n_customers": "many", "seed": 1}, r"n_customers must be a whole number; got 'many'"),
    ({"n_customers": 100, "seed": -3}, r"seed must be in \[0, .*got -3"),
    ({"n_customers": 100, "seed": 2**32}, r"seed must be in \[0, .*got 4294967296"),
    ({"n_customers": 100, "seed": None}, r"seed must be a whole number; got None"),
])
def test_bad_scale_or_seed(kwargs, message):
    with pytest.raises(CRMLabError, match=message):
        survey.generate(**kwargs)


def test_committed_file_loads_back_as_the_generated_frame(sim):
    pd.testing.assert_frame_equal(crm.data.load("loyalty_survey"), sim["loyalty_survey"])
