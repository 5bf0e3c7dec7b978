"""Cleaning the raw customer file: each kind of planted fault is found and fixed, bad input
refused."""

import json
import re

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.customer_file import (PHONE_PATTERN, clean_customer_file, fill_city_from_name,
                                  fix_names, fix_phones, match_ids, merge_duplicates,
                                  missing_fields, standard_name, standard_phone)


@pytest.fixture(scope="module")
def raw():
    return crm.data.load("raw_customer_file")


@pytest.fixture(scope="module")
def truth():
    return json.loads((crm.data.data_dir() / "truth" / "key_accounts.json").read_text())["raw_file"]


@pytest.fixture(scope="module")
def book():
    return crm.data.load("key_accounts").set_index("customer_id")


@pytest.fixture(scope="module")
def true_id(raw, truth):
    return pd.Series(truth["true_customer"], index=raw["record_id"])


def test_names_fault_every_messy_name_becomes_the_true_name(raw, truth, book, true_id):
    fixed = fix_names(raw)
    expected = book.loc[true_id.to_numpy(), "name"].to_numpy()
    assert (fixed["name"].to_numpy() == expected).all()
    changed = (fixed["name"] != raw["name"]).sum()
    assert changed == sum(truth["name_faults"].values()) == 157
    assert raw["name"].tolist() != fixed["name"].tolist() and len(fixed) == len(raw)


def test_phones_fault_three_formats_become_one(raw, truth, true_id):
    fixed = fix_phones(raw)
    present = fixed["phone"].dropna()
    assert present.map(lambda p: re.fullmatch(PHONE_PATTERN, p) is not None).all()
    formats = truth["phone_formats"]
    changed = (fixed["phone"] != raw["phone"]) & raw["phone"].notna()
    assert changed.sum() == formats["dashed"] + formats["international"]
    assert raw["phone"].notna().sum() == sum(formats.values())
    # one number per true customer, and no two customers share one
    per_customer = present.groupby(true_id[fixed.loc[present.index, "record_id"]].to_numpy())
    assert (per_customer.nunique() == 1).all()
    assert per_customer.first().is_unique


def test_duplicates_fault_the_planted_copies_are_merged_into_their_first_record(raw, truth,
                                                                                   true_id):
    merged, merges = merge_duplicates(fix_names(raw))
    planted = {(d["record_id"], d["first_record_id"]) for d in truth["duplicates"]}
    assert set(map(tuple, merges.to_numpy().tolist())) == planted
    assert len(merged) == truth["n_true_customers"] == 300
    assert true_id[merged["record_id"]].is_unique


def test_missing_fields_fault_filled_from_copies_and_names_the_rest_listed(raw, truth, book,
                                                                        true_id):
    assert raw[["contact", "phone", "city"]].isna().sum().to_dict() == truth["missing"]
    clean, changes = clean_customer_file(raw)
    ids = true_id[clean["record_id"]].to_numpy()
    # every city is known now and right: from a duplicate or from the company name
    assert clean["city"].notna().all()
    assert (clean["city"].to_numpy() == book.loc[ids, "city"].to_numpy()).all()
    # a contact or phone stays missing exactly when every copy of that customer lacks it
    for col in ("contact", "phone"):
        all_missing = raw[col].isna().groupby(true_id.to_numpy()).all()
        assert set(ids[clean[col].isna().to_numpy()]) == set(all_missing[all_missing].index)
    left = missing_fields(clean)
    assert len(left) == int(clean[["contact", "phone"]].isna().sum().sum())
    assert (changes["step"] == "missing").sum() == len(left)


def test_the_change_report_accounts_for_every_change(raw, truth):
    clean, changes = clean_customer_file(raw)
    counts = changes["step"].value_counts().to_dict()
    assert counts["names"] == 157
    assert counts["phones"] == truth["phone_formats"]["dashed"] + truth["phone_formats"][
        "international"]
    merged = changes[(changes["step"] == "duplicates") & (changes["column"] == "record")]
    assert len(merged) == truth["n_duplicate_rows"] == 45
    merged_only, _ = merge_duplicates(fix_phones(fix_names(raw)))
    assert counts["city"] == merged_only["city"].isna().sum() > 0   # all filled from the name
    assert changes.columns.tolist() == ["record_id", "step", "column", "before", "after", "note"]
    assert len(raw) == 345 and raw["name"].iloc[2] == "chongqing longxiang pharma trading co."


