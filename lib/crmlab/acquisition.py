"""Winning versus keeping customers: the leaky bucket and the cost per customer kept (C22-C24).

The sources say keeping a customer is far cheaper than winning one (:data:`RULES_OF_THUMB`). The
comparison only holds when it is made per customer *actually* kept: a retention programme pays
for everyone it targets, and only some of them would have left and stay because of it.

* :func:`acquisition_vs_retention`: what more customers cost, kept or won, and the break-even
  ratio of acquisition cost to retention cost per customer targeted;
* :func:`leaky_bucket`: customers lost and won each period, with what replacing them costs and
  what a retention programme would cost instead.
"""

from __future__ import annotations

from ._validate import check_number, check_rate, check_seed
from .errors import CRMLabError

__all__ = ["RULES_OF_THUMB", "acquisition_vs_retention", "leaky_bucket"]

#: Rules of thumb quoted in the course's sources (C22): cost of one new customer in kept
#: customers (S2: "marketing theory tells us"), range of acquisition-to-retention cost ratios and
#: profit of loyal vs non-loyal customers (S4: "research shows"). Neither source gives data; such
#: figures were popularised by consultancy work of the 1980s-90s (Reichheld & Sasser, "Zero
#: defections", 1990, is the best known). Reinartz & Kumar (2000, 2002) found many long-standing
#: customers neither cheaper to serve nor more profitable, and East, Hammond & Gendall (2006) that
#: the gains from retention are smaller than claimed. Derive the ratio from your own costs and a
#: hold-out group instead (:func:`acquisition_vs_retention`).
RULES_OF_THUMB = {
    "new_costs_as_much_as_keeping": 8,
    "acquisition_cost_multiple": (4, 6),
    "loyal_profit_multiple": 9,
}


def _two_strategies(customers, uplift, retention_cost, win):
    """The cost table: keep ``customers`` by targeting ``customers / uplift``, or win them new."""
    import pandas as pd

    targeted = customers / uplift
    return pd.DataFrame(
        {"customers": [customers, customers], "targeted": [targeted, float(customers)],
         "cost_per_targeted": [float(retention_cost), float(win)],
         "cost_per_customer": [retention_cost / uplift, float(win)],
         "total_cost": [targeted * retention_cost, customers * win]},
        index=pd.Index(["keep (retention programme)", "win new customers"], name="strategy"))


def acquisition_vs_retention(customers: int, *, retention_cost: float, uplift: float,
                             acquisition_cost: float | None = None,
                             cost_ratio: float = RULES_OF_THUMB["new_costs_as_much_as_keeping"]):
    """What ``customers`` more customers cost: kept by a retention programme, or won new.

    A retention programme pays ``retention_cost`` for every customer it targets, and only a
    share ``uplift`` of them stay *because of it* (the extra kept per customer targeted, measured
    against a hold-out group). So keeping ``customers`` extra customers means targeting
    ``customers / uplift`` of them, and the **cost per extra customer kept** is
    ``retention_cost / uplift``. Winning one costs ``acquisition_cost`` (default: ``cost_ratio``
    times ``retention_cost``, the rule of thumb). Keeping is cheaper per customer only when
    ``acquisition_cost / retention_cost > 1 / uplift``: that break-even cost ratio is in
    ``attrs["break_even_cost_ratio"]``.

    Examples
    --------
    >>> t = acquisition_vs_retention(100, retention_cost=10.0, uplift=0.05)
    >>> t[["targeted", "cost_per_customer", "total_cost"]]  # doctest: +NORMALIZE_WHITESPACE
                                targeted  cost_per_customer  total_cost
    strategy
    keep (retention programme)    2000.0              200.0     20000.0
    win new customers              100.0               80.0      8000.0
    >>> t.attrs["break_even_cost_ratio"]
    20.0
    """
    customers = check_number(customers, name="customers", low=0, integer=True)
    retention_cost = check_number(retention_cost, name="retention_cost", low=0)
    uplift = check_number(uplift, name="uplift", low=0, high=1, low_open=True)
    cost_ratio = check_number(cost_ratio, name="cost_ratio", low=0, low_open=True)
    win = (retention_cost * cost_ratio if acquisition_cost is None
           else check_number(acquisition_cost, name="acquisition_cost", low=0))
    out = _two_strategies(customers, uplift, retention_cost, win)
    out.attrs["break_even_cost_ratio"] = round(1 / uplift, 9)
    return out.round(9)


