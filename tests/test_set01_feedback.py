"""Exercise set 01's public checks name each common slip and stay silent on a right answer of any
sensible type; its hidden tests pass the right answers, give a slip no points, and grade question 8
against the student's own question 6 when that one was wrong (error carried forward). Every slip is
typed as a student would, on two student ids, from the set's own solution notebook."""

import inspect
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "solutions" / "01_what_is_crm.ipynb"
IDS = ("student001", "student002")
MARGIN = 0.35


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _load():
    """(setup cells, solution cells, {question: (public tests, hidden tests)}) of the set."""
    cells = json.loads(SET.read_text(encoding="utf-8"))["cells"]
    setup, solutions, tests, question, where = [], [], {}, None, "setup"
    for cell in cells:
        text = _src(cell)
        if cell["cell_type"] == "raw":
            if text.startswith("# BEGIN QUESTION"):
                question = text.split("name:")[1].split()[0]
                tests[question] = ([], [])
            ends = text.startswith(("# END", "# BEGIN QUESTION"))
            where = {"# BEGIN SOLUTION": "solution", "# BEGIN TESTS": "tests"}.get(
                text.strip(), "between" if ends else where
            )
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


TESTS = _load()[2]


def _namespace(student):
    setup, solutions, _ = _load()
    ns = {"STUDENT_ID": student}
    for text in setup + solutions:
        exec(compile(text, "set01", "exec"), ns)  # noqa: S102 - the course's own notebook
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


@pytest.fixture(scope="module", autouse=True)
def _data_made_once():
    """Every hidden test remakes the student's data; make each student's tables once (they are
    only read), so the many typed answers below take seconds, not minutes."""
    import crmlab as crm

    made, generate = {}, crm.simulate.generate

    def once(name, n, *, seed, **kw):
        key = (name, n, seed, tuple(sorted(kw.items())))
        if key not in made:
            made[key] = generate(name, n, seed=seed, **kw)
        return made[key]

    crm.simulate.generate = once
    yield
    crm.simulate.generate = generate


@pytest.fixture(scope="module", params=IDS)
def ns(request, _data_made_once):
    return _namespace(request.param)


def _k01(campaigns):
    row = campaigns.loc[campaigns["campaign_id"] == "K01"].iloc[0]
    return {k: float(row[k]) for k in ("cost", "revenue", "contacts", "holdout", "holdout_revenue")}


