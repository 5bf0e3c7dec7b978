"""Exercise set 05's public checks name each common slip and stay silent on a right answer of any
sensible type; its hidden tests pass the solution, fail every slip, and carry an error forward:
a later step done right on the student's own wrong earlier value keeps its points, and the grade
sheet says why. Each slip is typed as a student would, on two student ids, from the set's own
solution notebook."""

import inspect
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SET = "05_retention_economics"
IDS = ("student001", "student002")


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _load():
    """(code cells in notebook order, {question: (public tests, hidden tests, points)}).

    The code cells are the setup, the solutions and the data cells between questions, as a
    student runs them; test cells are kept apart."""
    cells = json.loads((ROOT / "solutions" / f"{SET}.ipynb").read_text(encoding="utf-8"))["cells"]
    code, tests, question, in_tests = [], {}, None, False
    for cell in cells:
        text = _src(cell)
        if cell["cell_type"] == "raw":
            if text.startswith("# BEGIN QUESTION"):
                question = text.split("name:")[1].split()[0]
                points = text.split("points:")[1].strip()
                tests[question] = ([], [], json.loads(points) if points.startswith("[") else None)
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(text.strip(), in_tests)
            continue
        if cell["cell_type"] != "code" or text.startswith("STUDENT_ID"):
            continue
        if in_tests:
            tests[question][text.startswith("# HIDDEN")].append(text)
        elif "grader" not in text:
            code.append(text)
    return code, tests


CODE, TESTS = _load()


def _function(text):
    scope = {}
    exec(compile(text, "test", "exec"), scope)  # noqa: S102 - the course's own notebook
    return next(v for k, v in scope.items() if k.startswith("test_"))


def _namespace(student):
    ns = {"STUDENT_ID": student}
    for text in CODE:
        exec(compile(text, SET, "exec"), ns)  # noqa: S102 - the course's own notebook
    return ns


def _results(test_sources, ns):
    """[(passed, message)] of the tests, in order (otter counts any exception as a failure)."""
    out = []
    for text in test_sources:
        fn = _function(text)
        try:
            fn(**{p: ns.get(p) for p in inspect.signature(fn).parameters})
        except Exception as err:  # noqa: BLE001
            out.append((False, str(err)))
        else:
            out.append((True, ""))
    return out


def _failures(test_sources, ns):
    return [m for ok, m in _results(test_sources, ns) if not ok]


def _score(question, ns):
    """Points the hidden tests give, as the judge counts them (public tests are worth 0)."""
    public, hidden, points = TESTS[question]
    results = _results(public + hidden, ns)
    return sum(p for p, (ok, _) in zip(points, results) if ok), results


@pytest.fixture(scope="module", autouse=True)
def _generate_once():
    """The hidden tests rebuild the student's data on every call; build each data set once here
    (a copy each time, so no test sees another's changes)."""
    import copy

    import crmlab as crm

    real, made = crm.simulate.generate, {}

    def cached(group, n_customers=None, *, seed=None):
        key = (group, n_customers, seed)
        if key not in made:
            made[key] = real(group, n_customers, seed=seed)
        return copy.deepcopy(made[key])

    crm.simulate.generate = cached
    yield
    crm.simulate.generate = real


@pytest.fixture(scope="module", params=IDS)
def ns(request, _generate_once):
    return _namespace(request.param)


def test_the_set_has_eight_questions_and_six_are_autograded():
    assert sorted(TESTS) == [f"q{i}" for i in range(1, 9)]
    assert [q for q, (_, _, pts) in TESTS.items() if pts is None] == ["q6"]


def test_the_solution_passes_every_check_with_full_marks(ns):
    for question, (public, hidden, points) in TESTS.items():
        assert _failures(public + hidden, ns) == [], question
        if points is not None:
            assert len(points) == len(public) + len(hidden), question
            assert _score(question, ns)[0] == sum(points) > 0, question


