"""Stages 2 and 3 (crmlab.key_accounts) and the feedback log (crmlab.simulate.feedback): classes
by hand, the planted tiers recovered, one owner per account enforced by the database, feedback
loaded and the planted association found, bad input."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.database import close_database, create_database, load_customers, query
from crmlab.key_accounts import (account_workload, classify_accounts, load_feedback,
                                 plan_accounts, yearly_volume)
from crmlab.simulate import feedback

ORDERS = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d", "e"],
                       "date": pd.to_datetime(["2025-03-01", "2025-09-01", "2025-06-01",
                                               "2025-07-01", "2025-08-01", "2024-01-05"]),
                       "amount": [600.0, 400.0, 500.0, 200.0, 100.0, 900.0]})


def test_yearly_volume_and_classes_by_hand():
    v = yearly_volume(ORDERS, as_of="2025-12-31")
    # e ordered only in January 2024, outside the year: still in the book with 0
    assert v.to_dict() == {"a": 1000.0, "b": 500.0, "c": 200.0, "d": 100.0, "e": 0.0}
    classes = classify_accounts(v, cuts=(0.2, 0.4))
    assert classes["tier"].astype(str).tolist() == ["A", "B", "C", "C", "C"]
    w = account_workload(classes, visits_per_year={"A": 12, "B": 6, "C": 2}, hours=3.0)
    # A: 1 account, 1000 of 1800 yuan, 12 visits x 3 h = 36 h of 36 + 18 + 3 x 2 x 3 = 72 h
    assert w.loc["A", ["accounts", "volume", "hours"]].tolist() == [1, 1000.0, 36.0]
    assert w["pct_hours"].tolist() == pytest.approx([50.0, 25.0, 25.0])
    assert w.attrs["hours"] == 72.0
    per_account = pd.Series({"a": 1.0, "b": 2.0, "c": 3.0, "d": 3.0, "e": 4.0})
    w2 = account_workload(classes, visits_per_year={"A": 1, "B": 1, "C": 1}, hours=per_account)
    assert w2["hours"].tolist() == [1.0, 2.0, 10.0]


def test_classes_from_the_orders_find_most_of_the_planted_tiers():
    accounts = crm.data.load("key_accounts").set_index("customer_id")
    orders = crm.data.load("key_account_orders")
    classes = classify_accounts(yearly_volume(orders, as_of="2025-12-31")).set_index(
        "customer_id")
    same = (classes["tier"].astype(str) == accounts.loc[classes.index, "tier"].astype(str))
    assert same.mean() == pytest.approx(0.94, abs=1e-9)   # measured; the rest sit near a cut
    a = classes["tier"] == "A"
    assert (accounts.loc[classes.index[a], "tier"] != "C").all()


@pytest.fixture
def con():
    c = create_database()
    load_customers(c, pd.DataFrame({"customer_id": ["KA01", "KA02"], "name": ["A Co.", "B Co."],
                                    "contact": None, "phone": None, "city": None}),
                   as_of="2025-12-31")
    yield c
    close_database(c)


def test_the_plan_gives_each_account_one_owner(con):
    plan = pd.DataFrame({"customer_id": ["KA01", "KA02"], "tier": ["A", "C"],
                         "owner": ["王伟", "李强"], "visits_per_year": [12, 3]})
    assert plan_accounts(con, plan) == 2
    with pytest.raises(CRMLabError, match="already has its row in the plan, with its one owner"):
        plan_accounts(con, plan.head(1).assign(owner="张敏"))
    rows = query(con, "SELECT customer_id, owner FROM account_plan ORDER BY customer_id")
    assert rows.values.tolist() == [["KA01", "王伟"], ["KA02", "李强"]]   # nothing half done


@pytest.mark.parametrize("case", ["unknown-account", "bad-tier", "negative-visits",
                                  "missing-owner"])
def test_the_plan_refuses_what_breaks_its_rules_and_keeps_nothing(con, case):
    good = {"customer_id": "KA01", "tier": "A", "owner": "王伟", "visits_per_year": 12}
    bad, wording = {
        "unknown-account": ({"customer_id": "KA99"}, "not in the customers table"),
        "bad-tier": ({"tier": "VIP"}, "class must be 'A', 'B' or 'C'"),
        "negative-visits": ({"visits_per_year": -1}, "visits a year must be 0 or more"),
        "missing-owner": ({"owner": None}, "a required field is empty"),
    }[case]
    plan = pd.DataFrame([dict(good, customer_id="KA02"), dict(good, **bad)])
    with pytest.raises(CRMLabError, match=wording):
        plan_accounts(con, plan)
    assert query(con, "SELECT COUNT(*) AS n FROM account_plan")["n"].iloc[0] == 0


def test_feedback_goes_into_the_database_and_an_unknown_account_is_refused(con):
    log = pd.DataFrame({"customer_id": ["KA01", "KA02", "KA01"],
                        "date": pd.to_datetime(["2025-03-01", "2025-04-02", "2025-05-03"]),
                        "kind": ["complaint", "praise", "complaint"],
                        "topic": ["late delivery", "fast delivery", "price"]})
    assert load_feedback(con, log) == 3
    got = query(con, "SELECT customer_id, kind, COUNT(*) AS n FROM feedback "
                     "GROUP BY customer_id, kind ORDER BY customer_id, kind")
    assert got.values.tolist() == [["KA01", "complaint", 2], ["KA02", "praise", 1]]
    with pytest.raises(CRMLabError, match="not in the customers table"):
        load_feedback(con, log.assign(customer_id="KA77"))
    with pytest.raises(CRMLabError, match="feedback kind must be 'complaint' or 'praise'"):
        load_feedback(con, log.assign(kind="idea"))
    assert query(con, "SELECT COUNT(*) AS n FROM feedback")["n"].iloc[0] == 3


def test_the_feedback_log_matches_the_accounts_and_its_truth():
    sim = feedback.generate()
    log = sim["key_account_feedback"]
    committed = crm.data.load("key_account_feedback")
    pd.testing.assert_frame_equal(log.reset_index(drop=True), committed, check_dtype=False,
                                  check_categorical=False)
    assert set(log["customer_id"]) <= set(crm.data.load("key_accounts")["customer_id"])
    assert log["date"].between("2025-01-01", "2025-12-31").all()
    assert (log.groupby("kind", observed=True).size().to_dict()
            == sim.truth["rows"] == {"complaint": 320, "praise": 238})
    # the planted association: accounts whose 2025 visits skip a must-go place complain more
    per = sim.truth["complaints_per_account"]
    assert per["some_visits_skip_must_go"] > 2 * per["all_visits_cover_must_go"]


def test_the_feedback_generator_leaves_the_accounts_unchanged():
    a = crm.simulate.generate("key_accounts", 40, seed=9)
    b = feedback.generate(40, seed=9)
    assert set(b["key_account_feedback"]["customer_id"]) <= set(a["key_accounts"]["customer_id"])
    again = crm.simulate.generate("key_accounts", 40, seed=9)
    pd.testing.assert_frame_equal(a["key_account_orders"], again["key_account_orders"])


@pytest.mark.parametrize("case", ["volume-not-series", "bad-visits", "negative-visits",
                                  "hours-missing", "orders-no-amount", "feedback-no-topic"])
def test_bad_input_is_refused_with_a_clear_message(case):
    classes = classify_accounts(yearly_volume(ORDERS, as_of="2025-12-31"))
    calls = {
        "volume-not-series": (lambda: classify_accounts([1, 2]),
                              "volume must be a non-empty pandas Series"),
        "bad-visits": (lambda: account_workload(classes, visits_per_year={"A": 1}),
                       "visits_per_year must be a dict with keys 'A', 'B', 'C'"),
        "negative-visits": (lambda: account_workload(classes, visits_per_year={
            "A": 1, "B": -1, "C": 1}), "visits_per_year['B'] must be in [0, inf)"),
        "hours-missing": (lambda: account_workload(classes, visits_per_year={
            "A": 1, "B": 1, "C": 1}, hours=pd.Series({"a": 1.0})),
            "hours has no value for some accounts of classes"),
        "orders-no-amount": (lambda: yearly_volume(ORDERS.drop(columns="amount"),
                                                   as_of="2025-12-31"),
                             "orders has no column 'amount'"),
        "feedback-no-topic": (lambda: load_feedback(None, ORDERS), "feedback has no column"),
    }
    call, wording = calls[case]
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
