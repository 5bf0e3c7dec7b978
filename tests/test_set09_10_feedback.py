"""Exercise sets 09 and 10: each public check names the slip a beginner types (unsorted, percent
for a fraction, rounded from a printed table, wrong column, row or denominator, a factor left out,
one group of two, 1 minus the answer, a mean for a total) and stays silent on a right answer of any
sensible type; the hidden tests pass the solution and fail every slip. Each slip is typed on two
student ids, from the set's own solution notebook."""

import contextlib
import inspect
import io
import math
from pathlib import Path

import numpy as np
import pytest

import exercise_harness as harness

ROOT = Path(__file__).resolve().parents[1]
SETS = ("09_three_stage_management", "10_maintaining_relationships")
IDS = ("student001", "student002")


LOADED = {name: harness.load(name) for name in SETS}
_results, _failures = harness.results, harness.failures
_function, _src = harness.function, harness.src


def _score(name, question, ns):
    return harness.score(LOADED[name][2], question, ns)


def _namespace(name, student):
    ns = {"STUDENT_ID": student}
    with contextlib.redirect_stdout(io.StringIO()):
        for text in LOADED[name][0]:
            if "close_database(con)" in text:
                continue  # keep the database open for the SQL slips; closed by the fixture
            exec(compile(text, name, "exec"), ns)  # noqa: S102 - the course's own notebook
    return ns


@pytest.fixture(scope="module", params=IDS)
def spaces(request):
    made = {name: _namespace(name, request.param) for name in SETS}
    yield made
    import crmlab as crm

    crm.database.close_database(made[SETS[0]]["con"])


