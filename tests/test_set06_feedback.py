"""Exercise set 06's public checks name each common slip and stay silent on a right answer of any
sensible type; its hidden tests pass the solution and fail every slip. Each slip is typed as a
student would, on two student ids, from the set's own solution notebook; the roll-out decision
splits the class (measured over 30 student ids) and a near tie accepts both answers."""

import inspect
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import exercise_harness as harness
import statsmodels.api as sm

ROOT = Path(__file__).resolve().parents[1]
SET = "06_loyalty"
IDS = ("student001", "student002")


CODE, SOLUTIONS, TESTS = harness.load(SET)
_results, _failures = harness.results, harness.failures
_function, _src = harness.function, harness.src


def _namespace(student):
    return harness.namespace(CODE, SET, student)


def _score(question, ns):
    return harness.score(TESTS, question, ns)


@pytest.fixture(scope="module")
def _generate_once():
    with harness.generate_once():
        yield


@pytest.fixture(scope="module", params=IDS)
def ns(request, _generate_once):
    return _namespace(request.param)


def test_the_set_has_seven_questions_and_six_are_autograded():
    assert sorted(TESTS) == [f"q{i}" for i in range(1, 8)]
    assert [q for q, (_, _, pts) in TESTS.items() if pts is None] == ["q7"]


def test_the_solution_passes_every_check_with_full_marks(ns):
    for question, (public, hidden, points) in TESTS.items():
        assert _failures(public + hidden, ns) == [], question
        if points is not None:
            assert len(points) == len(public) + len(hidden), question
            assert _score(question, ns) == sum(points) > 0, question


