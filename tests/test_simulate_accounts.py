"""Key accounts: the planted order cycles, next orders, visits and raw-file faults come back."""

import json
import re
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as crm
from crmlab import CRMLabError
from crmlab.simulate import accounts
from crmlab.simulate import Simulation

SEEDS = (accounts.DEFAULT_SEED, 11, 2024)


@pytest.fixture(scope="module", params=SEEDS)
def sim(request):
    return accounts.generate(accounts.DEFAULT_CUSTOMERS, seed=request.param)


def _truth(sim):
    return pd.DataFrame(sim.truth["accounts"]).set_index("customer_id")


def _median_gaps(orders):
    ordered = orders.sort_values(["customer_id", "date"])
    gaps = ordered.groupby("customer_id")["date"].diff().dt.days
    return gaps.groupby(ordered["customer_id"]).median()


# --- contract ---------------------------------------------------------------------------------

def test_registered_and_defaults():
    assert crm.simulate.generator("key_accounts") is accounts
    assert 200 <= accounts.DEFAULT_CUSTOMERS <= 400
    sim = crm.simulate.generate("key_accounts")
    assert isinstance(sim, Simulation)
    assert sim.seed == accounts.DEFAULT_SEED and sim.n_customers == accounts.DEFAULT_CUSTOMERS


def test_tables_match_the_data_dictionary(sim):
    assert sorted(sim.tables) == sorted(t.name for t in accounts.TABLES)
    allowed = {"int", "float", "str", "category", "date", "bool"}
    for table in accounts.TABLES:
        frame = sim[table.name]
        assert frame.columns.tolist() == [c.name for c in table.columns]
        for col in table.columns:
            assert col.dtype in allowed and col.description
            s = frame[col.name]
            if col.dtype == "date":
                assert pd.api.types.is_datetime64_dtype(s)
            elif col.dtype == "bool":
                assert pd.api.types.is_bool_dtype(s)
            elif col.dtype == "int":
                assert pd.api.types.is_integer_dtype(s)
            elif col.dtype == "float":
                assert pd.api.types.is_float_dtype(s)
            elif col.dtype == "category":
                assert list(s.cat.categories) == list(col.categories)
                assert s.notna().all()


def test_truth_is_json_and_one_entry_per_account(sim):
    truth = json.loads(json.dumps(sim.truth))
    ids = sim["key_accounts"]["customer_id"]
    assert ids.is_unique and sim["key_accounts"]["name"].is_unique
    assert [a["customer_id"] for a in truth["accounts"]] == ids.tolist()
    assert len(truth["raw_file"]["true_customer"]) == len(sim["raw_customer_file"])


def test_same_seed_same_frames_other_seed_differs():
    a, b = accounts.generate(60, seed=5), accounts.generate(60, seed=5)
    c = accounts.generate(60, seed=6)
    for name in a.tables:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert a.truth == b.truth
    assert not a["key_account_orders"].equals(c["key_account_orders"])


@pytest.mark.parametrize(
    "n, seed, message",
    [
        (5, 1, r"n_customers must be in \[10, 2000\]; got 5"),
        (5000, 1, r"n_customers must be in \[10, 2000\]; got 5000"),
        (50.5, 1, r"n_customers must be a whole number; got 50.5"),
        ("300", 1, r"n_customers must be a whole number; got '300' \(str\)"),
        (50, -1, r"seed must be in \[0, 4.29497e\+09\]; got -1"),
        (50, 1.5, r"seed must be a whole number; got 1.5"),
        (50, None, r"seed must be a whole number; got None"),
    ],
)
def test_bad_scale_or_seed_raises(n, seed, message):
    with pytest.raises(CRMLabError, match=message):
        accounts.generate(n, seed=seed)


# --- orders: cycles and the next order ----------------------------------------------------------

def test_orders_inside_the_window_and_positive(sim):
    orders = sim["key_account_orders"]
    assert orders["date"].min() >= pd.Timestamp(sim.truth["data_start"])
    assert orders["date"].max() <= pd.Timestamp(sim.truth["data_end"])
    assert (orders["amount"] > 0).all()
    assert set(orders["customer_id"]) == set(sim["key_accounts"]["customer_id"])
    # every account has at least four gaps to take a median of
    assert orders.groupby("customer_id").size().min() >= 5