def _bucket_spend(table, *, acquisition_cost, retention_cost, at_risk, save_rate):
    import numpy as np

    table["revenue"] = table["customers_end"] * table.attrs["revenue_per_customer"]
    table["acquisition_spend"] = table["won"] * float(acquisition_cost)
    targeted = table["lost"] if at_risk is None else np.maximum(table["lost"], at_risk)
    table["retention_spend"] = targeted * float(retention_cost)
    table["kept_by_programme"] = table["lost"] * float(save_rate)
    table["cumulative_acquisition_spend"] = table["acquisition_spend"].cumsum()
    table["cumulative_retention_spend"] = table["retention_spend"].cumsum()
    kept = table["kept_by_programme"].where(table["kept_by_programme"] > 0)
    table["cost_per_extra_kept"] = table["retention_spend"] / kept
    return table


def leaky_bucket(customers: int = 1000, *, lost: float = 100, won: float = 100, periods: int = 12,
                 revenue_per_customer: float = 50.0, acquisition_cost: float = 80.0,
                 retention_cost: float = 10.0, at_risk: float | None = None,
                 save_rate: float = 1.0, random: bool = False, seed: int = 0):
    """Customers lost and won each period, what replacing them costs, and what keeping them would.

    Each period ``lost`` customers leave and ``won`` new ones arrive (with ``random=True``,
    Poisson draws with those means from ``numpy.random.default_rng(seed)``; never more lost
    than there are customers). Per period:

    * ``revenue`` = customers at the end x ``revenue_per_customer`` (revenue, not profit);
    * ``acquisition_spend`` = won x ``acquisition_cost``;
    * a retention programme, for comparison: nobody knows in advance exactly who will leave, so
      it pays ``retention_cost`` for each of the ``at_risk`` customers it targets (at least the
      leavers; ``None`` = only the leavers, a perfect aim no real programme has) and keeps a
      share ``save_rate`` of the leavers: ``retention_spend``, ``kept_by_programme`` and
      ``cost_per_extra_kept = retention_spend / kept_by_programme``;
    * cumulative sums of both spends.

    Lose 100 and win 100 a week and sales stay flat while acquisition spend keeps rising.

    Examples
    --------
    >>> t = leaky_bucket(1000, lost=100, won=100, periods=3)
    >>> t[["period", "customers_end", "revenue", "cumulative_acquisition_spend"]]
       period  customers_end  revenue  cumulative_acquisition_spend
    0       1           1000  50000.0                        8000.0
    1       2           1000  50000.0                       16000.0
    2       3           1000  50000.0                       24000.0
    >>> t = leaky_bucket(1000, lost=100, won=100, periods=1, at_risk=400, save_rate=0.2)
    >>> t.loc[0, ["retention_spend", "kept_by_programme", "cost_per_extra_kept"]].tolist()
    [4000.0, 20.0, 200.0]
    """
    import numpy as np
    import pandas as pd

    customers = check_number(customers, name="customers", low=0, integer=True)
    lost = check_number(lost, name="lost", low=0)
    won = check_number(won, name="won", low=0)
    periods = check_number(periods, name="periods", low=1, high=10_000, integer=True)
    for name, v in (("revenue_per_customer", revenue_per_customer),
                    ("acquisition_cost", acquisition_cost), ("retention_cost", retention_cost)):
        check_number(v, name=name, low=0)
    if at_risk is not None:
        check_number(at_risk, name="at_risk", low=lost)
    save_rate = check_rate(save_rate, name="save_rate", allow_one=True)
    if not isinstance(random, bool):
        raise CRMLabError(f"random must be True or False; got {random!r}.")
    rng = np.random.default_rng(check_seed(seed))
    rows = []
    n = customers
    for t in range(1, periods + 1):
        out = int(rng.poisson(lost)) if random else int(round(lost))
        new = int(rng.poisson(won)) if random else int(round(won))
        out = min(out, n)
        rows.append((t, n, out, new, n - out + new))
        n = n - out + new
    table = pd.DataFrame(rows, columns=["period", "customers_start", "lost", "won",
                                        "customers_end"])
    table.attrs["revenue_per_customer"] = float(revenue_per_customer)
    return _bucket_spend(table, acquisition_cost=acquisition_cost, retention_cost=retention_cost,
                         at_risk=at_risk, save_rate=save_rate)
