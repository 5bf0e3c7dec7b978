"""Response time of the RFM explorer of notebook 04 at 10,000 customers (target < 100 ms a change).

The log is the supermarket generator at 10,000 customers (about 400,000 trips). Times
``explorer.update(...)`` (cut the log at the date, score, segment, redraw, PNG), as a reader's
slider move, beside the library pipeline it replaces (cut + rfm_table + scores + segments).
"""

import os
import statistics
import time

import crmlab as crm
from crmlab.widgets.rfm import rfm_explorer

N_CUSTOMERS = 10_000


def _median(fn, repeats=5):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run():
    tx = crm.simulate.generate("supermarket", N_CUSTOMERS, seed=2024).tables["supermarket_transactions"]
    print(f"{N_CUSTOMERS:,} customers, {len(tx):,} trips; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    t = time.perf_counter()
    ex = rfm_explorer(tx)
    print(f"build {1000 * (time.perf_counter() - t):.0f} ms")
    changes = [{"as_of": "2024-06-30"}, {"bins": 4}, {"as_of": "2024-09-30"}, {"bins": 10},
               {"as_of": "2024-03-31"}, {"bins": 5, "as_of": "2024-12-31"}]
    wall, cpu = [], []
    for _ in range(2):
        for change in changes:
            t, c = time.perf_counter(), time.process_time()
            ex.update(**change)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    compute = _median(lambda: ex._compute(**ex.values))
    png = _median(ex._png, repeats=3)
    ex.close()

    def library():
        cut = tx[tx["date"] <= "2024-06-30"]
        table = crm.rfm.rfm_table(cut, as_of="2024-06-30")
        return crm.rfm.rfm_segments(crm.rfm.rfm_scores(table))

    import ipywidgets as w

    from crmlab.widgets import Explorer

    floor = Explorer({"x": w.FloatSlider(value=1.0, min=0, max=5)}, compute=lambda x: x,
                     draw=lambda r, ax, x: ax.plot([0, 1], [0, r]))
    floor_cpu = []
    for x in (2.0, 3.0, 4.0, 2.0):
        c = time.process_time()
        floor.update(x=x)
        floor_cpu.append(time.process_time() - c)
    floor.close()
    median = statistics.median(wall)
    flag = "ok" if median < 0.1 else "SLOW"
    print(f"rfm_explorer update median {1000 * median:5.0f} ms, max {1000 * max(wall):5.0f} ms, "
          f"CPU {1000 * statistics.median(cpu):4.0f} ms (target < 100 ms: {flag})")
    print(f"  of which compute {1000 * compute:4.0f} ms (library pipeline on the cut log: "
          f"{1000 * _median(library):4.0f} ms), PNG render {1000 * png:4.0f} ms")
    print(f"  floor (a one-line Explorer) update CPU {1000 * statistics.median(floor_cpu):4.0f} ms")


if __name__ == "__main__":
    run()
