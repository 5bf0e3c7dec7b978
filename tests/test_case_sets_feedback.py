"""The four case-study exercise sets name each common beginner slip and stay silent on a right
answer of any sensible type (issue 19).

Each slip is typed as a student would (percent for fraction, rounded from a printed table, the
wrong column, group or denominator, a factor left out, a total for a mean, 1 minus the answer, a
list not sorted, the groups of a pilot swapped, one group only), on two student ids, from the
set's own solution notebook: a public check must fail with a message that names it, and the hidden
tests must not give the question its full points. The right answers, in numpy and in plain Python
types, pass every check silently and score full marks."""

import inspect
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

import exercise_harness as harness

ROOT = Path(__file__).resolve().parents[1]
SETS = ("case_supermarket_a", "case_personalisation", "case_hair_salon",
        "case_mcdonalds_core_customers")
IDS = ("student001", "student002")


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@lru_cache(maxsize=None)
def _load(name):
    """(code cells a student runs, {question: (public tests, hidden tests, points)})."""
    code, _, tests = harness.load(name)
    return code, tests


_function, _results, _failures = harness.function, harness.results, harness.failures


@lru_cache(maxsize=None)
def _namespace(name, student):
    import crmlab as crm

    ns = {"STUDENT_ID": student}
    for text in _load(name)[0]:
        exec(compile(text, name, "exec"), ns)  # noqa: S102 - the course's own notebook
    crm.set_language("en")
    return ns


def _score(name, question, ns):
    return harness.score(_load(name)[1], question, ns)


@pytest.fixture(scope="module", autouse=True)
def _generate_once():
    """The hidden tests rebuild the student's data on every call; build each data set once."""
    with harness.generate_once():
        yield


# ------------------------------------------------------------------------------ the slips
def _supermarket(ns):
    import crmlab as crm

    S = crm.silent_churn
    table = S.branch_departures(S.silent_departures(ns["trips"], as_of="2024-12-31"))
    share = ns["weak_share"]
    exact = table["departed"].iloc[0] / table["customers"].iloc[0]
    s = crm.backtest.next_purchase_backtest(ns["purchases"], cutoff="2024-10-07")
    err = s.loc[s["category"] == "pet", "error_days"]
    mae = ns["pet_mae"]
    listed = ns["listed"]
    pet = listed.loc[listed["item"] == "pet", "bought"]
    w = ns["pet_deadweight"]
    d, m = 0.05, 0.20
    be = ns["pet_break_even"]
    return {
        "q1": [({"weak_share": 100 * share}, "divide it by 100"),
               ({"weak_share": float(table["departed"].iloc[0])}, "number of customers"),
               ({"weak_share": 1 - share}, "did NOT go quiet"),
               ({"weak_share": round(exact, 2)}, "rounded"),
               ({"weak_share": table["others_pct"].iloc[0] / 100}, "OTHER branches"),
               ({"weak_share": table["departed"].iloc[0] / table["customers"].sum()},
                "every card holder")],
        "q2": [({"pet_mae": err.mean()}, "SIGNED"),
               ({"pet_mae": round(mae, 1)}, "rounded"),
               ({"pet_mae": err.abs().sum()}, "MEAN"),
               ({"pet_mae": s.loc[s["category"] == "baby", "error_days"].abs().mean()},
                "baby predictions"),
               ({"pet_mae": s["error_days"].abs().mean()}, "every category"),
               ({"pet_mae": mae / 7}, "weeks")],
        "q3": [({"pet_deadweight": 100 * w}, "do not multiply by 100"),
               ({"pet_deadweight": 1 - w}, "NOT bought anyway"),
               ({"pet_deadweight": float(pet.sum())}, "number of coupons"),
               ({"pet_deadweight": pet.sum() / len(listed)}, "EVERY coupon"),
               ({"pet_deadweight": round(w, 2)}, "rounded"),
               ({"pet_deadweight": listed["bought"].mean()}, "every item")],
        "q4": [({"pet_break_even": 100 * be}, "Do not multiply by 100"),
               ({"pet_break_even": d * w / m}, "divides by the margin"),
               ({"pet_break_even": d * w}, "denominator"),
               ({"pet_break_even": d / (m - d)}, "leaves out the share bought anyway"),
               ({"pet_break_even": 1 - be}, "1 minus"),
               ({"pet_break_even": d * (1 - w) / (m - d)}, "NOT bought anyway"),
               ({"pet_break_even": (m - d) / (d * w)}, "upside down"),
               ({"pet_break_even": round(be, 2)}, "rounded"),
               ({"pet_break_even": d * round(w, 2) / (m - d)}, "pet_deadweight rounded")],
    }