def test_match_ids_links_every_clean_record_to_its_true_account(raw, true_id):
    clean, _ = clean_customer_file(raw)
    matched = match_ids(clean, crm.data.load("key_accounts"))
    assert (matched["customer_id"].to_numpy() == true_id[matched["record_id"]].to_numpy()).all()


@pytest.mark.parametrize("text, expected", [
    ("138-0013-8000", "13800138000"), ("+86 138 0013 8000", "13800138000"),
    ("0086 13800138000", "13800138000"), ("(+86) 138.0013.8000", "13800138000"),
    ("１３８００１３８０００", "13800138000"), ("8613800138000", "13800138000"),
], ids=["dashed", "international", "0086", "brackets-dots", "full-width", "86-no-plus"])
def test_standard_phone_accepts_common_ways_of_writing_a_mobile(text, expected):
    assert standard_phone(text) == expected


def test_standard_name_keeps_apostrophes_and_full_stops():
    assert standard_name(" XI'AN  huaxin PHARMA trading CO.") == "Xi'an Huaxin Pharma Trading Co."


RAW = pd.DataFrame({"record_id": [1, 2], "name": ["A Co.", "B Co."], "contact": [None, None],
                    "phone": ["13800138000", None], "city": ["Wuhan", None]})
RAW_BEFORE = RAW.copy()


@pytest.mark.parametrize("call, wording", [
    (lambda: clean_customer_file([1, 2]), "raw must be a pandas DataFrame; got list."),
    (lambda: clean_customer_file(RAW.drop(columns="phone")), "raw has no column 'phone'"),
    (lambda: clean_customer_file(RAW.assign(record_id=[1, 1])),
     "raw has 1 duplicated row(s) on ['record_id'] (first: row 1)"),
    (lambda: fix_names(RAW.assign(record_id=[1.0, None])),
     "customer file column 'record_id' has missing values"),
    (lambda: fix_names(RAW.assign(name=["A Co.", "  "])),
     "record 2: a company name must be a non-empty text; got '  '. Every record needs a name"),
    (lambda: fix_phones(RAW.assign(phone=["12345", None])),
     "record 1: phone '12345' is not a mainland mobile number (11 digits starting 13-19, "
     "optionally after +86); got the digits '12345'. Correct it by hand or leave it empty."),
    (lambda: fix_phones(RAW.assign(phone=["010-6552 9988", None])),
     "record 1: phone '010-6552 9988' is not a mainland mobile number"),
    (lambda: standard_phone(13800138000), "phone must be text such as '138-0013-8000'; got "
     "13800138000 (int). Read phone columns as text (dtype=str)."),
    (lambda: merge_duplicates(RAW.assign(name=["A Co.", None])),
     "customer file column 'name' has missing values; every record needs a key"),
    (lambda: fill_city_from_name(RAW.drop(columns="city")), "customer file has no column 'city'"),
    (lambda: match_ids(RAW, pd.DataFrame({"customer_id": ["K1"], "name": ["A Co."]})),
     "clean has 1 record(s) with no account of that name (first: 'B Co.')"),
    (lambda: match_ids(RAW.assign(name=["A Co.", "A Co."]), pd.DataFrame(
        {"customer_id": ["K1"], "name": ["A Co."]})),
     "clean has several records for account 'K1'; merge duplicates first"),
], ids=["not-a-frame", "missing-column", "repeated-record-id", "missing-record-id",
        "empty-name", "short-phone", "landline", "phone-as-number", "missing-key",
        "no-city-column", "unknown-account", "two-records-one-account"])
def test_bad_input_is_refused_with_a_clear_message(call, wording):
    with pytest.raises(CRMLabError) as err:
        call()
    assert wording in str(err.value)
    pd.testing.assert_frame_equal(RAW, RAW_BEFORE)   # the input is left as it was
