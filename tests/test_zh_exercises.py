"""A Chinese exercise set, end to end on the pilot set (tests/fixtures/exercises): its translation
(tests/fixtures/zh/99_pilot.yaml) is current; the generator and the exercise tool make a Chinese
student version (intro, hints, every public-check message and the tool's own texts in Chinese,
hidden tests absent) whose checker speaks Chinese; the hidden tests are the English ones; and a
Chinese submission is graded by the English set's grader folder exactly like the same answers in
the English notebook, with status ``ok`` (its Chinese checks are accepted as unedited, an edited
one is still flagged).

Cost: one ``otter assign`` of the Chinese pilot (module fixture) and two Chinese submissions
graded in sandboxes side by side; the English grader folder and the English rows come from the
session's fixtures (``exercise_sets``, ``graded_class``)."""

import ast
import importlib.util
import json
import re
import shutil
from types import SimpleNamespace

import nbformat
import pytest

import crmlab as crm
from conftest import PILOT, PILOT_TIMEOUT, require_sandbox
from crmlab.language import using_language
from exercise_kit import authoring, grading, leaks, submissions
from test_zh_tools import ROOT, zh_build, zh_code, zh_files, zh_lang, zh_parity

SOURCE = "solutions/99_pilot.ipynb"
TRANSLATION = ROOT / "tests" / "fixtures" / "zh" / "99_pilot.yaml"
NAME = "99_pilot.ipynb"


def _builder():
    spec = importlib.util.spec_from_file_location("crmlab_pilot_submissions_zh",
                                                  PILOT / "make_submissions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chinese_pilot(tmp_path_factory):
    """The pilot as a course set in a fresh folder (with the language switch in its setup cell, as
    every course notebook has), its Chinese twin, and the Chinese student version made by
    ``zh_build.generate_exercises``: ``root``, ``zh_set`` (its grader folder), ``student``."""
    root = tmp_path_factory.mktemp("zh_pilot")
    nb = nbformat.read(PILOT / SOURCE, as_version=4)
    setup = next(c for c in nb.cells if "import crmlab as crm\n" in c["source"])
    setup["source"] = setup["source"].replace("import crmlab as crm\n",
                                              'import crmlab as crm\n\ncrm.set_language("en")\n', 1)
    (root / "solutions").mkdir()
    nbformat.write(nb, root / SOURCE)
    translation = zh_files.translation_path(root, SOURCE)
    translation.parent.mkdir(parents=True)
    shutil.copy2(TRANSLATION, translation)
    twin = zh_parity.zh_path(root, SOURCE)
    twin.parent.mkdir(parents=True)
    nbformat.write(zh_build.build(SOURCE, root), twin)
    (root / "graders" / "99_pilot").mkdir(parents=True)  # an English grader folder built before
    (zh_set,) = zh_build.generate_exercises(twin.parent, root / "zh" / "exercises",
                                            root / "autograder-zh",
                                            english_graders=root / "graders")
    return SimpleNamespace(root=root, zh_set=zh_set, student=root / "zh" / "exercises" / NAME)


@pytest.fixture(scope="module")
def english_grader(chinese_pilot, exercise_sets, tmp_path_factory):
    """The English pilot's grader folder of the session (manifest with the English tests,
    English released version), with the Chinese student version beside it as
    ``authoring.assign`` puts it there for a set that has one (``released.zh.ipynb``)."""
    set_dir = tmp_path_factory.mktemp("english_grader") / "99_pilot"
    shutil.copytree(exercise_sets.dirs["99_pilot"], set_dir)
    assert authoring.add_editions(chinese_pilot.root / SOURCE, set_dir) == ["zh"]
    return set_dir


def test_the_pilot_translation_is_current(chinese_pilot):
    assert zh_parity.check(chinese_pilot.root, SOURCE) == []


def test_make_zh_refreshes_the_chinese_version_in_english_grader_folders_built_before(
        chinese_pilot):
    refreshed = chinese_pilot.root / "graders" / "99_pilot" / "released.zh.ipynb"
    assert refreshed.read_bytes() == chinese_pilot.student.read_bytes()
    assert [p.name for p in (chinese_pilot.root / "graders").iterdir()] == ["99_pilot"]


# ------------------------------------------------------------ the Chinese student version
def _prose_lines(nb) -> list[str]:
    """Lines of natural-language text in a notebook: markdown lines and code comments (HTML
    comments, which nobody sees, aside)."""
    found = []
    for cell in nb["cells"]:
        for line in "".join(cell["source"]).split("\n"):
            text = line.strip()
            if cell["cell_type"] == "code":
                text = text[text.index("#"):] if "#" in text else ""
            if text and not text.startswith("<!--") and re.search(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}",
                                                                   text):
                found.append(text)
    return found