def _pilot(ns):
    s = ns["stays"].sort_values(["guest_id", "arrival"])
    nxt = s.groupby("guest_id")["arrival"].shift(-1)
    pilot = s["pilot_group"] != "none"
    group = s.loc[pilot, "pilot_group"].astype(str)
    back = ((nxt - s["arrival"]).dt.days <= 365)[pilot].groupby(group).agg(["size", "mean"])
    ever = nxt[pilot].notna().groupby(group).mean()
    loose = ((s["arrival"].shift(-1) - s["arrival"]).dt.days <= 365)[pilot].groupby(group).mean()
    return back, ever, loose


def _personalisation(ns):
    audit = ns["audit"]
    share = ns["usable_share"]
    back, ever, loose = _pilot(ns)
    (n1, p1), (n0, p0) = back.loc["recognised"], back.loc["hold-out"]
    u, low = ns["uplift"], ns["uplift_low"]
    se = (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0) ** 0.5
    net = ns["net_per_guest"]
    recognised = int((ns["stays"]["pilot_group"] == "recognised").sum())
    return {
        "q1": [({"usable_share": 100 * share}, "divide by 100"),
               ({"usable_share": float(audit.loc["usable", "notes"])}, "number of notes"),
               ({"usable_share": 1 - share}, "may NOT be used"),
               ({"usable_share": round(share, 2)}, "rounded"),
               ({"usable_share": audit.loc["usable", "notes"] / len(ns["guests"])}, "GUESTS")],
        "q2": [({"uplift": p0 - p1}, "hold-out minus recognised"),
               ({"uplift": p1}, "recognised group alone"),
               ({"uplift": p0}, "hold-out group alone"),
               ({"uplift": p0 / p1}, "wrong way round"),
               ({"uplift": p0 / p1 - 1}, "wrong way round"),
               ({"uplift": p1 / p0}, "ratio"),
               ({"uplift": p1 / p0 - 1}, "relative rise"),
               ({"uplift": ever["hold-out"] - ever["recognised"]}, "swaps the groups"),
               ({"uplift": loose["hold-out"] - loose["recognised"]}, "swaps the groups"),
               ({"uplift": 100 * u}, "0.05"),
               ({"uplift": round(u, 2)}, "rounded")],
        "q3": [({"uplift_low": u - se}, "factor 1.96"),
               ({"uplift_low": -1.96 * se}, "leaves out the uplift"),
               ({"uplift_low": u + 1.96 * se}, "BELOW"),
               ({"uplift_low": u - 1.96 * se ** 2}, "square root"),
               ({"uplift_low": 100 * low}, "percent"),
               ({"uplift_low": round(low, 2)}, "rounded")],
        "q4": [({"net_per_guest": 2800 * u}, "50 yuan"),
               ({"net_per_guest": 280000 * u - 50}, "fraction"),
               ({"net_per_guest": 50 - 2800 * u}, "wrong sign"),
               ({"net_per_guest": recognised * net}, "total"),
               ({"net_per_guest": round(net)}, "rounded"),
               ({"net_per_guest": 2800 * low - 50}, "low end")],
    }


