"""crmlab: the helper library of CRM Lab, a course on customer relationship management.

``import crmlab as crm`` is light: each module (``crm.value``, ``crm.rfm``, ``crm.plots``,
``crm.widgets``, ...) is imported the first time you use it, so pandas, matplotlib and
ipywidgets load only when needed.

Examples
--------
>>> import crmlab as crm
>>> crm.CRMLabError.__mro__[1] is ValueError
True
"""

from __future__ import annotations

import importlib

from .agreement import agree
from .errors import CRMLabError
from .language import get_language, set_language

__version__ = "0.1.0"

_MODULES = (
    "data",
    "simulate",
    "glossary",
    "value",
    "profitability",
    "rfm",
    "segments",
    "clv",
    "acquisition",
    "net_value",
    "holdout",
    "loyalty",
    "loyalty_ladder",
    "loyalty_stages",
    "loyalty_types",
    "loyalty_programme",
    "reliability",
    "sampling",
    "recovery",
    "blueprint",
    "churn",
    "churn_reasons",
    "retention",
    "repurchase",
    "marketing",
    "sales",
    "service",
    "customer_view",
    "plots",
    "widgets",
    "concepts",
    "core_customers",
    "exercises",
    "language",
    "bgnbd",
    "customer_file",
    "database",
    "sql_engines",
    "visits",
    "kiosk",
    "key_accounts",
    "winback",
    "silent_churn",
    "backtest",
    "offers",
    "policy_value",
    "habit",
    "guest_history",
)

__all__ = ["CRMLabError", "__version__", "agree", "get_language", "set_language", *_MODULES]


def __getattr__(name: str):
    if name in _MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'crmlab' has no attribute {name!r}; modules are {list(_MODULES)}")


def __dir__():
    return sorted(__all__)