def test_the_tools_english_texts_are_all_shown_in_chinese(chinese_pilot, exercise_sets):
    # what the exercise tool itself writes into a student version (not from the master)
    master = "\n".join(c["source"] for c in nbformat.read(PILOT / SOURCE, as_version=4).cells)
    english = _read(exercise_sets.pilot / NAME)
    tools_own = {line for line in _prose_lines(english) if line not in master}
    assert tools_own == set(zh_build.SCAFFOLDING), "update zh_build.SCAFFOLDING"
    chinese = "\n".join("".join(c["source"]) for c in _read(chinese_pilot.student)["cells"])
    assert [e for e in tools_own if e in chinese] == []
    assert all(zh in chinese for zh in zh_build.SCAFFOLDING.values())


def test_the_chinese_student_version_is_the_english_one_in_chinese(chinese_pilot, exercise_sets):
    english = nbformat.read(exercise_sets.pilot / NAME, as_version=4)
    chinese = nbformat.read(chinese_pilot.student, as_version=4)
    assert [c["id"] for c in chinese.cells] == [c["id"] for c in english.cells]
    assert chinese.cells[0]["source"].split("\n")[1:] == english.cells[0]["source"].split("\n")[1:]
    code = [(e["source"], z["source"]) for e, z in zip(english.cells, chinese.cells)
            if e["cell_type"] == "code"]
    checks = [(e, z) for e, z in code if e.startswith("grader.check(")]
    assert len(checks) == 3 and all(e == z for e, z in checks)
    assert 'crm.set_language("zh")' in "\n".join(z for _, z in code)
    assert chinese.metadata["crmlab"]["exercise_set"] == "99_pilot"
    assert ([(q, [(c["name"], c["args"]) for c in cs])
             for q, cs in chinese.metadata["crmlab"]["checks"].items()]
            == [(q, [(c["name"], c["args"]) for c in cs])
                for q, cs in english.metadata["crmlab"]["checks"].items()])


def _messages(check_source: str) -> list[str]:
    """The text of each assertion message of a check (its string parts, fields left out)."""
    found = []
    for node in ast.walk(ast.parse(check_source)):
        if isinstance(node, ast.Assert) and node.msg is not None:
            found.append("".join(n.value for n in ast.walk(node.msg)
                                 if isinstance(n, ast.Constant) and isinstance(n.value, str)))
    return found


def test_the_chinese_student_version_speaks_chinese(chinese_pilot):
    student = _read(chinese_pilot.student)
    prose = ["".join(c["source"]) for c in student["cells"] if c["cell_type"] == "markdown"]
    assert prose and not [p for p in prose if zh_lang.mostly_english(p)]
    hints = crm.exercises.hints_from_notebook(student)
    assert list(hints) == ["q1", "q2", "q3", "q4"]
    assert all(zh_lang.CJK.search(h) and not zh_lang.mostly_english(h) for h in hints.values())
    checks = student["metadata"]["crmlab"]["checks"]
    messages = [m for cs in checks.values() for c in cs for m in _messages(c["source"])]
    assert len(messages) == 12 and all(zh_lang.CJK.search(m) for m in messages)
    # solutions, rubrics and hidden tests stay out of the student's notebook
    assert "value_on_your_data" not in json.dumps(student)
    zh_master = zh_parity.zh_path(chinese_pilot.root, SOURCE)
    assert leaks.leaks(chinese_pilot.student, zh_master) == []