def _salon(ns):
    v, survey = ns["visits"], ns["survey"]
    gain = v["amount"] - v["labour_cost"] - v["materials_cost"]
    unsorted = gain.groupby(v["customer_id"]).sum()
    per = unsorted.sort_values()
    k = len(per) // 5
    share = ns["worst20_share"]
    promo = ns["promo_only_profit"]
    busy = ns["busy_leavers_profit"]
    gain_year = ns["stop_discounts_gain"]
    perk = ns["adopt_perk"]
    return {
        "q1": [({"worst20_share": unsorted.iloc[-k:].sum() / per.sum()}, "NOT sorted"),
               ({"worst20_share": unsorted.iloc[:k].sum() / per.sum()}, "NOT sorted"),
               ({"worst20_share": per.iloc[-k:].sum() / per.sum()}, "BEST 20 %"),
               ({"worst20_share": 100 * share}, "do not multiply by 100"),
               ({"worst20_share": 1 - share}, "1 minus"),
               ({"worst20_share": -share}, "wrong sign"),
               ({"worst20_share": round(share, 2)}, "rounded")],
        "q2": [({"promo_only_profit": promo / 2}, "do not divide by 2"),
               ({"promo_only_profit": round(promo, -2)}, "rounded"),
               ({"promo_only_profit": per[ns["only_promo"]].mean()}, "mean per customer"),
               ({"promo_only_profit": gain[v["discount"] >= 0.6].sum()}, "VISITS")],
        "q3": [({"busy_leavers_profit": busy / 2}, "do not divide by 2"),
               ({"busy_leavers_profit": round(busy, -2)}, "rounded"),
               ({"busy_leavers_profit": unsorted.reindex(
                   survey.loc[survey["reason"] == "stylist too busy", "customer_id"]).mean()},
                "mean per leaver")],
        "q4": [({"stop_discounts_gain": 2 * gain_year}, "divide by 2"),
               ({"stop_discounts_gain": 4 * gain_year}, "DIVIDED by 2"),
               ({"stop_discounts_gain": round(gain_year, -2)}, "rounded"),
               ({"stop_discounts_gain": gain_year + promo / 2}, "leaves out the promotion-only")],
        "q5": [({"adopt_perk": not perk}, "adopt_perk")],
    }


def _mcdonalds(ns):
    g = ns["groups"].set_index("age_group")
    r = g.loc["20-30"]
    spend = ns["spend_20_30"]
    ltv = ns["ltv_children"]
    heirs = ns["heirs_value"]
    years = ns["years_needed"]
    k = g.loc["5-14"]
    c = ns["children"]
    d = k["discount_rate"]
    a = (1 - (1 + d) ** -c["years_retained"]) / d
    return {
        "q1": [({"spend_20_30": round(spend)}, "rounded"),
               ({"spend_20_30": round(r["spend_per_visit"], 1) * round(r["visits_per_year"], 1)},
                "rounded"),
               ({"spend_20_30": r["spend_per_visit"]}, "ONE visit"),
               ({"spend_20_30": r["spend_per_visit"] * r["years_retained"]}, "years retained"),
               ({"spend_20_30": spend * r["repeat_rate"]}, "repeat rate")],
        "q2": [({"ltv_children": round(ltv, -1)}, "rounded"),
               ({"ltv_children": 100 * ltv}, "margin in percent"),
               ({"ltv_children": ltv * k["repeat_rate"]}, "repeat rate"),
               ({"ltv_children": ltv * len(c)}, "adds up"),
               ({"ltv_children": ((c["spend_per_visit"] + c["family_spend_per_visit"])
                                  * c["visits_per_year"] * a).mean()}, "margin m"),
               ({"ltv_children": (k["margin"] * c["spend_per_visit"] * c["visits_per_year"]
                                  * a).mean()}, "family's spend")],
        "q3": [({"heirs_value": round(heirs)}, "rounded"),
               ({"heirs_value": heirs / ltv}, "factor q / (1 - q) alone"),
               ({"heirs_value": ltv + heirs}, "child's own value"),
               ({"heirs_value": ltv * 0.3 / 0.7}, "does not discount")],
        "q4": [({"years_needed": float(math.ceil(years))}, "rounded up"),
               ({"years_needed": round(years, 1)}, "rounded"),
               ({"years_needed": 12 * years}, "months"),
               ({"years_needed": float(k["years_retained"])}, "NEED")],
    }


SLIPS = {"case_supermarket_a": _supermarket, "case_personalisation": _personalisation,
         "case_hair_salon": _salon, "case_mcdonalds_core_customers": _mcdonalds}


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12))
    except (TypeError, ValueError):
        return a == b


