"""Response time of the escalation explorer of notebook 01 (target < 100 ms a change).

Times ``explorer.update(...)`` (recompute, redraw, PNG render, as a reader's slider move) on the
course's ticket table (1,200 tickets for 2,000 customers) and on a generated table for 10,000
customers (about 6,000 tickets).
"""

import statistics
import time

import crmlab as crm
from crmlab.simulate import crm_system as gen
from crmlab.widgets.crm_system import escalation_explorer

CHANGES = [{"high": 5}, {"low": 21}, {"urgent": 2}, {"medium": 3}, {"high": 3, "low": 14}]


def _time(tickets, repeats: int = 3):
    """Median and max wall time and median CPU time of this process per update, in ms.

    CPU time is the steadier figure on a shared machine: wall time also counts waiting for a core.
    """
    ex = escalation_explorer(tickets, as_of="2025-12-31")
    wall, cpu = [], []
    for _ in range(repeats):
        for change in CHANGES:
            t, c = time.perf_counter(), time.process_time()
            ex.update(**change)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    ex.close()
    return 1000 * statistics.median(wall), 1000 * max(wall), 1000 * statistics.median(cpu)


def _floor(repeats: int = 3):
    """An Explorer redrawing one short line: the cost of the shared redraw + PNG machinery."""
    import ipywidgets as w

    from crmlab.widgets import Explorer

    ex = Explorer({"x": w.FloatSlider(value=1.0, min=0, max=5)}, compute=lambda x: x,
                  draw=lambda r, ax, x: ax.plot([0, 1], [0, r]))
    wall, cpu = [], []
    for _ in range(repeats):
        for x in (2.0, 3.0):
            t, c = time.perf_counter(), time.process_time()
            ex.update(x=x)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    ex.close()
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def run():
    wall, cpu = _floor()
    print(f"floor (one-line Explorer, same machine now): median {wall:.0f} ms wall, "
          f"{cpu:.0f} ms CPU per change")
    cases = {"course data": crm.data.load("crm_tickets"),
             "10,000 customers": gen.generate(10_000, seed=gen.DEFAULT_SEED).tables["crm_tickets"]}
    for name, tickets in cases.items():
        median, worst, cpu = _time(tickets)
        print(f"escalation_explorer, {name} ({len(tickets):,} tickets): median {median:.0f} ms "
              f"wall (max {worst:.0f}), {cpu:.0f} ms CPU per change (target < 100 ms)")


if __name__ == "__main__":
    run()
