"""The SQLite customer database: rules enforced, RFM in SQL equal to pandas, updates, no trace
left."""

import subprocess
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.customer_file import clean_customer_file, match_ids
from crmlab.database import (close_database, create_database, database_path, execute,
                             explain_integrity_error, load_customers, load_orders, query, rfm_sql,
                             update_customer)
from crmlab.sql_engines import (compare_engines, duckdb_available, duckdb_database, same_rfm,
                                sqlite_database, synthetic_orders)

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-12-31"


def customers_from_raw():
    clean, _ = clean_customer_file(crm.data.load("raw_customer_file"))
    return match_ids(clean, crm.data.load("key_accounts"))


@pytest.fixture
def db():
    con = create_database()
    load_customers(con, customers_from_raw(), as_of=AS_OF)
    load_orders(con, crm.data.load("key_account_orders"))
    yield con
    close_database(con)


def test_the_clean_file_and_its_orders_load(db):
    orders = crm.data.load("key_account_orders")
    assert query(db, "SELECT COUNT(*) AS n FROM customers")["n"].item() == 300
    assert query(db, "SELECT COUNT(*) AS n FROM orders")["n"].item() == len(orders)
    assert query(db, "PRAGMA foreign_keys").iloc[0, 0] == 1
    total = query(db, "SELECT SUM(amount) AS s FROM orders")["s"].item()
    assert total == pytest.approx(orders["amount"].sum())


def test_rfm_in_sql_equals_the_pandas_rfm_table(db):
    orders = crm.data.load("key_account_orders")
    by_pandas = crm.rfm.rfm_table(orders, as_of=AS_OF)
    by_sql = rfm_sql(db, as_of=AS_OF)
    assert by_sql.index.equals(by_pandas.index)
    assert by_sql.columns.tolist() == by_pandas.columns.tolist()
    assert (by_sql.dtypes == by_pandas.dtypes).all()
    for col in ("recency", "frequency", "tenure"):
        assert (by_sql[col] == by_pandas[col]).all(), col
    np.testing.assert_allclose(by_sql["monetary"], by_pandas["monetary"], rtol=1e-12)
    assert same_rfm(by_sql, by_pandas)


def test_an_update_keeps_the_data_current(db):
    update_customer(db, "KA0001", as_of="2026-01-05", phone="13912345678", contact="李强")
    row = query(db, "SELECT phone, contact, updated FROM customers WHERE customer_id = ?",
                ("KA0001",))
    assert row.values.tolist() == [["13912345678", "李强", "2026-01-05"]]
    before = rfm_sql(db, as_of="2026-01-10").loc["KA0001"]
    new = pd.DataFrame({"customer_id": ["KA0001"], "date": pd.to_datetime(["2026-01-08"]),
                        "amount": [1234.5]})
    assert load_orders(db, new) == 1
    after = rfm_sql(db, as_of="2026-01-10").loc["KA0001"]
    assert after["recency"] == 2 and after["frequency"] == before["frequency"] + 1
    assert after["monetary"] == pytest.approx(before["monetary"] + 1234.5)


