"""Grade sheets: one row per submission and question, one gradebook row per student, roster flags.

The per-question sheet is for reading what happened; the gradebook (``*_gradebook.csv``) is for
pasting: student id, autograded points, points possible (written questions included), an empty
column per written question for the instructor, status and reason. A roster (one id per line or
a CSV with a ``student_id`` column) adds a row for each student who handed nothing in and flags
ids that are not in the class, shared by two submissions, or left at the default "self-study".
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = [
    "CSV_COLUMNS",
    "SEVERITY",
    "question_rows",
    "flag_ids",
    "read_roster",
    "gradebook",
    "write_csv",
    "DEFAULT_ID",
]

CSV_COLUMNS = [
    "submission",
    "student_id",
    "question",
    "score",
    "possible",
    "result",
    "detail",
    "total",
    "total_possible",
    "status",
    "reason",
    "isolation",
]
# Submission problems, most serious first: the first one found is the row's status.
SEVERITY = [
    "invalid-json",
    "invalid-notebook",
    "wrong-assignment",
    "grader-failed",
    "kernel-died",
    "timeout",
    "no-answers",
    "cell-error",
    "not-plain-data",
    "output-cut",
    "tests-edited",
    "no-metadata",
    "renamed",
    "unknown-kernel",
    "duplicate-id",
    "unknown-id",
    "default-id",
    "no-id",
    "no-submission",
]
DEFAULT_ID = "self-study"
REASON_LIMIT = 1000


def _status(notes) -> tuple[str, str]:
    notes = sorted(notes, key=lambda n: SEVERITY.index(n[0]))
    reason = "; ".join(dict.fromkeys(msg for _, msg in notes))
    if len(reason) > REASON_LIMIT:
        reason = reason[:REASON_LIMIT] + " [cut]"
    return (notes[0][0] if notes else "ok"), reason


def question_rows(label, student_id, manifest, results, notes, isolation="") -> list[dict]:
    """One row per question of the set. ``results`` maps a question to the judge's
    ``{score, detail}``; a question without a result scores 0 (a missing result is never ok)."""
    auto = [q for q in manifest["questions"] if not q["manual"]]
    blank = [
        q["name"]
        for q in auto
        if str(results.get(q["name"], {}).get("detail", "")).startswith("not answered")
    ]
    status, reason = _status(list(notes))
    if blank:  # not a problem with the submission, but the first thing a reader of a low total asks
        reason = "; ".join(filter(None, [reason, f"not answered: {', '.join(blank)}"]))
    total = sum(float(results.get(q["name"], {}).get("score", 0)) for q in auto)
    possible = sum(q["points"] for q in manifest["questions"])
    rows = []
    for q in manifest["questions"]:
        if q["manual"]:
            score, result, detail = "", "manual", "graded by hand with the rubric"
        elif q["name"] not in results:
            score, result, detail = 0.0, "not-graded", "no result: the notebook gave no answers"
        else:
            score = float(results[q["name"]]["score"])
            result = "correct" if score == q["points"] else ("partial" if score > 0 else "wrong")
            detail = results[q["name"]].get("detail", "")
        rows.append(
            {
                "submission": label,
                "student_id": student_id,
                "question": q["name"],
                "score": score,
                "possible": q["points"],
                "result": result,
                "detail": detail,
                "total": total,
                "total_possible": possible,
                "status": status,
                "reason": reason,
                "isolation": isolation,
            }
        )
    return rows


def _key(student_id: str) -> str:
    return " ".join(str(student_id).split()).casefold()


def read_roster(path: Path) -> list[str]:
    """Student ids from a roster file: a CSV with a ``student_id`` (or ``id``) column, or one id
    per line. Raises ``ValueError`` when it holds no id."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if any(cell.strip() for cell in r)]
    if not rows:
        raise ValueError(f"roster {path} holds no student id")
    header = [h.strip().casefold() for h in rows[0]]
    col = next(
        (header.index(h) for h in ("student_id", "id", "student id", "学号") if h in header), None
    )
    ids = [
        r[col if col is not None else 0].strip() for r in (rows[1:] if col is not None else rows)
    ]
    ids = [i for i in ids if i]
    if not ids:
        raise ValueError(f"roster {path} holds no student id")
    return ids


def flag_ids(rows: list[dict], roster=None) -> list[dict]:
    """Add the id flags to every row of a submission: shared ids, the default id, no id, ids that
    are not in ``roster`` (if given). Rows are changed in place and returned."""
    seen = {}
    for r in rows:
        if r["student_id"]:
            seen.setdefault(_key(r["student_id"]), set()).add(r["submission"])
    known = {_key(i) for i in roster} if roster else None
    for r in rows:
        notes = [(r["status"], "")] if r["status"] != "ok" else []
        key = _key(r["student_id"])
        others = sorted(seen.get(key, set()) - {r["submission"]})
        if others:
            notes.append(("duplicate-id", f"same STUDENT_ID as {', '.join(others)}"))
        if not key:
            notes.append(("no-id", "no STUDENT_ID found"))
        elif key == DEFAULT_ID:
            notes.append(("default-id", f'STUDENT_ID left at the default "{DEFAULT_ID}"'))
        elif known is not None and key not in known:
            notes.append(("unknown-id", f"STUDENT_ID {r['student_id']!r} is not in the roster"))
        added = [msg for _, msg in notes if msg and msg not in r["reason"]]
        r["status"] = sorted(notes, key=lambda n: SEVERITY.index(n[0]))[0][0] if notes else "ok"
        r["reason"] = "; ".join(filter(None, [r["reason"], *added]))
    return rows


def gradebook(rows: list[dict], manifest: dict, roster=None) -> tuple[list[str], list[dict]]:
    """``(columns, rows)``: one row per submission, then one per roster student with none."""
    written = [q for q in manifest["questions"] if q["manual"]]
    columns = [
        "student_id",
        "total",
        "possible",
        *[f"{q['name']} (written, /{q['points']:g})" for q in written],
        "status",
        "reason",
        "submission",
        "isolation",
    ]
    book, done = [], set()
    for r in rows:
        if r["submission"] in done:
            continue
        done.add(r["submission"])
        book.append(
            {
                "student_id": r["student_id"],
                "total": r["total"],
                "possible": r["total_possible"],
                **{c: "" for c in columns[3 : 3 + len(written)]},
                "status": r["status"],
                "reason": r["reason"],
                "submission": r["submission"],
                "isolation": r["isolation"],
            }
        )
    handed_in = {_key(r["student_id"]) for r in book}
    possible = sum(q["points"] for q in manifest["questions"])
    for sid in roster or []:
        if _key(sid) not in handed_in:
            book.append(
                {
                    "student_id": sid,
                    "total": 0.0,
                    "possible": possible,
                    **{c: "" for c in columns[3 : 3 + len(written)]},
                    "status": "no-submission",
                    "reason": "no submission with this STUDENT_ID",
                    "submission": "",
                    "isolation": "",
                }
            )
    return columns, book


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
