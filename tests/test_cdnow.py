"""The real CDNOW log in data/cdnow.csv.gz: what it holds, how concentrated it is, how it
is made."""

import gzip
import hashlib
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "data" / "cdnow.csv.gz"
TOOL = ROOT / "tools" / "import_cdnow.py"


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(FILE, parse_dates=["date"])


def _tool():
    spec = importlib.util.spec_from_file_location("import_cdnow", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_columns_and_types(cdnow):
    assert cdnow.columns.tolist() == ["customer_id", "date", "quantity", "amount"]
    assert pd.api.types.is_integer_dtype(cdnow["customer_id"])
    assert pd.api.types.is_integer_dtype(cdnow["quantity"])
    assert pd.api.types.is_float_dtype(cdnow["amount"])
    assert pd.api.types.is_datetime64_dtype(cdnow["date"])
    assert not cdnow.isna().any().any()


def test_size_customers_and_period(cdnow):
    assert len(cdnow) == 69_659
    assert cdnow["customer_id"].nunique() == 23_570
    assert sorted(cdnow["customer_id"].unique()) == list(range(1, 23_571))
    assert cdnow["date"].min() == pd.Timestamp("1997-01-01")
    assert cdnow["date"].max() == pd.Timestamp("1998-06-30")
    # the cohort: everyone's first purchase falls in the first quarter of 1997
    first = cdnow.groupby("customer_id")["date"].min()
    assert first.max() <= pd.Timestamp("1997-03-31")


def test_values_are_plausible(cdnow):
    assert (cdnow["amount"] >= 0).all()
    assert (cdnow["quantity"] >= 1).all()
    cents = cdnow["amount"] * 100
    assert np.allclose(cents, cents.round(), atol=1e-6)
    # rows are in the original order: by customer, then date
    assert (cdnow.sort_values(["customer_id", "date"], kind="stable").index == cdnow.index).all()


def test_documented_quirks_are_kept_not_aggregated(cdnow):
    assert (cdnow["amount"] == 0).sum() == 80
    assert cdnow.duplicated(["customer_id", "date"]).sum() == 2_068
    assert cdnow.duplicated().sum() == 255


def _top_share_by_sorting(totals, top):
    k = math.ceil(top * len(totals))
    return totals.sort_values(ascending=False).iloc[:k].sum() / totals.sum()


def _top_share_by_lorenz(totals, top):
    # Lorenz curve: share of revenue held by the poorest fraction p of customers
    values = np.sort(totals.to_numpy())
    p = np.arange(len(values) + 1) / len(values)
    lorenz = np.concatenate([[0.0], np.cumsum(values)]) / values.sum()
    return 1 - np.interp(1 - top, p, lorenz)


def test_top_20_percent_share_of_revenue(cdnow):
    totals = cdnow.groupby("customer_id")["amount"].sum()
    share = _top_share_by_sorting(totals, 0.2)
    assert share == pytest.approx(_top_share_by_lorenz(totals, 0.2), abs=1e-12)
    # the figure reported in the course: 67.8 %, clearly short of the 20/80 rule
    assert share == pytest.approx(0.6777738296984527, abs=1e-12)


def test_share_helpers_on_a_table_worked_by_hand():
    # 5 customers spending 50, 20, 15, 10, 5 (total 100): the top 20 % (one customer) holds 50 %,
    # the top 40 % (two customers) 70 %.
    totals = pd.Series([10.0, 50.0, 5.0, 20.0, 15.0])
    assert _top_share_by_sorting(totals, 0.2) == pytest.approx(0.5)
    assert _top_share_by_lorenz(totals, 0.2) == pytest.approx(0.5)
    assert _top_share_by_sorting(totals, 0.4) == pytest.approx(0.7)
    assert _top_share_by_lorenz(totals, 0.4) == pytest.approx(0.7)


def test_gzip_header_has_no_timestamp():
    with FILE.open("rb") as fh:
        header = fh.read(10)
    assert header[:2] == b"\x1f\x8b"
    assert header[4:8] == b"\x00\x00\x00\x00"
    with gzip.open(FILE, "rt") as fh:
        assert fh.readline() == "customer_id,date,quantity,amount\n"


def _master_text(frame) -> bytes:
    """CDNOW_master.txt as lifetimes 0.11.3 ships it, written back from the committed table."""
    lines = [" customer_id  date number_of_cds  dollar_value\r\n"]
    lines += [
        f" {c:05d} {d.strftime('%Y%m%d')} {q:2d} {a:7.2f}\r\n"
        for c, d, q, a in frame.itertuples(index=False)
    ]
    return "".join(lines).encode("ascii")


def test_committed_file_is_the_source_and_the_import_script_reproduces_it(cdnow, tmp_path):
    # Written back in the source's format, the committed table has the source's pinned SHA-256:
    # nothing was lost or changed. The import script then turns that source into the same bytes.
    tool = _tool()
    source = tmp_path / "CDNOW_master.txt"
    source.write_bytes(_master_text(cdnow))
    assert hashlib.sha256(source.read_bytes()).hexdigest() == tool.SOURCE_SHA256
    out = tmp_path / "cdnow.csv.gz"
    assert tool.main(["--source", str(source), "--out", str(out)]) == 0
    assert out.read_bytes() == FILE.read_bytes()


def test_import_script_refuses_an_unknown_source(tmp_path):
    tool = _tool()
    fake = tmp_path / "CDNOW_master.txt"
    fake.write_text(" 00001 19970101  1   11.77\n")
    with pytest.raises(SystemExit, match="SHA-256"):
        tool.main(["--source", str(fake), "--out", str(tmp_path / "x.csv.gz")])


def test_course_loader_gives_the_same_frame_and_names_the_source(cdnow):
    import crmlab as crm

    pd.testing.assert_frame_equal(crm.data.load("cdnow"), cdnow)
    assert crm.data.group_of("cdnow") == "real"
    about = crm.data.describe("cdnow").attrs["description"]
    for needed in ("Hardie", "Fader", "Interfaces", "lifetimes", "licence", "69,659", "23,570"):
        assert needed in about