def _slips(ns):
    """{question: [({variable: wrong value}, words the public message must contain)]}."""
    import crmlab as crm

    survey, log, pilot = ns["survey"], ns["log"], ns["pilot"]
    comps, drv = list(crm.loyalty.LOYALTY_COMPONENTS), list(crm.loyalty.LOYALTY_DRIVERS)
    table = survey[comps].corr().to_numpy()
    r = table[np.triu_indices(5, 1)].mean()
    r_all = table.mean()
    a = ns["alpha_loyalty"]
    imp = ns["importance"]
    w = ns["satisfaction_weight"]
    data = survey.assign(loyalty=ns["loyalty_score"])
    raw = sm.OLS(data["loyalty"], sm.add_constant(data[drv].astype(float))).fit().params[drv]
    att = ns["loyalty_score"]
    year1 = log[log["month"] < "2025-01-01"]

    def visits(rows, fill=True):
        v = survey["customer_id"].map(rows.groupby("customer_id")["visits"].sum())
        return v.fillna(0) if fill else v

    def churn(high_att, high_vis, v=None, att_cut=None):
        v = visits(year1) if v is None else v
        mask = ((att > att.median()) == high_att) & ((v > v.median()) == high_vis)
        return float(survey.loc[mask, "churned"].mean())

    v24 = visits(year1)
    spur = (att <= att.median()) & (v24 > v24.median())
    spend = survey["customer_id"].map(year1.groupby("customer_id")["amount"].sum()).fillna(0)
    s = ns["spurious_churn"]
    member = pilot["group"] == "programme"
    r_p, r_h = pilot.loc[member, "retained"].mean(), pilot.loc[~member, "retained"].mean()
    u = ns["uplift"]
    rewards = pilot.loc[member, "reward_cost"].sum()
    n_p, n_h = int(member.sum()), int((~member).sum())
    c = ns["cost_per_kept"]
    held = pilot[~member]
    stay = held[held["retained"]]
    pay = ns["payback_value"]
    return {
        "q1": [({"alpha_loyalty": crm.reliability.cronbach_alpha(survey, columns=comps)},
                "RAW alpha"),
               ({"alpha_loyalty": crm.reliability.cronbach_alpha(survey, columns=drv,
                                                                 standardized=True)}, "DRIVERS"),
               ({"alpha_loyalty": r}, "mean correlation r itself"),
               ({"alpha_loyalty": 5 * r / (1 + 5 * r)}, "1 + (k - 1) r"),
               ({"alpha_loyalty": 5 * r_all / (1 + 4 * r_all)}, "diagonal"),
               ({"alpha_loyalty": 4 * r / (1 + 3 * r)}, "k = 4"),
               ({"alpha_loyalty": 1 - a}, "1 minus alpha"),
               ({"alpha_loyalty": 100 * a}, "do not multiply by 100"),
               ({"alpha_loyalty": round(a, 2)}, "rounded"),
               ({"alpha_loyalty": round(a, 1)}, "rounded"),
               ({"alpha_loyalty": 0.943}, "notebook 06"),
               ({"alpha_loyalty": survey[comps]}, "should be one number")],
        "q2": [({"satisfaction_weight": imp.loc["satisfaction", "correlation"]
                 / imp["correlation"].sum()}, "CORRELATIONS"),
               ({"satisfaction_weight": imp.loc["satisfaction", "shapley_pct"] / 100}, "Shapley"),
               ({"satisfaction_weight": imp.loc["satisfaction", "beta"]}, "beta itself"),
               ({"satisfaction_weight": raw["satisfaction"] / raw.sum()}, "raw ratings"),
               ({"satisfaction_weight": 1 - w}, "OTHER four"),
               ({"satisfaction_weight": imp.loc["trust", "relative_weight"]}, "share of trust"),
               ({"satisfaction_weight": imp.loc["rewards", "relative_weight"]}, "share of rewards"),
               ({"satisfaction_weight": 100 * w}, "do not multiply by 100"),
               ({"satisfaction_weight": round(w, 2)}, "rounded"),
               ({"satisfaction_weight": 0.359}, "notebook 06"),
               ({"satisfaction_weight": 0.280}, "notebook 06"),
               ({"satisfaction_weight": 0.35}, "planted")],
        "q3": [({"spurious_churn": churn(True, False)}, "LATENT"),
               ({"spurious_churn": churn(True, True)}, "TRUE loyalty"),
               ({"spurious_churn": churn(False, False)}, "NO loyalty"),
               ({"spurious_churn": churn(False, True, v=visits(log))}, "both years"),
               ({"spurious_churn": float(survey.loc[(att < att.median()) & (v24 >= v24.median()),
                                                    "churned"].mean())}, "at or above"),
               ({"spurious_churn": float(survey.loc[(att <= att.median())
                                                    & (spend > spend.median()), "churned"].mean())},
                "SPEND"),
               ({"spurious_churn": churn(False, True, v=visits(year1, fill=False))}, "fillna"),
               ({"spurious_churn": float(spur.mean())}, "ARE spurious"),
               ({"spurious_churn": 1 - s}, "STAYED"),
               ({"spurious_churn": float(survey["churned"].mean())}, "all customers"),
               ({"spurious_churn": survey.loc[spur, "churned"].sum() / len(survey)},
                "by ALL customers"),
               ({"spurious_churn": int(survey.loc[spur, "churned"].sum())}, "not its sum"),
               ({"spurious_churn": 100 * s}, "do not multiply by 100"),
               ({"spurious_churn": round(s, 2)}, "rounded"),
               ({"spurious_churn": 0.321}, "notebook 06")],
        "q4": [({"uplift": r_p}, "members' retention alone"),
               ({"uplift": -u}, "hold-out minus members"),
               ({"uplift": r_p - pilot["retained"].mean()}, "ALL customers"),
               ({"uplift": r_p / r_h}, "divides the two shares"),
               ({"uplift": r_p / r_h - 1}, "relative change"),
               ({"uplift": (pilot.loc[member, "retained"].sum()
                            - pilot.loc[~member, "retained"].sum()) / len(pilot)},
                "ALL pilot customers"),
               ({"uplift": int(pilot.loc[member, "retained"].sum()
                               - pilot.loc[~member, "retained"].sum())}, "numbers of customers"),
               ({"uplift": 100 * u}, "do not multiply by 100"),
               ({"uplift": round(u, 3)}, "rounded"),
               ({"uplift": round(u, 2)}, "rounded"),
               ({"uplift": 0.0396}, "notebook 06")],
        "q5": [({"cost_per_kept": rewards / pilot.loc[member, "retained"].sum()}, "deadweight"),
               ({"cost_per_kept": rewards / n_p}, "reward per member"),
               ({"cost_per_kept": rewards / (u * n_h)}, "HOLD-OUT group"),
               ({"cost_per_kept": rewards / (100 * u * n_p)}, "in percent"),
               ({"cost_per_kept": rewards / (u * len(pilot))}, "ALL customers"),
               ({"cost_per_kept": pilot.loc[member & pilot["retained"], "reward_cost"].sum()
                 / (u * n_p)}, "leavers' rewards"),
               ({"cost_per_kept": pilot["reward_cost"].sum() / (u * n_p)}, "whole pilot"),
               ({"cost_per_kept": rewards / u}, "uplift alone"),
               ({"cost_per_kept": u * n_p / rewards}, "upside down"),
               ({"cost_per_kept": round(c, -1)}, "rounded"),
               ({"cost_per_kept": round(c, -2)}, "rounded"),
               ({"cost_per_kept": 1231.0}, "notebook 06"),
               ({"cost_per_kept": 64}, "notebook 06")],
        "q6": [({"payback_value": pay / 2}, "ONE year"),
               ({"payback_value": pay / 0.2}, "leaves out the margin"),
               ({"payback_value": pay * 100}, "20 instead of 0.20"),
               ({"payback_value": 0.4 * held["spend_during"].mean()}, "leavers too"),
               ({"payback_value": 0.4 * pilot.loc[member & pilot["retained"],
                                                  "spend_during"].mean()}, "MEMBERS"),
               ({"payback_value": 0.4 * pilot.loc[pilot["retained"], "spend_during"].mean()},
                "BOTH groups"),
               ({"payback_value": 0.4 * stay["spend_before"].mean()}, "spend_before"),
               ({"payback_value": 0.4 * stay["spend_during"].sum()}, "adds up"),
               ({"payback_value": 0.4 * stay["spend_during"].median()}, "median"),
               ({"payback_value": round(pay)}, "rounded"),
               ({"payback_value": round(pay, -1)}, "rounded"),
               ({"roll_out": not ns["roll_out"]}, "BELOW the payback value"),
               ({"roll_out": "yes" if ns["roll_out"] else "no"}, "True or False")],
    }


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), abs_tol=1e-9))
    except (TypeError, ValueError):
        return False


