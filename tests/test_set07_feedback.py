"""Exercise set 07's public checks name each common slip and stay silent on a right answer of any
sensible type; its hidden tests pass the solution and fail every slip. Each slip is typed as a
student would, on two student ids, from the set's own solution notebook. Question 6's decision
follows from the net savings the prompt defines, splits the class, and a near tie accepts both."""

import inspect
import json
import math
from pathlib import Path

import numpy as np
import pytest

import exercise_harness as harness

ROOT = Path(__file__).resolve().parents[1]
SET = "07_satisfaction_and_complaints"
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


def _loss(st, step, *, base=None, months=6, margin=0.2, basket=True, rows=None, how="sum"):
    base = ~st["had_problem"] if base is None else base
    trend = st.loc[base, "visits_after"].sum() / st.loc[base, "visits_before"].sum()
    per = (st["visits_before"] * trend - st["visits_after"]) * months * margin
    per = per * st["basket"] if basket else per
    at = st["problem_step"] == step if rows is None else rows
    return float(getattr(per[at], how)())


def _slips(ns):
    """{question: [({variable: wrong value}, words the public message must contain)]}."""
    survey, study = ns["survey"], ns["study"]
    problem, said = survey["had_problem"], survey["complained"]
    c = ns["complaint_rate"]
    ans = study[study["responded"]]
    p, n = float((ans["csat"] >= 4).mean()), len(ans)
    p_all = float((study["csat"] >= 4).mean())
    p_top = float((ans["csat"] == 5).mean())
    m = ns["moe_csat"]
    pq = p * (1 - p)
    n0 = 1.96**2 * pq / 0.02**2
    sat, resp = study["csat"] >= 4, study["responded"]
    b = ns["response_bias"]
    lc, lf = ns["lost_checkout"], ns["lost_fresh"]
    fresh = "fresh food and shelves"
    raw = ((study["visits_before"] - study["visits_after"]) * study["basket"] * 1.2)
    larger_loss = "checkout" if lc > lf else fresh
    return {
        "q1": [({"complaint_rate": float(said.mean())}, "ALL customers"),
               ({"complaint_rate": 1 - c}, "did NOT complain"),
               ({"complaint_rate": float(said[survey["churned"]].mean())}, "LEFT"),
               ({"complaint_rate": float(said[problem & survey["churned"]].mean())},
                "unhappy customers who left"),
               ({"complaint_rate": float(problem.mean())}, "HAD a problem"),
               ({"complaint_rate": float(said[~problem].mean())}, "WITHOUT a problem"),
               ({"complaint_rate": 100 * c}, "do not multiply by 100"),
               ({"complaint_rate": int(said[problem].sum())}, "not its sum"),
               ({"complaint_rate": round(c, 2)}, "rounded"),
               ({"complaint_rate": round(c, 3)}, "rounded"),
               ({"complaint_rate": 0.026}, "notebook 07"),
               ({"complaint_rate": 0.008}, "notebook 07"),
               ({"complaint_rate": "3 %"}, "should be one number")],
        "q2": [({"moe_csat": 1.96 * math.sqrt(pq / len(study))}, "everyone in the study"),
               ({"moe_csat": 1.96 * math.sqrt(p_all * (1 - p_all) / len(study))},
                "every card holder"),
               ({"moe_csat": 1.645 * math.sqrt(pq / n)}, "90 %"),
               ({"moe_csat": 2.576 * math.sqrt(pq / n)}, "99 %"),
               ({"moe_csat": 1.96 * pq / n}, "square root"),
               ({"moe_csat": 1.96 * math.sqrt(pq) / n}, "INSIDE"),
               ({"moe_csat": 1.96 * math.sqrt(pq / int((ans["csat"] >= 4).sum()))}, "SATISFIED"),
               ({"moe_csat": 1.96 * math.sqrt(p_top * (1 - p_top) / n)}, "only the 5s"),
               ({"moe_csat": 1.96 * math.sqrt(0.25 / n)}, "p = 0.5"),
               ({"moe_csat": 2 * m}, "width"),
               ({"moe_csat": math.sqrt(pq / n)}, "standard error"),
               ({"moe_csat": 100 * m}, "Do not multiply by 100"),
               ({"moe_csat": round(m, 2)}, "rounded"),
               ({"moe_csat": round(m, 3)}, "rounded"),
               ({"moe_csat": 0.047}, "notebook 07"),
               ({"moe_csat": 0.013}, "notebook 07")],
        "q3": [({"n_needed": math.floor(n0)}, "rounded DOWN"),
               ({"n_needed": round(n0)}, "(math.ceil)"),
               ({"n_needed": math.ceil(1.96**2 * pq / 4)}, "margin of error of 2"),
               ({"n_needed": math.ceil(1.96**2 * pq / 0.02)}, "square the margin"),
               ({"n_needed": math.ceil(1.96 * pq / 0.02**2)}, "square 1.96"),
               ({"n_needed": math.ceil(1.645**2 * pq / 0.02**2)}, "90 %"),
               ({"n_needed": math.ceil(2.576**2 * pq / 0.02**2)}, "99 %"),
               ({"n_needed": math.ceil(1.96**2 * round(p, 2) * (1 - round(p, 2)) / 0.02**2)},
                "two decimals"),
               ({"n_needed": math.ceil(1.96**2 * p_all * (1 - p_all) / 0.02**2)},
                "every card holder"),
               ({"n_needed": math.ceil(1.96**2 * p_top * (1 - p_top) / 0.02**2)}, "only the 5s"),
               ({"n_needed": math.ceil(1.96**2 * 0.25 / 0.02**2)}, "p = 0.5"),
               ({"n_needed": math.ceil(n0) - n}, "EXTRA"),
               ({"n_needed": n0}, "whole number"),
               ({"n_needed": 1068}, "notebook 07"),
               ({"n_needed": 385}, "notebook 07")],
        "q4": [({"response_bias": -b}, "all minus answered"),
               ({"response_bias": float(sat[resp].mean() - sat[~resp].mean())}, "did NOT"),
               ({"response_bias": float(sat[~resp].mean() - sat.mean())}, "did NOT answer"),
               ({"response_bias": 100 * b}, "Write 5 points as 0.05"),
               ({"response_bias": p}, "Subtract the CSAT of all"),
               ({"response_bias": float((study.loc[resp, "csat"] == 5).mean()
                                        - (study["csat"] == 5).mean())}, "only the 5s"),
               ({"response_bias": float(study.loc[resp, "csat"].mean() - study["csat"].mean())},
                "mean scores"),
               ({"response_bias": float((sat & resp).sum() / len(study) - sat.mean())},
                "ALL card holders"),
               ({"response_bias": round(b, 2)}, "rounded"),
               ({"response_bias": round(b, 3)}, "rounded"),
               ({"response_bias": 0.103}, "notebook 07"),
               ({"response_bias": 0.742}, "notebook 07")],
        "q5": [({"lost_checkout": float(raw[study["problem_step"] == "checkout"].sum())},
                "leaves out the trend"),
               ({"lost_checkout": _loss(study, "checkout", months=1)}, "one month"),
               ({"lost_checkout": _loss(study, "checkout", months=12)}, "twelve months"),
               ({"lost_checkout": _loss(study, "checkout", margin=1)}, "in sales"),
               ({"lost_checkout": _loss(study, "checkout", margin=20)}, "20 instead of 0.20"),
               ({"lost_checkout": _loss(study, "checkout", basket=False)}, "basket"),
               ({"lost_checkout": _loss(study, "checkout",
                                        rows=(study["problem_step"] == "checkout")
                                        & study["stayed"])}, "who stayed"),
               ({"lost_checkout": _loss(study, "checkout", base=study["had_problem"] | True)},
                "from ALL customers"),
               ({"lost_checkout": float(((study["visits_before"] * (
                   study.loc[~study["had_problem"], "visits_before"].sum()
                   / study.loc[~study["had_problem"], "visits_after"].sum())
                   - study["visits_after"]) * study["basket"] * 1.2)[
                       study["problem_step"] == "checkout"].sum())}, "upside down"),
               ({"lost_checkout": float((study["problem_step"] == "checkout").sum())},
                "counts the checkout problems"),
               ({"lost_checkout": _loss(study, "checkout", how="mean")}, "average checkout"),
               ({"lost_checkout": _loss(study, "checkout", rows=study["had_problem"])}, "ANY step"),
               ({"lost_checkout": lf}, "FRESH FOOD"),
               ({"lost_checkout": round(lc, -1)}, "rounded"),
               ({"lost_checkout": round(lc, -2)}, "rounded"),
               ({"lost_checkout": 105913.0}, "notebook 07")],
        "q6": [({"lost_fresh": lc}, "CHECKOUT"),
               ({"lost_fresh": float(raw[study["problem_step"] == fresh].sum())}, "trend"),
               ({"lost_fresh": _loss(study, fresh, months=1)}, "one month"),
               ({"lost_fresh": _loss(study, fresh, margin=1)}, "in sales"),
               ({"lost_fresh": _loss(study, fresh, margin=20)}, "20 instead of 0.20"),
               ({"lost_fresh": _loss(study, fresh, basket=False)}, "basket"),
               ({"lost_fresh": _loss(study, fresh, rows=(study["problem_step"] == fresh)
                                     & study["stayed"])}, "stayed"),
               ({"lost_fresh": _loss(study, fresh, base=study["had_problem"] | True)},
                "ALL customers"),
               ({"lost_fresh": _loss(study, fresh, how="mean")}, "average fresh-food"),
               ({"lost_fresh": float((study["problem_step"] == fresh).sum())},
                "counts the fresh-food"),
               ({"lost_fresh": round(lf, -2)}, "rounded"),
               ({"lost_fresh": 106488.0}, "notebook 07"),
               ({"fix_first": fresh if ns["fix_first"] == "checkout" else "checkout"},
                "0.6 x lost_fresh - 5,000"),
               ({"fix_first": larger_loss}, "larger LOSS"),
               ({"fix_first": "fresh food"}, "spelled as in the data"),
               ({"fix_first": True}, "spelled as in the data")],
    }