def _slips_09(ns):
    import crmlab as crm

    raw, clean, w = ns["raw"], ns["clean"], ns["workload"]
    empty = clean["phone"].isna()
    merged = ns["duplicates_found"]
    top, quiet = ns["sql_top_city"], ns["sql_quiet"]
    volume = crm.key_accounts.yearly_volume(ns["orders"], as_of="2025-12-31")
    tiers = crm.key_accounts.classify_accounts(volume)
    listed = tiers.set_index("customer_id").reindex(ns["book"]["customer_id"]).reset_index()
    listed["tier"] = tiers["tier"].to_numpy()  # the first 16 accounts of the book, unsorted
    unsorted = crm.key_accounts.account_workload(
        listed, visits_per_year={"A": 12, "B": 5, "C": 2}, hours=ns["hours_each"])
    both = crm.key_accounts.account_workload(
        crm.key_accounts.classify_accounts(
            crm.key_accounts.yearly_volume(ns["orders"], as_of="2025-12-31", days=730)),
        visits_per_year={"A": 12, "B": 5, "C": 2}, hours=ns["hours_each"])
    flat = crm.key_accounts.account_workload(tiers, visits_per_year={"A": 12, "B": 5, "C": 2},
                                             hours=2.0)
    pct = ns["key_hours_pct"]
    return {
        "q1": [({"duplicates_found": int(raw["name"].duplicated().sum())}, "EXACTLY alike"),
               ({"duplicates_found": len(clean)}, "AFTER cleaning"),
               ({"duplicates_found": len(raw)}, "RAW file"),
               ({"duplicates_found": merged / len(raw)}, "SHARE"),
               ({"duplicates_found": 100 * merged / len(raw)}, "percentage"),
               ({"duplicates_found": int(raw.duplicated().sum())},
                ("identical in every column", "EXACTLY alike")),  # often both 0
               ({"duplicates_found": int(raw["name"].str.lower().duplicated().sum())},
                ("only ignores capitals", "EXACTLY alike"))],
        "q2": [({"missing_phones": int(raw["phone"].isna().sum())}, "RAW file"),
               ({"missing_phones": int(clean["contact"].isna().sum())}, "missing CONTACTS"),
               ({"missing_phones": int(clean["phone"].notna().sum())}, "WITH a phone"),
               ({"missing_phones": float(empty.mean())}, "SHARE"),
               ({"missing_phones": 100 * float(empty.mean())}, "percentage"),
               ({"missing_phones": len(clean)}, "number of customers in the clean file")],
        "q3": [({"sql_top_city": top.replace("WHERE o.date >= '2025-01-01' ", "")}, "both years"),
               ({"sql_top_city": top.replace("o.date >= '2025-01-01'", "o.date < '2025-01-01'")},
                "year BEFORE"),
               ({"sql_top_city": top.replace("DESC", "ASC")}, "SMALLEST"),
               ({"sql_top_city": top.replace(" LIMIT 1", "")}, "asks for one"),
               ({"sql_top_city": top.replace("SUM(o.amount)", "COUNT(*)")}, "COUNT"),
               ({"sql_top_city": top.replace("SUM(o.amount)", "AVG(o.amount)")}, "MEAN"),
               ({"sql_top_city": top.replace("SUM(o.amount)", "MAX(o.amount)")}, "SINGLE order"),
               ({"sql_top_city": top.replace("GROUP BY c.city", "GROUP BY c.customer_id")},
                "groups by customer"),
               ({"sql_top_city": top.replace("FROM", "FORM")}, "does not run")],
        "q4": [({"sql_quiet": quiet.replace("MAX(date)", "MIN(date)")},
                ("FIRST order", "every customer")),
               ({"sql_quiet": quiet.replace(" ORDER BY customer_id", " ORDER BY customer_id DESC")},
                "not sorted"),
               ({"sql_quiet": quiet.replace("> 60", "<= 60")}, "RECENTLY"),
               ({"sql_quiet": quiet.replace("> 60", ">= 60")}, "exactly"),
               ({"sql_quiet": quiet.replace("'2025-12-31'", "'now'")}, "every customer"),
               ({"sql_quiet": quiet.replace("> 60", "> 90")}, "90 days")],
        "q5": [({"key_hours_pct": pct / 100}, "percentage"),
               ({"key_hours_pct": w.loc["A", "pct_volume"]}, "VOLUME"),
               ({"key_hours_pct": w.loc["B", "pct_hours"]}, "class B"),
               ({"key_hours_pct": 100 - pct}, "100 minus"),
               ({"key_hours_pct": 100 * w.loc["A", "visits"] / w["visits"].sum()}, "VISITS"),
               ({"key_hours_pct": w.loc["A", "pct_accounts"]}, "ACCOUNTS"),
               ({"key_hours_pct": w.loc["A", "hours"]}, "not their share"),
               ({"key_hours_pct": flat.loc["A", "pct_hours"]}, "every visit alike"),
               ({"key_hours_pct": unsorted.loc["A", "pct_hours"]}, "AS LISTED"),
               ({"key_hours_pct": both.loc["A", "pct_hours"]}, "BOTH years"),
               ({"key_hours_pct": round(pct, 1)}, "rounded"),
               ({"key_hours_pct": round(pct, 2)}, "rounded"),
               ({"key_hours_pct": _half_up(pct, 1)}, "rounded"),
               ({"enough_for_key": not ns["enough_for_key"]},
                ("does not follow", "share of the ACCOUNTS")),  # True is also the 20 % rule's
               ({"enough_for_key": "yes"}, "True or False")],
    }


