"""The trusted judge: run a set's tests on a submission's exported answers.

    python -m exercise_kit.judge MANIFEST ANSWERS   (with tools/ on the path; prints JSON)

It runs in a fresh process that never ran student code: the answers arrive as plain data
(:mod:`exercise_kit.answers`), the tests come from the instructor's manifest, never from the
submission. Each test gets its own copy of the values it takes, so one test cannot change what the
next one sees. A test passes when it returns without raising; a question scores the points of the
tests it passes (otter's rule). Hidden test code never appears in what the judge reports: only the
test's assertion message, which the author writes for the reader.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

if __package__:
    from .answers import MISSING_ANSWER, NotPlainData, read_answers
else:  # pragma: no cover - run as a file
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from answers import MISSING_ANSWER, NotPlainData, read_answers

__all__ = ["judge", "run_test"]

MESSAGE_LIMIT = 300


def _why_not_run(test: dict, values: dict) -> str | None:
    for name in test["args"]:
        value = values.get(name, MISSING_ANSWER)
        if isinstance(value, NotPlainData):
            return (
                f"`{name}` is not plain data (a {value.type_name}): answers must be numbers, text, "
                "True/False, lists, dicts, arrays or pandas tables"
            )
    return None


def run_test(test: dict, values: dict) -> tuple[bool, str]:
    """Run one test on copies of the values it takes: ``(passed, message)``."""
    reason = _why_not_run(test, values)
    if reason:
        return False, reason
    namespace = {"__name__": "exercise_tests"}
    exec(compile(test["source"], f"<test {test['name']}>", "exec"), namespace)
    args = {}
    for name in test["args"]:
        value = values.get(name, MISSING_ANSWER)
        args[name] = None if value is MISSING_ANSWER else copy.deepcopy(value)
    try:
        namespace[test["name"]](**args)
    except AssertionError as err:
        message = str(err) or "check failed"
    # A test is the author's code run on a student's data: any error it raises (a TypeError on
    # a text answer, say) means the answer failed that test, and the next test must still run.
    except Exception as err:  # noqa: BLE001
        message = f"{type(err).__name__}: {err}"
    else:
        return True, ""
    return False, " ".join(message.split())[:MESSAGE_LIMIT]


def _unanswered(q: dict, values: dict) -> list[str]:
    names = dict.fromkeys(a for t in q["tests"] for a in t["args"] if a != "STUDENT_ID")
    return [
        n for n in names if values.get(n, MISSING_ANSWER) is MISSING_ANSWER or values.get(n) is ...
    ]


def judge(questions: list[dict], values: dict) -> dict:
    """``{question: {score, passed, failed, detail}}`` for every autograded question."""
    results = {}
    for q in questions:
        if q["manual"]:
            continue
        score, failed, detail = 0.0, 0, ""
        for test in q["tests"]:
            ok, message = run_test(test, values)
            if ok:
                score += test["points"]
                continue
            failed += 1
            if not detail:
                detail = ("hidden check: " if test["hidden"] else "") + message
        missing = _unanswered(q, values)
        if missing and failed:
            detail = f"not answered: {', '.join(missing)}"
        results[q["name"]] = {
            "score": score,
            "passed": len(q["tests"]) - failed,
            "failed": failed,
            "detail": detail,
        }
    return results


def main(argv) -> int:
    manifest = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    names = sorted(
        {a for q in manifest["questions"] for t in q["tests"] for a in t["args"]} | {"STUDENT_ID"}
    )
    try:
        values = read_answers(Path(argv[2]).read_text(encoding="utf-8", errors="replace"), names)
    except ValueError as err:
        out = {"error": str(err)}
    else:
        sid = values.get("STUDENT_ID")
        out = {
            "student_id": sid if isinstance(sid, str) else None,
            "not_plain": sorted(n for n, v in values.items() if isinstance(v, NotPlainData)),
            "questions": judge(manifest["questions"], values),
        }
    sys.stdout.write(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