def _same(a, b):
    if isinstance(a, str) or isinstance(b, str):
        return a == b
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
    assert checked >= 80


def test_a_message_never_gives_the_right_value(ns):
    for question, slips in _slips(ns).items():
        public, _, _ = TESTS[question]
        for change, _ in slips:
            (var, _), = change.items()
            right = ns[var]
            if isinstance(right, str):
                continue
            for message in _failures(public, {**ns, **change}):
                for shown in (f"{right}", f"{right:.4f}", f"{right:.3f}", f"{right:,.0f}"):
                    if len(shown.strip("0.")) > 1:
                        assert shown not in message, (question, shown, message)


def _retyped(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value), np.float64(value)]
    return [float(value), np.float64(value), np.float32(value), round(float(value), 12)]


ANSWERS = ("complaint_rate", "moe_csat", "n_needed", "response_bias", "lost_checkout",
           "lost_fresh", "fix_first")


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


def test_the_decision_needs_the_net_savings_not_the_losses(ns):
    """Equal losses: the cheaper, less effective tills fix wins (0.5 L - 3,000 > 0.6 L - 5,000 for
    L < 20,000) and the date check wins above; the losses alone would not tell."""
    for loss, want in ((15_000.0, "checkout"), (30_000.0, "fresh food and shelves")):
        for choice in ("checkout", "fresh food and shelves"):
            space = {**ns, "lost_checkout": loss, "lost_fresh": loss, "fix_first": choice}
            public = _failures(TESTS["q6"][0], space)
            decision = [m for m in public if "fix_first" in m]
            assert (decision == []) == (choice == want), (loss, choice, public)


