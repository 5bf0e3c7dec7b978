"""A real customer database in SQLite: schema, constraints, loading, SQL queries, updates (C38-C39).

Stage 1 of customer management is a customer database that stays correct and current. The
database itself can enforce much of "correct": :data:`SCHEMA` gives every customer one row
(primary key), accepts only well-formed mobile numbers (a CHECK), and lets an order exist only
for a customer that exists (a foreign key, switched on with ``PRAGMA foreign_keys = ON``, which
SQLite leaves off by default). A refused change raises :class:`crmlab.CRMLabError` with a
plain explanation (:func:`explain_integrity_error`).

The database lives in a new temporary folder unless you give a path: nothing is written into
the course folder. :data:`RFM_SQL` is the classic RFM table in SQL; it returns what
:func:`crmlab.rfm.rfm_table` returns from the same orders. :mod:`crmlab.sql_engines` runs the
same SQL in DuckDB on far larger logs.

Examples
--------
>>> import pandas as pd
>>> con = create_database()
>>> load_customers(con, pd.DataFrame({"customer_id": ["KA01"], "name": ["Wuhan Anhe Co."],
...     "contact": ["王伟"], "phone": ["13800138000"], "city": ["Wuhan"]}), as_of="2025-12-31")
1
>>> load_orders(con, pd.DataFrame({"customer_id": ["KA01", "KA01"], "amount": [500.0, 300.0],
...     "date": pd.to_datetime(["2025-11-03", "2025-12-01"])}))
2
>>> rfm_sql(con, as_of="2025-12-31")  # doctest: +NORMALIZE_WHITESPACE
             recency  frequency  monetary  tenure
customer_id
KA01              30          2     800.0      58
>>> execute(con, "INSERT INTO orders (customer_id, date, amount) VALUES (?, ?, ?)",
...         ("KA99", "2025-12-02", 10.0))  # doctest: +ELLIPSIS
Traceback (most recent call last):
crmlab.errors.CRMLabError: the database refused the change: the row refers to a customer id that
is not in the customers table (a foreign key). Add the customer first. (SQLite: FOREIGN KEY
constraint failed)
>>> close_database(con)
"""

from __future__ import annotations

from ._validate import check_dates, check_frame, check_ids, check_numeric, check_timestamp
from .errors import CRMLabError
from .language import tr

__all__ = ["SCHEMA", "RFM_SQL", "create_database", "database_path", "close_database",
           "load_customers", "load_orders", "query", "execute", "explain_integrity_error",
           "rfm_sql", "update_customer"]

_GLOB = "1[3-9]" + "[0-9]" * 9

#: The tables and their rules. Dates are ISO text (YYYY-MM-DD), money is yuan.
SCHEMA = f"""
CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    contact     TEXT,
    phone       TEXT UNIQUE CONSTRAINT phone_format CHECK (phone GLOB '{_GLOB}'),
    city        TEXT,
    updated     TEXT NOT NULL CONSTRAINT updated_format CHECK (date(updated, '+0 days') IS updated)
);
CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    date        TEXT NOT NULL CONSTRAINT date_format CHECK (date(date, '+0 days') IS date),
    amount      REAL NOT NULL CONSTRAINT amount_not_negative CHECK (amount >= 0)
);
CREATE INDEX orders_by_customer ON orders (customer_id);
CREATE TABLE feedback (
    feedback_id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    date        TEXT NOT NULL CONSTRAINT feedback_date_format CHECK (date(date, '+0 days') IS date),
    kind        TEXT NOT NULL CONSTRAINT feedback_kind CHECK (kind IN ('complaint', 'praise')),
    note        TEXT
);
"""

#: Classic RFM per customer at the date given twice as parameters (as :func:`crmlab.rfm.rfm_table`).
RFM_SQL = """
SELECT customer_id,
       CAST(ROUND(julianday(?) - julianday(MAX(date))) AS INTEGER) AS recency,
       COUNT(*)                                                      AS frequency,
       SUM(amount)                                                   AS monetary,
       CAST(ROUND(julianday(?) - julianday(MIN(date))) AS INTEGER) AS tenure
FROM orders
GROUP BY customer_id
ORDER BY customer_id
"""

_CUSTOMER_COLUMNS = ("customer_id", "name", "contact", "phone", "city")
_ORDER_COLUMNS = ("customer_id", "date", "amount")


