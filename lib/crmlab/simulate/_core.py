"""What every course generator returns, and the data-dictionary format they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from .._validate import check_number

__all__ = ["Simulation", "Column", "Table", "check_scale"]


@dataclass(frozen=True)
class Column:
    """One column of a committed table, for the data dictionary and for typed loading.

    ``dtype`` is one of ``"int"``, ``"float"``, ``"str"``, ``"category"``, ``"date"``,
    ``"bool"``; ``unit`` is e.g. ``"yuan"``, ``"days"``, ``"0-10 scale"`` or ``""``;
    ``categories`` fixes the order of a categorical column.
    """

    name: str
    dtype: str
    unit: str
    description: str
    categories: tuple = ()


@dataclass(frozen=True)
class Table:
    """A committed table: file ``data/<name>.csv.gz``, its columns, and what it is."""

    name: str
    description: str
    columns: tuple[Column, ...]
    concepts: tuple[str, ...] = ()


@dataclass
class Simulation:
    """The output of a generator: its tables and the ground truth it planted.

    ``truth`` holds plain Python values (numbers, strings, lists, dicts) so that it can be
    written as JSON and compared in tests; ``tables`` maps table name to DataFrame.
    """

    tables: dict
    truth: dict = field(default_factory=dict)
    seed: int = 0
    n_customers: int = 0

    def __getitem__(self, name):
        return self.tables[name]


def check_scale(n_customers, *, minimum: int = 10) -> int:
    """Check a generator scale (number of customers).

    >>> check_scale(3)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n_customers must be in [10, inf); got 3.
    """
    return check_number(n_customers, name="n_customers", low=minimum, integer=True)
