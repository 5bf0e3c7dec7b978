"""MegaMart's kiosk: simulated items follow the planted habits, lists and scores by hand, and
personal lists beat the best sellers on held-out weeks."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.kiosk import CATALOGUE, item_baskets, kiosk_specials, score_kiosk


@pytest.fixture(scope="module")
def trips():
    tx = crm.data.load("supermarket_transactions")
    return tx[tx["customer_id"] <= "SA000400"]


@pytest.fixture(scope="module")
def items(trips):
    return item_baskets(trips, seed=35)["items"]


def test_items_follow_the_baskets_they_come_from(trips, items):
    again = item_baskets(trips, seed=35)
    pd.testing.assert_frame_equal(again["items"], items)
    assert again.truth["catalogue_size"] == sum(CATALOGUE.values()) == 600
    # every category with spend in a basket has 1 to 8 distinct items, others none
    lines = trips.melt(id_vars=["customer_id", "date"], value_vars=list(CATALOGUE),
                       var_name="category", value_name="spend")
    lines = lines[lines["spend"] > 0].set_index(["customer_id", "date", "category"]).index
    counts = items.groupby(["customer_id", "date", "category"]).size()
    assert set(counts.index) == set(lines)
    assert counts.between(1, 8).all()
    assert not items.duplicated(["customer_id", "date", "item"]).any()
    number = items["item"].str.split(" ").str[1].astype(int)
    assert (number >= 1).all() and (number <= items["category"].map(CATALOGUE)).all()


def test_lower_concentration_plants_stronger_habits(trips):
    def repeat_share(concentration):
        it = item_baskets(trips, seed=1, concentration=concentration)["items"]
        per = it.groupby(["customer_id", "item"]).size()
        return float((per[per > 1].sum()) / per.sum())  # purchases of an item bought before
    assert repeat_share(0.05) > repeat_share(0.2) > repeat_share(5.0)


def _log(rows):
    return pd.DataFrame(rows, columns=["customer_id", "date", "item"]).assign(
        date=lambda d: pd.to_datetime(d["date"]))


SMALL = _log([
    ("a", "2024-01-01", "milk"), ("a", "2024-01-01", "eggs"), ("a", "2024-01-29", "eggs"),
    ("a", "2024-02-26", "tea"), ("b", "2024-02-01", "milk"), ("b", "2024-02-20", "bread"),
    ("c", "2024-02-10", "milk"),
])


def test_personal_lists_by_hand():
    # on 2024-03-04, half-life 4 weeks: a's eggs 0.5**(9/4) + 0.5**(5/4) = 0.63, milk
    # 0.5**(9/4) = 0.21, tea 0.5**(1/4) = 0.84: tea, eggs, milk; topped up with best sellers
    lists = kiosk_specials(SMALL, on="2024-03-04", k=4, half_life_weeks=4)
    a = lists[lists["customer_id"] == "a"]
    assert a["item"].tolist() == ["tea", "eggs", "milk", "bread"]
    assert a["rank"].tolist() == [1, 2, 3, 4]
    assert lists[lists["customer_id"] == "c"]["item"].tolist() == ["milk", "bread", "eggs", "tea"]


def test_popular_lists_are_the_same_for_everyone():
    lists = kiosk_specials(SMALL, on="2024-03-04", k=2, method="popular")
    # milk has 3 buyers; bread, eggs, tea one each (the tie goes to the first by name)
    assert lists.groupby("customer_id")["item"].apply(list).tolist() == [["milk", "bread"]] * 3


def test_due_items_come_first():
    log = _log([("a", d, "soap") for d in ("2024-01-01", "2024-01-15", "2024-01-29")]
               + [("a", d, "milk") for d in ("2024-02-05", "2024-02-06", "2024-02-07")])
    # soap every 14 days: due 2024-02-12; milk daily: due 2024-02-08, 4 days before on
    due = kiosk_specials(log, on="2024-02-12", k=2, method="due", within_days=1)
    personal = kiosk_specials(log, on="2024-02-12", k=2)
    assert due["item"].tolist() == ["soap", "milk"]
    assert personal["item"].tolist() == ["milk", "soap"]


def test_score_by_hand():
    history = _log([("a", "2024-01-01", "milk"), ("a", "2024-01-02", "tea"),
                    ("b", "2024-01-03", "milk")])
    week = _log([("a", "2024-01-08", "milk"), ("a", "2024-01-08", "jam"),
                 ("b", "2024-01-09", "jam"), ("z", "2024-01-09", "milk")])
    s = score_kiosk(pd.concat([history, week], ignore_index=True), start="2024-01-08", weeks=1,
                    k=2)
    # a's list: tea, milk (tea bought later); b's: milk, tea. Basket a: 1 hit of 2 items;
    # basket b: 0 of 1; z has no card history and no list: not scored.
    assert s["baskets"].tolist() == [2]
    assert s["hit_rate"].tolist() == [0.5]
    assert s["precision_at_k"].tolist() == [pytest.approx((1 / 2 + 0) / 2)]
    assert s["recall_at_k"].tolist() == [pytest.approx((1 / 2 + 0) / 2)]
    assert s.attrs["hit_rate"] == 0.5 and s.attrs["k"] == 2


def test_personal_lists_beat_the_best_sellers_on_held_out_weeks(items):
    personal = score_kiosk(items, start="2024-11-04", weeks=4)
    popular = score_kiosk(items, start="2024-11-04", weeks=4, method="popular")
    assert personal.attrs["baskets"] == popular.attrs["baskets"] > 1000
    assert personal.attrs["precision_at_k"] > 1.2 * popular.attrs["precision_at_k"]
    assert personal.attrs["recall_at_k"] > 1.2 * popular.attrs["recall_at_k"]
    assert personal.attrs["hit_rate"] >= popular.attrs["hit_rate"]


@pytest.mark.parametrize("call, wording", [
    (lambda: item_baskets(SMALL), "transactions has none of the category columns"),
    (lambda: item_baskets(crm.data.load("supermarket_branches")),
     "transactions has no column 'customer_id'"),
    (lambda: kiosk_specials(SMALL, on="2023-12-01"),
     "items has no purchase before on=2023-12-01; the kiosk prints from past purchases."),
    (lambda: kiosk_specials(SMALL, on="2024-03-04", k=0), "k must be in [1, inf); got 0."),
    (lambda: kiosk_specials(SMALL, on="2024-03-04", method="random"),
     "method must be one of ['personal', 'due', 'popular']; got 'random'."),
    (lambda: kiosk_specials(SMALL.drop(columns="item"), on="2024-03-04"),
     "items has no column 'item'"),
    (lambda: kiosk_specials(SMALL.assign(date="2024-01-01"), on="2024-03-04"),
     "items column 'date' must hold parsed dates"),
    (lambda: kiosk_specials(SMALL, on="2024-03-04", half_life_weeks=0),
     "half_life_weeks must be in (0, inf); got 0."),
    (lambda: score_kiosk(SMALL, start="2024-03-04", weeks=0), "weeks must be in [1, inf); got 0."),
], ids=["no-category-columns", "wrong-table", "no-history", "zero-k", "unknown-method",
        "missing-item", "unparsed-dates", "zero-half-life", "zero-weeks"])
def test_bad_input_is_refused_with_a_clear_message(call, wording):
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
