"""Exercise set 03 (customer profitability): its public checks catch each question's common slips
with a message that names the slip, and stay silent on a right answer of any sensible type; the
hidden tests give a slip no points, score the solution in full, and grade a later question against
the student's own earlier table when only that table was wrong (error carried forward), saying so in
the grade sheet. Every slip is typed as a student would, on two student ids, from the set's own
solution notebook, and graded by the course's judge with the set's own points."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from exercise_kit import judge, sets

ROOT = Path(__file__).resolve().parents[1]
MASTER = ROOT / "solutions" / "03_customer_profitability.ipynb"
IDS = ("student001", "student002")


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _code_cells():
    """(setup cells, solution cells) of the set, in notebook order."""
    cells = json.loads(MASTER.read_text(encoding="utf-8"))["cells"]
    setup, solutions, where, started = [], [], None, False
    for cell in cells:
        text = _src(cell)
        if cell["cell_type"] == "raw":
            head = text.strip().split("\n", 1)[0]
            started |= head == "# BEGIN QUESTION"
            where = {"# BEGIN SOLUTION": "solution", "# BEGIN TESTS": "tests"}.get(head)
            continue
        if cell["cell_type"] != "code":
            continue
        if not started and not text.startswith("STUDENT_ID"):
            setup.append(text)
        elif where == "solution":
            solutions.append(text)
    return setup, solutions


QUESTIONS = {q["name"]: q for q in sets.questions(MASTER)}


def _namespace(student):
    setup, solutions = _code_cells()
    ns = {"STUDENT_ID": student}
    for text in setup + solutions:
        exec(compile(text, "set03", "exec"), ns)  # noqa: S102 - the course's own notebook
    return ns


def _public(question, ns):
    """Failure messages of a question's public checks (empty when all pass)."""
    tests = [t for t in QUESTIONS[question]["tests"] if not t["hidden"]]
    return [msg for ok, msg in (judge.run_test(t, ns) for t in tests) if not ok]


def _grade(question, ns):
    """The judge's result for one question: score (public and hidden tests) and detail."""
    return judge.judge([QUESTIONS[question]], ns)[question]


@pytest.fixture(scope="module", params=IDS)
def ns(request):
    return _namespace(request.param)


def _table(
    visits,
    *,
    amount="amount",
    labour="labour_cost",
    materials=True,
    minutes=False,
    profit_is_revenue=False,
    index=False,
):
    """A customer table as a student builds it, with one slip or none."""
    v = visits.copy()
    v["profit"] = v[amount] - v["labour_cost"] - (v["materials_cost"] if materials else 0)
    agg = dict(
        revenue=(amount, "sum"),
        profit=("amount" if profit_is_revenue else "profit", "sum"),
        labour=("stylist_minutes" if minutes else labour, "sum"),
    )
    t = v.groupby("customer_id").agg(**agg)
    return t if index else t.reset_index()


