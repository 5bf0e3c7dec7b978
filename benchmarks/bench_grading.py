"""Batch grading time: 30 submissions of one real course set, 2 parallel otter runs (target < 10 min).

First grades one answered copy of every set (the solution, as a student who answered everything),
then grades 30 such submissions, each with its own ``STUDENT_ID`` (so each runs on its own data),
of the slowest set. ``CRMLAB_BENCH_SET=03`` picks a set instead.
"""

import importlib.util
import json
import os
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grade(tool, set_dir, nbs, folder, jobs):
    folder.mkdir(parents=True)
    name = json.loads((set_dir / "manifest.json").read_text())["notebook"]
    for label, nb in nbs.items():
        (folder / f"{label}_{name}").write_text(json.dumps(nb), encoding="utf-8")
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    rows = tool.grade(set_dir, folder, folder.with_suffix(".csv"), jobs=jobs, timeout=300)
    elapsed = time.perf_counter() - start
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return rows, elapsed, (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)


def run(n: int = 30, jobs: int = 2):
    tool = _load("crmlab_exercises_tool", ROOT / "tools" / "exercises.py")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        dirs = tool.generate(ROOT / "solutions", tmp / "exercises", tmp / "autograder", jobs=jobs)
        print(f"otter assign, {len(dirs)} sets: {time.perf_counter() - start:.0f} s")
        one = {}
        for d in dirs:  # one at a time: the time of a single submission of each set
            rows, elapsed, _ = _grade(tool, d, {"s001": tool.answered(d, "s001")}, tmp / "one" / d.name, 1)
            full = all(r["score"] == r["possible"] for r in rows if r["result"] != "manual")
            one[d] = elapsed
            print(f"  set {d.name}: one submission graded in {elapsed:.1f} s "
                  f"(status {rows[0]['status']}, full marks: {full})")
        wanted = os.environ.get("CRMLAB_BENCH_SET")
        chosen = next(d for d in dirs if d.name.startswith(wanted)) if wanted else max(one, key=one.get)
        nbs = {f"s{i:03d}": tool.answered(chosen, f"s{i:03d}") for i in range(n)}
        load_before = os.getloadavg()[0]
        rows, elapsed, cpu = _grade(tool, chosen, nbs, tmp / "class", jobs)
    statuses = sorted({r["status"] for r in rows})
    print(f"grade {n} submissions of set {chosen.name}, {jobs} parallel: {elapsed:.0f} s = "
          f"{elapsed / 60:.1f} min ({elapsed / n:.1f} s per submission; target < 10 min); "
          f"statuses {statuses}")
    print(f"CPU time of the grading processes: {cpu:.0f} s ({cpu / n:.1f} s per submission); "
          f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
          f"on {os.cpu_count()} cores (other work on the machine slows the wall time)")


if __name__ == "__main__":
    run()
