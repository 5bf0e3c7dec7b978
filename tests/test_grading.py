"""Batch grading with otter run (no Docker): every kind of submission keeps a row with a clear
status, and every set's solution scores full marks while its blank student version scores zero.

Each otter run costs 10-40 s, so the prepared folder and the solution and blank version of every set
are graded once per test session, in one parallel batch of two processes (the ``grading_batch``
fixture in tests/conftest.py, on the sets ``exercise_sets`` generated once); the tests here check
what came out. How ``grade`` and ``validate`` put the pieces together is checked without otter.
"""

import copy
import csv
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import crmlab as crm

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "tests" / "fixtures" / "exercises"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load("crmlab_exercises_tool", ROOT / "tools" / "exercises.py")
builder = _load("make_submissions", PILOT / "make_submissions.py")


def test_committed_submissions_are_what_the_builder_writes(tmp_path):
    builder.build(tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in (PILOT / "submissions").iterdir() if p.suffix == ".ipynb")
    assert built == sorted(builder.KINDS)
    for name in built:
        assert (tmp_path / name).read_bytes() == (PILOT / "submissions" / name).read_bytes(), name


def _row(sub, q="q1", status="ok", score=0.0):
    return {"submission": sub, "student_id": "", "question": q, "score": score, "possible": 1.0,
            "result": "wrong", "total": 0, "total_possible": 1, "status": status, "reason": ""}


def test_flag_duplicates_marks_shared_student_ids():
    rows = [_row("a.ipynb"), _row("b.ipynb"), _row("c.ipynb", status="timeout"), _row("d.ipynb")]
    for r, sid in zip(rows, ["s1", "S1 ".strip(), "s1", "s2"]):
        r["student_id"] = sid
    tool.flag_duplicates(rows)
    assert [r["status"] for r in rows] == ["duplicate-id", "duplicate-id", "timeout", "ok"]
    assert rows[0]["reason"] == "same STUDENT_ID as b.ipynb, c.ipynb"
    assert rows[3]["reason"] == ""