def test_median_gap_recovers_each_cycle(sim):
    median = _median_gaps(sim["key_account_orders"])
    true = _truth(sim)["cycle_days"]
    rel = (median / true.reindex(median.index) - 1).abs()
    assert rel.median() < 0.05
    assert (rel < 0.15).mean() >= 0.95
    assert rel.max() < 0.35


def test_noted_cycle_is_the_true_cycle_in_whole_weeks(sim):
    book = sim["key_accounts"].set_index("customer_id")
    true = _truth(sim)["cycle_days"].reindex(book.index)
    assert (book["typical_cycle_days"] % 7 == 0).all()
    assert ((book["typical_cycle_days"] - true).abs() <= 3.5 + 1e-9).all()


def test_next_order_is_after_the_end_and_within_a_few_cycles(sim):
    end = pd.Timestamp(sim.truth["data_end"])
    nxt = pd.to_datetime(_truth(sim)["next_order_date"])
    last = sim["key_account_orders"].groupby("customer_id")["date"].max()
    cycle = _truth(sim)["cycle_days"]
    assert (nxt > end).all()
    gap = (nxt - last.reindex(nxt.index)).dt.days
    assert (gap <= cycle * np.exp(4 * sim.truth["gap_sigma"]) + 1).all()


def test_ranking_by_expected_next_order_agrees_with_truth(sim):
    orders = sim["key_account_orders"]
    expected = orders.groupby("customer_id")["date"].max() + pd.to_timedelta(
        _median_gaps(orders), unit="D"
    )
    true = pd.to_datetime(_truth(sim)["next_order_date"]).reindex(expected.index)
    rho = expected.rank().corr(true.rank())
    assert rho > 0.8
    # the ranking must beat ordering by recency alone, which ignores each account's rhythm
    naive = orders.groupby("customer_id")["date"].max().rank().corr(true.rank())
    assert rho > naive + 0.1


def test_tiers_follow_yearly_volume(sim):
    book = sim["key_accounts"].set_index("customer_id")
    revenue = sim["key_account_orders"].groupby("customer_id")["amount"].sum()
    by_tier = revenue.groupby(book["tier"], observed=True).median()
    assert by_tier["A"] > by_tier["B"] > by_tier["C"]
    assert (book["tier"].value_counts(normalize=True) - pd.Series({"A": 0.2, "B": 0.3, "C": 0.5})
            ).abs().max() < 0.01


# --- visits -------------------------------------------------------------------------------------

def test_visit_rhythm_by_tier(sim):
    visits = sim["key_account_visits"].sort_values(["customer_id", "date"])
    tier = sim["key_accounts"].set_index("customer_id")["tier"].astype(str)
    gaps = visits.groupby("customer_id")["date"].diff().dt.days
    median = gaps.groupby(visits["customer_id"].map(tier)).median()
    for t, interval in sim.truth["visit_interval_days"].items():
        assert abs(median[t] / interval - 1) < 0.1, (t, median[t], interval)


def test_333_items_and_reports(sim):
    visits = sim["key_account_visits"]
    items = ["prepared", "discussed", "visited"]
    assert visits[items].isin([0, 1, 2, 3]).all().all()
    for item, p in sim.truth["item_probability"].items():
        assert abs(visits[item].mean() / 3 - p) < 0.03
    complete = (visits["prepared"] == 3) & (visits["discussed"] == 3) & (visits["visited"] == 3)
    rates = visits.groupby(complete)["report_written"].mean()
    assert abs(rates[True] - sim.truth["report_probability"]["complete"]) < 0.05
    assert abs(rates[False] - sim.truth["report_probability"]["incomplete"]) < 0.05


# --- raw customer file --------------------------------------------------------------------------