def _slips_10(ns):
    import crmlab as crm

    r, plan = ns["ranking"], ns["plan"]
    late = r["days_until"] < 0
    week = {"week_start": "2026-01-05", "budget_hours": 40}
    greedy = ns["greedy_plan"]["value"]
    b, g = plan["value"].sum(), greedy.sum()
    x, rise = ns["breakeven_rise"], ns["pilot_rise"]
    m, ret, c = 0.35 * 1200 * ns["nights"], ns["retention"], ns["juice_cost"]

    def solve(margin, d=0.10):
        v = margin * ret / (1 + d - ret)
        return (1 + d) * v / (margin - c + v) - ret

    with_, without = ns["kept_with"] / 400, ns["kept_without"] / 400
    return {
        "q1": [({"overdue_accounts": int((r["days_until"] <= 0).sum())}, "ON 31 December"),
               ({"overdue_accounts": int((r["days_until"] > 0).sum())}, "NOT yet due"),
               ({"overdue_accounts": float(late.mean())}, "SHARE"),
               ({"overdue_accounts": 100 * float(late.mean())}, "percentage"),
               ({"overdue_accounts": len(r)}, "all accounts")],
        "q2": [({"best_value": plan["value"].mean()}, "MEAN"),
               ({"best_value": float(len(plan))}, "count the visits"),
               ({"best_value": crm.visits.visit_plan(r, hours=[2.0] * len(r),
                                                     **week).attrs["value"]}, "no travel"),
               ({"best_value": crm.visits.visit_plan(
                   r, hours=crm.visits.visit_hours(r, base_city=ns["base_city"], on_site=0),
                   **week).attrs["value"]}, "on site"),
               ({"best_value": r["typical_order"].sum()}, "every account"),
               ({"best_value": g}, "GREEDY"),
               ({"best_value": round(b)}, "rounded"),
               ({"best_value": round(b, -3)}, "rounded")],
        "q3": [({"greedy_gap": -ns["greedy_gap"] - 1}, "negative"),
               ({"greedy_gap": g}, "greedy plan's total"),
               ({"greedy_gap": b}, "best plan's total"),
               ({"greedy_gap": (b - g) / g}, "RELATIVE"),
               ({"greedy_gap": round(b - g, -2)}, "rounded")],
        "q4": [({"breakeven_rise": 100 * x}, "Do not multiply by 100"),
               ({"breakeven_rise": x / ret}, "relative"),
               ({"breakeven_rise": 1 - x}, "1 minus"),
               ({"breakeven_rise": ret + x}, "WITH the drink"),
               ({"breakeven_rise": solve(1200 * ns["nights"])}, "35 %"),
               ({"breakeven_rise": solve(0.35 * 1200)}, "leaves out the nights"),
               ({"breakeven_rise": 0.0}, "cost was left out"),
               ({"breakeven_rise": round(x, 3)}, "rounded"),
               ({"breakeven_rise": _half_up(x, 3)}, "rounded"),
               ({"breakeven_rise": solve(m, 0.0)}, "discount rate")],
        "q5": [({"pilot_rise": (ns["kept_with"] - ns["kept_without"]) / 800}, "800"),
               ({"pilot_rise": with_}, "hold-out"),
               ({"pilot_rise": without}, "hold-out group alone"),
               ({"pilot_rise": -rise}, "reversed"),
               ({"pilot_rise": 100 * rise}, "percentage points"),
               ({"pilot_rise": with_ / without - 1}, "RELATIVE"),
               ({"pilot_rise": with_ - ret}, "stated `retention`"),
               ({"pilot_rise": 1 - rise}, "1 minus"),
               ({"pilot_rise": round(rise, 2)}, ("rounded", "stated")),  # may coincide
               ({"pilot_rise": _half_up(rise, 2)}, ("rounded", "stated")),
               ({"serve_the_drink": not ns["serve_the_drink"]}, "serve_the_drink"),
               ({"serve_the_drink": "yes"}, "True or False")],
    }


def _half_up(value, digits):
    """Rounded by hand from a printed number: halves go up (Python's round() may go down)."""
    return math.floor(value * 10**digits + 0.5) / 10**digits


SLIPS = {SETS[0]: _slips_09, SETS[1]: _slips_10}


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), abs_tol=1e-9))
    except (TypeError, ValueError):
        return a == b


def _same_rows(ns, var, wrong):
    """A query that returns the right rows on this student's data (no account quiet for exactly
    60 days, say) is no slip there."""
    if not var.startswith("sql_"):
        return False
    import crmlab as crm

    try:
        return crm.database.query(ns["con"], wrong).equals(crm.database.query(ns["con"], ns[var]))
    except Exception:  # noqa: BLE001 - a query that does not run is a slip
        return False