@pytest.mark.parametrize("student", IDS)
@pytest.mark.parametrize("name", SETS)
def test_the_solution_passes_every_check_with_full_marks(name, student):
    ns = _namespace(name, student)
    for question, (public, hidden, points) in _load(name)[1].items():
        assert _failures(public + hidden, ns) == [], (question, _failures(public + hidden, ns))
        if points is not None:
            assert len(points) == len(public) + len(hidden), question
            assert _score(name, question, ns) == sum(points) > 0, question


@pytest.mark.parametrize("student", IDS)
@pytest.mark.parametrize("name", SETS)
def test_each_slip_is_named_by_a_public_check_and_loses_points(name, student):
    ns = _namespace(name, student)
    tests = _load(name)[1]
    missed, tried = [], 0
    for question, slips in SLIPS[name](ns).items():
        public, _, points = tests[question]
        for change, words in slips:
            (var, wrong), = change.items()
            if _same(wrong, ns[var]):
                continue  # on this student's data the slip gives the right answer
            tried += 1
            typed = {**ns, **change}
            messages = _failures(public, typed)
            if _score(name, question, typed) == sum(points):
                # within the grading tolerance on this student's data (a rounding to 2 places,
                # say): not a slip, and the public checks must say nothing either
                assert messages == [], (question, change, messages)
                continue
            if not any(words in m for m in messages):
                missed.append((question, var, words, messages))
    assert tried >= 15
    assert missed == []


@pytest.mark.parametrize("name", SETS)
def test_a_message_never_gives_the_right_value(name):
    ns = _namespace(name, IDS[0])
    for question, slips in SLIPS[name](ns).items():
        public = _load(name)[1][question][0]
        for change, _ in slips:
            (var, _), = change.items()
            right = ns[var]
            if isinstance(right, (bool, np.bool_)):
                continue
            for message in _failures(public, {**ns, **change}):
                for shown in (f"{right}", f"{right:.3f}", f"{right:.2f}", f"{right:,.0f}"):
                    if len(shown.strip("-0.,")) > 1:
                        assert shown not in message, (question, shown, message)


def _retyped(value):
    if isinstance(value, (bool, np.bool_)):
        return [bool(value), np.bool_(value)]
    if isinstance(value, (int, np.integer)):
        return [int(value), np.int64(value), float(value)]
    if isinstance(value, (float, np.floating)) and math.isfinite(value):
        return [float(value), np.float64(value), np.float32(value).item(), round(float(value), 12)]
    return [value]


@pytest.mark.parametrize("student", IDS)
@pytest.mark.parametrize("name", SETS)
def test_right_answers_of_any_sensible_type_pass_silently(name, student):
    ns = _namespace(name, student)
    code, tests = _load(name)
    answers = [ln.split("=")[0].strip() for text in code for ln in text.split("\n")
               if ln.rstrip().endswith("# SOLUTION") and "=" in ln]
    graded = {p for public, hidden, _ in tests.values() for t in public + hidden
              for p in inspect.signature(_function(t)).parameters}
    checked = 0
    for var in (a for a in answers if a in graded):
        for typed in _retyped(ns[var])[:3]:
            space = {**ns, var: typed}
            for question, (public, hidden, _) in tests.items():
                takes = [t for t in public + hidden
                         if var in inspect.signature(_function(t)).parameters]
                assert _failures(takes, space) == [], (var, type(typed), question)
                checked += 1
    assert checked > 10


def test_the_break_even_is_right_from_the_data_even_when_question_3_is_wrong():
    """Supermarket q4: a student whose pet_deadweight is off (a percentage, say) but whose
    break-even lift is right from the data is neither refused nor graded down; the percentage is
    not carried forward as if it were a share."""
    name = "case_supermarket_a"
    ns = _namespace(name, IDS[0])
    public = _load(name)[1]["q4"][0]
    for w in (100 * ns["pet_deadweight"], 1 - ns["pet_deadweight"], None, ...):
        space = {**ns, "pet_deadweight": w}
        assert _failures(public, space) == [], w
        assert _score(name, "q4", space) == 2, w
    percent = 100 * ns["pet_deadweight"]
    carried = {**ns, "pet_deadweight": percent, "pet_break_even": 0.05 * percent / 0.15}
    assert _score(name, "q4", carried) == 0
    assert _failures(public, carried)