def _slips(ns):
    """{question: [({variable: wrong value}, words the public message must contain)]}."""
    trips, lapsing = ns["trips"], ns["lapsing"]
    first = set(trips.loc[trips["date"] < "2024-07-01", "customer_id"])
    second = set(trips.loc[trips["date"] >= "2024-07-01", "customer_id"])
    half = ns["retention_half"]
    r = ns["retention_year"]
    s2 = ns["second_half"]
    new = ~s2["customer_id"].isin(ns["first_half"]["customer_id"])
    share = lapsing.groupby("group", observed=True)["bought"].mean()
    count = lapsing.groupby("group", observed=True)["bought"].sum()
    everyone = ns["letter_test"].groupby("group", observed=True)["bought"].mean()
    u = ns["letter_uplift"]
    return {
        "q1": [({"retention_half": 1 - half}, "churn rate"),
               ({"retention_half": len(first & second) / trips["customer_id"].nunique()},
                "all the customers of the year"),
               ({"retention_half": len(first & second) / len(second)}, "second-half customers"),
               ({"retention_half": len(second) / len(first)}, "BOTH halves"),
               ({"retention_half": len(first & second) / 3000}, "3000 customers"),
               ({"retention_half": 100 * half}, "0.75"),
               ({"retention_half": round(half, 2)}, "Do not round"),
               ({"retention_half": round(half, 3)}, "Do not round")],
        "q2": [({"retention_year": half}, "square retention_half"),
               ({"retention_year": 1 - r}, "LEAVE"),
               ({"retention_year": 2 * half}, "doubles"),
               ({"retention_year": round(r, 2)}, "Do not round"),
               ({"lifetime_years": 1 / r}, "1 / r"),
               ({"lifetime_years": 1 / (1 - half)}, "half-year"),
               ({"lifetime_years": r / (1 - r)}, "leaves out the year"),
               ({"lifetime_years": 12 / (1 - r)}, "months")],
        "q3": [({"clv_now": 1000 * r / (1 - r)}, "discount rate"),
               ({"clv_now": 1000 * half / (1.10 - half)}, "half-year"),
               ({"clv_now": 1000 / (1.10 - r)}, "sure to stay"),
               ({"clv_now": 1000 * r / (11 - r)}, "0.10"),
               ({"clv_now": 1000 + 1000 * r / (1.10 - r)}, "this year's 1,000"),
               ({"clv_now": r / (1.10 - r)}, "leaves out the margin"),
               ({"clv_now": 1000 * 0.10 / (1 + r - 0.10)}, "swaps r and d")],
        "q4": [({"new_sales_share": 1 - ns["new_sales_share"]}, "ALREADY"),
               ({"new_sales_share": s2.loc[new, "amount"].sum() / trips["amount"].sum()},
                "whole year"),
               ({"new_sales_share": float(new.mean())}, "TRIPS"),
               ({"new_sales_share": s2.loc[new, "amount"].sum()
                 / ns["first_half"]["amount"].sum()}, "FIRST half's sales"),
               ({"new_sales_share": s2.loc[new, "amount"].mean() / s2["amount"].mean()},
                "mean basket"),
               ({"new_sales_share": round(ns["new_sales_share"], 2)}, "Do not round")],
        "q5": [({"value_stays": ns["clv_now"]}, "clv_now"),
               ({"value_stays": 1000 / (1 - r)}, "discount rate"),
               ({"value_stays": 1000 + ns["value_stays"]}, "this year's 1,000"),
               ({"refund_rise": 300 / ns["clv_now"]}, "first year twice"),
               ({"refund_rise": 100 * ns["refund_rise"]}, "do not multiply by 100"),
               ({"refund_rise": 0.3}, "one year's margin"),
               ({"refund_rise": round(ns["refund_rise"], 3)}, "Do not round")],
        "q7": [({"letter_uplift": share["offer"]}, "subtract the share of the hold-out"),
               ({"letter_uplift": -u}, "wrong way round"),
               ({"letter_uplift": share["offer"] / share["holdout"] - 1}, "relative rise"),
               ({"letter_uplift": int(count["offer"] - count["holdout"])}, "numbers of customers"),
               ({"letter_uplift": everyone["offer"] - everyone["holdout"]}, "lapsing"),
               ({"letter_uplift": (count["offer"] - count["holdout"]) / len(lapsing)},
                "whole lapsing table"),
               ({"letter_uplift": round(u, 2)}, "Do not round"),
               ({"cost_per_kept": 3.0}, "cost of one letter"),
               ({"cost_per_kept": 3.0 / share["offer"]}, "would have come anyway"),
               ({"cost_per_kept": 1 / u}, "break-even cost ratio"),
               ({"cost_per_kept": 3.0 / (100 * u)}, "percentage points"),
               ({"cost_per_kept": 30.0 / u}, "NEW customer"),
               ({"cost_per_kept": 3.0 * int((lapsing["group"] == "offer").sum())},
                "all the letters sent"),
               ({"cost_per_kept": round(3.0 / u, 1)}, "Do not round"),
               ({"cost_per_kept": round(3.0 / u)}, "Do not round")],
        "q8": [({"send_letter": not ns["send_letter"]}, "does not follow"),
               ({"send_letter": "yes"}, "True or False")],
    }