def _slips(ns):
    """{question: [(changed answers, words the public message must contain), ...]}"""
    v = ns["visits"]
    paid, listed = v["amount"].sum(), v["list_price"].sum()
    labour, materials = v["labour_cost"].sum(), v["materials_cost"].sum()
    total, ratio = ns["total_profit"], ns["contribution_ratio"]
    c = ns["customers"]
    k = len(c) // 5
    gain = c.set_index("customer_id")["profit"]
    revenue = c.set_index("customer_id")["revenue"]
    best = gain.sort_values(ascending=False)
    by_rev = gain[revenue.sort_values(ascending=False, kind="stable").index]
    winners = gain[gain > 0].sum()
    worst = c.sort_values("profit", ascending=False).tail(k)
    key = by_rev.iloc[: math.ceil(len(c) / 5)] < 0
    f = ns["breakeven_fixed"]
    losers = c[c["profit"] < 0]
    mean_table = (
        v.assign(profit=v["amount"] - v["labour_cost"] - v["materials_cost"])
        .groupby("customer_id")
        .agg(revenue=("amount", "mean"), profit=("profit", "mean"), labour=("labour_cost", "mean"))
        .reset_index()
    )
    return {
        "q1": [
            ({"total_profit": paid - labour}, "subtracts only labour_cost"),
            ({"total_profit": listed - labour - materials}, "starts from list_price"),
            ({"total_profit": paid}, "is the revenue"),
            ({"total_profit": total / len(c)}, "MEAN profit per customer"),
            ({"total_profit": float(round(total))}, "Do not round"),
            ({"total_profit": float(round(total, -2))}, "hundreds"),
            ({"contribution_ratio": round(ratio, 2)}, "Do not round"),
            (
                {
                    "contribution_ratio": (
                        (v["amount"] - v["labour_cost"] - v["materials_cost"]) / v["amount"]
                    ).mean()
                },
                "each visit's own ratio",
            ),
            ({"contribution_ratio": 100 * ratio}, "do not multiply by 100"),
            ({"contribution_ratio": 1 / ratio}, "not the other way round"),
            (
                {"contribution_ratio": total / (labour + materials)},
                "divides the profit by the costs",
            ),
            ({"contribution_ratio": 1 - ratio}, "1 minus the answer"),
            ({"contribution_ratio": total / listed}, "list prices"),
            ({"contribution_ratio": round(ratio, 3)}, "Do not round"),
            ({"customers": _table(v, amount="list_price")}, "adds up list_price"),
            ({"customers": _table(v, minutes=True)}, "stylist_minutes"),
            ({"customers": _table(v, materials=False)}, "subtracts only labour_cost"),
            ({"customers": _table(v, profit_is_revenue=True)}, "wrong column"),
            ({"customers": _table(v, index=True)}, ".reset_index()"),
            ({"customers": v}, "has no column revenue, labour"),
            (
                {
                    "customers": v.assign(profit=v["amount"])
                    .groupby(["customer_id", "service"])
                    .agg(
                        revenue=("amount", "sum"),
                        profit=("profit", "sum"),
                        labour=("labour_cost", "sum"),
                    )
                    .reset_index()
                },
                "one row per customer",
            ),
            ({"customers": None}, "`customers` is not defined"),
            ({"customers": mean_table}, "mean instead of sum in agg"),
            ({"total_profit": mean_table["profit"].sum()}, "mean instead of sum in agg"),
            (
                {"contribution_ratio": mean_table["profit"].sum() / mean_table["revenue"].sum()},
                "mean instead of sum in agg",
            ),
        ],
        "q2": [
            ({"best20_share": gain.iloc[:k].sum() / gain.sum()}, "customer_id order"),
            ({"best20_share": by_rev.iloc[:k].sum() / gain.sum()}, "top fifth by revenue"),
            ({"best20_share": revenue[by_rev.index[:k]].sum() / revenue.sum()}, "share of revenue"),
            ({"best20_share": best.iloc[:k].sum() / winners}, "profitable customers only"),
            ({"best20_share": 1 - ns["best20_share"]}, "OTHER 80 %"),
            ({"best20_share": best.iloc[-k:].sum() / gain.sum()}, "LARGEST profit down"),
            ({"best20_share": 100 * ns["best20_share"]}, "Do not multiply by 100"),
            ({"best20_share": round(ns["best20_share"], 2)}, "Do not round"),
            ({"best20_share": best.iloc[:20].sum() / gain.sum()}, "not the first 20 %"),
            ({"best20_share": revenue[best.index[:k]].sum() / revenue.sum()}, "share of revenue"),
            ({"best20_share": best.iloc[:k].sum() / revenue.sum()}, "divides by the total revenue"),
            ({"best20_share": best.iloc[:k].sum()}, "in yuan"),
            (
                {
                    "best20_share": (v["amount"] - v["labour_cost"] - v["materials_cost"])
                    .nlargest(len(v) // 5)
                    .sum()
                    / gain.sum()
                },
                "single VISITS",
            ),
        ],
        "q3": [
            ({"peak_share": 100 * ns["peak_share"]}, "percentage"),
            ({"peak_share": winners}, "or yuan"),
            ({"peak_share": winners / revenue.sum()}, "divides by the revenue"),
            ({"peak_share": ns["best20_share"]}, "curve at 20 % of customers"),
            ({"peak_share": round(ns["peak_share"], 2)}, "Do not round"),
            ({"profitable_share": 1 - ns["profitable_share"]}, "LOSE money"),
            ({"profitable_share": int((gain > 0).sum())}, "do not multiply by 100"),
            (
                {"profitable_share": (v["amount"] > v["labour_cost"] + v["materials_cost"]).mean()},
                "VISITS",
            ),
            ({"peak_after_fixed": ns["peak_share"]}, "BEFORE fixed costs"),
            ({"peak_after_fixed": (winners - 10_000) / (total - 10_000)}, "off the peak too"),
            ({"peak_after_fixed": (winners - 10_000) / total}, "keeps the old total"),
            ({"peak_after_fixed": winners / (total + 10_000)}, "ADDS the fixed costs"),
            ({"peak_after_fixed": 100 * ns["peak_after_fixed"]}, "percentage"),
            ({"peak_after_fixed": round(ns["peak_after_fixed"], 2)}, "Do not round"),
            ({"peak_after_fixed": winners - 10_000}, "amount in yuan"),
            ({"peak_after_fixed": total - 10_000}, "amount in yuan"),
        ],
        "q5": [
            ({"key_loss_share": (gain < 0).mean()}, "ALL customers who lose money"),
            (
                {"key_loss_share": (best.iloc[: math.ceil(len(c) / 5)] < 0).mean()},
                "ranks the customers by profit",
            ),
            ({"key_loss_share": 1 - key.mean()}, "MAKE money"),
            ({"key_loss_share": (by_rev.iloc[len(key) :] < 0).mean()}, "OUTSIDE the key tier"),
            (
                {"key_loss_share": key.sum() / (gain < 0).sum()},
                "share of the loss-makers who are key",
            ),
            ({"key_loss_share": int(key.sum())}, "not a sum"),
            (
                {
                    "key_loss_share": (v["amount"] < v["labour_cost"] + v["materials_cost"])[
                        v["customer_id"].isin(by_rev.index[: len(key)])
                    ].mean()
                },
                "VISITS",
            ),
            ({"key_loss_share": 100 * key.mean()}, "do not multiply by 100"),
            ({"key_loss_share": round(key.mean(), 2)}, "Do not round"),
        ],
        "q6": [
            ({"breakeven_fixed": -worst["profit"].sum() / worst["revenue"].sum()}, "revenue"),
            (
                {"breakeven_fixed": -worst["profit"].sum() / c["labour"].sum()},
                "labour of ALL customers",
            ),
            (
                {"breakeven_fixed": -c["profit"].tail(k).sum() / c["labour"].tail(k).sum()},
                "customer_id order",
            ),
            ({"breakeven_fixed": 1 - f}, "1 minus the break-even"),
            (
                {
                    "breakeven_fixed": -best.iloc[:k].sum()
                    / c.set_index("customer_id")["labour"][best.index[:k]].sum()
                },
                "LAST fifth",
            ),
            ({"breakeven_fixed": -f}, "minus sign"),
            ({"breakeven_fixed": 100 * f}, "not 35"),
            ({"breakeven_fixed": round(f, 2)}, "Do not round"),
            (
                {"breakeven_fixed": -losers["profit"].sum() / losers["labour"].sum()},
                "every customer who loses",
            ),
            (
                {"breakeven_fixed": (-worst["profit"] / worst["labour"]).mean()},
                "mean of the customers' own",
            ),
        ],
        "q7": [
            ({"drop_worst20": not ns["drop_worst20"]}, "does not follow"),
            ({"drop_worst20": str(ns["drop_worst20"])}, "True or False"),
        ],
    }


def test_the_solution_passes_every_check_with_full_marks(ns):
    for name, q in QUESTIONS.items():
        if q["manual"]:
            continue
        got = _grade(name, ns)
        assert (got["score"], got["detail"]) == (q["points"], ""), (name, got)


def test_each_slip_is_named_by_a_public_check_and_scores_nothing(ns):
    for question, slips in _slips(ns).items():
        for change, words in slips:
            ((name, wrong),) = change.items()
            if _same(wrong, ns[name]):
                # on this student's data the slip gives the right answer (a rounded 0.15, say)
                continue
            typed = {**ns, **change}
            messages = _public(question, typed)
            assert any(words in m for m in messages), (question, change, messages)
            assert _grade(question, typed)["score"] == 0, (question, change)


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), rel_tol=1e-9))
    except (TypeError, ValueError):
        return False


