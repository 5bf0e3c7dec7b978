"""Cleaning a raw customer file before it goes into a database (stage 1 of C39).

A customer file typed by several people over time has the same faults everywhere: one company
written three ways (extra spaces, full-width letters ``Ｃｏ.``, upper or lower case), one phone
number in three formats, the same customer entered twice, and fields left empty. Each kind of
fault has its own function here, so each can be shown and tested alone; :func:`clean_customer_file`
runs them in order and returns, beside the clean file, a table of every change it made, so that
nothing is changed silently.

The steps, in order:

1. :func:`fix_names`: Unicode NFKC (full-width letters become ordinary ones), spaces collapsed,
   each word capitalised (``"xi'an"`` -> ``"Xi'an"``, ``"CO."`` -> ``"Co."``).
2. :func:`fix_phones`: every mainland mobile number written as its 11 digits ``1[3-9]XXXXXXXXX``
   (``"+86 138 0013 8000"`` and ``"138-0013-8000"`` -> ``"13800138000"``).
3. :func:`merge_duplicates`: records with the same standard name are one customer; the first
   record is kept and its empty fields are filled from the later copies.
4. :func:`fill_city_from_name`: a missing city is read from the company name when the name
   starts with a city known in the file.
5. :func:`missing_fields`: what is still empty (someone must call the customer).

Examples
--------
>>> import pandas as pd
>>> raw = pd.DataFrame({"record_id": [1, 2], "name": ["Wuhan Anhe Co.", " WUHAN  ANHE CO. "],
...                     "contact": ["王伟", None], "phone": ["+86 138 0013 8000", None],
...                     "city": [None, "Wuhan"]})
>>> clean, changes = clean_customer_file(raw)
>>> clean.values.tolist()
[[1, 'Wuhan Anhe Co.', '王伟', '13800138000', 'Wuhan']]
>>> changes["step"].tolist()
['names', 'phones', 'duplicates', 'duplicates']
"""

from __future__ import annotations

import re
import unicodedata

from ._validate import check_frame, check_no_duplicates
from .errors import CRMLabError
from .language import tr

__all__ = ["COLUMNS", "PHONE_PATTERN", "standard_name", "standard_phone", "fix_names",
           "fix_phones", "merge_duplicates", "fill_city_from_name", "missing_fields",
           "clean_customer_file", "match_ids"]

#: Columns of a raw customer file, as in ``crm.data.load("raw_customer_file")``.
COLUMNS = ("record_id", "name", "contact", "phone", "city")
#: A mainland-China mobile number in the standard form: 11 digits, 1 then 3-9.
PHONE_PATTERN = r"1[3-9]\d{9}"


