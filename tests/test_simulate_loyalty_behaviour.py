"""Generators behind notebooks 06 and 07: the survey respondents' purchase log, the points pilot
with its hold-out group and supermarket A's service study recover what they plant; the survey's
answer halo flattens a driver analysis without touching anything else."""

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.simulate import loyalty_programme, service_recovery, survey, survey_purchases


# ---------------------------------------------------------------- survey answer halo
def test_answer_halo_zero_is_the_committed_survey():
    plain = survey.generate(2000, seed=survey.DEFAULT_SEED)
    committed = crm.data.load("loyalty_survey")
    pd.testing.assert_frame_equal(plain["loyalty_survey"], committed)
    assert "answer_halo" not in plain.truth


def test_answer_halo_lifts_only_the_loyalty_answers():
    plain = survey.generate(800, seed=9)["loyalty_survey"]
    halo = survey.generate(800, seed=9, answer_halo=0.6)
    lifted = halo["loyalty_survey"]
    same = [c for c in plain.columns if c not in survey.COMPONENTS]
    pd.testing.assert_frame_equal(plain[same], lifted[same])
    assert not plain[list(survey.COMPONENTS)].equals(lifted[list(survey.COMPONENTS)])
    assert halo.truth["answer_halo"] == 0.6


def test_answer_halo_pulls_the_driver_weights_towards_equal():
    def weights(df):
        df = df.assign(loyalty=crm.loyalty.loyalty_index(df))
        imp = crm.loyalty.driver_importance(df)
        return imp["relative_weight"], imp.attrs["r2"]

    w0, r0 = weights(survey.generate(20_000, seed=4)["loyalty_survey"])
    w1, r1 = weights(survey.generate(20_000, seed=4, answer_halo=0.6)["loyalty_survey"])
    assert w0["satisfaction"] == pytest.approx(0.35, abs=0.02)
    assert w0["rewards"] == pytest.approx(0.08, abs=0.02)
    # with the halo on both sides the big weights shrink, the small ones grow, R squared rises
    assert w1["satisfaction"] < w0["satisfaction"] - 0.05
    assert w1["rewards"] > w0["rewards"] + 0.04
    assert r1 > r0 + 0.05


@pytest.mark.parametrize("bad", [-0.1, 2.5, "high"], ids=["negative", "above-2", "text"])
def test_answer_halo_is_checked(bad):
    with pytest.raises(CRMLabError, match="answer_halo must be"):
        survey.generate(100, seed=1, answer_halo=bad)


# ---------------------------------------------------------------- survey purchases
@pytest.fixture(scope="module")
def purchases():
    return survey_purchases.generate()


def test_purchases_belong_to_the_survey_respondents(purchases):
    log = purchases["survey_purchases"]
    respondents = crm.data.load("loyalty_survey")
    assert set(log["customer_id"]) <= set(respondents["customer_id"])
    assert list(log.columns) == [c.name for c in survey_purchases.TABLES[0].columns]
    assert log["visits"].min() >= 1 and (log["amount"] > 0).all()
    assert log["month"].min() == pd.Timestamp("2024-01-01")
    assert log["month"].max() == pd.Timestamp("2025-12-01")
    assert not log.duplicated(["customer_id", "month"]).any()
    json.dumps(purchases.truth)


def test_leavers_stop_buying_within_the_year_after_the_survey(purchases):
    log = purchases["survey_purchases"]
    churned = crm.data.load("loyalty_survey").set_index("customer_id")["churned"]
    december = log.loc[log["month"] == "2025-12-01", "customer_id"]
    assert not churned[december].any()
    stayers_in_december = (~churned).sum() - december.nunique()
    assert stayers_in_december < 0.2 * (~churned).sum()  # most stayers still shop in December


def _yearly(log, n):
    year = np.where(log["month"] < pd.Timestamp("2025-01-01"), "before", "after")
    per = log.groupby(["customer_id", year])["visits"].sum().unstack(fill_value=0)
    return per.reindex(np.arange(1, n + 1), fill_value=0)


def test_silent_unhappy_customers_come_a_quarter_less():
    n = 20_000
    answers = survey.generate(n, seed=11)["loyalty_survey"]
    per = _yearly(survey_purchases.generate(n, seed=11)["survey_purchases"], n)
    stay = ~answers["churned"].to_numpy()
    silent = answers["had_problem"].to_numpy() & ~answers["complained"].to_numpy()
    fine = ~answers["had_problem"].to_numpy()

    def ratio(mask):
        m = mask & stay
        return per["after"].to_numpy()[m].sum() / per["before"].to_numpy()[m].sum()

    assert ratio(fine) == pytest.approx(1.0, abs=0.02)
    assert ratio(silent) / ratio(fine) == pytest.approx(survey_purchases.COME_LESS["silent"],
                                                        abs=0.02)


def test_visits_follow_attitude_with_the_planted_effect():
    n = 20_000
    answers = survey.generate(n, seed=12)["loyalty_survey"]
    per = _yearly(survey_purchases.generate(n, seed=12)["survey_purchases"], n)
    attitude = crm.loyalty.loyalty_index(answers)
    attitude = (attitude - attitude.mean()) / attitude.std(ddof=0)
    fit = sm.GLM(per["before"].to_numpy(), sm.add_constant(attitude.to_numpy()),
                 family=sm.families.Poisson()).fit()
    # habit is independent of attitude, so leaving it out does not bias the slope
    assert fit.params[1] == pytest.approx(survey_purchases.ATTITUDE_EFFECT, abs=0.03)


