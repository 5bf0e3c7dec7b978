"""The committed datasets: typed loading, the dictionary, byte-identical regeneration, size."""

import gzip
import importlib
import json

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import data
from crmlab.errors import CRMLabError
from crmlab.data import build
from crmlab.simulate import GENERATORS, Column, Table

PRESENT = [g for g, _ in crm.simulate.modules()]


def test_every_generator_module_is_present():
    # every registered group must exist by the time the data are committed
    missing = sorted(set(GENERATORS) - set(PRESENT))
    assert missing == [], f"generator modules missing for groups {missing}"


def test_names_lists_every_table_of_every_generator_and_the_real_ones():
    expected = {t.name for g in PRESENT for t in importlib.import_module(GENERATORS[g]).TABLES}
    expected |= {t.name for t in data.REAL_TABLES}
    assert set(data.names()) == expected
    assert data.names() == sorted(data.names())
    assert {"supermarket_customers", "supermarket_transactions", "supermarket_branches"} <= expected


def test_table_names_are_unique_across_groups():
    seen = [t.name for g in PRESENT for t in importlib.import_module(GENERATORS[g]).TABLES]
    seen += [t.name for t in data.REAL_TABLES]
    assert len(seen) == len(set(seen))


def _check_types(df, spec):
    assert list(df.columns) == [c.name for c in spec.columns]
    for col in spec.columns:
        s = df[col.name]
        if col.dtype == "date":
            assert pd.api.types.is_datetime64_dtype(s), col.name
        elif col.dtype == "category":
            assert isinstance(s.dtype, pd.CategoricalDtype), col.name
            if col.categories:
                assert list(s.cat.categories) == list(col.categories) and s.cat.ordered
        elif col.dtype == "bool":
            assert pd.api.types.is_bool_dtype(s), col.name
        elif col.dtype == "int":
            assert pd.api.types.is_integer_dtype(s), col.name
        elif col.dtype == "float":
            assert pd.api.types.is_float_dtype(s), col.name
        else:
            assert pd.api.types.is_string_dtype(s), col.name


@pytest.mark.parametrize("name", data.names())
def test_load_gives_the_types_of_the_dictionary(name):
    df = data.load(name)
    assert len(df) > 0
    _check_types(df, data.table(name))
    for col in data.table(name).columns:
        if col.unit == "yuan" and col.dtype == "float":
            cents = df[col.name].dropna().to_numpy() * 100
            assert np.abs(cents - np.round(cents)).max() < 1e-6  # money in whole fen


def test_supermarket_loads_with_parsed_dates_and_ordered_categories():
    cust = data.load("supermarket_customers")
    assert str(cust["join_date"].dtype).startswith("datetime64")
    assert cust["churn_date"].isna().any() and cust["churn_date"].notna().any()
    assert cust["age_band"].cat.ordered and cust["age_band"].min() == "18-24"
    assert cust["has_children"].dtype == bool


def test_unknown_name_suggests_the_closest_and_lists_the_valid_ones():
    with pytest.raises(CRMLabError, match=r"unknown dataset 'supermarket_customer'\. Did you mean "
                       r"'supermarket_customers'\? Valid names are \[.*'supermarket_branches'"):
        data.load("supermarket_customer")
    with pytest.raises(CRMLabError, match=r"unknown dataset 'zzz'\. Valid names are \["):
        data.describe("zzz")
    with pytest.raises(CRMLabError, match=r"dataset name must be a string; got None \(NoneType\)"):
        data.load(None)


def test_describe_has_one_row_per_column_and_the_table_in_attrs():
    d = data.describe("supermarket_transactions")
    assert list(d.columns) == ["column", "dtype", "unit", "description", "categories"]
    spec = data.table("supermarket_transactions")
    assert d["column"].tolist() == [c.name for c in spec.columns]
    assert d.set_index("column").loc["amount", "unit"] == "yuan"
    assert d.set_index("column").loc["branch", "categories"].startswith("Central, ")
    assert d.attrs["description"] == spec.description
    assert d.attrs["group"] == "supermarket" and d.attrs["concepts"] == list(spec.concepts)


