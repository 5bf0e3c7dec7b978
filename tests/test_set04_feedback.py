"""Exercise set 04 (RFM segmentation): the public checks name each question's common slips and
stay silent on a right answer of any sensible type; the hidden tests give a slip no points and
grade question 7 against the student's own question 6 when that one is wrong (error carried
forward). Each slip is typed as a student would, on two student ids, from the set's solution."""

import inspect
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
NAME = "04_rfm_segmentation"
IDS = ("student001", "student002")


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _load():
    """(setup cells, solution cells, {question: (public tests, hidden tests)}) of the set."""
    cells = json.loads((ROOT / "solutions" / f"{NAME}.ipynb").read_text(encoding="utf-8"))["cells"]
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
    return setup, solutions, {q: v for q, v in tests.items() if v != ([], [])}  # no written ones


SETUP, SOLUTIONS, TESTS = _load()


def _function(text):
    scope = {}
    exec(compile(text, "test", "exec"), scope)  # noqa: S102 - the course's own notebook
    return next(v for k, v in scope.items() if k.startswith("test_"))


def _run(test_sources, ns):
    """Failure messages of the tests (an empty list when all pass)."""
    failures = []
    for text in test_sources:
        fn = _function(text)
        try:
            fn(**{p: ns.get(p) for p in inspect.signature(fn).parameters})
        except Exception as err:  # noqa: BLE001 - otter counts any exception as a failed test
            failures.append(str(err))
    return failures


def _points(question):
    """Points of each test case of a question, in order (public first, as in the notebook)."""
    cells = json.loads((ROOT / "solutions" / f"{NAME}.ipynb").read_text(encoding="utf-8"))["cells"]
    head = next(
        _src(c) for c in cells if _src(c).startswith(f"# BEGIN QUESTION\nname: {question}\n")
    )
    return json.loads(head.split("points:")[1].strip())


def _score(question, ns):
    """What the judge would give: the points of the hidden tests that pass."""
    public, hidden = TESTS[question]
    points = _points(question)[len(public) :]
    return sum(p for text, p in zip(hidden, points) if not _run([text], ns))


@pytest.fixture(scope="module", autouse=True)
def _generate_once():
    """The hidden tests rebuild the student's data in every call: make each build once (speed)."""
    import crmlab as crm

    real = crm.simulate.generate
    made = {}

    def cached(name, n, *, seed):
        if (name, n, seed) not in made:
            made[name, n, seed] = real(name, n, seed=seed)
        return made[name, n, seed]

    crm.simulate.generate = cached
    yield
    crm.simulate.generate = real


@pytest.fixture(scope="module", params=IDS)
def ns(request):
    space = {"STUDENT_ID": request.param}
    for text in SETUP + SOLUTIONS:
        exec(compile(text, NAME, "exec"), space)  # noqa: S102 - the course's own notebook
    return space


def _cells(ns):
    """Per R score: offer rate, hold-out rate, value per responder and break-even, by hand."""
    t = ns["letter_test"].join(ns["segments"]["r_score"], on="customer_id")
    offer = t[t["group"] == "offer"]
    out = pd.DataFrame(
        {
            "offer": offer.groupby("r_score", observed=True)["bought"].mean(),
            "holdout": t[t["group"] == "holdout"]
            .groupby("r_score", observed=True)["bought"]
            .mean(),
            "value": offer[offer["bought"]].groupby("r_score", observed=True)["spend"].mean(),
        }
    )
    out["need"] = 3.0 / (0.20 * out["value"])
    return out