def _clean_name(name):
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def test_raw_file_duplicates_found_by_normalised_name(sim):
    raw, truth = sim["raw_customer_file"], sim.truth["raw_file"]
    key = raw["name"].map(_clean_name)
    assert len(raw) == truth["n_rows"]
    assert key.nunique() == truth["n_true_customers"] == len(sim["key_accounts"])
    assert key.duplicated().sum() == truth["n_duplicate_rows"]
    # the clean names are exactly the account book's names
    assert set(key) == set(sim["key_accounts"]["name"].map(_clean_name))
    # the groups are the planted ones, row for row
    planted = pd.Series(truth["true_customer"], index=raw.index)
    assert (key.groupby(planted).nunique() == 1).all()
    assert (planted.groupby(key).nunique() == 1).all()
    first = raw.groupby(key)["record_id"].transform("min")
    found = [(int(r), int(f)) for r, f in zip(raw["record_id"], first) if r != f]
    assert found == [(d["record_id"], d["first_record_id"]) for d in truth["duplicates"]]
    assert [d["customer_id"] for d in truth["duplicates"]] == [
        truth["true_customer"][r - 1] for r, _ in found
    ]


def test_raw_file_duplicates_share_phone_digits(sim):
    raw = sim["raw_customer_file"].dropna(subset=["phone"])
    digits = raw["phone"].str.replace(r"\D", "", regex=True).str.replace(r"^86(?=\d{11}$)", "",
                                                                          regex=True)
    assert digits.str.fullmatch(r"1[3-9]\d{9}").all()
    planted = pd.Series(sim.truth["raw_file"]["true_customer"]).loc[raw.index]
    assert (digits.groupby(planted).nunique() == 1).all()
    assert (planted.groupby(digits).nunique() == 1).all()


def test_raw_file_fault_counts(sim):
    _check_fault_counts(sim["raw_customer_file"], sim.truth["raw_file"])


def _check_fault_counts(raw, truth):
    name = raw["name"]
    extra_spaces = (name != name.map(lambda s: " ".join(s.split()))).sum()
    full_width = name.map(lambda s: any(0xFF01 <= ord(ch) <= 0xFF5E for ch in s)).sum()
    plain = name.map(lambda s: unicodedata.normalize("NFKC", " ".join(s.split())))
    wrong_case = ((plain == plain.str.upper()) | (plain == plain.str.lower())).sum()
    assert extra_spaces == truth["name_faults"]["extra_spaces"]
    assert full_width == truth["name_faults"]["full_width"]
    assert wrong_case == truth["name_faults"]["case"]
    assert min(extra_spaces, full_width, wrong_case) > 0
    formats = {
        "dashed": r"1\d{2}-\d{4}-\d{4}",
        "international": r"\+86 1\d{2} \d{4} \d{4}",
        "plain": r"1\d{10}",
    }
    phone = raw["phone"].dropna()
    counts = {k: int(phone.str.fullmatch(rx).sum()) for k, rx in formats.items()}
    assert counts == truth["phone_formats"]
    assert sum(counts.values()) == len(phone)
    assert raw[list(truth["missing"])].isna().sum().to_dict() == truth["missing"]
    assert raw["name"].notna().all() and raw["record_id"].is_unique


@settings(max_examples=15, deadline=None)
@given(n=st.integers(10, 120), seed=st.integers(0, 2**32 - 1))
def test_any_scale_keeps_the_raw_file_consistent(n, seed):
    sim = accounts.generate(n, seed=seed)
    raw, truth = sim["raw_customer_file"], sim.truth["raw_file"]
    assert truth["n_true_customers"] == n == len(sim["key_accounts"])
    assert len(raw) == n + truth["n_duplicate_rows"] == truth["n_rows"]
    assert raw["name"].map(_clean_name).nunique() == n
    assert re.fullmatch(r"KA\d{4}", sim["key_accounts"]["customer_id"].iat[-1])


def test_committed_files_are_the_default_generation_and_keep_their_faults():
    sim = crm.simulate.generate("key_accounts")
    for name, frame in sim.tables.items():
        loaded = crm.data.load(name)
        as_text = {c: str for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)}
        pd.testing.assert_frame_equal(loaded.astype(as_text), frame.astype(as_text),
                                      check_dtype=False)
    committed = json.loads((crm.data.data_dir() / "truth" / "key_accounts.json").read_text("utf-8"))
    assert committed == json.loads(json.dumps(sim.truth))
    _check_fault_counts(crm.data.load("raw_customer_file"), committed["raw_file"])
