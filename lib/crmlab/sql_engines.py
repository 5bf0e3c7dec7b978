"""The same SQL in SQLite and in DuckDB, on logs from small to large: when to move.

SQLite (in Python's standard library) stores a table row by row: ideal for a customer database
that is read and changed one customer at a time. DuckDB stores it column by column and runs a
query on all cores: far faster for questions over a whole large log, such as the RFM table
(:data:`crmlab.database.RFM_SQL`). The SQL is the same text; DuckDB only lacks SQLite's
``julianday``, which :func:`duckdb_database` defines in one line (a macro).

DuckDB is an optional package (``pip install duckdb``, about 67 MB installed, or the course's
``sql`` extra). Without it :func:`compare_engines` still times SQLite and says how to add DuckDB.

Examples
--------
>>> orders = synthetic_orders(1000, seed=1)
>>> orders.shape, orders["customer_id"].nunique()
((1000, 3), 100)
>>> con = sqlite_database(orders)
>>> from crmlab.database import close_database, rfm_sql
>>> int(rfm_sql(con, as_of="2024-12-31")["frequency"].sum())
1000
>>> close_database(con)
"""

from __future__ import annotations

from ._validate import check_number
from .database import create_database, database_path, load_customers, load_orders, rfm_sql
from .errors import CRMLabError
from .language import tr

__all__ = ["duckdb_available", "synthetic_orders", "sqlite_database", "duckdb_database",
           "discard", "time_rfm", "same_rfm", "compare_engines", "INSTALL_HINT"]

#: What to do when DuckDB is missing.
INSTALL_HINT = "DuckDB is not installed: pip install duckdb (or pip install -e '.[sql]')."


def duckdb_available() -> bool:
    """True when the optional ``duckdb`` package can be imported."""
    import importlib.util

    return importlib.util.find_spec("duckdb") is not None


def _check_sizes(n_rows, n_customers) -> tuple[int, int]:
    """``n_rows`` and ``n_customers`` checked (one customer in ten rows unless given)."""
    n_rows = check_number(n_rows, name="n_rows", low=1, integer=True)
    n_customers = max(1, n_rows // 10) if n_customers is None else check_number(
        n_customers, name="n_customers", low=1, high=n_rows, integer=True)
    return n_rows, n_customers


def synthetic_orders(n_rows: int, *, n_customers: int | None = None, seed: int = 0):
    """A log of ``n_rows`` orders in 2023-2024 by ``n_customers`` customers (default n_rows/10).

    Customer ids ``C0000001``...; days uniform over the two years; amounts gamma-distributed
    (mean 60 yuan), rounded to the fen.
    """
    import numpy as np
    import pandas as pd

    n_rows, n_customers = _check_sizes(n_rows, n_customers)
    rng = np.random.default_rng(check_number(seed, name="seed", low=0, integer=True))
    ids = np.r_[np.arange(n_customers), rng.integers(0, n_customers, n_rows - n_customers)]
    days = rng.integers(0, 731, n_rows)
    return pd.DataFrame({
        "customer_id": pd.array([f"C{i:07d}" for i in ids], dtype="str"),
        "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D"),
        "amount": rng.gamma(2.0, 30.0, n_rows).round(2),
    })


def sqlite_database(orders, path=None):
    """A new SQLite customer database (:func:`crmlab.database.create_database`) holding
    ``orders`` and one customer row per customer id in them."""
    import pandas as pd

    con = create_database(path)
    ids = pd.unique(orders["customer_id"])
    load_customers(con, pd.DataFrame({"customer_id": ids, "name": ids, "contact": None,
                                      "phone": None, "city": None}), as_of="2025-01-01")
    load_orders(con, orders)
    return con


def _new_path(path):
    """``path``, or a new file in a temporary folder; an existing file is never overwritten."""
    import tempfile
    from pathlib import Path

    if path is None:
        path = Path(tempfile.mkdtemp(prefix="crmlab-db-")) / "orders.duckdb"
    if Path(path).exists():
        raise CRMLabError(f"path {Path(path).name!r} already exists; nothing is overwritten.")
    return path