@pytest.mark.parametrize("sql, params, wording", [
    ("INSERT INTO customers (customer_id, name, updated) VALUES (?, ?, ?)",
     ("KA0001", "Another Co.", AS_OF), "a customer with this id is already in the database"),
    ("UPDATE customers SET phone = ? WHERE customer_id = ?", ("12345", "KA0002"),
     "the phone is not a mainland mobile number written as 11 digits"),
    ("INSERT INTO orders (customer_id, date, amount) VALUES (?, ?, ?)",
     ("KA9999", "2025-12-01", 10.0), "the row refers to a customer id that is not in the "
     "customers table (a foreign key). Add the customer first. (SQLite: FOREIGN KEY "
     "constraint failed)"),
    ("INSERT INTO orders (customer_id, date, amount) VALUES (?, ?, ?)",
     ("KA0001", "2025-12-01", -5.0), "an order amount must be 0 or more"),
    ("INSERT INTO orders (customer_id, date, amount) VALUES (?, ?, ?)",
     ("KA0001", "01/12/2025", 5.0), "a date must be a real day written YYYY-MM-DD. (SQLite: CHECK "
     "constraint failed: date_format)"),
    ("INSERT INTO orders (customer_id, date, amount) VALUES (?, ?, ?)",
     ("KA0001", "2025-02-30", 5.0), "a date must be a real day written YYYY-MM-DD"),
    ("INSERT INTO customers (customer_id, name, updated) VALUES (?, ?, ?)",
     ("KA0999", None, AS_OF), "a required field is empty. (SQLite: NOT NULL constraint "
     "failed: customers.name)"),
    ("INSERT INTO feedback (customer_id, date, kind) VALUES (?, ?, ?)",
     ("KA0001", "2025-12-01", "rumour"), "feedback kind must be 'complaint' or 'praise'"),
], ids=["duplicate-id", "bad-phone", "unknown-customer", "negative-amount", "date-format",
        "impossible-date", "missing-name", "feedback-kind"])
def test_a_rule_broken_is_refused_explained_and_rolled_back(db, sql, params, wording):
    count = query(db, "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM orders) "
                      "+ (SELECT COUNT(*) FROM feedback) AS n")["n"].item()
    phone = query(db, "SELECT phone FROM customers WHERE customer_id = 'KA0002'")["phone"].item()
    with pytest.raises(CRMLabError) as err:
        execute(db, sql, params)
    assert str(err.value).startswith("the database refused the change: ")
    assert wording in str(err.value)
    assert query(db, "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM orders) "
                     "+ (SELECT COUNT(*) FROM feedback) AS n")["n"].item() == count
    assert query(db, "SELECT phone FROM customers WHERE customer_id = 'KA0002'")[
        "phone"].item() == phone


def test_a_load_with_one_bad_row_loads_nothing(db):
    n = query(db, "SELECT COUNT(*) AS n FROM orders")["n"].item()
    bad = pd.DataFrame({"customer_id": ["KA0001", "KA9999"], "amount": [1.0, 2.0],
                        "date": pd.to_datetime(["2026-01-02", "2026-01-03"])})
    with pytest.raises(CRMLabError, match="a foreign key"):
        load_orders(db, bad)
    assert query(db, "SELECT COUNT(*) AS n FROM orders")["n"].item() == n


def test_feedback_is_logged_against_a_customer(db):
    assert execute(db, "INSERT INTO feedback (customer_id, date, kind, note) VALUES (?, ?, ?, ?)",
                   ("KA0003", "2026-01-06", "praise", "fast delivery")) == 1
    got = query(db, "SELECT customer_id, kind FROM feedback").values.tolist()
    assert got == [["KA0003", "praise"]]


def test_the_database_lives_in_a_temporary_folder_removed_on_close():
    con = create_database()
    path = database_path(con)
    assert path.exists() and ROOT not in path.parents
    close_database(con)
    assert not path.parent.exists()


def test_a_chosen_path_is_never_overwritten_nor_deleted(tmp_path):
    mine = tmp_path / "mine.db"
    con = create_database(mine)
    close_database(con)
    assert mine.exists()
    with pytest.raises(CRMLabError, match="already exists; create_database never overwrites"):
        create_database(mine)
    with pytest.raises(CRMLabError, match="does not exist; create it first"):
        create_database(tmp_path / "no" / "such.db")


def _tree_state():
    out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--ignored"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return sorted(line for line in out.splitlines() if ".venv" not in line)


def test_the_whole_lesson_leaves_nothing_in_the_repository(monkeypatch):
    before = _tree_state()
    monkeypatch.chdir(ROOT)  # even when run from the repository root
    con = create_database()
    load_customers(con, customers_from_raw(), as_of=AS_OF)
    load_orders(con, crm.data.load("key_account_orders"))
    rfm_sql(con, as_of=AS_OF)
    update_customer(con, "KA0001", as_of=AS_OF, phone="13912345678")
    with pytest.raises(CRMLabError):
        execute(con, "UPDATE customers SET phone = '1' WHERE customer_id = 'KA0002'")
    close_database(con)
    compare_engines((500,), repeats=1)
    assert _tree_state() == before


