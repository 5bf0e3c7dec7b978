"""The public checks of exercise sets 08-10 catch each question's common slips and stay silent on a
right answer of any sensible type; the hidden tests pass the solution and fail the slips. Each slip
is typed as a student would, on two student ids, from the set's own solution notebook."""

import inspect
import json
import math
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
IDS = ("student001", "student002")


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _load(name):
    """(setup cells, solution cells, {question: (public tests, hidden tests)}) of a set."""
    cells = json.loads((ROOT / "solutions" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    setup, solutions, tests, question, where = [], [], {}, None, "setup"
    for cell in cells:
        text = _src(cell)
        if cell["cell_type"] == "raw":
            if text.startswith("# BEGIN QUESTION"):
                question = text.split("name:")[1].split()[0]
                tests[question] = ([], [])
            ends = text.startswith(("# END", "# BEGIN QUESTION"))
            where = {"# BEGIN SOLUTION": "solution", "# BEGIN TESTS": "tests"}.get(
                text.strip(), "between" if ends else where)
            continue
        if cell["cell_type"] != "code":
            continue
        if where == "setup" and question is None and not text.startswith("STUDENT_ID"):
            setup.append(text)
        elif where == "solution":
            solutions.append(text)
        elif where == "tests":
            tests[question][text.startswith("# HIDDEN")].append(text)
    return setup, solutions, tests


def _namespace(name, student):
    setup, solutions, _ = _load(name)
    ns = {"STUDENT_ID": student}
    for text in setup + solutions:
        exec(compile(text, name, "exec"), ns)  # noqa: S102 - the course's own notebook
    return ns


def _run(test_sources, ns):
    """Failure messages of the tests (an empty list when all pass)."""
    failures = []
    for text in test_sources:
        scope = {}
        exec(compile(text, "test", "exec"), scope)  # noqa: S102
        fn = next(v for k, v in scope.items() if k.startswith("test_"))
        try:
            fn(**{p: ns.get(p) for p in inspect.signature(fn).parameters})
        except Exception as err:  # noqa: BLE001 - otter counts any exception as a failed test
            failures.append(str(err))
    return failures


@pytest.fixture(scope="module", params=IDS)
def sets(request):
    spaces = {name: _namespace(name, request.param)
              for name in ("08_churn", "09_three_stage_management", "10_maintaining_relationships")}
    yield spaces
    import crmlab as crm

    crm.database.close_database(spaces["09_three_stage_management"]["con"])


def _slips_08(ns):
    import crmlab as crm

    flags, left = ns["flags"], ns["left"].reindex(ns["flags"].index)
    pr = crm.churn.precision_recall(flags, left)
    rates = ns["experiment"].groupby("group")["returned"].mean()
    n1 = ns["offered"]
    touched = int(ns["experiment"].loc[ns["experiment"]["group"] == "offer", "returned"].sum())
    return {
        "q1": [({"own_precision": pr["recall"]}, "RECALL"),
               ({"own_precision": 100 * pr["precision"]}, "do not multiply by 100"),
               ({"own_precision": 1 - pr["precision"]}, "did NOT leave"),
               ({"own_precision": crm.churn.precision_recall(flags["days_since_last"] > 90,
                                                             left)["precision"]}, "90-day")],
        "q2": [({"model_flagged": len(ns["summary"]) - ns["model_flagged"]}, "LIKELY TO BE ACTIVE"),
               ({"model_flagged": ns["model_flagged"] / len(ns["summary"])}, "share (mean)"),
               ({"model_flagged": int(flags["churned"].sum())}, "own-rhythm")],
        "q3": [({"uplift": rates["offer"]}, "TOUCHED"),
               ({"uplift": -ns["uplift"]}, "reversed"),
               ({"uplift": 100 * ns["uplift"]}, "not percentages")],
        "q4": [({"campaign_net": touched * 500 - n1 * 20}, "ADDED"),
               ({"campaign_net": ns["uplift"] * n1 * 500}, "leaves out the cost"),
               ({"campaign_net": ns["uplift"] * n1 * 500 - len(ns["experiment"]) * 20},
                "hold-out group too")],
        "q6": [({"send_again": not ns["send_again"]}, "send_again does not follow"),
               ({"send_again": "yes"}, "True or False")],
    }


def _slips_09(ns):
    clean = ns["clean"]
    top = ns["sql_top_city"]
    return {
        "q1": [({"duplicates_found": int(ns["raw"]["name"].duplicated().sum())}, "EXACTLY alike"),
               ({"duplicates_found": len(clean)}, "AFTER cleaning")],
        "q2": [({"missing_phones": int(ns["raw"]["phone"].isna().sum())}, "RAW file"),
               ({"missing_phones": int(clean["contact"].isna().sum())}, "missing CONTACTS")],
        "q3": [({"sql_top_city": top.replace("WHERE o.date >= '2025-01-01' ", "")}, "both years"),
               ({"sql_top_city": top.replace("DESC", "ASC")}, "SMALLEST"),
               ({"sql_top_city": top.replace(" LIMIT 1", "")}, "asks for one"),
               ({"sql_top_city": top.replace("SUM(o.amount)", "COUNT(*)")}, "COUNT"),
               ({"sql_top_city": top.replace("FROM", "FORM")}, "does not run")],
        "q4": [({"sql_quiet": ns["sql_quiet"].replace("MAX(date)", "MIN(date)")}, "FIRST order"),
               ({"sql_quiet": ns["sql_quiet"].replace(" ORDER BY customer_id", " ORDER BY "
                                                      "customer_id DESC")}, "not sorted"),
               ({"sql_quiet": ns["sql_quiet"].replace("> 60", "<= 60")}, "RECENTLY")],
        "q5": [({"key_hours_pct": ns["key_hours_pct"] / 100}, "percentage"),
               ({"key_hours_pct": ns["workload"].loc["A", "pct_volume"]}, "VOLUME"),
               ({"enough_for_key": not ns["enough_for_key"]}, "does not follow")],
    }


def _slips_10(ns):
    r = ns["ranking"]
    return {
        "q1": [({"overdue_accounts": int((r["days_until"] <= 0).sum())}, "ON 31 December"),
               ({"overdue_accounts": int((r["days_until"] > 0).sum())}, "NOT yet due"),
               ({"overdue_accounts": float((r["days_until"] < 0).mean())}, "whole number")],
        "q2": [({"best_value": ns["best_value"] - ns["greedy_gap"] - 1e-3 if ns["greedy_gap"] > 1
                 else len(ns["plan"])}, "GREEDY" if ns["greedy_gap"] > 1 else "count"),
               ({"best_value": len(ns["plan"])}, "count the visits")],
        "q3": [({"greedy_gap": -ns["greedy_gap"] - 1}, "negative")],
        "q4": [({"breakeven_rise": 100 * ns["breakeven_rise"]}, "Do not multiply by 100"),
               ({"breakeven_rise": ns["breakeven_rise"] / ns["retention"]}, "relative")],
        "q5": [({"pilot_rise": (ns["kept_with"] - ns["kept_without"]) / 800}, "800"),
               ({"pilot_rise": ns["kept_with"] / 400}, "hold-out"),
               ({"serve_the_drink": not ns["serve_the_drink"]}, "does not follow")],
    }


SLIPS = {"08_churn": _slips_08, "09_three_stage_management": _slips_09,
         "10_maintaining_relationships": _slips_10}


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_the_solution_passes_every_check(sets, name):
    ns = sets[name]
    for question, (public, hidden) in _load(name)[2].items():
        assert _run(public + hidden, ns) == [], f"{name} {question}"


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_each_slip_is_named_by_a_public_check_and_fails_the_hidden_tests(sets, name):
    ns = sets[name]
    tests = _load(name)[2]
    for question, slips in SLIPS[name](ns).items():
        public, hidden = tests[question]
        for change, words in slips:
            (var, wrong), = change.items()
            if _same(wrong, ns[var]):
                continue  # on this student's data the slip gives the right answer
            typed = {**ns, **change}
            messages = _run(public, typed)
            assert any(words in m for m in messages), (name, question, change, messages)
            assert _run(hidden, typed), (name, question, change, "hidden tests pass a slip")


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), abs_tol=1e-9))
    except (TypeError, ValueError):
        return a == b


def _retyped(value):
    """The same right answer as a student might type it: numpy, Python, int or float."""
    if isinstance(value, (bool, np.bool_)):
        return [bool(value), np.bool_(value)]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value)]
    if isinstance(value, (float, np.floating)) and math.isfinite(value):
        return [float(value), np.float64(value), round(float(value), 10)]
    return [value]


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_right_answers_of_any_sensible_type_pass_silently(sets, name):
    ns = sets[name]
    tests = _load(name)[2]
    for question, (public, hidden) in tests.items():
        names = {p for t in public for p in inspect.signature(
            next(v for k, v in (lambda s: (exec(t, s), s)[1])({}).items()
                 if k.startswith("test_"))).parameters}
        for answer in sorted(names & set(ns)):
            for value in _retyped(ns[answer]):
                assert _run(public + hidden, {**ns, answer: value}) == [], (name, question, answer,
                                                                            type(value))