def duckdb_database(orders, path=None):
    """A DuckDB database (a file in a new temporary folder by default) with table ``orders``
    and the macro ``julianday``, so :data:`crmlab.database.RFM_SQL` runs unchanged."""
    if not duckdb_available():
        raise CRMLabError(INSTALL_HINT)
    import duckdb

    con = duckdb.connect(str(_new_path(path)))
    con.execute("CREATE MACRO julianday(d) AS julian(CAST(d AS DATE)) - 0.5")
    con.register("incoming", orders[["customer_id", "date", "amount"]])
    con.execute("CREATE TABLE orders AS SELECT customer_id, CAST(date AS DATE) AS date, amount "
                "FROM incoming")
    con.unregister("incoming")
    return con


def discard(con):
    """Close a SQLite or DuckDB connection and delete its database if it is in a temporary
    folder made by this module or by :func:`crmlab.database.create_database`."""
    import shutil
    from pathlib import Path

    if "duckdb" in type(con).__module__:
        path = Path(con.execute("SELECT path FROM duckdb_databases() WHERE database_name = "
                                "current_database()").fetchone()[0])
        con.close()
    else:
        path = database_path(con)
        con.close()
    if path.parent.name.startswith("crmlab-db-"):
        shutil.rmtree(path.parent, ignore_errors=True)


def time_rfm(con, *, as_of="2024-12-31", repeats: int = 3) -> float:
    """Median seconds that :func:`crmlab.database.rfm_sql` takes on ``con`` over ``repeats``
    runs."""
    import statistics
    import time

    repeats = check_number(repeats, name="repeats", low=1, integer=True)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        rfm_sql(con, as_of=as_of)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def same_rfm(left, right, *, rtol: float = 1e-9) -> bool:
    """True when two RFM tables agree: same customers in the same order, equal recency,
    frequency and tenure, and monetary equal up to ``rtol`` (sums of floats may differ in the
    last digit when added in another order).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [1], "frequency": [2], "monetary": [0.3], "tenure": [5]})
    >>> same_rfm(t, t.assign(monetary=0.1 + 0.2)), same_rfm(t, t.assign(recency=2))
    (True, False)
    """
    import numpy as np

    counts = ["recency", "frequency", "tenure"]
    return (left.index.equals(right.index) and left[counts].equals(right[counts])
            and bool(np.allclose(left["monetary"], right["monetary"], rtol=rtol, atol=0)))


def compare_engines(sizes=(10_000, 100_000), *, seed: int = 0, repeats: int = 3):
    """Time the RFM query in SQLite and DuckDB on synthetic logs of each size in ``sizes``.

    Returns one row per size: ``rows``, ``customers``, ``sqlite_ms``, ``duckdb_ms`` and
    ``speedup`` (SQLite time / DuckDB time), after checking that both engines return the same
    table. Without DuckDB its columns are NaN and ``result.attrs["note"]`` says how to install
    it. Timings depend on the machine and its load: read them as orders of magnitude. The
    databases live in temporary folders, deleted afterwards.

    >>> r = compare_engines((2000,), repeats=1)
    >>> r.columns.tolist()
    ['rows', 'customers', 'sqlite_ms', 'duckdb_ms', 'speedup']
    """
    import numpy as np
    import pandas as pd

    if isinstance(sizes, (int, float)) or not len(sizes):
        raise CRMLabError(f"sizes must be a list of row counts such as (10_000, 100_000); got "
                          f"{sizes!r}.")
    sizes = [check_number(n, name="each size", low=100, integer=True) for n in sizes]
    have_duckdb = duckdb_available()
    rows = []
    for n in sizes:
        orders = synthetic_orders(n, seed=seed)
        lite = sqlite_database(orders)
        t_lite = time_rfm(lite, repeats=repeats)
        t_duck = np.nan
        if have_duckdb:
            duck = duckdb_database(orders)
            t_duck = time_rfm(duck, repeats=repeats)
            a, b = rfm_sql(lite, as_of="2024-12-31"), rfm_sql(duck, as_of="2024-12-31")
            discard(duck)
            if not same_rfm(a, b):
                raise CRMLabError("SQLite and DuckDB returned different RFM tables; please "
                                  "report this with your duckdb version.")
        discard(lite)
        rows.append((n, orders["customer_id"].nunique(), 1000 * t_lite, 1000 * t_duck))
    out = pd.DataFrame(rows, columns=["rows", "customers", "sqlite_ms", "duckdb_ms"])
    out["speedup"] = out["sqlite_ms"] / out["duckdb_ms"]
    if not have_duckdb:
        out.attrs["note"] = tr(
            "DuckDB is not installed: pip install duckdb (or pip install -e '.[sql]').")
    return out