def test_each_slip_is_named_by_a_public_check_and_loses_points(ns):
    for question, slips in _slips(ns).items():
        public, _, _ = TESTS[question]
        for change, words in slips:
            (var, wrong), = change.items()
            if _same(wrong, ns[var]):
                continue  # on this student's data the slip gives the right answer
            typed = {**ns, **change}
            messages = _failures(public, typed)
            if _score(question, typed)[0] == sum(TESTS[question][2]):
                # within the grading tolerance on this student's data (a rounding to 3 places,
                # say): not a slip, and the public checks must say nothing either
                assert messages == [], (question, change, messages)
                continue
            assert any(words in m for m in messages), (question, change, messages)


def test_a_message_never_gives_the_right_value(ns):
    """No public message contains the right answer, printed as a student would see it."""
    for question, slips in _slips(ns).items():
        public, _, _ = TESTS[question]
        for change, _ in slips:
            (var, _), = change.items()
            right = ns[var]
            if isinstance(right, (bool, np.bool_)):
                continue
            for message in _failures(public, {**ns, **change}):
                for shown in (f"{right}", f"{right:.3f}", f"{right:.2f}", f"{right:,.0f}"):
                    if len(shown.strip("0.")) > 1:
                        assert shown not in message, (question, shown, message)


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), abs_tol=1e-9))
    except (TypeError, ValueError):
        return a == b


def _retyped(value):
    """The same right answer as a student might type it: numpy, Python, int or float, or a
    one-element Series of it where a table lookup gives one."""
    if isinstance(value, (bool, np.bool_)):
        return [bool(value), np.bool_(value)]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value)]
    if isinstance(value, (float, np.floating)) and math.isfinite(value):
        return [float(value), np.float64(value), round(float(value), 12)]
    return [value]


def test_right_answers_of_any_sensible_type_pass_silently(ns):
    answers = ("retention_half", "retention_year", "lifetime_years", "clv_now", "new_sales_share",
               "value_stays", "refund_rise", "letter_uplift", "cost_per_kept", "send_letter")
    for var in answers:
        for typed in _retyped(ns[var]):
            space = {**ns, var: typed}
            for question, (public, hidden, points) in TESTS.items():
                takes = [t for t in public + hidden
                         if var in inspect.signature(_function(t)).parameters]
                assert _failures(takes, space) == [], (var, type(typed), question)


def test_a_one_element_series_is_not_taken_for_a_number(ns):
    """`rates[rates.index == "offer"]` is a table, not a number: one clear message, no crash."""
    space = {**ns, "letter_uplift": pd.Series([ns["letter_uplift"]])}
    messages = _failures(TESTS["q7"][0], space)
    assert len(messages) == 1 and "should be one number; got a Series" in messages[0], messages
    assert ".iloc[0]" in messages[0]


