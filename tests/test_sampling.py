"""Survey arithmetic worked by hand (margin of error, sample size, CSAT), and the simulation of
repeated surveys: without bias the estimates centre on the truth with the formula's spread; with
response bias they miss it by the planted amount."""

import math

import pandas as pd
import pytest

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.sampling import csat, margin_of_error, sample_size, survey_simulation, z_value


def test_margin_of_error_by_hand():
    # 1.96 x sqrt(0.5 x 0.5 / 400) = 1.96 x 0.025
    assert margin_of_error(0.5, 400) == pytest.approx(0.049, abs=1e-4)
    # p = 0.8, n = 100: 1.96 x sqrt(0.16 / 100) = 1.96 x 0.04
    assert margin_of_error(0.8, 100) == pytest.approx(0.0784, abs=1e-4)
    # the finite-population correction sqrt((2000 - 400) / 1999)
    assert margin_of_error(0.5, 400, population=2000) == pytest.approx(
        0.049 * math.sqrt(1600 / 1999), abs=1e-4)
    assert margin_of_error(0.5, 2000, population=2000) == 0.0  # a census has no sampling error
    assert margin_of_error(0.5, 400, confidence=0.90) == pytest.approx(1.6449 * 0.025, abs=1e-4)


def test_sample_size_by_hand_rounds_up():
    # 1.96^2 x 0.25 / 0.05^2 = 384.15 -> 385 answers, never 384
    assert sample_size(0.05) == 385
    assert sample_size(0.05, p=0.2) == math.ceil(1.959964**2 * 0.16 / 0.0025)  # 246
    assert sample_size(0.05, population=2000) == 323  # 384.15 / (1 + 383.15 / 2000) = 322.4
    # halving the margin needs four times the answers
    assert sample_size(0.025) == pytest.approx(4 * 384.15, abs=1)


def test_sample_size_and_margin_agree():
    n = sample_size(0.03, p=0.3)
    assert margin_of_error(0.3, n) <= 0.03 < margin_of_error(0.3, n - 1)


def test_csat_by_hand():
    r = csat([5, 4, 4, 3, 2, 5, 1, 4])
    assert (r["n"], r["satisfied"], r["csat"]) == (8, 5, 62.5)
    assert r["moe"] == pytest.approx(100 * 1.959964 * math.sqrt(0.625 * 0.375 / 8), abs=1e-3)
    assert csat([5, 4, 4, 3], satisfied_from=5)["csat"] == 25.0


def test_without_bias_the_estimates_centre_on_the_truth_with_the_formulas_spread():
    pop = crm.data.load("service_recovery")
    sim = survey_simulation(pop, column="csat", n=600, repeats=2000, seed=3)
    a = sim.attrs
    assert a["truth"] == pytest.approx(100 * (pop["csat"] >= 4).mean())
    assert abs(a["bias_points"]) < 0.3
    # the spread of the estimates is the formula's standard error (moe / 1.96) within 10 %
    assert a["spread"] == pytest.approx(a["moe"] / 1.96, rel=0.1)
    inside = (sim["estimate"] - a["truth"]).abs().le(a["moe"]).mean()
    assert 0.93 < inside < 0.97


def test_response_bias_moves_every_estimate_by_the_planted_amount():
    pop = pd.DataFrame({"csat": [5, 4, 2, 3] * 1000})  # half satisfied
    sim = survey_simulation(pop, column="csat", n=800, bias=3.0, repeats=500, seed=4)
    # answer rates 0.9 and 0.3: satisfied share among answers 0.45 / 0.6 = 75 %
    assert sim.attrs["mean_estimate"] == pytest.approx(75.0, abs=0.5)
    assert sim.attrs["bias_points"] == pytest.approx(25.0, abs=0.5)
    # a larger sample does not help
    big = survey_simulation(pop, column="csat", n=3000, bias=3.0, repeats=200, seed=4)
    assert big.attrs["bias_points"] == pytest.approx(25.0, abs=0.5)
    assert big.attrs["spread"] < sim.attrs["spread"]


def test_the_same_seed_fields_the_same_surveys():
    pop = pd.DataFrame({"csat": [5, 4, 2, 3] * 100})
    a = survey_simulation(pop, column="csat", n=50, repeats=30, seed=9)
    b = survey_simulation(pop, column="csat", n=50, repeats=30, seed=9)
    pd.testing.assert_frame_equal(a, b)
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


POP = pd.DataFrame({"csat": [5, 4, 2, 3] * 10})
BAD = [
    ("p-percent", lambda: margin_of_error(50, 100), "p must be in \\[0, 1\\]; got 50"),
    ("n-zero", lambda: margin_of_error(0.5, 0), "n must be in \\[1, inf\\); got 0"),
    ("n-above-population", lambda: margin_of_error(0.5, 300, population=200),
     "n \\(300\\) is larger than the population \\(200\\)"),
    ("confidence-percent", lambda: margin_of_error(0.5, 100, confidence=95),
     "confidence must be in \\(0, 1\\); got 95"),
    ("margin-percent", lambda: sample_size(5), "margin must be in \\(0, 0.5\\]; got 5"),
    ("csat-off-scale", lambda: csat([5, 6, 4]), "scores has 1 answer\\(s\\) that are not whole"),
    ("csat-one-answer", lambda: csat([5]), "scores has 1 answer\\(s\\); CSAT needs at least 2"),
    ("simulation-n-too-big", lambda: survey_simulation(POP, column="csat", n=41),
     "n must be in \\[1, 40\\]; got 41"),
    ("simulation-no-answers", lambda: survey_simulation(POP, column="csat", n=10,
                                                       response_rate=0),
     "response_rate is 0"),
    ("simulation-bias-zero", lambda: survey_simulation(POP, column="csat", n=10, bias=0),
     "bias must be in \\(0, 100\\]; got 0"),
    ("simulation-no-column", lambda: survey_simulation(POP, column="nps", n=10),
     "population has no column 'nps'"),
]


@pytest.mark.parametrize("case, call, wording", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused(case, call, wording):
    with pytest.raises(CRMLabError, match=wording):
        call()
