"""Seeded generators of the course datasets, each returning its data and the truth it planted.

Every generator takes ``n_customers`` (the scale) and a keyword-only ``seed``; the files in
``data/`` are their output at the default seed and scale (``make data`` rewrites them).

Examples
--------
>>> import crmlab as crm
>>> sorted(crm.simulate.GENERATORS)[:2]
['crm_system', 'fastfood']
"""

from __future__ import annotations

import importlib

from ..errors import CRMLabError
from ._core import Column, Simulation, Table

#: dataset group -> module that generates it (one module per dataset).
GENERATORS = {
    "supermarket": "crmlab.simulate.supermarket",
    "salon": "crmlab.simulate.salon",
    "loyalty_survey": "crmlab.simulate.survey",
    "fastfood": "crmlab.simulate.fastfood",
    "key_accounts": "crmlab.simulate.accounts",
    "crm_system": "crmlab.simulate.crm_system",
    "supermarket_offer": "crmlab.simulate.offer_test",
    "survey_purchases": "crmlab.simulate.survey_purchases",
    "loyalty_programme": "crmlab.simulate.loyalty_programme",
    "service_recovery": "crmlab.simulate.service_recovery",
    "key_account_feedback": "crmlab.simulate.feedback",
    "hotel": "crmlab.simulate.hotel",
}

__all__ = ["GENERATORS", "Column", "Simulation", "Table", "generator", "generate", "modules"]


def generator(group: str):
    """The module that generates dataset ``group`` (it has ``generate``, ``TABLES``, defaults)."""
    if group not in GENERATORS:
        raise CRMLabError(
            f"unknown dataset group {group!r}; valid groups are {sorted(GENERATORS)}."
        )
    return importlib.import_module(GENERATORS[group])


def modules() -> list:
    """(group, module) for every generator module that exists (absent ones are skipped).

    >>> [group for group, _ in modules()][:2]
    ['supermarket', 'salon']
    """
    found = []
    for group, path in GENERATORS.items():
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name != path:
                raise
            continue
        found.append((group, module))
    return found


def generate(group: str, n_customers: int | None = None, *, seed: int | None = None) -> Simulation:
    """Generate dataset ``group`` at a scale and seed (defaults: those of the committed files)."""
    module = generator(group)
    n = module.DEFAULT_CUSTOMERS if n_customers is None else n_customers
    s = module.DEFAULT_SEED if seed is None else seed
    return module.generate(n, seed=s)
