"""Batch grading time: 30 submissions of the pilot set, 2 parallel otter runs (target < 10 min)."""

import copy
import importlib.util
import json
import os
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "tests" / "fixtures" / "exercises"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(n: int = 30, jobs: int = 2):
    tool = _load("crmlab_exercises_tool", ROOT / "tools" / "exercises.py")
    builder = _load("make_submissions", PILOT / "make_submissions.py")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        (set_dir,) = tool.generate(PILOT / "solutions", tmp / "exercises", tmp / "autograder")
        assign_s = time.perf_counter() - start
        released = json.loads((PILOT / "exercises" / "99_pilot.ipynb").read_text(encoding="utf-8"))
        subs = tmp / "subs"
        subs.mkdir()
        for i in range(n):  # two in three right, one in three with copied numbers
            answers = builder.SOLUTION if i % 3 else builder._copied_numbers("s900")
            nb = builder._answer(copy.deepcopy(released), f"s{i:03d}", answers)
            (subs / f"s{i:03d}_99_pilot.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        load_before = os.getloadavg()[0]
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        rows = tool.grade(set_dir, subs, tmp / "grades.csv", jobs=jobs, timeout=300)
        elapsed = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    statuses = sorted({r["status"] for r in rows})
    print(f"otter assign (pilot, runs its solution): {assign_s:.1f} s")
    print(f"grade {n} submissions, {jobs} parallel: {elapsed:.0f} s = {elapsed / 60:.1f} min "
          f"({elapsed / n:.1f} s per submission; target < 10 min); statuses {statuses}")
    print(f"CPU time of the grading processes: {cpu:.0f} s ({cpu / n:.1f} s per submission), so about "
          f"{cpu / jobs / 60:.1f} min on {jobs} otherwise idle cores; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine slows the wall time)")


if __name__ == "__main__":
    run()