def _slips(ns):
    """{question: [({variable: wrong value}, words the public message must contain)]}, each wrong
    value typed the way a student would get it, from the student's own tables."""
    import crmlab as crm

    deals, tickets, purchases, campaigns = (
        ns["deals"],
        ns["tickets"],
        ns["purchases"],
        ns["campaigns"],
    )
    funnel = crm.sales.pipeline_conversion(deals)
    paid = int((deals["stage"] == "payments").sum())
    right1 = ns["overall_conversion"]

    out = crm.service.escalate_overdue(tickets, as_of="2025-12-31")
    day = pd.Timestamp("2025-12-31")

    last = tickets["opened"].max()  # the last date in tickets taken as the analysis date
    on_last = int(crm.service.escalate_overdue(tickets, as_of=last)["overdue"].sum())

    has = purchases.groupby("basket_id", observed=True)["category"].agg(set)
    pairs = crm.marketing.cross_sell_pairs(purchases)
    ink = pairs[(pairs["item_a"] == "ink") & (pairs["item_b"] == "printers")].iloc[0]
    both = int(has.map(lambda s: {"ink", "printers"} <= s).sum())

    view = crm.customer_view.single_customer_view(ns["customers"], deals, tickets)
    deal, ticket = view["deals"] > 0, view["tickets"] > 0
    raw_both = len(set(deals["customer_id"]) & set(tickets["customer_id"]))

    k = _k01(campaigns)
    anyway = k["contacts"] * k["holdout_revenue"] / k["holdout"]
    right6 = ns["k01_marketing_roi"]

    c = crm.holdout.marketing_roi(campaigns, margin=MARGIN)
    revenue_roi = crm.marketing.campaign_roi(campaigns, margin=MARGIN)

    def ids(rule):
        return sorted(c.loc[rule, "campaign_id"])

    unscaled = (
        MARGIN * (campaigns["revenue"] - campaigns["holdout_revenue"]) - campaigns["cost"]
    ) >= 0

    gaps = funnel["step_conversion"] - funnel["stage"].map(ns["targets"])
    on_overall = funnel["overall_conversion"] - funnel["stage"].map(ns["targets"])
    other = pairs[~((pairs["item_a"] == "ink") & (pairs["item_b"] == "printers"))].iloc[0]
    first = campaigns.iloc[0]
    per_response = k["holdout_revenue"] / float(first["holdout_responses"])
    by_responses = k["revenue"] - float(first["responses"]) * per_response
    negative = set(c.loc[c["marketing_roi"] < 0, "campaign_id"])
    top3 = sorted(c.nlargest(3, "marketing_roi")["campaign_id"])
    best = [c.loc[c["marketing_roi"].idxmax(), "campaign_id"]]
    stages = list(crm.sales.STAGES)
    step_from = stages[stages.index(ns["step_to_coach"]) - 1]  # the step named by where it starts
    keep_slips = [
        ({"campaigns_to_keep": ids_}, "below 0") for ids_ in (top3, best) if negative & set(ids_)
    ]

    return {
        "q1": [
            ({"overall_conversion": 100 * right1}, "multiply by 100"),
            ({"overall_conversion": paid}, "number of deals"),
            ({"overall_conversion": round(right1, 2)}, "round"),
            ({"overall_conversion": 1 - right1}, "did NOT reach"),
            ({"overall_conversion": float(funnel["step_conversion"].iloc[-1])}, "step conversion"),
            ({"overall_conversion": float(funnel["overall_conversion"].iloc[3])}, "earlier stage"),
            ({"overall_conversion": paid / int((deals["stage"] == "leads").sum())}, "lead stage"),
            ({"overall_conversion": "0.144"}, "one number"),
            ({"overall_conversion": float((deals["stage"] == "orders").mean())}, "whose stage is"),
            ({"overall_conversion": float(funnel["overall_conversion"].iloc[0])}, "FIRST stage"),
            ({"overall_conversion": float(funnel["overall_conversion"].mean())}, "mean of the"),
            ({"overall_conversion": paid / len(ns["customers"])}, "number of CUSTOMERS"),
        ],
        "q2": [
            (
                {"step_to_coach": funnel.loc[funnel["step_conversion"].iloc[1:].idxmin(), "stage"]},
                "lowest step conversion",
            ),
            (
                {
                    "step_to_coach": int(
                        (funnel["step_conversion"] - funnel["stage"].map(ns["targets"])).idxmin()
                    )
                },
                "row number",
            ),
            ({"step_to_coach": "Opportunities"}, "lower case"),
            ({"step_to_coach": float(gaps.min())}, "stored the gap"),
            ({"step_to_coach": funnel.loc[on_overall.idxmin(), "stage"]}, "step_conversion column"),
            ({"step_to_coach": pd.Series(["Opportunities", "orders"])}, ".iloc[0]"),
            *[({"step_to_coach": s}, "starts FROM") for s in [step_from] if s != "leads"],
        ],
        "q3": [
            ({"overdue_count": int(out["is_open"].sum())}, "every ticket still open"),
            (
                {"overdue_count": int((out["is_open"] & (out["due"] <= day)).sum())},
                "due on 31 December",
            ),
            ({"overdue_count": int((out["due"] < day).sum())}, "closed ones too"),
            (
                {"overdue_count": int((tickets["resolved"].isna() & (out["due"] < day)).sum())},
                "resolved after 31 December",
            ),
            ({"overdue_count": float(out["overdue"].mean())}, "not .mean()"),
            ({"overdue_count": int(out["overdue"].sum()) + 1}, "too many"),
            *[({"overdue_count": n}, "another day") for n in [on_last] if n != ns["overdue_count"]],
        ],
        "q4": [
            ({"ink_confidence": float(ink["confidence_a_to_b"])}, "ink -> printers"),
            ({"ink_confidence": float(ink["support"])}, "support"),
            ({"ink_confidence": float(ink["lift"])}, "lift"),
            ({"ink_confidence": 100 * ns["ink_confidence"]}, "multiply by 100"),
            ({"ink_confidence": round(ns["ink_confidence"], 2)}, "round"),
            ({"ink_confidence": 1 - ns["ink_confidence"]}, "WITHOUT ink"),
            ({"ink_confidence": both}, "number of baskets"),
            (
                {"ink_confidence": both / int((purchases["category"] == "printers").sum())},
                "printer rows",
            ),
            ({"ink_confidence": float(other["confidence_b_to_a"])}, "another pair"),
            ({"ink_confidence": float(other["confidence_a_to_b"])}, "another pair"),
        ],
        "q5": [
            ({"known_to_all": int(ticket.sum())}, "every customer with a ticket"),
            ({"known_to_all": int(deal.sum())}, "every customer with a deal"),
            ({"known_to_all": int((deal | ticket).sum())}, "OR"),
            ({"known_to_all": raw_both}, "ids probably did not match"),
            ({"known_to_all": len(view)}, "every customer of the view"),
            ({"known_to_all": int(view.loc[deal, "tickets"].sum())}, "counts tickets"),
            ({"known_to_all": int((~deal & ~ticket).sum())}, "NEITHER"),
        ],
        "q6": [
            ({"break_even_roi": 1 / MARGIN}, "minus 1"),
            ({"break_even_roi": 100 * (1 / MARGIN - 1)}, "multiply by 100"),
            ({"break_even_roi": round(1 / MARGIN - 1, 2)}, "round"),
            ({"break_even_roi": MARGIN}, "margin itself"),
            ({"break_even_roi": 1 - MARGIN}, "1 - margin"),
            ({"break_even_roi": 0}, "keeps only"),
            ({"break_even_roi": MARGIN - 1}, "below 0"),
            ({"k01_marketing_roi": (k["revenue"] - k["cost"]) / k["cost"]}, "revenue ROI"),
            ({"k01_marketing_roi": float(revenue_roi.loc[0, "margin_roi"])}, "margin ROI"),
            ({"k01_marketing_roi": (k["revenue"] - anyway - k["cost"]) / k["cost"]}, "margin out"),
            (
                {
                    "k01_marketing_roi": (
                        MARGIN * (k["revenue"] - k["holdout_revenue"]) - k["cost"]
                    )
                    / k["cost"]
                },
                "unscaled",
            ),
            ({"k01_marketing_roi": 100 * right6}, "multiply by 100"),
            ({"k01_marketing_roi": round(right6, 2)}, "round"),
            ({"k01_marketing_roi": MARGIN * (k["revenue"] - anyway) - k["cost"]}, "amount in yuan"),
            ({"k01_marketing_roi": -right6}, "sign reversed"),
            ({"k01_marketing_roi": float(c.loc[1, "marketing_roi"])}, "of campaign K"),
            ({"k01_marketing_roi": float(c["marketing_roi"].mean())}, "MEAN marketing ROI"),
            (
                {"k01_marketing_roi": (MARGIN * by_responses - k["cost"]) / k["cost"]},
                "responses / holdout_responses",
            ),
        ],
        "q8": [
            ({"campaigns_to_keep": ids(c["revenue_roi"] >= 0)}, "revenue ROI"),
            (
                {
                    "campaigns_to_keep": sorted(
                        revenue_roi.loc[revenue_roi["margin_roi"] >= 0, "campaign_id"]
                    )
                },
                "margin ROI",
            ),
            ({"campaigns_to_keep": ids(c["incremental_revenue"] >= c["cost"])}, "margin out"),
            ({"campaigns_to_keep": ids(unscaled.to_numpy())}, "unscaled"),
            ({"campaigns_to_keep": ids(c["marketing_roi"] < 0)}, "STOP"),
            ({"campaigns_to_keep": ids(c["incremental_rate"] > 0)}, "added responses"),
            ({"campaigns_to_keep": sorted(c["campaign_id"])}, ("keeps every campaign", "STOP")),
            ({"campaigns_to_keep": ids(c["marketing_roi"] >= 0)[::-1]}, "not sorted"),
            ({"campaigns_to_keep": c.loc[c["marketing_roi"] >= 0, "campaign_id"]}, "not a list"),
            ({"campaigns_to_keep": None}, "is None"),
            *keep_slips,
        ],
    }


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12))
    except (TypeError, ValueError):
        return isinstance(a, type(b)) and a == b