def test_an_error_is_carried_forward_along_the_chain_with_a_reason(ns):
    """A student squares the wrong half-year rate: retention_year is wrong (q2 loses its point), and
    every later step done right on it keeps its points, with a reason in the grade sheet."""
    import crmlab as crm

    wrong_r = ns["retention_half"]  # the slip: the half-year rate taken as the yearly one
    chain = {"retention_year": wrong_r, "lifetime_years": 1 / (1 - wrong_r),
             "clv_now": crm.clv.simple_clv(1000, wrong_r, 0.10)}
    chain["value_stays"] = crm.clv.value_if_stays(1000, wrong_r, 0.10)
    chain["refund_rise"] = 300 / chain["value_stays"]
    space = {**ns, **chain}
    q2, results = _score("q2", space)
    assert q2 == 1  # lifetime_years carried forward; retention_year wrong
    assert any("error carried forward" in m for ok, m in results if not ok)
    for question in ("q3", "q5"):
        score, results = _score(question, space)
        assert score == sum(TESTS[question][2]), question
        notes = [m for ok, m in results if not ok]
        assert len(notes) == 1 and notes[0].startswith("error carried forward"), (question, notes)
        assert _failures(TESTS[question][0], space) == [], question  # its public checks stay silent


def test_the_letter_chain_carries_a_wrong_uplift_to_the_cost_and_the_decision(ns):
    share = ns["lapsing"].groupby("group", observed=True)["bought"].mean()
    u = float(share["offer"])  # the slip: the offer group's share, with no hold-out subtracted
    cost = 3 / u
    space = {**ns, "letter_uplift": u, "cost_per_kept": cost, "send_letter": cost < 30}
    assert _score("q7", space)[0] == 1
    score, results = _score("q8", space)
    assert score == 2
    if (cost < 30) != (ns["cost_per_kept"] < 30):  # the carried decision differs from the right one
        assert [m for ok, m in results if not ok][0].startswith("error carried forward")
    # the right cost with a decision read backwards scores nothing
    assert _score("q8", {**ns, "send_letter": not ns["send_letter"]})[0] == 0


def test_a_blank_answer_scores_zero_and_is_told_to_answer(ns):
    names = ("retention_half", "retention_year", "lifetime_years", "clv_now", "new_sales_share",
             "value_stays", "refund_rise", "letter_uplift", "cost_per_kept", "send_letter")
    blank = {**ns, **{v: ... for v in names}}
    for question, (public, _, points) in TESTS.items():
        if points is None:
            continue
        assert _score(question, blank)[0] == 0, question
        assert any("still `...`" in m for m in _failures(public, blank)), question


def test_a_percentage_share_of_new_sales_gets_no_false_lead(ns):
    """75 % typed as 75 is named a percentage; the more-than-half check stays out of it."""
    messages = _failures(TESTS["q4"][0], {**ns, "new_sales_share": 100 * ns["new_sales_share"]})
    assert any("percentage" in m for m in messages), messages
    assert not any("more than half" in m for m in messages), messages


def test_an_uplift_over_the_whole_lapsing_table_is_not_carried_to_the_decision(ns):
    """Each group's buyers divided by all lapsing customers: the cost is 3 / that uplift, and a
    decision that follows from it is not graded as right when the data says otherwise."""
    lapsing = ns["lapsing"]
    count = lapsing.groupby("group", observed=True)["bought"].sum()
    u = (count["offer"] - count["holdout"]) / len(lapsing)
    cost = 3 / u
    space = {**ns, "letter_uplift": u, "cost_per_kept": cost, "send_letter": bool(cost < 30)}
    assert any("whole lapsing table" in m for m in _failures(TESTS["q7"][0], space))
    assert _score("q7", space)[0] == 1  # the cost follows from the student's own uplift
    right = bool(ns["cost_per_kept"] < 30)
    score, results = _score("q8", space)
    assert score == (2 if bool(cost < 30) == right else 0)
    assert not any(m.startswith("error carried forward") for ok, m in results if not ok)