def test_the_chinese_checker_progress_and_hint_speak_chinese(chinese_pilot, tmp_path, monkeypatch,
                                                             capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy2(chinese_pilot.student, tmp_path / NAME)
    orders = crm.exercises.practice_orders(seed=crm.exercises.student_seed("s001"))
    per_order = orders["amount"].sort_values(ascending=False)
    env = {"orders": orders, "total_revenue": orders["amount"].sum(), "programme_group": ...,
           "top20_share": per_order.head(8).sum() / per_order.sum()}  # single orders ranked
    with using_language("zh"):
        grader = crm.exercises.Checker(NAME)
        right, wrong = grader.check("q1", env), grader.check("q2", env)
        assert repr(right) == "q1 的结果：全部检查都通过了！"
        assert right._repr_html_() == "<p><strong>q1</strong> 通过了！</p>"
        assert repr(wrong).startswith("q2 的结果：3 项检查中有 1 项没有通过\n"
                                      "    ❌ top20_share 是最大的 8 笔单笔订单所占的比例")
        assert "：3 项检查中有 1 项没有通过</p><ul><li>top20_share 是" in wrong._repr_html_()
        table = crm.exercises.progress(grader, env=env)
        crm.exercises.hint("99", "q1")
    assert table.to_dict("list") == {"题目": ["q1", "q2", "q4"],
                                     "状态": ["通过", "还没有通过", "还没有通过"]}
    out = capsys.readouterr().out
    assert out.startswith("3 道题中有 1 道通过了公开检查。")
    assert "q1 的提示：每笔订单的金额在 `amount` 列中" in out
    assert repr(grader.check("q1", env)) == "q1 results: All test cases passed!"  # English again


# ------------------------------------------------------------ the same tests, the same grades
def test_hidden_tests_are_shared_with_the_english_set(chinese_pilot):
    english = nbformat.read(chinese_pilot.root / SOURCE, as_version=4)
    chinese = nbformat.read(zh_parity.zh_path(chinese_pilot.root, SOURCE), as_version=4)
    hidden = [(e["source"], z["source"]) for e, z in zip(english.cells, chinese.cells)
              if e["cell_type"] == "code" and zh_code.is_hidden(e["source"])]
    assert len(hidden) == 3 and all(e == z for e, z in hidden)


def test_the_chinese_grader_folder_holds_the_english_tests(chinese_pilot, exercise_sets):
    def tests(set_dir, hidden):
        return [(q["name"], q["points"], q["manual"],
                 [(t["name"], t["args"], t["points"]) + ((t["source"],) if hidden else ())
                  for t in q["tests"] if t["hidden"] == hidden])
                for q in _read(set_dir / "manifest.json")["questions"]]

    english = exercise_sets.dirs["99_pilot"]
    assert [len(ts) for *_, ts in tests(english, True)] == [1, 1, 0, 1]
    assert tests(chinese_pilot.zh_set, True) == tests(english, True)
    assert tests(chinese_pilot.zh_set, False) == tests(english, False)


def _edited(nb: dict, case: str) -> dict:
    nb = json.loads(json.dumps(nb))
    checks = nb["metadata"]["crmlab"]["checks"]
    if case == "logic":  # a check made to pass anything
        checks["q1"][1]["source"] = checks["q1"][1]["source"].replace('orders["amount"].max()', "0")
    elif case == "message":
        checks["q4"][0]["source"] = checks["q4"][0]["source"].replace("应该是文字", "可以是任何")
    elif case == "mixed":  # one question's checks taken from the other edition
        checks["q2"] = _read(PILOT / "exercises" / NAME)["metadata"]["crmlab"]["checks"]["q2"]
    elif case == "deleted":
        del checks["q4"]
    return nb


@pytest.mark.parametrize("case", ["logic", "message", "mixed", "deleted"])
def test_an_edited_chinese_check_is_still_flagged(chinese_pilot, english_grader, tmp_path, case):
    sub = tmp_path / NAME
    sub.write_text(json.dumps(_edited(_read(chinese_pilot.student), case), ensure_ascii=False))
    (tmp_path / "work").mkdir()
    _, _, notes = submissions.prepare(sub, english_grader, tmp_path / "work")
    assert notes == [("tests-edited", "the checks in the notebook metadata were changed "
                                      f"{submissions.EDITS}")]


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_the_released_checks_of_either_edition_pass_unflagged(chinese_pilot, english_grader,
                                                              tmp_path, edition):
    released = chinese_pilot.student if edition == "zh" else english_grader / "released.ipynb"
    shutil.copy2(released, tmp_path / NAME)
    (tmp_path / "work").mkdir()
    path, _, notes = submissions.prepare(tmp_path / NAME, english_grader, tmp_path / "work")
    assert notes == []
    assert _read(path)["metadata"]["crmlab"] == _read(released)["metadata"]["crmlab"]


def test_without_the_chinese_version_in_the_grader_folder_a_chinese_one_is_flagged(
        chinese_pilot, english_grader, tmp_path):
    set_dir = tmp_path / "99_pilot"
    shutil.copytree(english_grader, set_dir, ignore=shutil.ignore_patterns("released.zh.ipynb"))
    (tmp_path / "work").mkdir()
    _, _, notes = submissions.prepare(chinese_pilot.student, set_dir, tmp_path / "work")
    assert [status for status, _ in notes] == ["tests-edited"]


@pytest.fixture(scope="module")
def graded_twice(chinese_pilot, english_grader, graded_class, tmp_path_factory):
    """The same answers, once in the English student notebook (the committed pilot submissions
    correct_ and wrong_, graded by the session's ``make grade``) and once in the Chinese one,
    graded side by side with the English set's grader folder: ``{name: (english rows, chinese
    rows)}``, every value as the CSV writes it."""
    require_sandbox()
    builder = _builder()
    folder = tmp_path_factory.mktemp("zh_submissions")
    released = _read(chinese_pilot.student)
    subs = {"correct_99_pilot.ipynb": builder._answer(released, "s001", builder.SOLUTION),
            "wrong_99_pilot.ipynb": builder._answer(released, "s002",
                                                    builder._copied_numbers("s001"))}
    tasks = []
    for name, nb in subs.items():
        (folder / name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        tasks.append((folder / name, english_grader, PILOT_TIMEOUT, name))
    chinese = dict(zip(subs, grading.grade_many(tasks, jobs=2)))
    return {name: ([r for r in graded_class.rows if r["submission"] == name],
                   [{k: str(v) for k, v in r.items()} for r in chinese[name]])
            for name in subs}


@pytest.mark.slow
def test_a_chinese_submission_scores_exactly_like_the_english_one(graded_twice):
    def graded(rows):
        return [(r["question"], r["score"], r["possible"], r["result"], r["detail"], r["total"],
                 r["total_possible"], r["student_id"]) for r in rows]

    for name, (english, chinese) in graded_twice.items():
        assert len(english) == 4 and graded(chinese) == graded(english), name
    correct = graded_twice["correct_99_pilot.ipynb"][1]
    assert [(r["score"], r["result"]) for r in correct] == [
        ("2.0", "correct"), ("2.0", "correct"), ("", "manual"), ("1.0", "correct")]
    assert {r["result"] for r in graded_twice["wrong_99_pilot.ipynb"][1][:2]} == {"wrong"}


@pytest.mark.slow
def test_a_chinese_submission_gets_the_status_of_the_english_one(graded_twice):
    status = {name: ({(r["status"], r["reason"]) for r in en}, {(r["status"], r["reason"])
                                                                 for r in zh})
              for name, (en, zh) in graded_twice.items()}
    assert status == {name: ({("ok", "")}, {("ok", "")}) for name in graded_twice}