def _new_path(path):
    """``path`` as a Path to a file that does not exist yet in a folder that does (a temporary
    folder when ``path`` is None)."""
    import tempfile
    from pathlib import Path

    if path is None:
        path = Path(tempfile.mkdtemp(prefix="crmlab-db-")) / "customers.db"
    path = Path(path)
    if path.exists():
        raise CRMLabError(f"path {path.name!r} already exists; create_database never overwrites "
                          "a file. Choose a new name, or leave path out for a temporary folder.")
    if not path.parent.is_dir():
        raise CRMLabError(f"the folder of path {path.name!r} does not exist; create it first.")
    return path


def create_database(path=None):
    """A new SQLite database with :data:`SCHEMA`, foreign keys on; returns the connection.

    ``path=None`` (the default) puts it in a new temporary folder (``customers.db``), outside
    the course folder. A given ``path`` must not exist yet: nothing is ever overwritten.
    """
    import sqlite3

    con = sqlite3.connect(_new_path(path))
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(SCHEMA)
    return con


def database_path(con):
    """The file of the open SQLite connection ``con`` (a :class:`pathlib.Path`)."""
    from pathlib import Path

    return Path(con.execute("PRAGMA database_list").fetchone()[2])


def close_database(con, *, remove: bool = True):
    """Close ``con``; with ``remove``, delete a database that :func:`create_database` put in a
    temporary folder (with its folder). A database at a path you chose is never deleted."""
    import shutil

    path = database_path(con)
    con.close()
    if remove and path.parent.name.startswith("crmlab-db-") and path.name == "customers.db":
        shutil.rmtree(path.parent, ignore_errors=True)


def explain_integrity_error(error) -> str:
    """A reader's explanation of an ``sqlite3.IntegrityError`` raised by a rule of :data:`SCHEMA`.

    >>> import sqlite3
    >>> explain_integrity_error(sqlite3.IntegrityError("CHECK constraint failed: phone_format"))
    'the database refused the change: the phone is not a mainland mobile number written as 11
    digits (1, then 3-9, then 9 digits). Clean it first with crm.customer_file.standard_phone.
    (SQLite: CHECK constraint failed: phone_format)'
    """
    text = str(error)
    reasons = {
        "UNIQUE constraint failed: customers.customer_id": tr(
            "a customer with this id is already in the database: each customer has exactly one "
            "row (the primary key). Update that row instead of adding a second one."),
        "UNIQUE constraint failed: customers.phone": tr(
            "this phone number already belongs to another customer. Check for a duplicate "
            "customer before adding one."),
        "CHECK constraint failed: phone_format": tr(
            "the phone is not a mainland mobile number written as 11 digits (1, then 3-9, then "
            "9 digits). Clean it first with crm.customer_file.standard_phone."),
        "FOREIGN KEY constraint failed": tr(
            "the row refers to a customer id that is not in the customers table (a foreign "
            "key). Add the customer first."),
        "CHECK constraint failed: amount_not_negative": tr(
            "an order amount must be 0 or more; keep refunds in a table of their own."),
        "CHECK constraint failed: feedback_kind": tr(
            "feedback kind must be 'complaint' or 'praise'."),
        "NOT NULL constraint failed": tr("a required field is empty."),
        "UNIQUE constraint failed: account_plan.customer_id": tr(
            "this account already has its row in the plan, with its one owner (principle 4: one "
            "person in charge). Change that row instead of adding a second one."),
        "CHECK constraint failed: tier_name": tr("an account's class must be 'A', 'B' or 'C'."),
        "CHECK constraint failed: visits_not_negative": tr("visits a year must be 0 or more."),
    }
    for rule in ("date_format", "updated_format", "feedback_date_format"):
        reasons[f"CHECK constraint failed: {rule}"] = tr("a date must be a real day written "
                                                         "YYYY-MM-DD.")
    found = next((why for key, why in reasons.items() if text.startswith(key)),
                 tr("it breaks a rule of the schema."))
    return tr("the database refused the change: {why} (SQLite: {message})", why=found, message=text)