def _slips(ns):
    seg, trips = ns["segments"], ns["trips"]
    sizes = seg["segment"].value_counts()
    spend = seg.groupby("segment", observed=True)["monetary"].sum()
    visits = seg.groupby("segment", observed=True)["frequency"].sum()
    key = ns["tier"].reindex(seg.index) == "key"
    left = ns["customers"].set_index("customer_id").reindex(seg.index)
    gone = left["churn_date"].notna()
    at_risk = seg["segment"] == "at risk"
    share = ns["at_risk_left_share"]
    cells = _cells(ns)
    inc = cells["offer"] - cells["holdout"]
    pick = lambda cond: [int(c) for c in cond.index[cond]]  # noqa: E731
    t = ns["letter_test"].join(seg["r_score"], on="customer_id")
    whole = t.groupby("group", observed=True)["bought"].mean()
    life = ns["lifetime"]
    r1_trips = t[t["r_score"] == 1].groupby("group", observed=True)["trips"].mean()
    return {
        "q1": [
            ({"n_champions": int((seg["rfm_code"] == "555").sum())}, "RFM code 555"),
            ({"n_champions": int((seg["r_score"] == 5).sum())}, "R score 5"),
            ({"n_champions": int(sizes["loyal"])}, "LOYAL"),
            ({"n_champions": int(sizes["champions"] + sizes["loyal"])}, "champions AND loyal"),
            (
                {
                    "n_champions": int(
                        trips["customer_id"].isin(seg.index[seg["segment"] == "champions"]).sum()
                    )
                },
                "TRIPS",
            ),
            ({"n_champions": float((seg["segment"] == "champions").mean())}, "share"),
            ({"n_champions": "many"}, "whole number"),
            # segment == "Champions" (capital C) counts nobody
            ({"n_champions": int((seg["segment"].astype(str) == "Champions").sum())}, "spelling"),
        ],
        "q2": [
            (
                {
                    "champions_loyal_share": float(
                        seg.loc[seg["segment"].isin(["champions", "loyal"]), "m_score"].sum()
                        / seg["m_score"].sum()
                    )
                },
                "m_score",
            ),
            (
                {
                    "champions_loyal_share": float(
                        (seg["segment"].isin(["champions", "loyal"])).mean()
                    )
                },
                "share of CUSTOMERS",
            ),
            (
                {"champions_loyal_share": 100 * ns["champions_loyal_share"]},
                "do not multiply by 100",
            ),
            ({"champions_loyal_share": float(spend["champions"] / spend.sum())}, "champions only"),
            (
                {"champions_loyal_share": float(spend["loyal"] / spend.sum())},
                "loyal customers only",
            ),
            ({"champions_loyal_share": 1 - ns["champions_loyal_share"]}, "1 minus"),
            (
                {
                    "champions_loyal_share": float(
                        visits[["champions", "loyal"]].sum() / visits.sum()
                    )
                },
                "TRIPS",
            ),
            ({"champions_loyal_share": round(ns["champions_loyal_share"], 2)}, "Do not round"),
            ({"champions_loyal_share": round(ns["champions_loyal_share"], 3)}, "Do not round"),
        ],
        "q3": [
            (
                {"n_priority_calls": int(seg["segment"].isin(["can't lose", "at risk"]).sum())},
                "every customer in",
            ),
            (
                {"n_priority_calls": int(((seg["segment"] == "can't lose") & key).sum())},
                "'can't lose' only",
            ),
            ({"n_priority_calls": int((at_risk & key).sum())}, "'at risk' only"),
            ({"n_priority_calls": int(key.sum())}, "whole key tier"),
            (
                {
                    "n_priority_calls": int(
                        (seg["segment"].isin(["can't lose", "at risk"]) & ~key).sum()
                    )
                },
                "NOT key",
            ),
            (
                {
                    "n_priority_calls": int(
                        (
                            seg["segment"].isin(["can't lose", "at risk"])
                            & (ns["tier"].reindex(seg.index) != "ordinary")
                        ).sum()
                    )
                },
                "key AND secondary",
            ),
            (
                {
                    "n_priority_calls": int(
                        (
                            seg["segment"].isin(["can't lose", "at risk"]).to_numpy()
                            & (ns["crm"].value.assign_tiers(trips)["tier"].to_numpy() == "key")
                        ).sum()
                    )
                },
                "row position",
            ),
            ({"n_priority_calls": ns["n_priority_calls"] / len(seg)}, "share"),
        ],
        "q4": [
            ({"at_risk_left_share": float(gone.mean())}, "ALL customers"),
            ({"at_risk_left_share": float(gone[at_risk].sum() / gone.sum())}, "wrong way round"),
            (
                {
                    "at_risk_left_share": float(
                        gone[at_risk].sum() / ns["customers"]["churn_date"].notna().sum()
                    )
                },
                "wrong way round",
            ),
            ({"at_risk_left_share": 1 - share}, "STAYED"),
            (
                {"at_risk_left_share": float(gone[seg["segment"] == "can't lose"].mean())},
                "'can't lose'",
            ),
            (
                {
                    "at_risk_left_share": float(
                        gone[seg["segment"].isin(["at risk", "can't lose"])].mean()
                    )
                },
                "pools",
            ),
            (
                {"at_risk_left_share": float(left.loc[at_risk, "promo_only"].mean())},
                "PROMOTION-ONLY",
            ),
            (
                {"at_risk_left_share": float(ns["customers"]["churn_date"].notna().mean())},
                "ALL customers",
            ),
            ({"at_risk_left_share": float(gone[at_risk].sum() / len(seg))}, "leavers by ALL"),
            (
                {"at_risk_left_share": float(gone[at_risk].sum() / len(ns["customers"]))},
                "leavers by ALL",
            ),
            (
                {"at_risk_left_share": float(gone[seg["segment"] == "hibernating"].mean())},
                "'hibernating'",
            ),
            ({"at_risk_left_share": 100 * share}, "do not multiply by 100"),
            ({"at_risk_left_share": int(gone[at_risk].sum())}, "not a sum"),
            ({"at_risk_left_share": round(share, 2)}, "Do not round"),
        ],
        "q6": [
            ({"r1_incremental": float(cells.loc[1, "offer"])}, "response rate alone"),
            ({"r1_incremental": float(cells.loc[1, "holdout"])}, "WITHOUT the letter"),
            ({"r1_incremental": -ns["r1_incremental"]}, "sign is reversed"),
            ({"r1_incremental": 100 * ns["r1_incremental"]}, "do not multiply by 100"),
            ({"r1_incremental": float(whole["offer"] - whole["holdout"])}, "whole test"),
            ({"r1_incremental": float(inc[5])}, "R5 cell"),
            ({"r1_incremental": float(inc.iloc[1])}, "R2 cell"),
            ({"r1_incremental": float(inc[3])}, "R3 cell"),
            ({"r1_incremental": float(r1_trips["offer"] - r1_trips["holdout"])}, "mean TRIPS"),
            (
                {"r1_incremental": float(cells.loc[1, "offer"] / cells.loc[1, "holdout"] - 1)},
                "relative lift",
            ),
            ({"r1_incremental": round(ns["r1_incremental"], 3)}, "Do not round"),
            ({"r1_incremental": "0.1"}, "one number"),
        ],
        "q7": [
            ({"cells_to_roll_out": pick(cells["offer"] > cells["need"])}, "own response rate"),
            (
                {"cells_to_roll_out": pick(cells["holdout"] > cells["need"])},
                "hold-out group's rate",
            ),
            ({"cells_to_roll_out": []}, "is empty"),
            ({"cells_to_roll_out": pick(inc > 0)}, "not with 0"),
            (
                {"cells_to_roll_out": pick(inc > 3.0 / (20 * cells["value"]))},
                ("margin of 20", "not with 0"),
            ),
            ({"cells_to_roll_out": pick(inc > 3.0 / cells["value"])}, "leaves out the margin"),
            (
                {"cells_to_roll_out": sorted(set(range(1, 6)) - set(ns["cells_to_roll_out"]))},
                "does NOT pay",
            ),
            ({"cells_to_roll_out": ["R1"]}, "whole numbers"),
            ({"cells_to_roll_out": "at risk"}, "list of R scores"),
        ],
        "q8": [
            (
                {"recency_correlation": float(ns["classic"]["recency"].corr(life["recency"]))},
                "Pearson",
            ),
            (
                {
                    "recency_correlation": float(
                        ns["classic"]["recency"].corr(life["frequency"], method="spearman")
                    )
                },
                "FREQUENCY",
            ),
            (
                {
                    "recency_correlation": float(
                        ns["classic"]["recency"].corr(life["T"], method="spearman")
                    )
                },
                "uses T",
            ),
            ({"recency_correlation": -ns["recency_correlation"]}, "wrong sign"),
            (
                {
                    "recency_correlation": float(
                        ns["classic"]["recency"].corr(life["recency"], method="kendall")
                    )
                },
                "Kendall",
            ),
            (
                {
                    "recency_correlation": float(
                        pd.Series(ns["classic"]["recency"].to_numpy()).corr(
                            pd.Series(life["recency"].to_numpy()), method="spearman"
                        )
                    )
                },
                "row position",
            ),
            ({"recency_correlation": round(ns["recency_correlation"], 2)}, "Do not round"),
        ],
    }