def test_synthetic_orders_are_seeded():
    a, b = synthetic_orders(500, seed=3), synthetic_orders(500, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert a["customer_id"].nunique() == 50
    assert a["date"].min() >= pd.Timestamp("2023-01-01") and a["date"].max() <= pd.Timestamp(
        "2024-12-31")


@pytest.mark.skipif(not duckdb_available(), reason="duckdb (optional) is not installed")
def test_duckdb_runs_the_same_sql_with_the_same_result():
    orders = synthetic_orders(5000, seed=2)
    lite, duck = sqlite_database(orders), duckdb_database(orders)
    a, b = rfm_sql(lite, as_of="2024-12-31"), rfm_sql(duck, as_of="2024-12-31")
    assert same_rfm(a, b) and same_rfm(a, crm.rfm.rfm_table(orders, as_of="2024-12-31"))
    close_database(lite)
    duck.close()


def test_compare_engines_without_duckdb_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(crm.sql_engines, "duckdb_available", lambda: False)
    r = compare_engines((300,), repeats=1)
    assert r["rows"].tolist() == [300] and r["sqlite_ms"].iloc[0] > 0
    assert r["duckdb_ms"].isna().all()
    assert r.attrs["note"] == ("DuckDB is not installed: pip install duckdb "
                               "(or pip install -e '.[sql]').")
    with pytest.raises(CRMLabError, match="DuckDB is not installed"):
        duckdb_database(synthetic_orders(200))


CUST = pd.DataFrame({"customer_id": ["K1"], "name": ["A"], "contact": [None], "phone": [None],
                     "city": [None]})


@pytest.mark.parametrize("call, wording", [
    (lambda con: load_customers(con, CUST.drop(columns="city"), as_of=AS_OF),
     "customers has no column 'city'"),
    (lambda con: load_customers(con, CUST.assign(customer_id=[None]), as_of=AS_OF),
     "customers column 'customer_id' has 1 missing id"),
    (lambda con: load_customers(con, CUST, as_of="someday"),
     "as_of must be a date such as '2024-12-31'; got 'someday'"),
    (lambda con: load_orders(con, pd.DataFrame({"customer_id": ["K1"], "date": ["2025-01-01"],
                                                "amount": [1.0]})),
     "orders column 'date' must hold parsed dates (datetime64)"),
    (lambda con: update_customer(con, "K1", as_of=AS_OF, colour="red"),
     "update_customer needs fields among ['name', 'contact', 'phone', 'city']; got ['colour']."),
    (lambda con: update_customer(con, "NOPE", as_of=AS_OF, city="Wuhan"),
     "no customer with id 'NOPE' in the database"),
    (lambda con: query(con, 42), "sql must be a text of SQL; got int."),
    (lambda con: compare_engines(1000), "sizes must be a list of row counts"),
    (lambda con: compare_engines((50,)), "each size must be in [100, inf); got 50."),
    (lambda con: synthetic_orders(10, n_customers=20), "n_customers must be in [1, 10]; got 20."),
], ids=["missing-column", "missing-id", "bad-as-of", "unparsed-dates", "unknown-field",
        "unknown-customer", "sql-not-text", "sizes-not-a-list", "size-too-small",
        "more-customers-than-rows"])
def test_bad_input_is_refused_with_a_clear_message(call, wording):
    con = create_database()
    try:
        with pytest.raises(CRMLabError) as err:
            call(con)
        assert wording in str(err.value)
    finally:
        close_database(con)


def test_every_integrity_message_of_the_schema_is_explained():
    for text in ("UNIQUE constraint failed: customers.phone", "CHECK constraint failed: x"):
        assert "SQLite: " in explain_integrity_error(sqlite3.IntegrityError(text))
    assert "another customer" in explain_integrity_error(
        sqlite3.IntegrityError("UNIQUE constraint failed: customers.phone"))