def _retyped(value):
    """The same right answer as a student might type it: numpy or Python, int or float."""
    if isinstance(value, (bool, np.bool_)):
        return [bool(value), np.bool_(value)]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value)]
    if isinstance(value, (float, np.floating)):
        return [float(value), np.float64(value)]
    return [value]


def test_right_answers_of_any_sensible_type_pass_silently_and_score(ns):
    for name, q in QUESTIONS.items():
        if q["manual"]:
            continue
        answers = {a for t in q["tests"] for a in t["args"]} - {"visits", "STUDENT_ID", "customers"}
        for answer in sorted(answers):
            for value in _retyped(ns[answer]):
                typed = {**ns, answer: value}
                assert _public(name, typed) == [], (name, answer, type(value))
                assert _grade(name, typed)["score"] == q["points"], (name, answer, type(value))
    # the customer table in another row order, or with the index kept as well, is the same table
    shuffled = ns["customers"].sample(frac=1, random_state=1)
    for name in ("q1", "q2", "q3", "q5", "q6"):
        assert _grade(name, {**ns, "customers": shuffled})["score"] == QUESTIONS[name]["points"]


def test_a_right_numpy_boolean_decision_passes_the_check_and_scores():
    # the defect of issue 14: a right np.bool_ failed set 03's public check but scored
    ns = _namespace("self-study")
    typed = {**ns, "drop_worst20": np.bool_(ns["drop_worst20"])}
    assert _public("q7", typed) == []
    assert _grade("q7", typed)["score"] == 2