def test_a_near_tie_accepts_either_decision(ns):
    lc = ns["lost_checkout"]
    lf = (0.5 * lc - 3000 + 5000) / 0.6 * 1.0001  # net savings within 0.5 % of each other
    for choice in ("checkout", "fresh food and shelves"):
        space = {**ns, "lost_fresh": lf, "fix_first": choice}
        hidden = TESTS["q6"][1]
        assert _failures(hidden[1:], space) == [], choice
        assert [m for m in _failures(TESTS["q6"][0], space) if "net" in m] == [], choice


def test_the_public_checks_hold_no_solution_expression():
    from exercise_kit.leaks import secrets

    found = secrets(ROOT / "solutions" / f"{SET}.ipynb")
    public = "\n".join(t for pub, _, _ in TESTS.values() for t in pub)
    assert [s for s in found if s in public] == []
    cells = json.loads((ROOT / "solutions" / f"{SET}.ipynb").read_text(encoding="utf-8"))["cells"]
    prompts = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    rhs = [line.split("# SOLUTION")[0].split("=", 1)[-1].strip()
           for line in "\n".join(SOLUTIONS).split("\n") if line.endswith("# SOLUTION")]
    assert rhs and not [r for r in rhs if r in public and r not in prompts]
    hidden = {ln.strip() for _, hid, _ in TESTS.values() for t in hid for ln in t.split("\n")[1:]
              if len(ln.strip()) > 15 and not ln.strip().startswith("import ")}
    assert not [ln for ln in hidden if ln in public]


def test_the_fix_first_decision_splits_the_class():
    """Over 30 student ids, 30 % to 70 % fix checkout first (measured: 17 of student000-029)."""
    import crmlab as crm

    votes = []
    for i in range(30):
        seed = crm.exercises.student_seed(f"student{i:03d}")
        st = crm.simulate.generate("service_recovery", 3000, seed=seed).tables["service_recovery"]
        space = {"study": st, "STUDENT_ID": f"student{i:03d}"}
        for text in SOLUTIONS:
            if "lost" in text:
                exec(compile(text, SET, "exec"), space)  # noqa: S102
        votes.append(space["fix_first"] == "checkout")
        assert _score("q6", space) == 2
    assert 9 <= sum(votes) <= 21, sum(votes)