@pytest.mark.parametrize("name", SETS)
def test_the_solution_passes_every_check_with_full_marks(spaces, name):
    ns = spaces[name]
    for question, (public, hidden, points) in LOADED[name][2].items():
        assert _failures(public + hidden, ns) == [], (name, question)
        if points is not None:
            assert len(points) == len(public) + len(hidden), (name, question)
            assert _score(name, question, ns) == sum(points) > 0, (name, question)


@pytest.mark.parametrize("name", SETS)
def test_each_slip_is_named_by_a_public_check_and_loses_points(spaces, name):
    ns = spaces[name]
    tried = 0
    for question, slips in SLIPS[name](ns).items():
        public, _, points = LOADED[name][2][question]
        for change, words in slips:
            (var, wrong), = change.items()
            if _same(wrong, ns[var]) or _same_rows(ns, var, wrong):
                continue  # on this student's data the slip gives the right answer
            typed = {**ns, **change}
            messages = _failures(public, typed)
            named = (words,) if isinstance(words, str) else words  # slips that coincide
            assert any(w in m for m in messages for w in named), (name, question, change, messages)
            assert _score(name, question, typed) < sum(points), (name, question, change)
            tried += 1
    assert tried >= 30, tried


@pytest.mark.parametrize("name", SETS)
def test_a_message_never_gives_the_right_value(spaces, name):
    ns = spaces[name]
    for question, slips in SLIPS[name](ns).items():
        public = LOADED[name][2][question][0]
        for change, _ in slips:
            (var, _), = change.items()
            right = ns[var]
            if isinstance(right, (bool, np.bool_, str)):
                continue
            for message in _failures(public, {**ns, **change}):
                for shown in (f"{right}", f"{right:.3f}", f"{right:.2f}", f"{right:,.0f}"):
                    if len(shown.strip("0.-")) > 1:
                        assert shown not in message, (name, question, shown, message)


def _retyped(value):
    """The same right answer as a student might type it: numpy or Python, int or float."""
    if isinstance(value, (bool, np.bool_)):
        return [bool(value), np.bool_(value)]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value), np.float64(value)]
    if isinstance(value, (float, np.floating)) and math.isfinite(value):
        return [float(value), np.float64(value), round(float(value), 9)]
    return [value]


ANSWERS = {SETS[0]: ("duplicates_found", "missing_phones", "sql_top_city", "sql_quiet",
                     "key_hours_pct", "enough_for_key"),
           SETS[1]: ("overdue_accounts", "best_value", "greedy_gap", "breakeven_rise", "pilot_rise",
                     "serve_the_drink")}


@pytest.mark.parametrize("name", SETS)
def test_right_answers_of_any_sensible_type_pass_silently(spaces, name):
    ns = spaces[name]
    for var in ANSWERS[name]:
        for typed in _retyped(ns[var]):
            space = {**ns, var: typed}
            for question, (public, hidden, _) in LOADED[name][2].items():
                takes = [t for t in public + hidden
                         if var in inspect.signature(_function(t)).parameters]
                assert _failures(takes, space) == [], (name, var, type(typed), question)


@pytest.mark.parametrize("name", SETS)
def test_a_blank_answer_scores_zero_and_is_told_to_answer(spaces, name):
    blank = {**spaces[name], **{v: ... for v in ANSWERS[name]}}
    for question, (public, _, points) in LOADED[name][2].items():
        if points is None:
            continue
        assert _score(name, question, blank) == 0, question
        assert any("still `...`" in m for m in _failures(public, blank)), question


@pytest.mark.parametrize("name", SETS)
def test_the_public_checks_hold_no_solution_expression(name):
    _, solutions, tests = LOADED[name]
    rhs = [line.split("# SOLUTION")[0].split("=", 1)[-1].strip()
           for text in solutions for line in text.split("\n") if line.endswith("# SOLUTION")]
    public = "\n".join(t for pub, _, _ in tests.values() for t in pub)
    assert rhs and [r for r in rhs if len(r) > 3 and r in public] == []
