"""Response time of notebook 02's explorers (target < 100 ms a change).

Times ``explorer.update(...)`` (recompute, redraw, PNG render, as a reader's slider move) for
the core-group explorer on the fast-food age groups (five groups: the size of the data does
not matter, the group table is the input) and for the top-share explorer on the supermarket
log as notebook 02 uses it (about 5,000 customers) and on the CDNOW log (23,570 customers).
"""

import statistics
import time

import crmlab as crm
from crmlab.widgets.core_customers import core_group_explorer
from crmlab.widgets.value import top_share_explorer


def _time(explorer, changes, repeats: int = 3):
    """Median and max wall time, and median CPU time of this process, per update."""
    wall, cpu = [], []
    for _ in range(repeats):
        for change in changes:
            t, c = time.perf_counter(), time.process_time()
            explorer.update(**change)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    explorer.close()
    return statistics.median(wall), max(wall), statistics.median(cpu)


def _floor():
    """An Explorer redrawing one short line: the cost of the shared redraw + PNG machinery."""
    import ipywidgets as w

    from crmlab.widgets import Explorer

    ex = Explorer({"x": w.FloatSlider(value=1.0, min=0, max=5)}, compute=lambda x: x,
                  draw=lambda r, ax, x: ax.plot([0, 1], [0, r]))
    return _time(ex, [{"x": 2.0}, {"x": 3.0}])


def run():
    groups = crm.data.load("fastfood_age_groups")
    supermarket = crm.data.load("supermarket_transactions")
    cdnow = crm.data.load("cdnow")
    cases = {
        "core_group_explorer": (lambda: core_group_explorer(groups),
                                [{"years": 3.0}, {"family": 0.0}, {"years": 12.5}, {"family": 1.0}]),
        "top_share (supermarket)": (lambda: top_share_explorer(supermarket),
                                    [{"top": 0.1}, {"top": 0.3}, {"view": "lorenz"}]),
        "top_share (cdnow)": (lambda: top_share_explorer(cdnow),
                              [{"top": 0.1}, {"top": 0.3}, {"view": "lorenz"}]),
    }
    median, worst, cpu = _floor()
    print(f"{'floor (one-line Explorer)':24s}               update median {median * 1000:5.0f} ms, "
          f"max {worst * 1000:5.0f} ms, CPU {cpu * 1000:5.0f} ms")
    for name, (build, changes) in cases.items():
        t = time.perf_counter()
        ex = build()
        built = time.perf_counter() - t
        median, worst, cpu = _time(ex, changes)
        flag = "ok" if median < 0.1 else "SLOW"
        print(f"{name:24s} build {built * 1000:6.0f} ms update median {median * 1000:5.0f} ms, "
              f"max {worst * 1000:5.0f} ms, CPU {cpu * 1000:5.0f} ms (target < 100 ms: {flag})")


if __name__ == "__main__":
    run()