def test_one_wrong_column_in_q1_costs_q1_only_and_the_sheet_says_why(ns):
    # error carried forward: profit built without the materials; every later step done right on it
    v = ns["visits"]
    wrong = _table(v, materials=False)
    chain = {
        "customers": wrong,
        "total_profit": wrong["profit"].sum(),
        "contribution_ratio": wrong["profit"].sum() / wrong["revenue"].sum(),
    }
    ranked = wrong.sort_values("profit", ascending=False)
    chain["best20_share"] = ranked["profit"].head(len(ranked) // 5).sum() / ranked["profit"].sum()
    pos = wrong.loc[wrong["profit"] > 0, "profit"].sum()
    chain["peak_share"] = pos / wrong["profit"].sum()
    chain["profitable_share"] = (wrong["profit"] > 0).mean()
    chain["peak_after_fixed"] = pos / (wrong["profit"].sum() - 10_000)
    top = wrong.sort_values("revenue", ascending=False, kind="stable").head(
        math.ceil(len(wrong) / 5)
    )
    chain["key_loss_share"] = (top["profit"] < 0).mean()
    dropped = ranked.tail(len(ranked) // 5)
    chain["breakeven_fixed"] = -dropped["profit"].sum() / dropped["labour"].sum()
    chain["drop_worst20"] = bool(chain["breakeven_fixed"] > 1 / 3)
    typed = {**ns, **chain}
    assert any("subtracts only labour_cost" in m for m in _public("q1", typed))
    assert _grade("q1", typed)["score"] == 0
    answer = {"q2": "best20_share", "q3": "peak_share", "q6": "breakeven_fixed"}
    for name in (
        "q2",
        "q3",
        "q6",
    ):  # really carried: the student's later answers differ from the right ones
        assert not math.isclose(chain[answer[name]], ns[answer[name]], rel_tol=1e-6), name
    for name in ("q2", "q3", "q5", "q6", "q7"):
        got = _grade(name, typed)
        assert got["score"] == QUESTIONS[name]["points"], (name, got)
        assert _public(name, typed) == [], name
    for name in ("q2", "q3", "q6"):
        assert _grade(name, typed)["detail"].startswith("hidden check: error carried forward"), name
    # the same later answers with the right table are not carried: they are simply wrong
    for name in ("q2", "q3", "q6"):
        assert _grade(name, {**typed, "customers": ns["customers"]})["score"] == 0, name


def test_a_decision_follows_the_students_own_breakeven():
    ns = _namespace("self-study")
    own = (
        0.30 if ns["breakeven_fixed"] > 1 / 3 else 0.40
    )  # a wrong break-even on the other side of 1/3
    typed = {**ns, "breakeven_fixed": own, "drop_worst20": own > 1 / 3}
    assert _public("q7", typed) == []
    got = _grade("q7", typed)
    assert got["score"] == 2 and "error carried forward" in got["detail"]
    assert _grade("q6", typed)["score"] == 0
    assert (
        _grade("q7", {**typed, "breakeven_fixed": "0.3"})["detail"]
        == "hidden check: the decision does not follow from your data"
    )


def test_a_one_value_series_in_q2_is_told_to_take_the_value(ns):
    import pandas as pd

    for wrapped in (
        pd.Series([ns["best20_share"]]),
        pd.DataFrame({"profit": [ns["best20_share"]]}),
    ):
        messages = _public("q2", {**ns, "best20_share": wrapped})
        assert any(".iloc[0]" in m for m in messages), messages


def test_a_breakeven_over_all_loss_makers_is_not_carried_into_q7(ns):
    # review item 2: dropping all loss-makers can put the break-even on the other side of 1/3
    c = ns["customers"]
    losers = c[c["profit"] < 0]
    slip = -losers["profit"].sum() / losers["labour"].sum()
    typed = {**ns, "breakeven_fixed": slip, "drop_worst20": bool(slip > 1 / 3)}
    assert any("every customer who loses" in m for m in _public("q6", typed))
    assert _grade("q6", typed)["score"] == 0
    # on both ids the slip (0.318, 0.310) and the right break-even (0.341, 0.338) straddle 1/3
    assert (slip > 1 / 3) != ns["drop_worst20"]
    assert _grade("q7", typed)["score"] == 0