def standard_name(text: str) -> str:
    """A company name written the standard way: NFKC, single spaces, each word capitalised.

    >>> standard_name("  ＣＨＥＮＧＤＵ  Anhe   pharma CO. ")
    'Chengdu Anhe Pharma Co.'
    >>> standard_name("xi'an baiyun medical supply co.")
    "Xi'an Baiyun Medical Supply Co."
    """
    if not isinstance(text, str) or not text.strip():
        raise CRMLabError(f"a company name must be a non-empty text; got {text!r}. Every record "
                          "needs a name: find it before loading the file.")
    words = unicodedata.normalize("NFKC", text).split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def standard_phone(text) -> str:
    """A mainland mobile number as its 11 digits; a missing value stays missing (None).

    Spaces, dashes, dots, brackets and a leading country code (+86, 0086 or 86) are dropped.

    >>> [standard_phone(p) for p in ("138-0013-8000", "+86 138 0013 8000", "13800138000", None)]
    ['13800138000', '13800138000', '13800138000', None]
    >>> standard_phone("010-6552 9988")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: phone '010-6552 9988' is not a mainland mobile number (11 digits
    starting 13-19, optionally after +86); got the digits '01065529988'. Correct it by hand or
    leave it empty.
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    if not isinstance(text, str):
        raise CRMLabError(f"phone must be text such as '138-0013-8000'; got {text!r} "
                          f"({type(text).__name__}). Read phone columns as text (dtype=str).")
    digits = re.sub(r"[\s\-().]", "", unicodedata.normalize("NFKC", text))
    digits = re.sub(r"^(\+86|0086|86)(?=1\d{10}$)", "", digits)
    if not re.fullmatch(PHONE_PATTERN, digits):
        raise CRMLabError(f"phone {text!r} is not a mainland mobile number (11 digits starting "
                          f"13-19, optionally after +86); got the digits {digits!r}. Correct it "
                          "by hand or leave it empty.")
    return digits


def _check_file(df, *, name="customer file", columns=COLUMNS):
    check_frame(df, name=name, columns=list(columns))
    if df["record_id"].isna().any():
        raise CRMLabError(f"{name} column 'record_id' has missing values; every record needs a "
                          "number to be traced in the change report.")
    check_no_duplicates(df, ["record_id"], name=name)


def _apply(df, column, fn):
    import pandas as pd

    _check_file(df)
    out = df.copy()
    values = []
    for rid, v in zip(df["record_id"], df[column]):
        try:
            values.append(fn(None if pd.isna(v) else v))
        except CRMLabError as exc:
            raise CRMLabError(f"record {rid}: {exc}") from None
    out[column] = pd.array(values, dtype="str")
    return out


def fix_names(df, *, column: str = "name"):
    """``df`` with ``column`` written the standard way (:func:`standard_name`), as a new frame.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"record_id": [1], "name": ["ＷＵＨＡＮ  anhe  Co."], "contact": [None],
    ...                     "phone": [None], "city": [None]})
    >>> fix_names(raw)["name"].tolist()
    ['Wuhan Anhe Co.']
    """
    return _apply(df, column, standard_name)


def fix_phones(df, *, column: str = "phone"):
    """``df`` with every phone in ``column`` as 11 digits (:func:`standard_phone`), as a new frame.

    >>> import pandas as pd
    >>> raw = pd.DataFrame({"record_id": [1, 2], "name": ["A", "B"], "contact": [None, None],
    ...                     "phone": ["+86 139 1234 5678", None], "city": [None, None]})
    >>> fix_phones(raw)["phone"].tolist()
    ['13912345678', nan]
    """
    return _apply(df, column, standard_phone)


def merge_duplicates(df, *, key: str = "name"):
    """One record per customer: records with the same ``key`` are merged into the first.

    The first record (smallest ``record_id``) is kept; each of its empty fields takes the first
    non-empty value among its copies. Run :func:`fix_names` first, so that copies typed
    differently share one key. Returns ``(merged, merges)``: ``merges`` lists every dropped
    record with the record it was merged into (columns ``record_id``, ``kept_record_id``).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"record_id": [1, 2, 3], "name": ["A", "B", "A"],
    ...                    "contact": [None, "李强", "王伟"], "phone": ["13800138000", None, None],
    ...                    "city": ["Wuhan", None, None]})
    >>> merged, merges = merge_duplicates(df)
    >>> merged.values.tolist()
    [[1, 'A', '王伟', '13800138000', 'Wuhan'], [2, 'B', '李强', nan, nan]]
    >>> merges.values.tolist()
    [[3, 1]]
    """
    _check_file(df, columns=("record_id", key))
    if df[key].isna().any():
        raise CRMLabError(f"customer file column {key!r} has missing values; every record "
                          "needs a key to find its duplicates.")
    ordered = df.sort_values("record_id", kind="stable")
    merged = ordered.groupby(key, sort=False, as_index=False).first()  # first non-empty value
    merged["record_id"] = ordered.groupby(key, sort=False)["record_id"].min().to_numpy()
    merged = merged[list(df.columns)].sort_values("record_id", ignore_index=True)
    return merged.astype(df.dtypes.to_dict()), _merge_log(ordered, merged, key)


def _merge_log(ordered, merged, key: str):
    """Each dropped record and the record it was merged into (record_id, kept_record_id)."""
    import pandas as pd

    kept = ordered[key].map(merged.set_index(key)["record_id"])
    dropped = ordered["record_id"] != kept
    return pd.DataFrame({"record_id": ordered["record_id"][dropped].to_numpy(),
                         "kept_record_id": kept[dropped].to_numpy()})


def fill_city_from_name(df, *, name: str = "name", city: str = "city"):
    """``df`` with a missing ``city`` read from the start of the company name.

    A name starting with a city that occurs in the ``city`` column gets that city (the
    company names here begin with their city, e.g. "Wuhan Anhe Co."); others stay missing.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"record_id": [1, 2, 3], "name": ["Wuhan A Co.", "Wuhan B Co.",
    ...                    "Lhasa C Co."], "city": ["Wuhan", None, None]})
    >>> fill_city_from_name(df)["city"].tolist()
    ['Wuhan', 'Wuhan', nan]
    """
    _check_file(df, columns=("record_id", name, city))
    known = sorted(set(df[city].dropna()), key=len, reverse=True)
    out = df.copy()
    for i in out.index[out[city].isna()]:
        text = str(out.at[i, name])
        found = [c for c in known if text == c or text.startswith(c + " ")]
        if found:
            out.at[i, city] = found[0]
    return out


def missing_fields(df, *, columns=("contact", "phone", "city")):
    """Every field still empty: one row per (record_id, column), to follow up by phone or visit.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"record_id": [1, 2], "name": ["A", "B"], "contact": [None, "王伟"],
    ...                    "phone": [None, None], "city": ["Wuhan", None]})
    >>> missing_fields(df).values.tolist()
    [[1, 'contact'], [1, 'phone'], [2, 'phone'], [2, 'city']]
    """
    import pandas as pd

    _check_file(df, columns=("record_id", *columns))
    rows = [(rid, c) for rid, row in zip(df["record_id"], df[list(columns)].isna().to_numpy())
            for c, empty in zip(columns, row) if empty]
    return pd.DataFrame(rows, columns=["record_id", "column"]).astype({"record_id": "int64"})


def _diff(before, after, step, what):
    b = before.set_index("record_id")
    a = after.set_index("record_id")
    rows = []
    for col in a.columns:
        old, new = b.loc[a.index, col], a[col]
        changed = ~((old == new).fillna(False) | (old.isna() & new.isna()))
        rows += [(rid, step, col, old[rid], new[rid], what(col)) for rid in a.index[changed]]
    return rows


def clean_customer_file(raw):
    """Run every cleaning step in order; return ``(clean, changes)``.

    ``changes`` has one row per change: ``record_id``, ``step`` (names, phones, duplicates,
    city, missing), ``column``, ``before``, ``after`` and ``note`` (in the display language).
    A record merged into another appears with column ``record`` and the kept record's number.
    """
    import pandas as pd

    _check_file(raw, name="raw")
    rows = []
    names = fix_names(raw)
    rows += _diff(raw, names, "names", lambda c: tr("name written the standard way"))
    phones = fix_phones(names)
    rows += _diff(names, phones, "phones", lambda c: tr("phone written as 11 digits"))
    merged, merges = merge_duplicates(phones)
    for rid, kept in merges.itertuples(index=False):
        rows.append((rid, "duplicates", "record", rid, kept,
                     tr("duplicate merged into record {kept}", kept=kept)))
    rows += _diff(phones, merged, "duplicates", lambda c: tr("filled from a duplicate record"))
    clean = fill_city_from_name(merged)
    rows += _diff(merged, clean, "city", lambda c: tr("city read from the company name"))
    for rid, col in missing_fields(clean).itertuples(index=False):
        rows.append((rid, "missing", col, None, None, tr("still missing: ask the customer")))
    changes = pd.DataFrame(rows, columns=["record_id", "step", "column", "before", "after", "note"])
    changes["before"] = changes["before"].astype(object)
    changes["after"] = changes["after"].astype(object)
    return clean, changes


def _check_one_account_each(clean, ids, name: str) -> None:
    """Every record of ``clean`` found one account (``ids``), and no account two records."""
    if ids.isna().any():
        first = clean.loc[ids.isna(), name].iloc[0]
        raise CRMLabError(f"clean has {int(ids.isna().sum())} record(s) with no account of that "
                          f"name (first: {first!r}); clean the names first (fix_names) or add "
                          "the account to the book.")
    if ids.duplicated().any():
        raise CRMLabError("clean has several records for account "
                          f"{ids[ids.duplicated()].iloc[0]!r};"
                          " merge duplicates first (merge_duplicates).")


def match_ids(clean, accounts, *, name: str = "name", customer: str = "customer_id"):
    """Add each record's customer id from a book of accounts with clean names (exact match).

    Raises when a record has no match or two records match one account, since loading such a
    file would break the database's one-row-per-customer rule.

    >>> import pandas as pd
    >>> book = pd.DataFrame({"customer_id": ["KA01", "KA02"], "name": ["A Co.", "B Co."]})
    >>> match_ids(pd.DataFrame({"record_id": [7], "name": ["B Co."]}), book).values.tolist()
    [['KA02', 7, 'B Co.']]
    """
    _check_file(clean, name="clean", columns=("record_id", name))
    check_frame(accounts, name="accounts", columns=[customer, name])
    check_no_duplicates(accounts, [name], name="accounts")
    ids = clean[name].map(accounts.set_index(name)[customer])
    _check_one_account_each(clean, ids, name)
    return clean.assign(**{customer: ids.to_numpy()})[[customer, *clean.columns]]