def _same(a, b):
    try:
        return bool(math.isclose(float(a), float(b), abs_tol=1e-9))
    except (TypeError, ValueError):
        try:
            return sorted(a) == sorted(b)
        except TypeError:
            return a == b


def test_the_solution_passes_every_check_and_scores_full_marks(ns):
    for question, (public, hidden) in TESTS.items():
        assert _run(public + hidden, ns) == [], question
        assert _score(question, ns) == sum(_points(question)) == 2, question


def test_each_slip_is_named_by_a_public_check_and_scores_nothing(ns):
    tried = 0
    for question, slips in _slips(ns).items():
        public, _ = TESTS[question]
        seen = []
        for change, words in slips:
            ((var, wrong),) = change.items()
            if _same(wrong, ns[var]) or any(_same(wrong, w) for w in seen):
                # on this student's data the slip gives the right answer, or an earlier slip's
                continue
            seen.append(wrong)
            typed = {**ns, **change}
            messages = _run(public, typed)
            named = (words,) if isinstance(words, str) else words
            assert any(w in m for w in named for m in messages), (question, change, messages)
            assert _score(question, typed) == 0, (question, change, "a slip scores")
            tried += 1
    assert tried >= 40  # most slips differ from the right answer on every id


def test_a_slip_message_never_shows_the_right_value(ns):
    # the messages name the slip; the right value must not appear in them
    for question, slips in _slips(ns).items():
        public, _ = TESTS[question]
        for change, _words in slips:
            ((var, _wrong),) = change.items()
            right = ns[var]
            for message in _run(public, {**ns, **change}):
                if isinstance(right, float):
                    assert f"{right:.3f}" not in message and repr(right) not in message, (
                        question,
                        message,
                    )
                elif isinstance(right, int) and right > 9:
                    assert str(right) not in message.split(), (question, message)


