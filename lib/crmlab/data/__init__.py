"""The course datasets in ``data/``: load them as typed frames and read their dictionary.

The package owns the datasets: this module reads them, :mod:`crmlab.data.build` writes them
from the seeded generators of :mod:`crmlab.simulate`. Every committed table is described by a
:class:`crmlab.simulate.Table` (its columns, types,
units and meaning): the simulated ones in the ``TABLES`` of their generator module (listed in
``crmlab.simulate.GENERATORS``), the real ones in :data:`REAL_TABLES` below. ``load`` applies
those types, so dates arrive parsed and categories keep their order.

Examples
--------
>>> import crmlab as crm
>>> "supermarket_transactions" in crm.data.names()
True
>>> tx = crm.data.load("supermarket_transactions")
>>> str(tx["date"].dtype)
'datetime64[us]'
>>> crm.data.load("supermarket_transaction")  # doctest: +ELLIPSIS
Traceback (most recent call last):
crmlab.errors.CRMLabError: unknown dataset 'supermarket_transaction'. Did you mean
'supermarket_transactions'? ...
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from ..errors import CRMLabError
from ..simulate import Column, Table, modules

__all__ = ["REAL_TABLES", "DTYPES", "data_dir", "names", "tables", "table", "group_of",
           "describe", "load", "apply_types"]

#: The types a Column may declare.
DTYPES = ("int", "float", "str", "category", "date", "bool")

#: Real (not simulated) tables committed in ``data/``: source and licence go in the description.
REAL_TABLES: tuple[Table, ...] = (
    Table(
        "cdnow",
        "CDNOW transaction log (real data): every purchase from 1997-01-01 to 1998-06-30 of the "
        "23,570 people who first bought at CDNOW, an online music retailer, in the first quarter "
        "of 1997; 69,659 rows, one per purchase record, nothing aggregated (80 rows have amount "
        "0; 2,068 rows repeat a customer and date, 255 of them identical). Source: Bruce Hardie's "
        "data sets (brucehardie.com, see 'Notes on the CDNOW Master Data Set', "
        "brucehardie.com/notes/026/), copied from the lifetimes 0.11.3 package "
        "(lifetimes/datasets/CDNOW_master.txt) by tools/import_cdnow.py. Cite: Fader, P. S. and "
        "B. G. S. Hardie (2001), 'Forecasting Repeat Sales at CDNOW: A Case Study', Interfaces "
        "31(3, part 2), S94-S107. Terms: no explicit licence is stated by the source or by "
        "lifetimes (whose MIT licence covers its code); the authors publish the data for "
        "research and teaching, and it is shipped here for teaching with this attribution.",
        (
            Column("customer_id", "int", "", "Customer id, 1 to 23,570."),
            Column("date", "date", "", "Purchase date."),
            Column("quantity", "int", "CDs", "Number of CDs bought."),
            Column("amount", "float", "US dollars", "Value of the purchase."),
        ),
        ("C08", "C11"),
    ),
    Table(
        "cdnow_sample",
        "The CDNOW sample of Fader, Hardie and Lee (2005) (real data): the 2,357 customers "
        "(a 1/10th systematic sample of cdnow) to whom the BG/NBD model was first fitted, one row "
        "per customer; their purchases are the cdnow rows with these customer ids. Source: "
        "CDNOW_sample.txt from Bruce Hardie's data sets (brucehardie.com/notes/026/), copied "
        "from the lifetimes 0.11.3 package (lifetimes/datasets/CDNOW_sample.txt) by "
        "tools/import_cdnow_sample.py. Cite: Fader, P. S., B. G. S. Hardie and K. L. Lee (2005), "
        "''Counting Your Customers' the Easy Way: An Alternative to the Pareto/NBD Model', "
        "Marketing Science 24(2), 275-284. Terms: as for cdnow.",
        (
            Column("customer_id", "int", "", "Customer id in cdnow (the master file)."),
            Column("sample_id", "int", "", "Customer number in the sample, 1 to 2,357."),
        ),
        ("C25", "C26"),
    ),
)


def data_dir() -> Path:
    """The folder of the committed data: ``$CRMLAB_DATA`` if set, else the repository's ``data/``.

    >>> data_dir().name
    'data'
    """
    env = os.environ.get("CRMLAB_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "data"


def tables() -> dict:
    """Every committed table by name: ``{name: (group, Table)}``; real tables have group ``"real"``.

    >>> group, spec = tables()["supermarket_customers"]
    >>> group, spec.columns[0].name
    ('supermarket', 'customer_id')
    """
    out = {}
    for group, module in modules():
        for spec in module.TABLES:
            out[spec.name] = (group, spec)
    for spec in REAL_TABLES:
        out[spec.name] = ("real", spec)
    return out


def names() -> list[str]:
    """The names of every committed table, sorted.

    >>> [n for n in names() if n.startswith("supermarket")]
    ['supermarket_branches', 'supermarket_customers', 'supermarket_offer_test',
     'supermarket_transactions']
    """
    return sorted(tables())


def _lookup(name) -> tuple[str, Table]:
    known = tables()
    if not isinstance(name, str):
        raise CRMLabError(f"dataset name must be a string; got {name!r} ({type(name).__name__}). "
                          f"Valid names are {sorted(known)}.")
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise CRMLabError(f"unknown dataset {name!r}.{hint} Valid names are {sorted(known)}.")
    return known[name]


def table(name: str) -> Table:
    """The :class:`~crmlab.simulate.Table` spec of dataset ``name``.

    >>> table("supermarket_branches").columns[1].unit
    'counters'
    """
    return _lookup(name)[1]


def group_of(name: str) -> str:
    """The dataset group (generator) that makes table ``name``; ``"real"`` for real data.

    >>> group_of("supermarket_branches")
    'supermarket'
    """
    return _lookup(name)[0]


def describe(name: str):
    """The data-dictionary entry of table ``name`` as a DataFrame, one row per column.

    Columns of the result: ``column``, ``dtype`` (one of :data:`DTYPES`), ``unit``,
    ``description`` and ``categories`` (the allowed values in order, ``""`` if none).
    The table itself is described in ``result.attrs``: ``"table"``, ``"group"``,
    ``"description"``, ``"concepts"`` and ``"file"`` (its file name in ``data/``).

    Examples
    --------
    >>> d = describe("supermarket_branches")
    >>> list(d.columns)
    ['column', 'dtype', 'unit', 'description', 'categories']
    >>> d.loc[d["column"] == "staff", "unit"].item()
    'people'
    >>> d.attrs["file"]
    'supermarket_branches.csv.gz'
    """
    import pandas as pd

    group, spec = _lookup(name)
    out = pd.DataFrame(
        [(c.name, c.dtype, c.unit, c.description, ", ".join(map(str, c.categories)))
         for c in spec.columns],
        columns=["column", "dtype", "unit", "description", "categories"],
    )
    out.attrs.update(table=spec.name, group=group, description=spec.description,
                     concepts=list(spec.concepts), file=f"{spec.name}.csv.gz")
    return out


def _pandas_dtype(col: Column):
    import pandas as pd

    if col.dtype not in DTYPES:
        raise CRMLabError(f"column {col.name!r} declares dtype {col.dtype!r}; valid dtypes are "
                          f"{list(DTYPES)}.")
    if col.dtype == "category":
        return pd.CategoricalDtype(list(col.categories), ordered=True) if col.categories \
            else "category"
    return {"int": "Int64", "float": "float64", "str": "str", "bool": "boolean",
            "date": "str"}[col.dtype]


def apply_types(df, spec: Table):
    """Give the columns of ``df`` (as read from CSV) the types that ``spec`` declares.

    ``date`` columns become ``datetime64`` (empty cells become ``NaT``), ``category`` columns
    an ordered categorical when the spec lists the categories, ``int`` a nullable ``Int64``
    that is turned into plain ``int64`` when nothing is missing, ``bool`` likewise.

    >>> import pandas as pd
    >>> spec = table("supermarket_branches")
    >>> raw = pd.DataFrame({"branch": ["Riverside"], "counters": [8], "staff": [2],
    ...                     "service_failures": [9]})
    >>> apply_types(raw, spec).dtypes.astype(str).tolist()
    ['category', 'int64', 'int64', 'int64']
    """
    import pandas as pd

    want = [c.name for c in spec.columns]
    if list(df.columns) != want:
        raise CRMLabError(f"the file of {spec.name!r} has columns {list(df.columns)}; its data "
                          f"dictionary lists {want}. Regenerate the data with `make data`.")
    df = df.copy()
    for col in spec.columns:
        s = df[col.name]
        if col.dtype == "date":
            df[col.name] = pd.to_datetime(s, format="%Y-%m-%d")
            continue
        kind = _pandas_dtype(col)
        if isinstance(kind, pd.CategoricalDtype):
            seen = s.dropna().unique()  # a few distinct values: cheap to check one by one
            bad = sorted({str(v) for v in seen} - {str(v) for v in kind.categories})
            if bad:
                raise CRMLabError(f"{spec.name!r} column {col.name!r} has values {bad} outside "
                                  f"its categories {list(kind.categories)}.")
        s = s.astype(kind)
        if kind in ("Int64", "boolean") and not s.isna().any():
            s = s.astype("int64" if kind == "Int64" else "bool")
        df[col.name] = s
    return df


def load(name: str):
    """Load committed table ``name`` from ``data/<name>.csv.gz`` as a typed DataFrame.

    Types come from the table's data dictionary (see :func:`describe`): dates parsed,
    categoricals with their order, booleans, integers, floats (money in yuan, 2 decimals)
    and strings (pandas' string type).

    Examples
    --------
    >>> cust = load("supermarket_customers")
    >>> list(cust["segment"].cat.categories), bool(cust["segment"].cat.ordered)
    (['key', 'secondary', 'ordinary'], True)
    >>> load(3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: dataset name must be a string; got 3 (int). Valid names are ...
    """
    import pandas as pd

    group, spec = _lookup(name)
    path = data_dir() / f"{spec.name}.csv.gz"
    if not path.exists():
        hint = "Regenerate it with `make data`." if group != "real" else \
            "It is a real dataset: restore it from the repository (git checkout data/)."
        raise CRMLabError(f"the file of dataset {name!r} is missing: {path.name} is not in "
                          f"the data folder {data_dir()}. {hint}")
    raw = {c.name: _pandas_dtype(c) for c in spec.columns if c.dtype in ("str", "date")}
    df = pd.read_csv(path, dtype=raw, keep_default_na=True)
    return apply_types(df, spec)