def test_each_slip_is_named_by_a_public_check_and_fails_the_hidden_test(ns):
    missed, checked = [], 0
    for question, slips in _slips(ns).items():
        public, _, points = TESTS[question]
        for change, words in slips:
            (var, wrong), = change.items()
            if _same(wrong, ns[var]):
                continue  # on this student's data the slip gives the right answer
            typed = {**ns, **change}
            messages = _failures(public, typed)
            assert not [m for m in messages if not m.startswith("AssertionError")], messages
            if _score(question, typed) == sum(points):
                # within the grading tolerance on this student's data: the checks say nothing
                assert messages == [], (question, change, messages)
                continue
            checked += 1
            if not any(words in m for m in messages):
                missed.append((question, words, messages))
    assert missed == []
    assert checked >= 70


def test_a_message_never_gives_the_right_value(ns):
    for question, slips in _slips(ns).items():
        public, _, _ = TESTS[question]
        for change, _ in slips:
            (var, _), = change.items()
            right = ns[var]
            if isinstance(right, (bool, np.bool_)):
                continue
            for message in _failures(public, {**ns, **change}):
                for shown in (f"{right}", f"{right:.4f}", f"{right:.3f}", f"{right:,.0f}"):
                    if len(shown.strip("0.")) > 1:
                        assert shown not in message, (question, shown, message)


def _retyped(value):
    if isinstance(value, (bool, np.bool_)):
        return [bool(value), np.bool_(value)]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value)]
    return [float(value), np.float64(value), np.float32(value), round(float(value), 12)]


ANSWERS = ("alpha_loyalty", "satisfaction_weight", "spurious_churn", "uplift", "cost_per_kept",
           "payback_value", "roll_out")