def execute(con, sql: str, params=()):
    """Run one SQL statement that changes data and commit it; return the rows changed.

    A statement that breaks a rule is rolled back (nothing is half done) and raised as
    :class:`crmlab.CRMLabError` with :func:`explain_integrity_error`'s explanation.
    """
    import sqlite3

    try:
        with con:  # commits on success, rolls back on error
            return con.execute(sql, params).rowcount
    except sqlite3.IntegrityError as exc:
        raise CRMLabError(explain_integrity_error(exc)) from None


def _insert(con, table, frame, columns):
    import sqlite3

    rows = frame[list(columns)].astype(object).where(frame[list(columns)].notna(), None)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    try:
        with con:
            con.executemany(sql, rows.itertuples(index=False, name=None))
    except sqlite3.IntegrityError as exc:
        raise CRMLabError(explain_integrity_error(exc)) from None
    return len(rows)


def load_customers(con, customers, *, as_of):
    """Insert customers (columns customer_id, name, contact, phone, city), stamped ``as_of``.

    All rows go in or none does. Returns the number of rows inserted.
    """
    check_frame(customers, name="customers", columns=list(_CUSTOMER_COLUMNS))
    check_ids(customers, "customer_id", name="customers")
    day = check_timestamp(as_of, name="as_of").date().isoformat()
    return _insert(con, "customers", customers.assign(updated=day),
                   (*_CUSTOMER_COLUMNS, "updated"))


def load_orders(con, orders):
    """Insert orders (columns ``customer_id``, ``date`` parsed, ``amount``); all or none.

    Returns the number of rows inserted; a new order keeps the database current (principle 1).
    """
    check_frame(orders, name="orders", columns=list(_ORDER_COLUMNS))
    check_ids(orders, "customer_id", name="orders")
    check_dates(orders, "date", name="orders")
    check_numeric(orders, "amount", name="orders")
    rows = orders.assign(date=orders["date"].dt.strftime("%Y-%m-%d"))
    return _insert(con, "orders", rows, _ORDER_COLUMNS)


def query(con, sql: str, params=()):
    """The result of a SELECT as a DataFrame (SQLite or DuckDB connection).

    >>> con = create_database()
    >>> query(con, "SELECT COUNT(*) AS n FROM customers")
       n
    0  0
    >>> close_database(con)
    """
    import pandas as pd

    if not isinstance(sql, str):
        raise CRMLabError(f"sql must be a text of SQL; got {type(sql).__name__}.")
    if "duckdb" in type(con).__module__:
        return con.execute(sql, list(params)).df()
    return pd.read_sql_query(sql, con, params=tuple(params))


def rfm_sql(con, *, as_of):
    """:data:`RFM_SQL` run on ``con``: recency, frequency, monetary, tenure per customer.

    The same frame (index, columns, types) as ``crm.rfm.rfm_table(orders, as_of=as_of)``.
    """
    day = check_timestamp(as_of, name="as_of").date().isoformat()
    out = query(con, RFM_SQL, (day, day)).set_index("customer_id")
    out.index = out.index.astype("str")
    return out.astype({"recency": "int64", "frequency": "int64", "monetary": "float64",
                       "tenure": "int64"})


def update_customer(con, customer_id: str, *, as_of, **fields):
    """Change fields of one customer (e.g. a new phone) and stamp the row ``updated = as_of``.

    >>> import pandas as pd
    >>> con = create_database()
    >>> _ = load_customers(con, pd.DataFrame({"customer_id": ["KA01"], "name": ["A Co."],
    ...     "contact": [None], "phone": [None], "city": [None]}), as_of="2025-01-01")
    >>> update_customer(con, "KA01", as_of="2025-06-30", contact="李强", phone="13912345678")
    >>> query(con, "SELECT contact, phone, updated FROM customers").values.tolist()
    [['李强', '13912345678', '2025-06-30']]
    >>> close_database(con)
    """
    allowed = [c for c in _CUSTOMER_COLUMNS if c != "customer_id"]
    if not fields or set(fields) - set(allowed):
        raise CRMLabError(f"update_customer needs fields among {allowed}; got "
                          f"{sorted(fields)}.")
    day = check_timestamp(as_of, name="as_of").date().isoformat()
    sets = ", ".join(f"{k} = ?" for k in fields)
    changed = execute(con, f"UPDATE customers SET {sets}, updated = ? WHERE customer_id = ?",
                      (*fields.values(), day, customer_id))
    if changed == 0:
        raise CRMLabError(f"no customer with id {customer_id!r} in the database; add the "
                          "customer with load_customers first.")