def test_missing_file_says_how_to_regenerate(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMLAB_DATA", str(tmp_path))
    with pytest.raises(CRMLabError, match=r"supermarket_branches.csv.gz is not in the data "
                       r"folder .*Regenerate it with `make data`"):
        data.load("supermarket_branches")


def test_a_real_table_loads_from_its_spec(tmp_path, monkeypatch):
    spec = Table("demo_log", "A real log (source: test).", (
        Column("customer_id", "int", "", "id"), Column("date", "date", "", "day"),
        Column("amount", "float", "US dollars", "spend")))
    monkeypatch.setattr(data, "REAL_TABLES", (spec,))
    monkeypatch.setenv("CRMLAB_DATA", str(tmp_path))
    pd.DataFrame({"customer_id": [1, 2], "date": ["1997-01-01", "1997-02-03"],
                  "amount": [11.77, 12.0]}).to_csv(tmp_path / "demo_log.csv.gz", index=False)
    df = data.load("demo_log")
    assert df["customer_id"].dtype == "int64" and df["date"].iloc[1] == pd.Timestamp("1997-02-03")
    assert data.group_of("demo_log") == "real" and "demo_log" in data.names()
    with pytest.raises(CRMLabError, match=r"the file of dataset 'demo_log' is missing.*real"):
        (tmp_path / "demo_log.csv.gz").unlink()
        data.load("demo_log")


def test_apply_types_refuses_a_file_that_disagrees_with_its_dictionary():
    spec = data.table("supermarket_branches")
    with pytest.raises(CRMLabError, match=r"has columns \['branch'\]; its data dictionary lists"):
        data.apply_types(pd.DataFrame({"branch": ["Central"]}), spec)
    bad = pd.DataFrame({"branch": ["Nowhere"], "counters": [1], "staff": [1],
                        "service_failures": [0]})
    with pytest.raises(CRMLabError, match=r"column 'branch' has values \['Nowhere'\] outside"):
        data.apply_types(bad, spec)


@pytest.mark.slow
@pytest.mark.parametrize("group", PRESENT)
def test_regenerating_reproduces_the_committed_bytes(group, tmp_path):
    written = build.build_group(group, tmp_path)
    for path in written:
        committed = data.data_dir() / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed.name} is not committed: run `make data`"
        new, old = path.read_bytes(), committed.read_bytes()
        if path.suffix == ".gz":
            assert gzip.decompress(new) == gzip.decompress(old), (
                f"{committed.name} is stale: run `make data`"
            )
            assert old[4:8] == b"\0\0\0\0", f"{committed.name} has a gzip time stamp"
        assert new == old, (
            f"{committed.name} has the same content but other gzip bytes (another zlib?)"
            if path.suffix == ".gz"
            else f"{committed.name} is stale: run `make data`"
        )


def test_truth_files_are_sorted_plain_json():
    for group in PRESENT:
        text = (data.data_dir() / "truth" / f"{group}.json").read_text(encoding="utf-8")
        assert (
            text
            == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        )


def test_readme_is_the_generated_dictionary():
    text = (data.data_dir() / "README.md").read_text(encoding="utf-8")
    assert text == build.render_readme(data.data_dir()), "data/README.md is stale: run `make data`"
    for name in data.names():
        assert f"### `{name}`" in text
    assert "understaffed_branch" in text and '"Riverside"' in text


def test_data_folder_stays_under_20_megabytes():
    total = sum(p.stat().st_size for p in data.data_dir().rglob("*") if p.is_file())
    assert total < 20e6


def test_build_refuses_bad_groups_tables_and_truth(tmp_path):
    with pytest.raises(CRMLabError, match=r"unknown dataset group 'supermarkt'; valid groups"):
        build.build(tmp_path, groups=["supermarkt"])
    spec = data.table("supermarket_branches")
    with pytest.raises(CRMLabError, match=r"table 'supermarket_branches' has columns \['x'\]"):
        build.csv_frame(pd.DataFrame({"x": [1]}), spec)
    with pytest.raises(CRMLabError, match=r"truth of dataset group 'g' is not plain JSON"):
        build.write_truth({"n": np.int64(3)}, "g", tmp_path)
    with pytest.raises(CRMLabError, match=r"truth of dataset group 'g' is not plain JSON"):
        build.write_truth({"x": float("nan")}, "g", tmp_path)


def test_csv_frame_writes_dates_as_text_and_money_to_the_fen():
    spec = Table(
        "t",
        "demo",
        (
            Column("date", "date", "", ""),
            Column("amount", "float", "yuan", ""),
            Column("n", "int", "", ""),
        ),
    )
    df = pd.DataFrame(
        {"n": [1, 2], "amount": [3.14159, 2.0], "date": pd.to_datetime(["2024-03-01", None])}
    )
    out = build.csv_frame(df, spec)
    assert out.columns.tolist() == ["date", "amount", "n"]
    assert out["date"].tolist() == ["2024-03-01", ""] and out["amount"].tolist() == [3.14, 2.0]


def test_command_line_writes_everything(tmp_path, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(build, "build", lambda out, groups=None: calls.append((out, groups)) or [])
    assert build.main([str(tmp_path), "--only", "supermarket"]) == 0
    assert calls == [(str(tmp_path), ["supermarket"])]
    with pytest.raises(SystemExit):
        build.main([str(tmp_path), "--only", "nope"])
    assert "invalid choice" in capsys.readouterr().err
