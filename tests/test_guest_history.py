"""crmlab.guest_history: consent, erasure, sensitive notes and age before anything is recalled;
and the hotel's planted compliance gap found by the audit."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import guest_history as G


@pytest.fixture
def notes():
    d = pd.to_datetime
    return pd.DataFrame({
        "guest_id": ["a", "a", "a", "b", "c", "c", "d"],
        "noted_on": d(["2023-05-01", "2024-01-05", "2024-02-01", "2024-01-10", "2020-01-01",
                       "2024-02-02", "2024-01-20"]),
        "topic": ["drink", "drink", "diet", "drink", "pillow", "allergy", "room"],
        "preference": ["coffee", "carrot juice", "halal", "green tea", "firm", "peanuts", "quiet"],
        "sensitive": [False, False, True, False, False, True, False]})


@pytest.fixture
def guests():
    return pd.DataFrame({"guest_id": ["a", "b", "c", "d"],
                         "consent_profile": [True, False, True, True],
                         "consent_sensitive": [False, False, True, True],
                         "erasure_date": pd.to_datetime([None, None, None, "2024-02-15"])})


def test_status_by_hand(notes, guests):
    s = G.note_status(notes, guests, on="2024-03-01", keep_days=1095)
    assert s["status"].tolist() == ["usable", "usable", "sensitive", "no consent", "too old",
                                    "usable", "erased"]
    assert s["age_days"].tolist()[:2] == [305, 56]


def test_recall_takes_the_latest_usable_note_per_topic(notes, guests):
    r = G.recall_preferences(notes, guests, on="2024-03-01")
    assert r[["guest_id", "topic", "preference"]].values.tolist() == [
        ["a", "drink", "carrot juice"], ["c", "allergy", "peanuts"]]
    assert G.recall_preferences(notes, guests, on="2024-03-01", guest_ids=["c"])[
        "guest_id"].tolist() == ["c"]


def test_a_note_is_not_used_before_it_was_taken(notes, guests):
    s = G.note_status(notes, guests, on="2024-01-15")
    assert s.set_index("preference").loc["halal", "status"] == "sensitive"  # rule order
    assert s.set_index("preference").loc["peanuts", "status"] == "not yet noted"


def test_audit_counts_every_status(notes, guests):
    a = G.consent_audit(notes, guests, on="2024-03-01")
    assert a["notes"].to_dict() == {"usable": 3, "no consent": 1, "erased": 1, "sensitive": 1,
                                    "too old": 1, "not yet noted": 0}
    assert a["pct"].sum() == pytest.approx(100.0)


def test_the_hotels_notes_without_consent_are_found():
    import json

    guests, notes = crm.data.load("hotel_guests"), crm.data.load("hotel_preferences")
    a = G.consent_audit(notes, guests, on="2026-01-01")
    truth = json.loads((crm.data.data_dir() / "truth" / "hotel.json").read_text())
    assert a.loc["no consent", "notes"] == truth["notes_without_consent"]
    assert a["notes"].sum() == truth["n_notes"]


@pytest.mark.parametrize("case, message", [
    ("unknown guest", "notes names the guest 'z', who has no row in guests"),
    ("duplicate guest", "guests has 1 duplicated row"),
    ("no consent column", "guests has no column 'consent_profile'"),
    ("bad keep days", "keep_days must be in \\[1, 36500\\]"),
])
def test_bad_input_is_refused(notes, guests, case, message):
    with pytest.raises(CRMLabError, match=message):
        if case == "unknown guest":
            G.note_status(notes.assign(guest_id="z"), guests, on="2024-03-01")
        elif case == "duplicate guest":
            G.note_status(notes, pd.concat([guests, guests.iloc[:1]]), on="2024-03-01")
        elif case == "no consent column":
            G.note_status(notes, guests.drop(columns="consent_profile"), on="2024-03-01")
        else:
            G.note_status(notes, guests, on="2024-03-01", keep_days=0)