def _retyped(value):
    """The same right answer as a student might type it: numpy, Python, int or float, a Series."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return [int(value), np.int64(value), float(value), pd.Series([int(value)])]
    if isinstance(value, (float, np.floating)):
        return [
            float(value),
            np.float64(value),
            np.float32(value).item(),
            pd.Series([float(value)]),
        ]
    if isinstance(value, list):
        return [
            value,
            tuple(value),
            np.array(value, dtype="int64"),
            [np.int64(v) for v in value],
            [float(v) for v in value],
        ]
    return [value]


def test_right_answers_of_any_sensible_type_pass_silently(ns):
    answers = {
        "q1": "n_champions",
        "q2": "champions_loyal_share",
        "q3": "n_priority_calls",
        "q4": "at_risk_left_share",
        "q6": "r1_incremental",
        "q7": "cells_to_roll_out",
        "q8": "recency_correlation",
    }
    for question, name in answers.items():
        public, hidden = TESTS[question]
        for value in _retyped(ns[name]):
            if isinstance(value, float) and value != ns[name]:
                continue  # float32 loses digits: not the unrounded answer
            typed = {**ns, name: value}
            assert _run(public + hidden, typed) == [], (question, name, type(value))


def test_a_wrong_r1_incremental_carries_forward_to_the_decision(ns):
    # question 7 graded on the student's own (wrong) question 6: full marks, with the reason said
    cells = _cells(ns)
    right = set(ns["cells_to_roll_out"])
    wrong_inc = float(cells.loc[1, "offer"])  # the slip of question 6: the raw response rate
    carried = sorted((right - {1}) | ({1} if wrong_inc > cells.loc[1, "need"] else set()))
    assert _score("q6", {**ns, "r1_incremental": wrong_inc}) == 0
    typed = {**ns, "r1_incremental": wrong_inc, "cells_to_roll_out": carried}
    public, hidden = TESTS["q7"]
    assert _run(public, typed) == []  # no public check blames the decision for question 6's slip
    assert _score("q7", typed) == 2
    if set(carried) != right:
        notes = _run(hidden, typed)
        assert len(notes) == 1 and "error carried forward" in notes[0]
    # the carried decision with a right r1_incremental is a slip of question 7 itself
    if set(carried) != right:
        assert _score("q7", {**ns, "cells_to_roll_out": carried}) == 0


def test_the_carried_chain_changes_the_decision_on_a_planted_value(ns):
    # a made-up r1_incremental far above (below) R1's break-even flips R1 in (out): both carried
    cells = _cells(ns)
    right = set(ns["cells_to_roll_out"])
    for inc in (cells.loc[1, "need"] + 0.5, cells.loc[1, "need"] - 0.5):
        carried = sorted((right - {1}) | ({1} if inc > cells.loc[1, "need"] else set()))
        typed = {**ns, "r1_incremental": float(inc), "cells_to_roll_out": carried}
        assert _score("q7", typed) == 2
    flipped = sorted(right ^ {1})
    assert _score("q7", {**ns, "cells_to_roll_out": flipped}) == 0


def test_the_public_checks_hold_no_solution_expression():
    sys_path = str(ROOT / "tools")
    import sys

    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    from exercise_kit.leaks import secrets

    found = secrets(ROOT / "solutions" / f"{NAME}.ipynb")
    public = "\n".join(t for pub, _ in TESTS.values() for t in pub)
    assert [s for s in found if s in public] == []
    rhs = [
        line.split("# SOLUTION")[0].split("=", 1)[-1].strip()
        for line in "\n".join(SOLUTIONS).split("\n")
        if line.endswith("# SOLUTION")
    ]
    assert rhs and not [r for r in rhs if r in public]


def test_the_grade_sheet_says_when_question_7_was_carried_forward(ns):
    # through the real judge: q6 scores 0 for the raw response rate, q7 full marks with the reason
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from exercise_kit import judge, sets

    qs = [
        q for q in sets.questions(ROOT / "solutions" / f"{NAME}.ipynb") if q["name"] in ("q6", "q7")
    ]
    cells = _cells(ns)
    right = set(ns["cells_to_roll_out"])
    inc = float(cells.loc[1, "need"] + 0.3) if 1 not in right else float(cells.loc[1, "need"] - 0.3)
    carried = sorted(right ^ {1})  # R1 flipped, as the student's own r1_incremental says
    values = {k: ns[k] for k in ("trips", "letter_test", "STUDENT_ID")}
    got = judge.judge(qs, {**values, "r1_incremental": inc, "cells_to_roll_out": carried})
    assert got["q6"]["score"] == 0 and got["q6"]["detail"]
    assert got["q7"]["score"] == 2
    assert got["q7"]["detail"].startswith("hidden check: error carried forward")
    clean = judge.judge(
        qs,
        {
            **values,
            "r1_incremental": ns["r1_incremental"],
            "cells_to_roll_out": ns["cells_to_roll_out"],
        },
    )
    assert (clean["q6"]["score"], clean["q7"]["score"], clean["q7"]["detail"]) == (2, 2, "")
    wrong = judge.judge(
        qs, {**values, "r1_incremental": ns["r1_incremental"], "cells_to_roll_out": carried}
    )
    assert wrong["q7"]["score"] == 0 and "error carried forward" not in wrong["q7"]["detail"]
