"""The course's concept map: concepts C01-C46 of the source papers and where each is taught.

The map lives in ``concepts.csv`` beside this module (id, title, summary in our words, and the
notebooks, case studies or exercise sets that teach it, separated by ``;``). Tests check that each
place named here mentions the ID, and the README's course map is generated from it.

Examples
--------
>>> table().loc[table()["id"] == "C11", "title"].item()
'The 20/80 rule'
>>> where_taught("C10")
['notebooks/02_core_customers.ipynb', 'casestudies/case_mcdonalds_core_customers.ipynb']
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from .errors import CRMLabError

__all__ = ["table", "where_taught", "concepts_in", "places"]


@lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    text = resources.files("crmlab").joinpath("concepts.csv").read_text(encoding="utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        row["taught_in"] = tuple(p.strip() for p in row["taught_in"].split(";") if p.strip())
        rows.append(row)
    return tuple(rows)


def table():
    """The concept map as a DataFrame: id, title, summary, taught_in (a list of paths).

    >>> len(table())
    46
    """
    import pandas as pd

    frame = pd.DataFrame([dict(r) for r in _rows()])
    frame["taught_in"] = frame["taught_in"].map(list)
    return frame


def where_taught(concept_id: str) -> list[str]:
    """The notebooks, case studies or exercise sets that teach ``concept_id`` (e.g. ``"C08"``).

    >>> where_taught("C99")
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: unknown concept 'C99'; concept IDs run from C01 to C46.
    """
    for row in _rows():
        if row["id"] == concept_id:
            return list(row["taught_in"])
    raise CRMLabError(f"unknown concept {concept_id!r}; concept IDs run from C01 to C46.")


def places() -> list[str]:
    """Every place named in the map, in course order (notebooks, then case studies).

    >>> places()[0]
    'notebooks/01_what_is_crm.ipynb'
    """
    seen = {p for row in _rows() for p in row["taught_in"]}
    return sorted(seen, key=lambda p: (not p.startswith("notebooks/"), p))


def concepts_in(place: str) -> list[str]:
    """The concept IDs mapped to one place, e.g. ``"notebooks/02_core_customers.ipynb"``.

    >>> concepts_in("notebooks/03_customer_profitability.ipynb")
    ['C12', 'C13']
    """
    found = [row["id"] for row in _rows() if place in row["taught_in"]]
    if not found:
        raise CRMLabError(f"no concept is mapped to {place!r}; places in the map are {places()}.")
    return found