def _own_decision(student_id):
    orders = crm.exercises.practice_orders(seed=crm.exercises.student_seed(student_id))
    totals = orders.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    return totals.head(len(totals) // 5).sum() / totals.sum() >= 0.4


def test_grade_grades_every_notebook_of_the_folder_into_one_csv(tmp_path, monkeypatch):
    """The wiring of ``grade`` without otter: every *.ipynb in the folder (nothing else) goes to
    grade_one with the time limit, labelled by file name; shared STUDENT_IDs are flagged in the CSV."""
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("b_99_pilot.ipynb", "a_99_pilot.ipynb", "c_99_pilot.ipynb", "notes.txt"):
        (folder / name).write_text("{}")
    (folder / "d.ipynb").mkdir()
    seen = []

    def fake_grade_one(sub, set_dir, *, timeout, label):
        seen.append((sub.name, set_dir, timeout, label))
        return [dict(_row(label), student_id="s1" if label != "c_99_pilot.ipynb" else "s2")]

    monkeypatch.setattr(tool, "grade_one", fake_grade_one)
    rows = tool.grade(tmp_path / "set", folder, tmp_path / "out" / "grades.csv", jobs=2, timeout=7)
    assert sorted(seen) == [(n, tmp_path / "set", 7, n) for n in ("a_99_pilot.ipynb", "b_99_pilot.ipynb",
                                                                    "c_99_pilot.ipynb")]
    with open(tmp_path / "out" / "grades.csv", newline="", encoding="utf-8") as f:
        stored = list(csv.DictReader(f))
    assert [(r["submission"], r["status"]) for r in stored] == [
        ("a_99_pilot.ipynb", "duplicate-id"), ("b_99_pilot.ipynb", "duplicate-id"), ("c_99_pilot.ipynb", "ok")]
    assert [r["status"] for r in rows] == [r["status"] for r in stored]


@pytest.mark.slow
def test_grading_a_folder_keeps_a_row_for_every_kind_of_submission(grading_batch, tmp_path):
    # what tool.grade(pilot set, PILOT / "submissions", out, timeout=...) writes, from the session's batch
    out = tmp_path / "grades.csv"
    tool.write_grades(copy.deepcopy(grading_batch.pilot_rows), out)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == tool.CSV_COLUMNS
    by = {}
    for r in rows:
        by.setdefault(r["submission"], {})[r["question"]] = r
    assert sorted(by) == sorted(builder.KINDS)
    assert all(list(qs) == ["q1", "q2", "q3", "q4"] for qs in by.values())
    status = {name: qs["q1"]["status"] for name, qs in by.items()}
    total = {name: float(qs["q1"]["total"]) for name, qs in by.items()}
    assert status == {
        "correct_99_pilot.ipynb": "ok", "wrong_99_pilot.ipynb": "ok", "crash_99_pilot.ipynb": "cell-error",
        "loop_99_pilot.ipynb": "timeout", "tampered_99_pilot.ipynb": "tests-edited",
        "Copy of 99_pilot (1).ipynb": "renamed", "invalid_99_pilot.ipynb": "invalid-json",
        "kernel_99_pilot.ipynb": "unknown-kernel", "nometa_99_pilot.ipynb": "no-otter-metadata"}
    for full in ("correct_99_pilot.ipynb", "Copy of 99_pilot (1).ipynb", "kernel_99_pilot.ipynb",
                 "nometa_99_pilot.ipynb"):
        assert total[full] == 5.0, (full, by[full])
        assert by[full]["q3"]["result"] == "manual" and by[full]["q3"]["score"] == ""
    # copied numbers pass the public checks but fail the hidden tests on the copier's own data
    wrong = by["wrong_99_pilot.ipynb"]
    assert (wrong["q1"]["result"], wrong["q2"]["result"]) == ("wrong", "wrong")
    assert total["wrong_99_pilot.ipynb"] == (1.0 if _own_decision("s002") else 0.0)
    crash = by["crash_99_pilot.ipynb"]
    assert [crash[q]["result"] for q in ("q1", "q2", "q4")] == ["wrong", "correct", "correct"]
    assert "AttributeError" in crash["q1"]["reason"]
    limit = grading_batch.pilot_timeout
    assert f"stopped after {limit} s" in by["loop_99_pilot.ipynb"]["q1"]["reason"] and total["loop_99_pilot.ipynb"] == 0
    tampered = by["tampered_99_pilot.ipynb"]["q1"]
    assert total["tampered_99_pilot.ipynb"] == 0 and "q1, q2" in tampered["reason"]
    assert "conda-env-crm-py" in by["kernel_99_pilot.ipynb"]["q1"]["reason"]
    assert total["invalid_99_pilot.ipynb"] == 0 and "JSONDecodeError" in by["invalid_99_pilot.ipynb"]["q1"]["reason"]
    assert by["correct_99_pilot.ipynb"]["q1"]["student_id"] == "s001"


@pytest.mark.slow
def test_every_solution_scores_full_marks_and_every_blank_scores_zero(grading_batch):
    """Like ``nbgrader validate`` and ``--invert``: course sets and the pilot, graded in the session's
    batch exactly as ``tool.validate`` grades them."""
    masters = tool.find_sets(ROOT / "solutions") + tool.find_sets(PILOT / "solutions")
    graded = [(d.name, kind) for (d, kind, _), _ in grading_batch.validation]
    assert sorted(graded) == sorted((m.stem, kind) for m in masters for kind in ("solution", "blank"))
    assert all(rows for _, rows in grading_batch.validation)
    assert tool.validation_problems(grading_batch.validation) == []


def test_validate_reports_a_solution_that_fails_its_tests(tmp_path, monkeypatch):
    """The checking logic of validate, without otter: a fake grade_one returns fixed rows."""
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    shutil.copy2(PILOT / "solutions" / "99_pilot.ipynb", solutions)

    def fake_assign(master, exercises, autograder):
        d = Path(autograder) / master.stem
        d.mkdir(parents=True)
        for name in ("solution.ipynb", "released.ipynb"):
            shutil.copy2(master, d / name)
        (d / "manifest.json").write_text(json.dumps({"notebook": master.name}))
        return d

    def fake_grade_one(sub, set_dir, *, timeout, label):
        score = 0.0 if label.endswith("solution") else 1.0  # both wrong on purpose
        return [dict(_row(label, score=score), result="wrong"), dict(_row(label, "q3"), result="manual")]

    monkeypatch.setattr(tool, "assign", fake_assign)
    monkeypatch.setattr(tool, "grade_one", fake_grade_one)
    assert tool.validate(solutions) == ["99_pilot: solution scores 0.0/1.0 on q1",
                                        "99_pilot: blank student version scores 1.0 on q1"]


def test_validation_problems_reports_a_submission_that_could_not_be_graded(tmp_path):
    d = tmp_path / "01_a"
    broken = [dict(_row("01_a/solution", status="timeout", score=1.0), reason="stopped after 300 s")]
    ok = [dict(_row("01_a/blank", q), result="wrong") for q in ("q1", "q2")]
    assert tool.validation_problems([((d, "solution", None), broken), ((d, "blank", None), ok)]) == [
        "01_a solution: timeout (stopped after 300 s)"]


@pytest.fixture
def pilot_set_dir(tmp_path):
    """A set folder as `generate` writes it, minus the zip: enough for the pre-checks."""
    d = tmp_path / "99_pilot"
    d.mkdir()
    shutil.copy2(PILOT / "exercises" / "99_pilot.ipynb", d / "released.ipynb")
    manifest = {"set": "99_pilot", "notebook": "99_pilot.ipynb", "assignment": "99_pilot",
                "questions": tool.questions(PILOT / "solutions" / "99_pilot.ipynb")}
    (d / "manifest.json").write_text(json.dumps(manifest))
    return d


def test_prepare_rejects_what_cannot_be_graded(pilot_set_dir, tmp_path):
    released = json.loads((pilot_set_dir / "released.ipynb").read_text())
    not_nb = tmp_path / "a_99_pilot.ipynb"
    not_nb.write_text(json.dumps({"cells": 5}))
    path, _, notes = tool._prepare(not_nb, pilot_set_dir, tmp_path)
    assert path is None and notes[0][0] == "invalid-notebook"
    other = tmp_path / "b_99_pilot.ipynb"
    released["metadata"]["otter"]["assignment_name"] = "03_other"
    other.write_text(json.dumps(released))
    path, _, notes = tool._prepare(other, pilot_set_dir, tmp_path)
    assert path is None and notes == [("wrong-assignment", "notebook is for '03_other', not '99_pilot'")]


def test_prepare_passes_a_clean_submission_with_no_notes(pilot_set_dir, tmp_path):
    (tmp_path / "out").mkdir()
    path, student_id, notes = tool._prepare(PILOT / "submissions" / "correct_99_pilot.ipynb", pilot_set_dir,
                                            tmp_path / "out")
    assert (path.name, student_id, notes) == ("99_pilot.ipynb", "s001", [])


def test_rows_put_the_most_serious_problem_first():
    manifest = {"questions": [{"name": "q1", "points": 2.0, "manual": False},
                              {"name": "q2", "points": 1.0, "manual": True}]}
    rows = tool._rows("x.ipynb", "s1", manifest, {"q1": {"score": 1}},
                      [("renamed", "r"), ("cell-error", "c"), ("renamed", "r")])
    assert [(r["question"], r["score"], r["result"], r["status"], r["reason"], r["total"]) for r in rows] == [
        ("q1", 1.0, "partial", "cell-error", "c; r", 1.0), ("q2", "", "manual", "cell-error", "c; r", 1.0)]