# ---------------------------------------------------------------- loyalty programme
def test_programme_table_follows_its_dictionary():
    sim = loyalty_programme.generate(2000, seed=3)
    df = sim["loyalty_programme"]
    assert list(df.columns) == [c.name for c in loyalty_programme.TABLES[0].columns]
    assert df["customer_id"].is_unique
    holdout = df["group"].eq("holdout")
    assert df.loc[holdout, "reward_cost"].eq(0).all()
    members = df[~holdout]
    assert (members["reward_cost"] <= 0.02 * members["spend_during"] + 0.01).all()
    left = df[~df["retained"]]
    assert left["spend_during"].le(left["spend_before"] * 1.6).all()
    json.dumps(sim.truth)


def test_holdout_comparison_recovers_the_planted_uplift_by_stage():
    df = loyalty_programme.generate(200_000, seed=5)["loyalty_programme"]
    assert df["group"].eq("holdout").mean() == pytest.approx(0.2, abs=0.005)
    rates = df.groupby(["stage", "group"], observed=True)["retained"].mean().unstack()
    uplift = rates["programme"] - rates["holdout"]
    for stage, planted in zip(loyalty_programme.STAGES, loyalty_programme.UPLIFT):
        assert uplift[stage] == pytest.approx(planted, abs=0.012), stage
    for stage, planted in zip(loyalty_programme.STAGES, loyalty_programme.RETENTION):
        assert rates.loc[stage, "holdout"] == pytest.approx(planted, abs=0.012), stage


def test_programme_truth_is_measured_on_the_committed_data():
    df = crm.data.load("loyalty_programme")
    truth = json.loads((crm.data.data_dir() / "truth" / "loyalty_programme.json").read_text())
    members = df["group"].eq("programme")
    uplift = df.loc[members, "retained"].mean() - df.loc[~members, "retained"].mean()
    assert truth["observed"]["incremental_retention"] == pytest.approx(uplift, abs=1e-4)
    extra = uplift * members.sum()
    assert truth["observed"]["cost_per_extra_customer_kept_yuan"] == pytest.approx(
        df["reward_cost"].sum() / extra, abs=0.01)


# ---------------------------------------------------------------- service recovery
@pytest.fixture(scope="module")
def study():
    return service_recovery.generate(60_000, seed=8)["service_recovery"]


def test_service_table_follows_its_dictionary():
    sim = service_recovery.generate(1000, seed=2)
    df = sim["service_recovery"]
    assert list(df.columns) == [c.name for c in service_recovery.TABLES[0].columns]
    quiet = ~df["complained"]
    assert df.loc[quiet, "response"].eq("none").all() and df.loc[quiet, "channel"].eq("none").all()
    assert df.loc[~df["had_problem"], "problem_step"].eq("none").all()
    assert df.loc[~df["had_problem"], "severity"].eq("none").all()
    assert not (df["complained"] & ~df["had_problem"]).any()
    assert df.loc[~df["stayed"], "visits_after"].eq(0).all()
    assert df["csat"].between(1, 5).all() and df["recommend"].between(0, 10).all()
    json.dumps(sim.truth)


def test_most_unhappy_customers_do_not_complain_and_loyal_ones_speak_up(study):
    problem = study[study["had_problem"]]
    assert 0.1 < problem["complained"].mean() < 0.3
    by = problem.groupby("complained")["visits_before"].mean()
    assert by[True] > 1.15 * by[False]  # complainers were better customers to begin with
    major = problem.groupby("severity", observed=True)["complained"].mean()
    assert major["major"] > major["minor"]


def test_handling_ranks_as_planted_and_a_bare_no_is_worst(study):
    complainers = study[study["complained"]]
    stay = complainers.groupby("response", observed=True)["stayed"].mean()
    assert stay["bare no"] < stay["apology only"] < stay["fixed"]
    assert stay["fixed"] < stay["fixed with an alternative"]


def test_satisfaction_falls_with_tenure_at_the_same_service(study):
    fine = study[~study["had_problem"]]
    slope = np.polyfit(fine["tenure_years"], fine["csat"], 1)[0]
    assert -0.14 < slope < -0.07


def test_fresh_food_problems_are_most_often_major(study):
    problems = study[study["had_problem"]]
    major = problems["severity"].eq("major").groupby(problems["problem_step"], observed=True).mean()
    assert major.idxmax() == "fresh food and shelves"
    assert major["checkout"] == pytest.approx(0.12, abs=0.02)


def test_the_satisfied_answer_the_phone_survey_more_often(study):
    by = study.groupby("responded")["csat"].mean()
    assert by[True] > by[False] + 0.2


def test_no_recovery_paradox_is_planted():
    best = sum(service_recovery.RECOVERY[k] for k in ("fixed with an alternative", "followed_up"))
    assert best + service_recovery.STAY_LOGIT["minor"] == pytest.approx(0.0)
    assert best + service_recovery.STAY_LOGIT["major"] < 0
