"""Timing helpers shared by the benchmarks (medians, wall and CPU time)."""

import os
import statistics
import time


def machine() -> str:
    """One line on how busy the machine is: other work inflates wall times."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def timed(fn, repeats: int = 3):
    """Median wall and CPU seconds of ``fn()`` (CPU time is what an idle machine would show
    as wall time; on a busy machine wall time also counts waiting for a core)."""
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def explorer_times(explorer, changes, repeats: int = 3) -> dict:
    """Milliseconds per control change of an explorer, and of its parts.

    ``update`` is a reader's slider move (recompute, redraw, PNG); ``compute`` and ``png`` time
    the explorer's compute function and the PNG render alone, at the last values.
    """
    wall, cpu = [], []
    for _ in range(repeats):
        for change in changes:
            t, c = time.perf_counter(), time.process_time()
            explorer.update(**change)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    compute = timed(lambda: explorer._compute(**explorer.values))[0]
    png = timed(explorer._png)[0]
    return {"median": 1000 * statistics.median(wall), "max": 1000 * max(wall),
            "cpu": 1000 * statistics.median(cpu), "compute": 1000 * compute, "png": 1000 * png}
