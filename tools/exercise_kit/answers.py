"""Answers as plain data: written inside the sandbox, read by the trusted judge.

The grader appends :func:`export_cell` to a submission. Run at the end of the student's kernel, it
writes the variables the tests take as arguments to a JSON file: numbers, text, booleans,
``None``, ``...``, lists, tuples, sets, dicts, dates, numpy arrays and pandas Series, DataFrames
and Index objects (values and dtypes, categories and their order). Anything else (a class whose
``==`` always says True, a function, a module) is recorded only by its type name and fails every
test that takes it. :func:`read_answers` turns that file back into Python values in the judge,
building only plain values and pandas/numpy containers of a known dtype: nothing from the
notebook is ever executed or unpickled there.

The export runs after the student's code, so it can be sabotaged (by patching ``json``, say);
that changes only what the student's own answers look like, never how they are judged.
"""

from __future__ import annotations

import inspect
import json
import re

__all__ = ["export_cell", "read_answers", "NotPlainData", "MISSING_ANSWER"]

FORMAT = 1
_DTYPE = re.compile(
    r"^(bool|u?int(8|16|32|64)|float(16|32|64)|object|str|string|boolean|U?Int(8|16|32|64)"
    r"|Float(32|64)|(datetime|timedelta)64\[(s|ms|us|ns)(, [\w/+-]+)?\])$"
)


def _export(namespace, names, path):  # runs in the student's kernel: standard library only
    import datetime
    import json
    import math
    import sys

    np, pd = sys.modules.get("numpy"), sys.modules.get("pandas")

    class NotPlain(Exception):
        pass

    def column(s):
        dtype = s.dtype
        if pd is not None and isinstance(dtype, pd.CategoricalDtype):
            return {
                "dtype": "category",
                "ordered": bool(dtype.ordered),
                "categories": column(pd.Series(dtype.categories))["values"],
                "codes": [int(c) for c in s.cat.codes],
            }
        if (
            dtype.kind in "Mm"
        ):  # integers in the dtype's unit (UTC for a time zone); NaT is the smallest
            return {"dtype": str(dtype), "ints": s.array.asi8.tolist()}
        if dtype.kind in "biuf":  # tolist gives exact bool, int and float (NaN stays NaN)
            return {"dtype": str(dtype), "values": s.tolist()}
        return {
            "dtype": str(dtype),
            "values": [x if type(x) is str else value(x, 1) for x in s.tolist()],
        }

    def index(ix):
        if type(ix) is pd.RangeIndex:
            return {
                "kind": "range",
                "start": ix.start,
                "stop": ix.stop,
                "step": ix.step,
                "name": value(ix.name, 1),
            }
        if type(ix) is pd.MultiIndex:
            return {
                "kind": "multi",
                "names": [value(n, 1) for n in ix.names],
                "levels": [column(pd.Series(ix.get_level_values(i))) for i in range(ix.nlevels)],
            }
        return {"kind": "index", "name": value(ix.name, 1), "values": column(pd.Series(ix))}

    def value(v, depth=0):
        t = type(v)
        if depth > 30:
            raise NotPlain("nested more than 30 levels deep")
        if v is None or t in (bool, int, str):
            return v
        if t is float:
            return v if math.isfinite(v) else {"kind": "float", "value": repr(v)}
        if v is Ellipsis:
            return {"kind": "ellipsis"}
        if t is list:
            return [value(x, depth + 1) for x in v]
        if t in (tuple, set, frozenset):
            return {"kind": t.__name__, "items": [value(x, depth + 1) for x in v]}
        if t is dict:
            return {
                "kind": "dict",
                "items": [[value(k, depth + 1), value(x, depth + 1)] for k, x in v.items()],
            }
        if t in (datetime.date, datetime.datetime):
            return {"kind": t.__name__, "value": v.isoformat()}
        if np is not None and t in tuple(
            getattr(np, k)
            for k in (
                "bool_",
                "str_",
                "int8",
                "int16",
                "int32",
                "int64",
                "uint8",
                "uint16",
                "uint32",
                "uint64",
                "float16",
                "float32",
                "float64",
            )
        ):
            return value(v.item(), depth)
        if np is not None and t is np.ndarray:
            return {
                "kind": "ndarray",
                "dtype": str(v.dtype),
                "shape": list(v.shape),
                "values": value(v.ravel().tolist(), depth + 1),
            }
        if pd is not None and t is pd.Timestamp:
            return {"kind": "timestamp", "value": v.isoformat()}
        if pd is not None and (v is pd.NA or v is pd.NaT):
            return {"kind": "na" if v is pd.NA else "nat"}
        if pd is not None and t is pd.Series:
            return {
                "kind": "series",
                "name": value(v.name, 1),
                "index": index(v.index),
                "data": column(v),
            }
        if pd is not None and t is pd.DataFrame:
            return {
                "kind": "frame",
                "index": index(v.index),
                "columns": index(v.columns),
                "data": [column(v.iloc[:, j]) for j in range(v.shape[1])],
            }
        if pd is not None and isinstance(v, pd.Index) and type(v).__module__.startswith("pandas"):
            return {"kind": "pdindex", "index": index(v)}
        raise NotPlain(f"{t.__module__}.{t.__qualname__}")

    out = {}
    for name in names:
        if name not in namespace:
            out[name] = {"kind": "missing"}
            continue
        try:
            out[name] = value(namespace[name])
        except NotPlain as err:
            out[name] = {"kind": "unsupported", "type": str(err)[:200]}
        except Exception as err:  # the object's own methods raised: the answer is not plain data
            out[name] = {"kind": "unsupported", "type": f"{type(err).__name__} while reading it"}
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"format": 1, "values": out}, f)


