"""Batch grading time: 40 honest submissions of one real course set, 2 parallel sandboxes.

First grades one answered copy of every set (the solution, as a student who answered everything),
then 40 such submissions, each with its own ``STUDENT_ID`` (so each runs on its own data), of the
slowest set, and of set 02 for comparison with the grader before isolation (otter run without a
sandbox: 69 s for 40 submissions of set 02). Goal: isolation costs at most 30 % of that.
``CRMLAB_BENCH_SET=03`` picks the set; ``CRMLAB_BENCH_UNSAFE=1`` also grades the same submissions
without the sandbox, to show what the sandbox itself costs.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from exercise_kit import authoring, grading, sandbox, validate  # noqa: E402

BEFORE = 69.0  # s, 40 submissions of set 02 with otter run, no sandbox (the grader this replaced)


def _grade(set_dir, nbs, folder, jobs, unsafe=False):
    folder.mkdir(parents=True)
    name = json.loads((set_dir / "manifest.json").read_text())["notebook"]
    for label, nb in nbs.items():
        (folder / label).mkdir()
        (folder / label / name).write_text(json.dumps(nb), encoding="utf-8")
    start = time.perf_counter()
    rows = grading.grade(
        set_dir, folder, folder.with_suffix(".csv"), jobs=jobs, timeout=60, unsafe=unsafe
    )
    elapsed = time.perf_counter() - start
    return rows, elapsed


def _class(set_dir, n, tmp, jobs, unsafe=False):
    nbs = {f"s{i:03d}": validate.answered(set_dir, f"s{i:03d}") for i in range(n)}
    load = os.getloadavg()[0]
    rows, elapsed = _grade(
        set_dir, nbs, tmp / f"class_{set_dir.name}{'_unsafe' if unsafe else ''}", jobs, unsafe
    )
    versus = ""
    if set_dir.name.startswith("02") and n == 40:
        versus = f"; {elapsed / BEFORE - 1:+.0%} against the {BEFORE:.0f} s before isolation"
    subs = {}
    for r in rows:
        subs.setdefault(r["submission"], []).append(r["result"] in ("correct", "manual"))
    full = sum(all(ok) for ok in subs.values())
    statuses = sorted({r["status"] for r in rows})
    print(
        f"grade {n} submissions of set {set_dir.name}, {jobs} parallel, "
        f"{'NO sandbox' if unsafe else rows[0]['isolation']}: {elapsed:.0f} s "
        f"({elapsed / n:.1f} s per submission{versus}); "
        f"statuses {statuses}, {full} of {n} with full marks; "
        f"load {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after on {os.cpu_count()} cores"
    )
    return elapsed


def run(n: int = 40, jobs: int = 2):
    unsafe = os.environ.get("CRMLAB_BENCH_UNSAFE") == "1"
    try:
        sandbox.isolation()
    except sandbox.SandboxUnavailable as err:
        print(f"SKIPPED: {err}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        dirs = authoring.generate(
            ROOT / "solutions", tmp / "exercises", tmp / "autograder", jobs=jobs
        )
        print(f"otter assign, {len(dirs)} sets: {time.perf_counter() - start:.0f} s")
        one = {}
        for d in dirs:  # one at a time: the time of a single submission of each set
            rows, elapsed = _grade(
                d, {"s001": validate.answered(d, "s001")}, tmp / "one" / d.name, 1
            )
            full = all(r["score"] == r["possible"] for r in rows if r["result"] != "manual")
            one[d] = elapsed
            print(
                f"  set {d.name}: one submission graded in {elapsed:.1f} s "
                f"(status {rows[0]['status']}, "
                f"full marks: {full})"
            )
        wanted = os.environ.get("CRMLAB_BENCH_SET")
        chosen = (
            next(d for d in dirs if d.name.startswith(wanted)) if wanted else max(one, key=one.get)
        )
        for d in dict.fromkeys([chosen, next(d for d in dirs if d.name.startswith("02"))]):
            _class(d, n, tmp, jobs)
            if unsafe:
                _class(d, n, tmp, jobs, unsafe=True)


if __name__ == "__main__":
    run()