def test_right_answers_of_any_sensible_type_pass_silently(ns):
    for var in ANSWERS:
        for typed in _retyped(ns[var]):
            space = {**ns, var: typed}
            for question, (public, hidden, points) in TESTS.items():
                takes = [t for t in public + hidden
                         if var in inspect.signature(_function(t)).parameters]
                assert _failures(takes, space) == [], (var, type(typed), question)


def test_a_blank_answer_scores_zero_and_is_told_to_answer(ns):
    blank = {**ns, **{v: ... for v in ANSWERS}}
    for question, (public, _, points) in TESTS.items():
        if points is None:
            continue
        assert _score(question, blank) == 0, question
        assert any("still `...`" in m for m in _failures(public, blank)), question


def test_the_cost_carries_forward_from_the_students_own_uplift(ns):
    """uplift read backwards (negative): q4 loses its points; a cost computed right from a wrong
    positive uplift keeps q5's points, and the decision follows the student's own cost."""
    u = ns["pilot"].loc[ns["pilot"]["group"] == "programme", "retained"].mean()  # no hold-out
    n_p = int((ns["pilot"]["group"] == "programme").sum())
    cost = ns["members"]["reward_cost"].sum() / (u * n_p)
    space = {**ns, "uplift": u, "cost_per_kept": cost,
             "roll_out": bool(cost < ns["payback_value"])}
    assert _score("q4", space) == 0
    assert _score("q5", space) == 2
    assert _score("q6", space) == 2


def test_a_near_tie_accepts_either_decision(ns):
    for factor in (1.001, 0.999):
        for decision in (True, False):
            space = {**ns, "cost_per_kept": ns["payback_value"] * factor, "roll_out": decision}
            assert _score("q6", space) == 2, (factor, decision)
            assert _failures(TESTS["q6"][0][1:2], space) == []
    far = {**ns, "cost_per_kept": ns["payback_value"] * 0.9, "roll_out": False}
    assert _score("q6", far) == 1  # the value point only: the decision is wrong


def test_the_public_checks_hold_no_solution_expression():
    from exercise_kit.leaks import secrets

    found = secrets(ROOT / "solutions" / f"{SET}.ipynb")
    public = "\n".join(t for pub, _, _ in TESTS.values() for t in pub)
    assert [s for s in found if s in public] == []
    cells = json.loads((ROOT / "solutions" / f"{SET}.ipynb").read_text(encoding="utf-8"))["cells"]
    prompts = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    rhs = [line.split("# SOLUTION")[0].split("=", 1)[-1].strip()
           for line in "\n".join(SOLUTIONS).split("\n") if line.endswith("# SOLUTION")]
    # an expression the prompt or hint gives the student (the loyalty score, the decision rule) is
    # no answer; every other solution expression stays out of the public checks
    assert rhs and not [r for r in rhs if r in public and r not in prompts]
    hidden = {ln.strip() for _, hid, _ in TESTS.values() for t in hid for ln in t.split("\n")[1:]
              if len(ln.strip()) > 15 and not ln.strip().startswith("import ")}
    assert not [ln for ln in hidden if ln in public]


def test_the_roll_out_decision_splits_the_class():
    """Over 30 student ids, 30 % to 70 % roll out (measured: 18 of student000-student029)."""
    import crmlab as crm

    votes = []
    for i in range(30):
        seed = crm.exercises.student_seed(f"student{i:03d}")
        p = crm.simulate.generate("loyalty_programme", 3000, seed=seed).tables["loyalty_programme"]
        space = {"pilot": p, "STUDENT_ID": f"student{i:03d}"}
        for text in CODE:
            if "members = " in text or "cost_per_kept = " in text or "roll_out = " in text:
                exec(compile(text, SET, "exec"), space)  # noqa: S102
        votes.append(bool(space["roll_out"]))
        assert _score("q6", {**space, "roll_out": space["roll_out"]}) == 2
    assert 9 <= sum(votes) <= 21, sum(votes)


def test_a_one_element_series_is_not_taken_for_a_number(ns):
    space = {**ns, "uplift": pd.Series([ns["uplift"]])}
    messages = _failures(TESTS["q4"][0], space)
    assert len(messages) == 1 and "should be one number; got a Series" in messages[0], messages
