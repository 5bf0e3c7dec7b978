"""A Chinese exercise set, end to end on the pilot set (tests/fixtures/exercises): its translation
(tests/fixtures/zh/99_pilot.yaml) is current, the generator and the exercise tool make a Chinese
student version (intro, hints and every public-check message in Chinese, hidden tests absent),
the hidden tests are the English ones, and a Chinese submission is graded by the English set's
autograder exactly like the same answers in the English notebook."""

import importlib.util
import json
import re
import shutil
import zipfile

import nbformat
import pytest

from conftest import PILOT, PILOT_TIMEOUT, exercise_tool
from test_zh_tools import ROOT, zh_build, zh_code, zh_files, zh_lang, zh_parity

SOURCE = "solutions/99_pilot.ipynb"
TRANSLATION = ROOT / "tests" / "fixtures" / "zh" / "99_pilot.yaml"


def _builder():
    spec = importlib.util.spec_from_file_location("crmlab_pilot_submissions_zh",
                                                  PILOT / "make_submissions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def chinese_pilot(tmp_path_factory):
    """The pilot as a course set in a fresh folder (with the language switch in its setup cell, as
    every course notebook has), its Chinese twin, and the Chinese student version."""
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
    (set_dir,) = zh_build.generate_exercises(twin.parent, root / "zh" / "exercises",
                                             root / "autograder-zh")
    return root, set_dir


def test_the_pilot_translation_is_current(chinese_pilot):
    root, _ = chinese_pilot
    assert zh_parity.check(root, SOURCE) == []


def test_the_chinese_student_version_speaks_chinese(chinese_pilot):
    root, _ = chinese_pilot
    student = json.loads((root / "zh" / "exercises" / "99_pilot.ipynb").read_text(encoding="utf-8"))
    prose = ["".join(c["source"]) for c in student["cells"] if c["cell_type"] == "markdown"]
    assert prose and not [p for p in prose if zh_lang.mostly_english(p)]
    from crmlab.exercises import hints_from_notebook

    hints = hints_from_notebook(student)
    assert list(hints) == ["q1", "q2", "q3", "q4"]
    assert all(zh_lang.CJK.search(h) and not zh_lang.mostly_english(h) for h in hints.values())
    tests = student["metadata"]["otter"]["tests"]
    messages = [m for code in tests.values()
                for m in re.findall(r"assert .*?, (f?'.*')$", code, re.MULTILINE)]
    assert len(messages) >= 8 and all(zh_lang.CJK.search(m) for m in messages)
    # hidden tests stay out of the student's notebook
    assert "value_on_your_data" not in json.dumps(tests)


def test_hidden_tests_are_shared_with_the_english_set(chinese_pilot):
    root, _ = chinese_pilot
    english = nbformat.read(root / SOURCE, as_version=4)
    chinese = nbformat.read(zh_parity.zh_path(root, SOURCE), as_version=4)
    hidden = [(e["source"], z["source"]) for e, z in zip(english.cells, chinese.cells)
              if e["cell_type"] == "code" and zh_code.is_hidden(e["source"])]
    assert len(hidden) == 3 and all(e == z for e, z in hidden)


def _hidden_tests(set_dir) -> dict:
    """Per question of an autograder zip: its points and its hidden test cases, as otter wrote
    them."""
    (archive,) = set_dir.glob("*-autograder.zip")
    found = {}
    with zipfile.ZipFile(archive) as z:
        for name in z.namelist():
            if name.startswith("tests/") and name.endswith(".py"):
                code = z.read(name).decode("utf-8")
                found[name] = (re.findall(r"^points = .*$", code, re.MULTILINE),
                               [b for b in code.split("@test_case(")[1:]
                                if b.startswith("points=None, hidden=True)")])
    return found


@pytest.mark.slow
def test_the_chinese_autograder_holds_the_english_hidden_tests(chinese_pilot, exercise_sets):
    _, zh_set = chinese_pilot
    english = _hidden_tests(exercise_sets.dirs["99_pilot"])
    assert sorted(english) == ["tests/q1.py", "tests/q2.py", "tests/q4.py"]
    assert all(hidden for _, hidden in english.values())
    assert _hidden_tests(zh_set) == english


@pytest.fixture(scope="module")
def graded_twice(chinese_pilot, exercise_sets, grading_batch, tmp_path_factory):
    """The same answers, once in the English student notebook (the committed pilot submissions
    correct_ and wrong_, graded in the session's batch) and once in the Chinese one, graded by the
    English set's autograder: ``{name: (english rows, chinese rows)}``."""
    root, _ = chinese_pilot
    builder, tool = _builder(), exercise_tool()
    folder = tmp_path_factory.mktemp("zh_submissions")
    released = json.loads(
        (root / "zh" / "exercises" / "99_pilot.ipynb").read_text(encoding="utf-8"))
    subs = {"correct_99_pilot.ipynb": builder._answer(released, "s001", builder.SOLUTION),
            "wrong_99_pilot.ipynb": builder._answer(released, "s002",
                                                    builder._copied_numbers("s001"))}
    tasks = []
    for name, nb in subs.items():
        (folder / name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
        tasks.append((folder / name, exercise_sets.dirs["99_pilot"], PILOT_TIMEOUT, name))
    chinese = dict(zip(subs, tool.grade_many(tasks, jobs=2)))
    return {name: ([r for r in grading_batch.pilot_rows if r["submission"] == name], chinese[name])
            for name in subs}


@pytest.mark.slow
def test_a_chinese_submission_scores_exactly_like_the_english_one(graded_twice):
    def graded(rows):
        return [(r["question"], r["score"], r["possible"], r["result"], r["total"], r["student_id"])
                for r in rows]

    for name, (english, chinese) in graded_twice.items():
        assert len(english) == 4 and graded(chinese) == graded(english), name
    assert graded_twice["correct_99_pilot.ipynb"][1][0]["total"] == 5.0
    assert {r["result"] for r in graded_twice["wrong_99_pilot.ipynb"][1][:2]} == {"wrong"}


@pytest.mark.slow
def test_a_chinese_submission_gets_the_status_of_the_english_one(graded_twice):
    status = {name: ({r["status"] for r in en}, {r["status"] for r in zh})
              for name, (en, zh) in graded_twice.items()}
    assert all(en == {"ok"} for en, _ in status.values())
    if any(zh != en for en, zh in status.values()):
        # Known gap, left to the exercise tool (tools/exercises.py, not part of the Chinese
        # edition): _prepare compares a submission's public tests with the English released
        # version's, and the Chinese public tests carry Chinese messages. Scores are unaffected
        # (test above).
        pytest.xfail(f"Chinese submissions are flagged: {status}; tools/exercises.py _prepare "
                     "must also accept the public tests of the Chinese student version "
                     "(zh/exercises/<set>.ipynb)")
