"""Grading a class: sandboxed runs, trusted judging, grade sheets, and every hostile submission.

The slow part runs once per session (tests/conftest.py): ``make grade`` on the pilot's prepared
and hostile submissions (``graded_class``) and the solution/blank validation of every set
(``validation_batch``). The tests here check what came out; how the pieces fit (answers as plain
data, the judge, sheets and roster flags, finding submissions) is checked without a sandbox.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from exercise_kit import answers, authoring, gradebook, grading, judge, sandbox, sets, validate
from exercise_kit.leaks import fingerprints, secrets

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "tests" / "fixtures" / "exercises"
MASTER = PILOT / "solutions" / "99_pilot.ipynb"
sys.path.insert(0, str(PILOT))
import make_submissions as builder  # noqa: E402

ESCAPED = builder.ESCAPED


def test_committed_submissions_are_what_the_builder_writes(tmp_path):
    builder.build(tmp_path)
    built = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.ipynb"))
    committed = sorted(
        p.relative_to(PILOT / "submissions").as_posix()
        for p in (PILOT / "submissions").rglob("*.ipynb")
    )
    assert (
        built
        == committed
        == sorted([*builder.KINDS, *(f"hostile/{k}/99_pilot.ipynb" for k in builder.HOSTILE)])
    )
    for name in built:
        assert (tmp_path / name).read_bytes() == (PILOT / "submissions" / name).read_bytes(), name


# ------------------------------------------------------------ answers as plain data
class Always:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class Liar(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


def _export(namespace, names, tmp_path):
    path = tmp_path / "answers.json"
    exec(answers.export_cell(names, str(path)), namespace)
    assert "_export" not in namespace  # the export leaves nothing behind in the notebook
    return answers.read_answers(path.read_text(), names)


def test_answers_round_trip_plain_values_and_tables(tmp_path):
    frame = pd.DataFrame(
        {
            "n": [1, 2],
            "share": [0.5, np.nan],
            "name": ["a", None],
            "tier": pd.Categorical(["gold", "silver"], categories=["silver", "gold"], ordered=True),
            "day": pd.to_datetime(["2024-01-31", None]),
            "flag": [True, False],
        },
        index=["x", "y"],
    )
    series = pd.Series(
        [3.0, 4.0],
        index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["k", "n"]),
        name="v",
    )
    ns = {
        "i": 3,
        "f": 0.25,
        "inf": float("inf"),
        "s": "top",
        "b": False,
        "none": None,
        "ell": ...,
        "nested": [1, (2, "x"), {"k": {4}}, {5: [None]}],
        "np_float": np.float64(0.5),
        "np_int": np.int64(7),
        "array": np.arange(6).reshape(2, 3),
        "frame": frame,
        "series": series,
        "stamp": pd.Timestamp("2024-03-01 08:00", tz="Asia/Shanghai"),
    }
    got = _export(dict(ns), list(ns), tmp_path)
    for name in ("i", "f", "inf", "s", "b", "none", "nested", "np_float", "np_int", "stamp"):
        assert got[name] == ns[name] and type(got[name]) is type(
            ns[name].item() if name.startswith("np_") else ns[name]
        )
    assert got["ell"] is ...
    np.testing.assert_array_equal(got["array"], ns["array"])
    pd.testing.assert_frame_equal(got["frame"], frame)
    pd.testing.assert_series_equal(got["series"], series)


def test_answers_that_are_not_plain_data_are_named_not_exported(tmp_path):
    ns = {
        "always": Always(),
        "liar": Liar(0.5),
        "module": np,
        "fn": len,
        "df_sub": type("F", (pd.DataFrame,), {})(),
    }
    got = _export(dict(ns), [*ns, "never_defined"], tmp_path)
    assert {n: v.type_name for n, v in got.items() if isinstance(v, answers.NotPlainData)} == {
        "always": f"{__name__}.Always",
        "liar": f"{__name__}.Liar",
        "module": "builtins.module",
        "fn": "builtins.builtin_function_or_method",
        "df_sub": f"{__name__}.F",
    }
    assert got["never_defined"] is answers.MISSING_ANSWER


@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "answers are not JSON"),
        ('{"values": {}}', "unknown layout"),
        ("[" * 100_000, "answers are not JSON"),
    ],
)
def test_read_answers_rejects_what_is_not_an_export(text, message):
    with pytest.raises(ValueError, match=message):
        answers.read_answers(text, ["x"])


@pytest.mark.parametrize(
    "raw",
    [
        {
            "kind": "frame",
            "index": {"kind": "range", "start": 0, "stop": 1, "step": 1, "name": None},
            "columns": {
                "kind": "index",
                "name": None,
                "values": {"dtype": "object", "values": ["a"]},
            },
            "data": [{"dtype": "os.system", "values": [1]}],
        },
        {"kind": "pickle", "value": "gASV"},
        {"kind": "tuple"},
    ],
)
def test_read_answers_builds_only_known_kinds_and_dtypes(raw):
    got = answers.read_answers(json.dumps({"format": 1, "values": {"x": raw}}), ["x"])
    assert isinstance(got["x"], answers.NotPlainData) and got["x"].type_name.startswith(
        "unreadable data"
    )


# ------------------------------------------------------------ the judge
def _test(source, *, hidden=False, points=1.0):
    parsed = sets._test(source, "here")
    return dict(parsed, hidden=hidden, points=points)


def test_judge_scores_tests_on_copies_and_says_why_one_failed():
    grows = _test(
        "def test_q1_grows(orders, share):\n"
        "    orders['amount'] = 0\n    assert share > 0.2, 'too small'"
    )
    sees = _test(
        "def test_q1_sees_the_data(orders):\n    assert orders['amount'].sum() == 6",
        hidden=True,
        points=2.0,
    )
    q = {"name": "q1", "manual": False, "points": 3.0, "tests": [grows, sees]}
    orders = pd.DataFrame({"amount": [1, 2, 3]})
    assert judge.judge([q], {"orders": orders, "share": 0.5})["q1"] == {
        "score": 3.0,
        "passed": 2,
        "failed": 0,
        "detail": "",
    }
    assert orders["amount"].sum() == 6  # the first test changed only its own copy
    low = judge.judge([q], {"orders": orders, "share": 0.1})["q1"]
    assert (low["score"], low["detail"]) == (2.0, "too small")
    hidden = judge.judge([dict(q, tests=[sees])], {"orders": orders.head(1)})["q1"]
    assert hidden["detail"] == "hidden check: check failed"


def test_judge_gives_a_later_answer_the_students_own_earlier_answer():
    # error carried forward: q3 is right if it follows from the student's own (wrong) q2
    ecf = _test(
        "def test_q3_follows_q2(key_share, share_for_80, STUDENT_ID):\n"
        "    assert key_share == share_for_80, 'does not follow from your question 2'"
    )
    q = {"name": "q3", "manual": False, "points": 1.0, "tests": [ecf]}
    assert (
        judge.judge([q], {"key_share": 0.31, "share_for_80": 0.31, "STUDENT_ID": "s1"})["q3"][
            "score"
        ]
        == 1.0
    )
    assert (
        judge.judge([q], {"key_share": 0.31, "share_for_80": 0.25, "STUDENT_ID": "s1"})["q3"][
            "score"
        ]
        == 0.0
    )


def test_judge_never_runs_a_test_on_data_that_is_not_plain_and_reports_blanks():
    t = _test("def test_q1(x):\n    raise RuntimeError('must not run')")
    q = {"name": "q1", "manual": False, "points": 1.0, "tests": [t]}
    got = judge.judge([q], {"x": answers.NotPlainData("mod.Always")})["q1"]
    assert got["score"] == 0 and got["detail"].startswith("`x` is not plain data (a mod.Always)")
    typed = _test("def test_q1(x):\n    assert x + 1 > 0")
    for blank in (answers.MISSING_ANSWER, ...):
        got = judge.judge([dict(q, tests=[typed])], {"x": blank})["q1"]
        assert (got["score"], got["detail"]) == (0.0, "not answered: x")
    crash = judge.judge([dict(q, tests=[typed])], {"x": "text"})["q1"]
    assert crash["detail"].startswith("TypeError: can only concatenate str")


def test_judge_process_reads_a_manifest_and_an_export(tmp_path):
    qs = sets.questions(MASTER)
    (tmp_path / "manifest.json").write_text(json.dumps({"questions": qs}))
    orders = crm.exercises.practice_orders(seed=crm.exercises.student_seed("s001"))
    ns = {
        "STUDENT_ID": "s001",
        "orders": orders,
        "total_revenue": orders["amount"].sum(),
        "top20_share": Liar(0.5),
    }
    exec(answers.export_cell(sets.graded_variables(qs), str(tmp_path / "answers.json")), ns)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "exercise_kit.judge",
            str(tmp_path / "manifest.json"),
            str(tmp_path / "answers.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tools")},
    )
    out = json.loads(run.stdout)
    assert (out["student_id"], out["not_plain"]) == ("s001", ["top20_share"])
    assert {q: r["score"] for q, r in out["questions"].items()} == {"q1": 2.0, "q2": 0.0, "q4": 0.0}


# ------------------------------------------------------------ a master's questions and tests
def test_questions_read_points_tests_and_their_variables():
    qs = sets.questions(MASTER)
    assert [(q["name"], q["points"], q["manual"], len(q["tests"])) for q in qs] == [
        ("q1", 2.0, False, 3),
        ("q2", 2.0, False, 4),
        ("q3", 2.0, True, 0),
        ("q4", 1.0, False, 2),
    ]
    hidden = qs[0]["tests"][2]
    assert (hidden["name"], hidden["hidden"], hidden["points"], hidden["args"]) == (
        "test_q1_value_on_your_data",
        True,
        2.0,
        ["total_revenue", "STUDENT_ID"],
    )
    assert (
        hidden["source"].startswith("def test_q1_value_on_your_data(")
        and "# HIDDEN" not in hidden["source"]
    )
    assert sets.graded_variables(qs) == [
        "STUDENT_ID",
        "orders",
        "programme_group",
        "top20_share",
        "total_revenue",
    ]


@pytest.mark.parametrize(
    "cell, message",
    [
        (
            "def test_a(x):\n    pass\ndef test_b(x):\n    pass",
            "exactly one `def test_...`; found 2",
        ),
        ("def test_a(x=1):\n    pass", "must take plain variable names only"),
        ("def test_a(x:\n", "not valid Python"),
    ],
)
def test_malformed_test_cells_are_named(cell, message):
    with pytest.raises(ValueError, match=message):
        sets._test(cell, "99_pilot.ipynb cell 12")


def test_points_per_test_are_otters_rule():
    tests = [{}, {}, {}, {}]
    assert sets._points({"points": [0, 0, 1, 2]}, tests, "q") == (3.0, [0.0, 0.0, 1.0, 2.0])
    assert sets._points({"points": 2}, tests, "q") == (2.0, [0.5] * 4)
    with pytest.raises(ValueError, match="points lists 2 values for 4 test cases"):
        sets._points({"points": [1, 1]}, tests, "q")


# ------------------------------------------------------------ sheets, gradebook and roster
MANIFEST = {
    "questions": [
        {"name": "q1", "points": 2.0, "manual": False},
        {"name": "q2", "points": 2.0, "manual": True},
        {"name": "q3", "points": 1.0, "manual": False},
    ]
}


def test_rows_count_written_points_as_possible_and_never_call_a_missing_result_ok():
    rows = gradebook.question_rows(
        "a.ipynb",
        "s1",
        MANIFEST,
        {"q1": {"score": 1.0, "detail": "hidden check: x"}},
        [("renamed", "r"), ("cell-error", "c")],
        "bubblewrap 0.8.0",
    )
    assert [
        (r["question"], r["score"], r["result"], r["total"], r["total_possible"]) for r in rows
    ] == [
        ("q1", 1.0, "partial", 1.0, 5.0),
        ("q2", "", "manual", 1.0, 5.0),
        ("q3", 0.0, "not-graded", 1.0, 5.0),
    ]
    assert {(r["status"], r["reason"], r["isolation"]) for r in rows} == {
        ("cell-error", "c; r", "bubblewrap 0.8.0")
    }


def _sub(label, sid, status="ok"):
    return gradebook.question_rows(
        label, sid, MANIFEST, {}, [(status, "why")] if status != "ok" else []
    )


def test_flags_shared_default_and_unknown_ids_and_keeps_the_worse_status():
    rows = [
        r
        for label, sid, st in [
            ("a", "s1", "ok"),
            ("b", " S1", "timeout"),
            ("c", "self-study", "ok"),
            ("d", "s9", "ok"),
            ("e", "", "ok"),
            ("f", "s2", "ok"),
        ]
        for r in _sub(label, sid, st)
    ]
    gradebook.flag_ids(rows, roster=["s1", "s2"])
    by = {r["submission"]: (r["status"], r["reason"]) for r in rows}
    assert by == {
        "a": ("duplicate-id", "same STUDENT_ID as b"),
        "b": ("timeout", "why; same STUDENT_ID as a"),
        "c": ("default-id", 'STUDENT_ID left at the default "self-study"'),
        "d": ("unknown-id", "STUDENT_ID 's9' is not in the roster"),
        "e": ("no-id", "no STUDENT_ID found"),
        "f": ("ok", ""),
    }


def test_gradebook_has_one_row_per_student_a_column_per_written_question_and_the_missing():
    rows = gradebook.flag_ids(
        _sub("a.ipynb", "s1") + _sub("b.ipynb", "s2"), roster=["s1", "s2", "s3"]
    )
    columns, book = gradebook.gradebook(rows, MANIFEST, roster=["s1", "s2", "s3"])
    assert columns == [
        "student_id",
        "total",
        "possible",
        "q2 (written, /2)",
        "status",
        "reason",
        "submission",
        "isolation",
    ]
    assert [(b["student_id"], b["possible"], b["q2 (written, /2)"], b["status"]) for b in book] == [
        ("s1", 5.0, "", "ok"),
        ("s2", 5.0, "", "ok"),
        ("s3", 5.0, "", "no-submission"),
    ]


@pytest.mark.parametrize(
    "text, ids",
    [
        ("student_id,name\ns1,Ann\n s2 ,Bo\n", ["s1", "s2"]),
        ("s1\ns2\n\n", ["s1", "s2"]),
        ("\ufeff学号,姓名\n2024001,王\n", ["2024001"]),
    ],
)
def test_read_roster_takes_a_column_or_one_id_per_line(tmp_path, text, ids):
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    assert gradebook.read_roster(tmp_path / "r.csv") == ids


def test_read_roster_refuses_an_empty_roster(tmp_path):
    (tmp_path / "r.csv").write_text("student_id\n")
    with pytest.raises(ValueError, match="holds no student id"):
        gradebook.read_roster(tmp_path / "r.csv")


# ------------------------------------------------------------ finding submissions
def test_submissions_are_found_in_subfolders_but_not_in_checkpoints(tmp_path):
    for name in (
        "a/02_x.ipynb",
        "b/sub/02_x.ipynb",
        "c_02_x.ipynb",
        "a/.ipynb_checkpoints/02_x-checkpoint.ipynb",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    assert [p.relative_to(tmp_path).as_posix() for p in grading.find_submissions(tmp_path)] == [
        "a/02_x.ipynb",
        "b/sub/02_x.ipynb",
        "c_02_x.ipynb",
    ]


def test_a_folder_without_notebooks_is_an_error_with_a_nonzero_exit(tmp_path):
    (tmp_path / "subs" / "empty").mkdir(parents=True)
    set_dir = tmp_path / "ag" / "99_pilot"
    set_dir.mkdir(parents=True)
    (set_dir / "manifest.json").write_text("{}")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "exercises.py"),
            "grade",
            "99",
            str(tmp_path / "subs"),
            "-o",
            str(tmp_path / "g.csv"),
            "--autograder",
            str(tmp_path / "ag"),
        ],
        capture_output=True,
        text=True,
    )
    assert (
        run.returncode == 2
        and "no notebook (*.ipynb)" in run.stderr
        and not (tmp_path / "g.csv").exists()
    )


def test_make_grade_without_bubblewrap_refuses_and_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap here
    with pytest.raises(sandbox.SandboxUnavailable, match=r"apt-get install bubblewrap.*UNSAFE=1"):
        sandbox.isolation()
    assert sandbox.isolation(unsafe=True) == "none (UNSAFE=1)"


def test_make_grade_builds_missing_grader_files_without_touching_exercises(tmp_path, monkeypatch):
    seen = []

    def fake_assign(master, exercises, autograder):
        seen.append(Path(exercises))
        return Path(autograder) / master.stem

    monkeypatch.setattr(authoring, "assign", fake_assign)
    assert authoring.build_autograder(PILOT / "solutions", tmp_path) == [tmp_path / "99_pilot"]
    assert seen and all(ROOT not in p.parents and not p.exists() for p in seen)


# ------------------------------------------------------------ the graded pilot class (make grade)
def _by_submission(rows):
    found = {}
    for r in rows:
        found.setdefault(r["submission"], {})[r["question"]] = r
    return found


def _own_decision(student_id):
    orders = crm.exercises.practice_orders(seed=crm.exercises.student_seed(student_id))
    totals = orders.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    return totals.head(len(totals) // 5).sum() / totals.sum() >= 0.4


# submission -> (total, status, text in reason): each one's fair score
EXPECTED = {
    "correct_99_pilot.ipynb": (5, "ok", ""),
    "wrong_99_pilot.ipynb": (None, "ok", ""),  # q4 only, if the copied "top" is right for s002
    "crash_99_pilot.ipynb": (3, "cell-error", "AttributeError"),
    "loop_99_pilot.ipynb": (2, "timeout", f"cell 10 still running after {20} s"),
    "tampered_99_pilot.ipynb": (0, "tests-edited", "2 grader.check cells edited or deleted"),
    "Copy of 99_pilot (1).ipynb": (5, "renamed", "STUDENT_ID 's006' is not in the roster"),
    "invalid_99_pilot.ipynb": (0, "invalid-json", "JSONDecodeError"),
    "kernel_99_pilot.ipynb": (5, "unknown-kernel", "conda-env-crm-py"),
    "nometa_99_pilot.ipynb": (5, "no-metadata", "metadata was deleted"),
    "hostile/patched/99_pilot.ipynb": (0, "ok", "not answered: q1, q2, q4"),
    "hostile/rewrite_tests/99_pilot.ipynb": (0, "ok", "not answered: q1, q2, q4"),
    "hostile/delete_tests/99_pilot.ipynb": (
        0,
        "cell-error",
        "NameError: name 'grader' is not defined",
    ),
    "hostile/search/99_pilot.ipynb": (
        5,
        "duplicate-id",
        "same STUDENT_ID as hostile/liar/99_pilot.ipynb",
    ),
    "hostile/escape/99_pilot.ipynb": (5, "cell-error", "Read-only file system"),
    "hostile/network/99_pilot.ipynb": (5, "cell-error", "Network is unreachable"),
    "hostile/memory/99_pilot.ipynb": (5, "cell-error", "MemoryError"),
    "hostile/loop/99_pilot.ipynb": (0, "timeout", "the export cell did not finish"),
    "hostile/output/99_pilot.ipynb": (5, "output-cut", "characters of output not stored"),
    "hostile/liar/99_pilot.ipynb": (
        0,
        "not-plain-data",
        "programme_group, top20_share, total_revenue",
    ),
    "hostile/kill_runner/99_pilot.ipynb": (0, "grader-failed", 'left at the default "self-study"'),
}


@pytest.mark.slow
def test_every_submission_gets_its_fair_score_a_status_and_a_reason(graded_class):
    assert graded_class.proc.returncode == 0, graded_class.proc.stderr[-3000:]
    assert (
        f"loop_99_pilot.ipynb: 2/7 timeout cell 10 still running after {graded_class.timeout} s"
        in graded_class.proc.stdout
    )
    by = _by_submission(graded_class.rows)
    assert sorted(by) == sorted(EXPECTED)
    assert all(list(qs) == ["q1", "q2", "q3", "q4"] for qs in by.values())
    expected = dict(
        EXPECTED, **{"wrong_99_pilot.ipynb": (1 if _own_decision("s002") else 0, "ok", "")}
    )
    got = {name: (float(qs["q1"]["total"]), qs["q1"]["status"]) for name, qs in by.items()}
    assert got == {name: (float(total), status) for name, (total, status, _) in expected.items()}
    for name, (_, _, text) in expected.items():
        assert text in by[name]["q1"]["reason"], (name, by[name]["q1"]["reason"])
    assert all(qs["q3"]["result"] == "manual" and qs["q3"]["score"] == "" for qs in by.values())
    assert {r["total_possible"] for r in graded_class.rows} == {"7.0"}
    assert all(r["isolation"].startswith("bubblewrap") for r in graded_class.rows)


@pytest.mark.slow
def test_the_gradebook_has_a_row_per_student_and_flags_the_roster(graded_class):
    book = {b["submission"] or b["student_id"]: b for b in graded_class.book}
    assert list(graded_class.book[0]) == [
        "student_id",
        "total",
        "possible",
        "q3 (written, /2)",
        "status",
        "reason",
        "submission",
        "isolation",
    ]
    assert len(book) == len(EXPECTED) + 1
    assert (book["s999"]["status"], book["s999"]["total"]) == ("no-submission", "0.0")
    assert (
        book["correct_99_pilot.ipynb"]["student_id"] == "s001"
        and book["correct_99_pilot.ipynb"]["possible"] == "7.0"
    )
    assert book["hostile/kill_runner/99_pilot.ipynb"]["student_id"] == "self-study"


@pytest.mark.slow
def test_grading_changes_nothing_outside_its_output(graded_class):
    changed = sorted(
        k
        for k in set(graded_class.before) | set(graded_class.after)
        if graded_class.before.get(k) != graded_class.after.get(k)
    )
    assert changed == []
    assert not any(
        k.startswith("exercises/") and graded_class.before[k] != graded_class.after.get(k)
        for k in graded_class.before
    )
    for place in (
        Path.home(),
        Path("/tmp"),
        Path("/root"),
        Path("/etc"),
        Path(os.__file__).parent,
        ROOT,
        ROOT / "exercises",
        ROOT / "lib" / "crmlab",
        PILOT / "submissions",
    ):
        assert not (place / ESCAPED).exists(), place
    # the cells that tried saw only their own sandbox: private home and /tmp, read-only elsewhere
    escape = (graded_class.notebooks / "hostile__escape__99_pilot.ipynb").read_text()
    assert f"wrote /home/student/{ESCAPED}" in escape and f"wrote /tmp/{ESCAPED}" in escape
    assert "refused /etc/" in escape and "wrote /root" not in escape


@pytest.mark.slow
def test_no_output_holds_a_hidden_test_and_the_search_finds_nothing(graded_class):
    hidden = secrets(MASTER, hidden_only=True) + fingerprints(MASTER)
    assert hidden
    for path in graded_class.out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            text += json.dumps(text)  # also as stored inside a notebook's JSON
            leaked = [h for h in hidden if h in text or json.dumps(h)[1:-1] in text]
            assert not leaked, (path.name, leaked)
    search = json.loads((graded_class.notebooks / "hostile__search__99_pilot.ipynb").read_text())
    printed = "".join(
        "".join(o.get("text", "")) for c in search["cells"] for o in c.get("outputs", [])
    )
    assert "0 files found outside my own folder" in printed and "FOUND" not in printed


@pytest.mark.slow
def test_huge_output_is_cut_in_the_stored_notebook_with_a_note(graded_class):
    stored = graded_class.notebooks / "hostile__output__99_pilot.ipynb"
    assert stored.stat().st_size < 3_000_000
    assert (
        "[grader: cell 6: " in stored.read_text()
        and "characters of output not stored]" in stored.read_text()
    )


# ------------------------------------------------------------ every set: solution full, blank zero
@pytest.mark.slow
def test_every_solution_scores_full_marks_and_every_blank_scores_zero(validation_batch):
    masters = sets.find_sets(ROOT / "solutions") + sets.find_sets(PILOT / "solutions")
    graded = [(d.name, kind) for (d, kind, _), _ in validation_batch]
    assert sorted(graded) == sorted(
        (m.stem, kind) for m in masters for kind in ("solution", "blank")
    )
    assert validate.validation_problems(validation_batch) == []


def test_validation_problems_reports_what_is_wrong(tmp_path):
    d = tmp_path / "01_a"
    good = gradebook.question_rows(
        "x", "s", MANIFEST, {"q1": {"score": 2.0}, "q3": {"score": 1.0}}, []
    )
    low = gradebook.question_rows(
        "x",
        "s",
        MANIFEST,
        {"q1": {"score": 1.0, "detail": "hidden check: no"}, "q3": {"score": 1.0}},
        [],
    )
    broken = gradebook.question_rows("x", "s", MANIFEST, {}, [("timeout", "stopped")])
    assert validate.validation_problems(
        [((d, "solution", None), good), ((d, "blank", None), good)]
    ) == [
        "01_a: blank student version scores 2.0 on q1",
        "01_a: blank student version scores 1.0 on q3",
    ]
    assert validate.validation_problems(
        [((d, "solution", None), low), ((d, "blank", None), broken)]
    ) == ["01_a: solution scores 1.0/2.0 on q1 (hidden check: no)", "01_a blank: timeout (stopped)"]


# ------------------------------------------------------------ checks before a run, and unsafe mode
@pytest.fixture
def pilot_set_dir(tmp_path):
    """A set folder as `generate` writes it: enough for the pre-checks."""
    d = tmp_path / "99_pilot"
    d.mkdir()
    (d / "released.ipynb").write_bytes((PILOT / "exercises" / "99_pilot.ipynb").read_bytes())
    manifest = {
        "set": "99_pilot",
        "notebook": "99_pilot.ipynb",
        "questions": sets.questions(MASTER),
    }
    (d / "manifest.json").write_text(json.dumps(manifest))
    return d


def test_prepare_rejects_what_cannot_be_graded(pilot_set_dir, tmp_path):
    released = json.loads((pilot_set_dir / "released.ipynb").read_text())
    not_nb = tmp_path / "a_99_pilot.ipynb"
    not_nb.write_text(json.dumps({"cells": 5}))
    path, _, notes = grading.prepare(not_nb, pilot_set_dir, tmp_path)
    assert path is None and notes[0][0] == "invalid-notebook"
    other = tmp_path / "b_99_pilot.ipynb"
    released["metadata"]["crmlab"]["exercise_set"] = "03_other"
    other.write_text(json.dumps(released))
    path, _, notes = grading.prepare(other, pilot_set_dir, tmp_path)
    assert path is None and notes == [
        ("wrong-assignment", "notebook is for '03_other', not '99_pilot'")
    ]


def test_prepare_passes_a_clean_submission_with_no_notes(pilot_set_dir, tmp_path):
    (tmp_path / "out").mkdir()
    path, student_id, notes = grading.prepare(
        PILOT / "submissions" / "correct_99_pilot.ipynb", pilot_set_dir, tmp_path / "out"
    )
    assert (path.name, student_id, notes) == ("99_pilot.ipynb", "s001", [])
    assert (
        "def _export(" not in path.read_text()
    )  # the export cell is added by the sandbox run, not stored


@pytest.mark.slow
def test_unsafe_grading_works_and_is_recorded(exercise_sets, tmp_path):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "99_pilot.ipynb").write_bytes(
        (PILOT / "submissions" / "correct_99_pilot.ipynb").read_bytes()
    )
    rows = grading.grade(
        exercise_sets.dirs["99_pilot"], tmp_path / "subs", tmp_path / "g.csv", unsafe=True
    )
    assert {(r["total"], r["status"], r["isolation"]) for r in rows} == {
        (5.0, "ok", "none (UNSAFE=1)")
    }
    assert "none (UNSAFE=1)" in (tmp_path / "g_gradebook.csv").read_text()


@pytest.mark.slow
def test_a_notebook_that_cannot_be_stopped_is_killed_at_the_hard_limit(
    sandboxed, tmp_path, monkeypatch
):
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "id": "a",
                "source": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                "while True:\n    pass",
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tmp_path / "x.ipynb").write_text(json.dumps(nb))
    monkeypatch.setattr(sandbox, "STARTUP", 4)
    report = sandbox.run_notebook(tmp_path / "x.ipynb", ["STUDENT_ID"], timeout=2)
    assert report == {
        "failed": "stopped after 6 s: the notebook did not stop when interrupted",
        "hard_timeout": True,
    }
    assert grading._run_notes(report) == [("timeout", report["failed"])]


def test_the_checkout_is_bound_after_the_private_tmp_so_a_checkout_under_tmp_is_seen(tmp_path):
    # the sandbox gives the notebook a private /tmp; a checkout cloned under /tmp (its .venv,
    # crmlab, data) must be bound after it, or Python itself is missing inside the sandbox
    cmd = sandbox.sandbox_command(tmp_path / "x.ipynb", ["python"], data=Path(crm.__file__))
    private_tmp = max(i for i in range(len(cmd) - 1) if cmd[i:i + 2] == ["--tmpfs", "/tmp"])
    python_bind = cmd.index(str(Path(sys.prefix).resolve()), cmd.index("--ro-bind", private_tmp))
    assert python_bind > private_tmp
    assert cmd[python_bind - 1] == "--ro-bind"
