"""MegaMart's kiosk (C35): 24 specials printed from a shopper's own past purchases, scored.

At MegaMart (Milwaukee; S2, "maintaining loyalty") a shopper swipes the frequent-shopper card
at a kiosk and gets specials on 24 items chosen from their purchase history, valid for the next
few hours. Whether such a list works is measurable: build it from the history *before* a week,
then count how often the shopper's baskets *in* that week contain the printed items.

Supermarket A's committed log records spend by five categories, not items, so
:func:`item_baskets` simulates the items in each of its baskets (seeded, with the planted
habits in its truth): each shopper buys from each category's catalogue with personal
preferences drawn around the store-wide popularity. :func:`kiosk_specials` prints the lists;
:func:`score_kiosk` scores them on held-out weeks against two baselines (the same best sellers
for everyone, and items due by their own repurchase cycle, :mod:`crmlab.repurchase`).

Examples
--------
>>> import crmlab as crm
>>> tx = crm.data.load("supermarket_transactions")
>>> sim = item_baskets(tx[tx["customer_id"] <= "SA000200"], seed=35)
>>> items = sim["items"]
>>> items.columns.tolist(), sim.truth["catalogue_size"]
(['customer_id', 'date', 'category', 'item'], 600)
>>> lists = kiosk_specials(items, on="2024-12-02")
>>> int(lists.groupby("customer_id").size().max())
24
"""

from __future__ import annotations

from ._validate import check_choice, check_dates, check_frame, check_number, check_timestamp
from .errors import CRMLabError
from .repurchase import next_purchase_dates
from .simulate import Simulation

__all__ = ["CATALOGUE", "item_baskets", "kiosk_specials", "score_kiosk"]

#: Products per category in the simulated catalogue (600 in all).
CATALOGUE = {"fresh": 150, "grocery": 250, "baby": 50, "pet": 50, "household": 100}
_PRICE = 15.0  # yuan per item, to turn a category's spend into a number of items


def item_baskets(transactions, *, seed: int = 35, concentration: float = 0.2):
    """Simulate the items in each basket of a category-spend log (supermarket A's).

    For shopper ``i`` and category ``c`` with ``n_c`` products of store-wide popularity
    ``q`` (Zipf: ``q_j`` proportional to ``1 / j``), a preference ``p_ic ~ Dirichlet(concentration
    * n_c * q)`` is drawn once (small ``concentration``: strong personal habits). A basket with
    spend ``s`` in ``c`` holds ``clip(round(s / 15), 1, 8)`` draws from ``p_ic``, duplicates
    removed. Returns a :class:`crmlab.simulate.Simulation` with table ``items`` (one row per item
    in a basket) and the planted parameters in ``truth``.
    """
    import numpy as np
    import pandas as pd

    cats = [c for c in CATALOGUE if c in transactions.columns]
    check_frame(transactions, name="transactions", columns=["customer_id", "date", *cats])
    check_dates(transactions, "date", name="transactions")
    if not cats:
        raise CRMLabError(f"transactions has none of the category columns {list(CATALOGUE)}; "
                          "use crm.data.load('supermarket_transactions').")
    seed = check_number(seed, name="seed", low=0, integer=True)
    concentration = check_number(concentration, name="concentration", low=0, low_open=True)
    rng = np.random.default_rng(seed)
    long = transactions.melt(id_vars=["customer_id", "date"], value_vars=cats,
                             var_name="category", value_name="spend")
    long = long[long["spend"] > 0].sort_values(["customer_id", "category", "date"],
                                               kind="stable", ignore_index=True)
    n_items = np.clip(np.round(long["spend"].to_numpy() / _PRICE), 1, 8).astype(int)
    row = np.repeat(np.arange(len(long)), n_items)  # one entry per item drawn
    shopper = pd.factorize(long["customer_id"])[0][row]
    category = long["category"].to_numpy()[row]
    number = np.zeros(len(row), dtype=int)
    for c in cats:  # all shoppers of a category at once: inverse-CDF draws per shopper
        n = CATALOGUE[c]
        q = 1 / np.arange(1, n + 1)
        here = np.flatnonzero(category == c)
        who, g = np.unique(shopper[here], return_inverse=True)
        prefs = rng.gamma(concentration * n * q / q.sum(), size=(len(who), n))
        cum = np.cumsum(prefs / prefs.sum(axis=1, keepdims=True), axis=1)
        cum[:, -1] = 1.0
        flat = (cum + np.arange(len(who))[:, None]).ravel()  # rows laid end to end
        pos = np.searchsorted(flat, g + rng.random(len(here)), side="right")
        number[here] = np.minimum(pos - g * n, n - 1)
    out = pd.DataFrame({"customer_id": long["customer_id"].to_numpy()[row],
                        "date": long["date"].to_numpy()[row], "category": category,
                        "number": number + 1})
    out = out.drop_duplicates(ignore_index=True)
    out["item"] = out["category"] + " " + out["number"].map("{:03d}".format)
    out = out.drop(columns="number").astype({"customer_id": "str", "category": "str",
                                             "item": "str"})
    truth = {"seed": seed, "concentration": concentration, "catalogue": dict(CATALOGUE),
             "catalogue_size": int(sum(CATALOGUE[c] for c in cats)), "price_per_item": _PRICE,
             "popularity": "Zipf: product j of a category has weight 1/j"}
    return Simulation(tables={"items": out}, truth=truth, seed=seed)