def test_a_right_decision_with_a_wrong_regulars_rule_is_told_which_rule():
    """Salon q5 follows the case's regulars: when the old rule (12 visits in two years) gives
    another decision on a student's data, the check says so."""
    name = "case_hair_salon"
    found = 0
    for student in IDS + ("s001", "s002", "s003", "s006"):
        ns = _namespace(name, student)
        per = ns["per_customer"]
        said = int((ns["survey"]["reason"] == "no special treatment for regulars").sum())
        old = bool(0.5 * said / 2 * 1600 > 20 * int((per["visits"] >= 12).sum()))
        if old == bool(ns["adopt_perk"]):
            continue
        found += 1
        messages = _failures(_load(name)[1]["q5"][0], {**ns, "adopt_perk": old})
        assert any("12 or more visits" in m for m in messages), messages
        assert _score(name, "q5", {**ns, "adopt_perk": old}) == 0
    assert found


def test_the_salon_set_uses_the_case_definitions_word_for_word():
    case = " ".join(_src(c) for c in _cells(ROOT / "casestudies" / "case_hair_salon.ipynb"))
    exercise = " ".join(_src(c) for c in _cells(ROOT / "solutions" / "case_hair_salon.ipynb"))
    case, exercise = (re.sub(r"\s+", " ", t).replace("**", "") for t in (case, exercise))
    for words in ("promotion-only shopper (促销型顾客) comes only at the 60 % promotion price "
                  "(every visit)",
                  "complains on a quarter of their visits or more",
                  "Everyone else is one of the \"other customers\"",
                  "a small gift worth 20 yuan once a year to every regular (6 or more visits a "
                  "year, not in the loss-making groups)",
                  "from their first to their last visit, at least half a year"):
        assert words.lower() in case.lower(), words
        assert words.lower() in exercise.lower(), words
    assert "12 or more visits in the two years" not in exercise.split("Rubric")[0].split(
        "def test_")[0]


def _hint(name, question):
    text = " ".join(_src(c) for c in _cells(ROOT / "solutions" / f"{name}.ipynb"))
    return re.search(rf"<summary>Hint {question}</summary>(.*?)</details>", text, re.S).group(1)


def test_the_mcdonalds_q4_hint_runs_as_written():
    """The hint names the call with the group as its second argument: following it gives the
    answer, where `years_to_lead(groups, family=0)` raised a TypeError."""
    hint = _hint("case_mcdonalds_core_customers", "q4")
    call = re.search(r"`(crm\.core_customers\.years_to_lead\(.*?\))`", hint, re.S).group(1)
    call = re.sub(r"\s+", " ", call).replace('"..."', '"5-14"').replace("family=...", "family=0")
    ns = _namespace("case_mcdonalds_core_customers", IDS[0])
    assert math.isclose(eval(call, ns), ns["years_needed"])  # noqa: S307 - the set's own hint


def test_the_hints_with_code_run_as_written():
    """The code in the personalisation q3 and salon q5 hints runs on the student's variables
    (no `np` that was never imported, no column that does not exist)."""
    ns = dict(_namespace("case_personalisation", IDS[0]))
    hint = _hint("case_personalisation", "q3")
    assert "import numpy as np" in hint
    ns["sorted_stays"] = ns["in_order"].assign(back=ns["back"])
    call = re.search(r"`(sorted_stays\.groupby\(.*?\))`", hint, re.S).group(1)
    table = eval(call, ns)  # noqa: S307 - the set's own hint
    assert table.loc["recognised", "mean"] == ns["p_rec"]
    assert table.loc["hold-out", "size"] == ns["n_hold"]
    salon = _namespace("case_hair_salon", IDS[0])
    hint = _hint("case_hair_salon", "q5")
    call = re.sub(r"\s+", " ", re.search(r"`(visits\.groupby\(.*?\)\))`", hint, re.S).group(1))
    per = eval(call, dict(salon))  # noqa: S307 - the set's own hint
    assert per.equals(salon["per_customer"])
