"""The offer-test dataset: a random sample of supermarket A's 2024 shoppers, half sent a letter,
half held out; the hold-out recovers the effect the simulation planted."""

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab.simulate import offer_test


@pytest.fixture(scope="module")
def sim():
    return crm.simulate.generate("supermarket_offer")


def test_the_sample_and_its_two_groups(sim):
    t = sim["supermarket_offer_test"]
    shoppers = crm.data.load("supermarket_transactions")["customer_id"].nunique()
    assert len(t) == round(offer_test.SAMPLE_SHARE * shoppers) == 2487
    assert t["customer_id"].is_unique
    assert t["group"].value_counts().to_dict() == {"offer": 1243, "holdout": 1244}
    assert set(t["customer_id"]) <= set(crm.data.load("supermarket_customers")["customer_id"])
    assert (t.loc[~t["bought"], ["trips", "spend"]] == 0).all().all()
    assert (t.loc[t["bought"], "trips"] >= 1).all() and (t.loc[t["bought"], "spend"] > 0).all()


def test_the_hold_out_recovers_the_planted_effect(sim):
    """The planted mean uplift over the sample is truth['expected_incremental']; the measured
    difference between the groups is within 3 standard errors of it."""
    t = sim["supermarket_offer_test"]
    r = crm.holdout.incremental_rate(int(t.loc[t["group"] == "offer", "bought"].sum()),
                                     int((t["group"] == "offer").sum()),
                                     int(t.loc[t["group"] == "holdout", "bought"].sum()),
                                     int((t["group"] == "holdout").sum()))
    assert abs(r["incremental"] - sim.truth["expected_incremental"]) < 3 * r["se"]
    # the letter works mostly on customers who had drifted away (planted uplift 0.20) and
    # barely on active ones (0.04 of the few who would not have come anyway)
    by = sim.truth["expected_incremental_by_status"]
    assert by["drift"] > 0.15 and by["active"] < 0.01


def test_planted_status_counts_add_up_and_the_seed_repeats(sim):
    assert sum(sim.truth["status_counts"].values()) == len(sim["supermarket_offer_test"])
    small = offer_test.generate(300, seed=9)["supermarket_offer_test"]
    again = offer_test.generate(300, seed=9)["supermarket_offer_test"]
    other = offer_test.generate(300, seed=10)["supermarket_offer_test"]
    pd.testing.assert_frame_equal(small, again)
    assert not small["customer_id"].equals(other["customer_id"])
    assert np.isclose(small["spend"], small["spend"].round(2)).all()
