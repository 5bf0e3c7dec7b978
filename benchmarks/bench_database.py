"""The RFM query (crmlab.database.RFM_SQL) in SQLite and DuckDB on growing synthetic logs.

Both engines get a database file in a temporary folder holding the same orders; the times are
the median of 3 runs of the query alone (loading is timed once, separately). DuckDB is the
optional ``sql`` extra; without it only SQLite is timed.
"""

import time

from crmlab import sql_engines
from crmlab.database import rfm_sql

from ._timing import machine

SIZES = (10_000, 100_000, 1_000_000)


def _load(make, orders):
    start = time.perf_counter()
    con = make(orders)
    return con, time.perf_counter() - start


def run():
    have = sql_engines.duckdb_available()
    print(f"{machine()}; RFM query, median of 3 (ms); load once (s)")
    print(f"{'rows':>10} {'customers':>10} {'sqlite ms':>10} {'duckdb ms':>10} {'speedup':>8}"
          f" {'sqlite load s':>14} {'duckdb load s':>14}")
    for n in SIZES:
        orders = sql_engines.synthetic_orders(n, seed=0)
        lite, load_lite = _load(sql_engines.sqlite_database, orders)
        t_lite = sql_engines.time_rfm(lite)
        t_duck = load_duck = float("nan")
        if have:
            duck, load_duck = _load(sql_engines.duckdb_database, orders)
            t_duck = sql_engines.time_rfm(duck)
            same = sql_engines.same_rfm(rfm_sql(lite, as_of="2024-12-31"),
                                        rfm_sql(duck, as_of="2024-12-31"))
            sql_engines.discard(duck)
            if not same:
                raise SystemExit("SQLite and DuckDB disagree")
        sql_engines.discard(lite)
        print(f"{n:>10,} {orders['customer_id'].nunique():>10,} {t_lite * 1000:>10.1f} "
              f"{t_duck * 1000:>10.1f} {t_lite / t_duck:>8.1f} {load_lite:>14.2f} "
              f"{load_duck:>14.2f}")
    if not have:
        print(sql_engines.INSTALL_HINT)