def test_the_solution_passes_every_check(ns):
    for question, (public, hidden) in TESTS.items():
        assert _run(public + hidden, ns) == [], question


def test_each_slip_is_named_by_a_public_check_and_scores_nothing(ns):
    tried = 0
    for question, slips in _slips(ns).items():
        public, hidden = TESTS[question]
        for change, words in slips:
            ((var, wrong),) = change.items()
            if not isinstance(wrong, pd.Series) and _same(wrong, ns[var]):
                continue  # on this student's data the slip gives the right answer
            typed = {**ns, **change}
            messages = _run(public, typed)
            words = (words,) if isinstance(words, str) else words
            assert any(w in m for m in messages for w in words), (question, change, messages)
            hidden_failures = [t for t in hidden if _run([t], typed) and var in t.split("\n")[1]]
            assert hidden_failures, (question, change, "a hidden test gives the slip points")
            tried += 1
    print(f"slips typed: {tried}")
    assert tried >= 50


def _retyped(value):
    """The same right answer as a student might type it: numpy, Python, int or float, or a
    one-element column."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return [int(value), np.int64(value), float(value), np.float64(value)]
    if isinstance(value, (float, np.floating)):
        return [float(value), np.float64(value), pd.Series([value], index=["only"])]
    return [value]


def test_right_answers_of_any_sensible_type_pass_silently(ns):
    answers = (
        "overall_conversion",
        "overdue_count",
        "ink_confidence",
        "known_to_all",
        "break_even_roi",
        "k01_marketing_roi",
    )
    for question, (public, hidden) in TESTS.items():
        for answer in answers:
            if not any(answer in t for t in public):
                continue
            for value in _retyped(ns[answer]):
                assert _run(public + hidden, {**ns, answer: value}) == [], (
                    question,
                    answer,
                    type(value),
                )
    for step in (np.str_(ns["step_to_coach"]), pd.Series([ns["step_to_coach"]], index=["only"])):
        assert _run(sum(TESTS["q2"], []), {**ns, "step_to_coach": step}) == [], type(step)


def test_an_unanswered_question_says_so():
    for question, (public, _) in TESTS.items():
        if not public:
            continue  # a written question
        first = public[0]
        name = re.search(r"def test_\w+\((\w+)", first).group(1)
        assert any(f"`{name}` is still `...`" in m for m in _run([first], {name: ...})), question
        assert any(f"`{name}` is not defined" in m for m in _run([first], {})), question


def test_question_8_is_graded_against_the_students_own_k01_return(ns):
    """Error carried forward: a student whose K01 return is wrong (the revenue ROI, so K01 looks
    profitable) and who applies the rule right to that value loses question 6 only."""
    hidden8 = TESTS["q8"][1]
    k = _k01(ns["campaigns"])
    wrong_k01 = (k["revenue"] - k["cost"]) / k["cost"]
    assert wrong_k01 > 0 > ns["k01_marketing_roi"]  # the slip changes K01's side of the rule
    carried = sorted(set(ns["campaigns_to_keep"]) | {"K01"})
    student = {**ns, "k01_marketing_roi": wrong_k01, "campaigns_to_keep": carried}
    assert _run(TESTS["q6"][1], student) != []  # question 6 loses its point
    assert _run(hidden8, student) == []  # question 8 follows from the student's own value
    # the same list without the wrong K01 value behind it scores nothing
    assert _run(hidden8, {**ns, "campaigns_to_keep": carried}) != []
    # and with the wrong K01 value, a list that ignores it is still right
    assert _run(hidden8, {**ns, "k01_marketing_roi": wrong_k01}) == []


def test_public_checks_do_not_hold_the_solution_expressions():
    """The public tests never contain the expression that answers a question (a solution line),
    and are written apart from the hidden tests."""
    setup, solutions, tests = _load()
    answers = []
    for text in solutions:
        for line in text.split("\n"):
            if line.rstrip().endswith("# SOLUTION"):
                body = line.rsplit("# SOLUTION", 1)[0].strip()
                answers.append(body.split("=", 1)[1].strip() if "=" in body else body)
    given = "\n".join(solutions)  # data lines the student version shows, such as the targets
    hidden_lines = {
        ln.strip()
        for _, hidden in tests.values()
        for t in hidden
        for ln in t.split("\n")[1:]
        if len(ln.strip()) > 15 and not ln.strip().startswith("import ") and ln.strip() not in given
    }
    for question, (public, _) in tests.items():
        code = "\n".join(public)
        assert not [a for a in answers if len(a) > 3 and a in code], question
        assert not [ln for ln in hidden_lines if ln in code], question
        assert "marketing_roi(" not in code and "escalate_overdue(" not in code, question
        assert "single_customer_view(" not in code and "pipeline_conversion(" not in code, question


def test_counting_overdue_tickets_on_the_last_ticket_date_is_named():
    """On the two ids above the last ticket was opened on 31 December, so the slip of counting on
    the last date in tickets gives the right count there; on these ids it does not."""
    import crmlab as crm

    public, hidden = TESTS["q3"]
    for student in ("student0533", "student434"):
        ns = _namespace(student)
        tickets = ns["tickets"]
        on_last = crm.service.escalate_overdue(tickets, as_of=tickets["opened"].max())
        wrong = int(on_last["overdue"].sum())
        assert wrong != ns["overdue_count"], student  # the slip changes the count here
        typed = {**ns, "overdue_count": wrong}
        assert any("another day" in m for m in _run(public, typed)), student
        assert _run(hidden, typed), student
