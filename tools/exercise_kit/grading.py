"""Grade a class: every submission run in its own sandbox, judged by a separate trusted process.

For each notebook found (in the folder or its subfolders, as learning platforms export them):
check that it is a notebook of the set, append the export cell, run it to the end in the sandbox
(:mod:`exercise_kit.sandbox`), keep the executed notebook (outputs cut) for the instructor, and
run the set's tests on the exported answers in a fresh process (:mod:`exercise_kit.judge`).
Grading writes only its grade sheets, the executed notebooks beside them and temporary folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import gradebook, sandbox
from .sets import graded_variables
from .submissions import NoSubmissions, find_submissions, prepare

__all__ = ["grade_one", "grade_many", "grade", "outputs", "NoSubmissions", "find_submissions",
           "prepare"]

JUDGE_TIMEOUT = 300


def _judge(set_dir: Path, answers: str, work: Path) -> dict:
    """Run the judge in a fresh process on the exported answers."""
    (work / "answers.json").write_text(answers, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    manifest = str(Path(set_dir).resolve() / "manifest.json")
    cmd = [sys.executable, "-m", "exercise_kit.judge", manifest, str(work / "answers.json")]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=work, env=env,
                             timeout=JUDGE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"error": f"the tests did not finish in {JUDGE_TIMEOUT} s on these answers"}
    try:
        return json.loads(run.stdout)
    except ValueError:
        tail = (run.stderr.strip().splitlines() or ["no message"])[-1]
        return {"error": f"the judge failed: {tail[:160]}"}


def _run_notes(report: dict) -> list:
    notes = []
    if "failed" in report:
        notes.append(
            ("timeout" if report.get("hard_timeout") else "grader-failed", report["failed"])
        )
        return notes
    if report.get("kernel_died") is not None:
        notes.append(
            (
                "kernel-died",
                f"the kernel died in cell {report['kernel_died']} (out of memory, or "
                "the notebook ended its own process): no answers",
            )
        )
    if report.get("timeout"):
        t = report["timeout"]
        notes.append(
            (
                "timeout",
                f"cell {t['cell']} still running after {t['seconds']:g} s (an endless loop "
                "or very slow code?): stopped, later cells skipped, answers before it count",
            )
        )
    if report.get("errors"):
        notes.append(("cell-error", "; ".join(report["errors"][:3])))
    if report.get("cut"):
        notes.append(
            (
                "output-cut",
                "huge output cut in the stored notebook: " + "; ".join(report["cut"][:3]),
            )
        )
    if report.get("export_error") and report.get("kernel_died") is None:
        notes.append(("no-answers", f"the answers could not be read: {report['export_error']}"))
    return notes


def grade_one(
    sub: Path,
    set_dir: Path,
    *,
    timeout: int = 60,
    label: str | None = None,
    unsafe: bool = False,
    isolation: str = "",
    keep: Path | None = None,
) -> list[dict]:
    """Grade one submission; always returns one row per question. ``keep``: folder for the
    executed notebook (outputs cut), named after ``label``."""
    manifest = json.loads((Path(set_dir) / "manifest.json").read_text(encoding="utf-8"))
    label, results = label or Path(sub).name, {}
    with tempfile.TemporaryDirectory(prefix="crmlab-grade-") as work:
        work = Path(work)
        path, student_id, notes = prepare(Path(sub), Path(set_dir), work)
        if path is not None:
            report = sandbox.run_notebook(
                path, graded_variables(manifest["questions"]), timeout=timeout, unsafe=unsafe
            )
            notes += _run_notes(report)
            if keep is not None and report.get("notebook"):
                Path(keep).mkdir(parents=True, exist_ok=True)
                (Path(keep) / label.replace("/", "__")).write_text(
                    report["notebook"], encoding="utf-8"
                )
            if report.get("answers") is not None:
                judged = _judge(Path(set_dir), report["answers"], work)
                if "error" in judged:
                    notes.append(("no-answers", judged["error"]))
                results = judged.get("questions", {})
                student_id = judged.get("student_id") or student_id
                if judged.get("not_plain"):
                    notes.append(
                        (
                            "not-plain-data",
                            "not plain data, so not graded: " + ", ".join(judged["not_plain"]),
                        )
                    )
    return gradebook.question_rows(label, student_id, manifest, results, notes, isolation)


def grade_many(
    tasks, *, jobs: int = 2, unsafe: bool = False, keep: Path | None = None
) -> list[list[dict]]:
    """Grade ``[(submission, set_dir, timeout, label), ...]`` (any mix of sets) ``jobs`` at a time,
    in the given order; returns each task's rows. Put the slowest first. Raises
    ``sandbox.SandboxUnavailable`` when bubblewrap cannot isolate them and not ``unsafe``."""
    isolation = sandbox.isolation(unsafe)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(
            pool.map(
                lambda t: grade_one(
                    Path(t[0]),
                    Path(t[1]),
                    timeout=t[2],
                    label=t[3],
                    unsafe=unsafe,
                    isolation=isolation,
                    keep=keep,
                ),
                tasks,
            )
        )


def outputs(out_csv: Path) -> dict:
    """Where ``grade`` writes: the per-question sheet, the gradebook and the executed notebooks."""
    out_csv = Path(out_csv)
    return {
        "questions": out_csv,
        "gradebook": out_csv.with_name(f"{out_csv.stem}_gradebook.csv"),
        "notebooks": out_csv.with_name(f"{out_csv.stem}_notebooks"),
    }


def grade(
    set_dir: Path,
    submissions: Path,
    out_csv: Path,
    *,
    jobs: int = 2,
    timeout: int = 60,
    unsafe: bool = False,
    roster=None,
) -> list[dict]:
    """Grade every notebook under ``submissions`` into the sheets of :func:`outputs`."""
    files = find_submissions(submissions)
    where = outputs(out_csv)
    labels = [f.relative_to(submissions).as_posix() for f in files]
    results = grade_many(
        [(f, set_dir, timeout, lb) for f, lb in zip(files, labels)],
        jobs=jobs,
        unsafe=unsafe,
        keep=where["notebooks"],
    )
    rows = gradebook.flag_ids([r for rs in results for r in rs], roster)
    gradebook.write_csv(where["questions"], gradebook.CSV_COLUMNS, rows)
    manifest = json.loads((Path(set_dir) / "manifest.json").read_text(encoding="utf-8"))
    gradebook.write_csv(where["gradebook"], *gradebook.gradebook(rows, manifest, roster))
    return rows