def export_cell(names, path: str) -> str:
    """Source of the cell the grader appends to a submission: writes ``names`` to ``path``."""
    return (
        f"{inspect.getsource(_export)}\n"
        f"_export(globals(), {sorted(set(names))!r}, {path!r})\n"
        "del _export\n"
    )


class NotPlainData:
    """Stands for an answer that could not be exported (its type name only)."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self):
        return f"NotPlainData({self.type_name!r})"


MISSING_ANSWER = object()  # a variable the notebook never defined (tests receive None)


def _column(c, pd, np):
    dtype = c["dtype"]
    if dtype == "category":
        cats = list(c["categories"])
        codes = [int(x) for x in c["codes"]]
        return pd.Categorical.from_codes(codes, categories=cats, ordered=bool(c["ordered"]))
    if not isinstance(dtype, str) or not _DTYPE.match(dtype):
        raise ValueError(f"unknown dtype {dtype!r}")
    if dtype.startswith(("datetime", "timedelta")):
        unit, _, tz = dtype.split("[", 1)[1].rstrip("]").partition(", ")
        kind = "datetime64" if dtype.startswith("datetime") else "timedelta64"
        ints = np.array([int(i) for i in c["ints"]], dtype="int64")
        series = pd.Series(ints.view(f"{kind}[{unit}]"))
        return (series.dt.tz_localize("UTC").dt.tz_convert(tz) if tz else series).array
    values = [_value(x) for x in c["values"]]
    return pd.Series(values, dtype=dtype).array


def _index(ix, pd, np):
    kind = ix["kind"]
    if kind == "range":
        return pd.RangeIndex(
            int(ix["start"]), int(ix["stop"]), int(ix["step"]), name=_value(ix["name"])
        )
    if kind == "multi":
        levels = [_column(lv, pd, np) for lv in ix["levels"]]
        return pd.MultiIndex.from_arrays(levels, names=[_value(n) for n in ix["names"]])
    if kind == "index":
        return pd.Index(_column(ix["values"], pd, np), name=_value(ix["name"]))
    raise ValueError(f"unknown index kind {kind!r}")


def _value(v):
    if v is None or type(v) in (bool, int, float, str):
        return v
    if type(v) is list:
        return [_value(x) for x in v]
    if type(v) is not dict:
        raise ValueError(f"unexpected JSON value {type(v).__name__}")
    kind = v["kind"]
    if kind in ("tuple", "set", "frozenset"):
        items = [_value(x) for x in v["items"]]
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)
    if kind == "dict":
        return {_value(k): _value(x) for k, x in v["items"]}
    if kind == "float":
        return float(v["value"])
    if kind == "ellipsis":
        return ...
    import datetime

    if kind in ("date", "datetime"):
        return getattr(datetime, kind).fromisoformat(v["value"])
    import numpy as np
    import pandas as pd

    if kind == "ndarray":
        dtype = v["dtype"] if _DTYPE.match(str(v["dtype"])) else "object"
        return np.array(_value(v["values"]), dtype=dtype).reshape([int(n) for n in v["shape"]])
    if kind in ("timestamp", "na", "nat"):
        return (
            pd.Timestamp(v["value"]) if kind == "timestamp" else (pd.NA if kind == "na" else pd.NaT)
        )
    if kind == "series":
        return pd.Series(
            _column(v["data"], pd, np), index=_index(v["index"], pd, np), name=_value(v["name"])
        )
    if kind == "frame":
        columns = _index(v["columns"], pd, np)
        data = [_column(c, pd, np) for c in v["data"]]
        if len(data) != len(columns):
            raise ValueError("a table whose columns and data differ in number")
        frame = pd.DataFrame(dict(enumerate(data)), index=_index(v["index"], pd, np))
        frame.columns = columns
        return frame
    if kind == "pdindex":
        return _index(v["index"], pd, np)
    raise ValueError(f"unknown kind {kind!r}")


def read_answers(text: str, names) -> dict:
    """``{name: value}`` from an export file's text, for every name the tests take: the value
    rebuilt, ``MISSING_ANSWER`` (never defined) or a :class:`NotPlainData`. Raises ``ValueError``
    when the text is not an export at all."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise ValueError(f"answers are not JSON ({type(err).__name__})") from None
    if type(doc) is not dict or doc.get("format") != FORMAT or type(doc.get("values")) is not dict:
        raise ValueError("answers file has an unknown layout")
    found = {}
    for name in names:
        raw = doc["values"].get(name, {"kind": "missing"})
        if type(raw) is dict and raw.get("kind") == "missing":
            found[name] = MISSING_ANSWER
        elif type(raw) is dict and raw.get("kind") == "unsupported":
            found[name] = NotPlainData(str(raw.get("type", "unknown"))[:200])
        else:
            try:
                found[name] = _value(raw)
            except (
                ValueError,
                KeyError,
                TypeError,
                IndexError,
                OverflowError,
                RecursionError,
            ) as err:
                found[name] = NotPlainData(
                    f"unreadable data ({type(err).__name__}: {str(err)[:80]})"
                )
    return found