def kiosk_specials(items, *, on, k: int = 24, method: str = "personal",
                   half_life_weeks: float = 8.0, within_days: int = 7):
    """The kiosk's list of ``k`` specials for every shopper with a history before ``on``.

    * ``method="personal"``: each item's score is the shopper's purchase days weighted by
      recency, ``sum 0.5 ** (age_in_weeks / half_life_weeks)``; the top ``k`` are printed;
    * ``method="due"``: items whose expected next purchase (last + median gap,
      :func:`crmlab.repurchase.next_purchase_dates`) is within ``within_days`` of ``on`` come
      first, the nearest first, then the personal list;
    * ``method="popular"``: the ``k`` items bought by most shoppers, the same for everyone.

    A list shorter than ``k`` is topped up with best sellers not on it yet; ties go to the
    item that comes first by name.

    Returns
    -------
    DataFrame
        ``customer_id``, ``rank`` (1..k), ``item``.
    """
    import numpy as np
    import pandas as pd

    check_frame(items, name="items", columns=["customer_id", "date", "item"])
    check_dates(items, "date", name="items")
    day = check_timestamp(on, name="on")
    k = check_number(k, name="k", low=1, integer=True)
    check_choice(method, name="method", choices=["personal", "due", "popular"])
    half = check_number(half_life_weeks, name="half_life_weeks", low=0, low_open=True)
    history = items[items["date"] < day]
    if history.empty:
        raise CRMLabError(f"items has no purchase before on={day.date()}; the kiosk prints "
                          "from past purchases.")
    cust, shoppers = pd.factorize(history["customer_id"], sort=True)
    item, names = pd.factorize(history["item"], sort=True)  # codes in name order
    days = (history["date"].to_numpy() - day.to_datetime64()) // np.timedelta64(1, "D")
    span = int(-days.min()) + 1
    visits = np.sort((cust * len(names) + item).astype(np.int64) * span - days)  # -days >= 1
    visits = visits[np.r_[True, visits[1:] != visits[:-1]]]  # one per shopper, item and day
    starts = np.flatnonzero(np.r_[True, np.diff(visits // span) != 0])
    pair = visits[starts] // span
    score = np.add.reduceat(0.5 ** ((visits % span) / 7 / half), starts)
    c, i = pair // len(names), pair % len(names)
    buyers = np.bincount(i, minlength=len(names))
    popular = np.lexsort((np.arange(len(names)), -buyers))[:k]
    if method == "popular":
        score = score * 0.0 - 1.0  # nobody's own history counts
    elif method == "due":
        due = next_purchase_dates(history.rename(columns={"item": "_item"}), category="_item")
        gap = (due["expected_next"] - day).dt.days.abs().to_numpy()
        codes = (shoppers.get_indexer(due["customer_id"]) * len(names)
                 + names.get_indexer(due["_item"]))
        boost = pd.Series(np.where(gap <= within_days, 1e6 - gap, 0.0), index=codes)
        score = score + boost.reindex(pair, fill_value=0.0).to_numpy()
    keep = score >= 0
    all_c = np.r_[c[keep], np.repeat(np.arange(len(shoppers)), len(popular))]
    all_i = np.r_[i[keep], np.tile(popular, len(shoppers))]
    tier = np.r_[np.zeros(keep.sum()), np.ones(len(shoppers) * len(popular))]
    key = np.r_[-score[keep], np.tile(np.arange(len(popular)), len(shoppers))]
    order = np.lexsort((all_i, key, tier, all_c))
    all_c, all_i = all_c[order], all_i[order]
    twice = np.argsort(all_c * len(names) + all_i, kind="stable")
    sorted_key = (all_c * len(names) + all_i)[twice]
    seen = np.zeros(len(all_c), bool)
    seen[twice[np.r_[True, sorted_key[1:] != sorted_key[:-1]]]] = True  # first of each item
    all_c, all_i = all_c[seen], all_i[seen]
    rank = np.arange(len(all_c)) - np.searchsorted(all_c, all_c)  # place within the shopper
    top = rank < k
    return pd.DataFrame({"customer_id": shoppers[all_c[top]], "rank": rank[top] + 1,
                         "item": names[all_i[top]]})


def score_kiosk(items, *, start, weeks: int = 4, k: int = 24, method: str = "personal",
                **options):
    """Score kiosk lists on ``weeks`` held-out weeks from ``start``.

    For each week the lists are printed from the history before it (:func:`kiosk_specials`)
    and every basket of the week by a shopper with a list is checked against that shopper's
    list. Per basket: ``hits`` = items bought that were printed; per week:

    * ``hit_rate`` = share of baskets with at least one hit;
    * ``precision_at_k`` = mean ``hits / k`` (how much of the printout was used);
    * ``recall_at_k`` = mean ``hits / items in the basket`` (how much of the basket was covered).

    Returns one row per week (``week_start``, ``baskets``, ``hit_rate``, ``precision_at_k``,
    ``recall_at_k``); ``attrs`` has the same measures over all weeks' baskets.
    """
    import pandas as pd

    first = check_timestamp(start, name="start")
    weeks = check_number(weeks, name="weeks", low=1, integer=True)
    check_frame(items, name="items", columns=["customer_id", "date", "item"])
    rows, all_baskets = [], []
    for w in range(weeks):
        on = first + pd.Timedelta(weeks=w)
        lists = kiosk_specials(items, on=on, k=k, method=method, **options)
        week = items[(items["date"] >= on) & (items["date"] < on + pd.Timedelta(weeks=1))]
        week = week[week["customer_id"].isin(lists["customer_id"])]
        hit = week.merge(lists, on=["customer_id", "item"], how="left")["rank"].notna()
        b = week.assign(hit=hit.to_numpy()).groupby(["customer_id", "date"]).agg(
            size=("item", "size"), hits=("hit", "sum"))
        all_baskets.append(b)
        rows.append((on, len(b), *_measures(b, k)))
    out = pd.DataFrame(rows, columns=["week_start", "baskets", "hit_rate", "precision_at_k",
                                      "recall_at_k"])
    every = pd.concat(all_baskets)
    out.attrs.update(zip(["baskets", "hit_rate", "precision_at_k", "recall_at_k"],
                         [len(every), *_measures(every, k)]), method=method, k=k)
    return out


def _measures(baskets, k):
    if baskets.empty:
        return float("nan"), float("nan"), float("nan")
    return (float((baskets["hits"] > 0).mean()), float((baskets["hits"] / k).mean()),
            float((baskets["hits"] / baskets["size"]).mean()))
