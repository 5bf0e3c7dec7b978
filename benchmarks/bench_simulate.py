"""How long the dataset generators take: every group at its default scale, and the supermarket
at 100,000 customers (the benchmark scale); plus the size of each group's committed files."""

import time

from crmlab import data
from crmlab.simulate import generate, modules


def _timed(group, n=None, repeats=1):
    best, sim = float("inf"), None
    for _ in range(repeats):
        t = time.perf_counter()
        sim = generate(group, n)
        best = min(best, time.perf_counter() - t)
    return best, sim


def run():
    tables = data.tables()
    folder = data.data_dir()
    for group, module in modules():
        seconds, sim = _timed(group, repeats=3)
        rows = sum(len(df) for df in sim.tables.values())
        size = sum((folder / f"{spec.name}.csv.gz").stat().st_size
                   for name, (g, spec) in tables.items() if g == group
                   if (folder / f"{spec.name}.csv.gz").exists())
        print(f"{group:>15}: {module.DEFAULT_CUSTOMERS:>7,} customers, {rows:>9,} rows in "
              f"{seconds:6.2f} s (best of 3); committed files {size / 1e6:5.2f} MB")
    for n in (20_000, 100_000):
        seconds, sim = _timed("supermarket", n)
        rows = len(sim["supermarket_transactions"])
        print(f"    supermarket: {n:>7,} customers, {rows:>9,} transactions in {seconds:6.2f} s "
              f"({rows / seconds / 1e6:.2f} M rows/s)")
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"data/ in total: {total / 1e6:.2f} MB (limit 20 MB)")
