"""Hotel dataset: tables follow their dictionary, the pilot is a fair random split, and the
planted recognition uplift comes back out of the pilot against its hold-out group."""

import json

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab.errors import CRMLabError
from crmlab.simulate import hotel

DTYPES = {"int": "int64", "float": "float64", "bool": "bool", "category": "category",
          "date": "datetime64[us]", "str": "object"}


@pytest.fixture(scope="module")
def sim():
    return hotel.generate(hotel.DEFAULT_CUSTOMERS, seed=hotel.DEFAULT_SEED)


def returned_within_a_year(stays):
    """Per pilot stay: did the guest arrive again within 365 days (worked out here)."""
    s = stays.sort_values(["guest_id", "arrival"])
    nxt = s.groupby("guest_id")["arrival"].shift(-1)
    back = (nxt - s["arrival"]).dt.days <= 365
    pilot = s["pilot_group"] != "none"
    return pd.DataFrame({"group": s.loc[pilot, "pilot_group"].astype(str), "back": back[pilot]})


def test_tables_follow_their_dictionary(sim):
    assert set(sim.tables) == {t.name for t in hotel.TABLES}
    for table in hotel.TABLES:
        df = sim[table.name]
        assert list(df.columns) == [c.name for c in table.columns]
        for col in table.columns:
            if col.dtype != "str":
                assert str(df[col.name].dtype) == DTYPES[col.dtype], col.name
    stays = sim["hotel_stays"]
    assert stays["arrival"].min() >= pd.Timestamp("2023-01-01")
    assert stays["arrival"].max() <= pd.Timestamp("2025-12-31")
    assert stays["stay_id"].is_unique and (stays["nights"] >= 1).all()
    json.dumps(sim.truth)


def test_the_committed_files_are_this_generation(sim):
    for name in ("hotel_guests", "hotel_stays", "hotel_preferences"):
        loaded = crm.data.load(name)
        assert len(loaded) == len(sim[name])
    assert crm.data.load("hotel_stays")["room_rate"].sum() == pytest.approx(
        sim["hotel_stays"]["room_rate"].sum(), abs=0.01)


def test_the_pilot_is_one_stay_per_guest_with_consent_and_a_note_before(sim):
    stays, guests, notes = sim["hotel_stays"], sim["hotel_guests"], sim["hotel_preferences"]
    pilot = stays[stays["pilot_group"] != "none"]
    assert pilot["guest_id"].is_unique
    assert pilot["arrival"].between("2024-01-01", "2024-12-31").all()
    consent = guests.set_index("guest_id")["consent_profile"]
    assert consent.reindex(pilot["guest_id"]).all()
    first_note = notes.groupby("guest_id")["noted_on"].min()
    assert (first_note.reindex(pilot["guest_id"]).to_numpy() < pilot["arrival"].to_numpy()).all()
    share = (pilot["pilot_group"] == "recognised").mean()
    assert 0.45 < share < 0.55  # a coin flip per guest


def test_the_planted_uplift_comes_back_against_the_hold_out(sim):
    r = returned_within_a_year(sim["hotel_stays"]).groupby("group")["back"].mean()
    assert r.round(4).to_dict() == sim.truth["pilot_return_within_365_days"]
    uplift = r["recognised"] - r["hold-out"]
    assert uplift == pytest.approx(hotel.RECOGNITION_UPLIFT, abs=0.03)


def test_over_many_seeds_the_uplift_averages_the_planted_one():
    uplifts = []
    for seed in range(12):
        r = returned_within_a_year(hotel.generate(3000, seed=seed)["hotel_stays"])
        m = r.groupby("group")["back"].mean()
        uplifts.append(m["recognised"] - m["hold-out"])
    assert np.mean(uplifts) == pytest.approx(hotel.RECOGNITION_UPLIFT, abs=0.025)


def test_sensitive_topics_and_consent_shares(sim):
    notes, guests = sim["hotel_preferences"], sim["hotel_guests"]
    assert set(notes.loc[notes["sensitive"], "topic"].astype(str)) == {"diet", "allergy"}
    assert guests["consent_profile"].mean() == pytest.approx(hotel.CONSENT_SHARE, abs=0.02)
    assert not (guests["consent_sensitive"] & ~guests["consent_profile"]).any()
    assert sim.truth["notes_without_consent"] > 0  # the compliance gap the case finds


def test_same_seed_same_data_and_bad_scale():
    a, b = hotel.generate(150, seed=3), hotel.generate(150, seed=3)
    pd.testing.assert_frame_equal(a["hotel_stays"], b["hotel_stays"])
    with pytest.raises(CRMLabError, match="n_customers must be in \\[100, inf\\); got 20"):
        hotel.generate(20, seed=1)
