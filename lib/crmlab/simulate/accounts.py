"""Key accounts of a pharmaceutical distributor: orders, visits, and a raw customer file.

A sales representative looks after a book of distributor accounts (C38-C43). Each account
orders on its own rhythm: the gap between orders is the account's planted cycle ``c`` times
log-normal noise,

.. math:: g_k = c \\, e^{\\varepsilon_k}, \\qquad \\varepsilon_k \\sim N(0, \\sigma^2),

so the median gap is ``c`` and "last order + median gap" estimates when the account will order
next (C41). The process runs past the end of the data, and the truth keeps each account's first
order after the end (``next_order_date``), so a ranking by expected next order can be checked.

Visits follow the "3-3-3" method (C42): three preparations, three must-discuss topics and three
must-go places, each counted 0-3 and drawn as ``Binomial(3, p)``; a report is written with a
higher probability after a complete (3/3/3) visit. Visits come every ``interval[tier]`` days
(median), more often for bigger accounts.

``raw_customer_file`` is the same book as a newly typed customer database (C39), with planted
faults: duplicate rows with small variations, names with extra spaces, full-width letters or
wrong case, three phone formats, and missing fields. The truth says which true customer every
row belongs to and how many faults of each kind were planted. Planted values (cycles, next
order dates, the row-to-customer map) are in ``truth`` only: a real system would not know them.

Examples
--------
>>> from crmlab.simulate import accounts
>>> sim = accounts.generate(20, seed=1)
>>> sorted(sim.tables)
['key_account_orders', 'key_account_visits', 'key_accounts', 'raw_customer_file']
>>> sim.truth["raw_file"]["n_true_customers"]
20
>>> sim["key_accounts"].columns.tolist()
['customer_id', 'name', 'city', 'region', 'tier', 'typical_cycle_days']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validate import check_number, check_seed
from .accounts_tables import PURPOSES, REGIONS, TIERS, TABLES
from ._core import Simulation

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "MAX_CUSTOMERS", "TABLES", "generate"]

DEFAULT_SEED = 3
DEFAULT_CUSTOMERS = 300
#: Name combinations run out beyond this; a real key-account book is far smaller.
MAX_CUSTOMERS = 2000

DATA_START = pd.Timestamp("2024-01-01")
DATA_END = pd.Timestamp("2025-12-31")
GAP_SIGMA = 0.15
TIER_SHARES = (0.2, 0.3, 0.5)
VISIT_INTERVAL = {"A": 30, "B": 60, "C": 120}
VISIT_SIGMA = 0.3
ITEM_P = {"prepared": 0.9, "discussed": 0.85, "visited": 0.8}
REPORT_P = {"complete": 0.9, "incomplete": 0.5}
PURPOSE_P = (0.4, 0.3, 0.2, 0.1)
DUPLICATE_SHARE = 0.15
NAME_FAULT_P = {"none": 0.55, "extra_spaces": 0.15, "full_width": 0.15, "case": 0.15}
PHONE_FORMATS = ("dashed", "international", "plain")
MISSING_P = {"contact": 0.08, "phone": 0.05, "city": 0.1}

CITIES = {
    "Shanghai": "East", "Hangzhou": "East", "Nanjing": "East", "Suzhou": "East",
    "Beijing": "North", "Tianjin": "North", "Jinan": "North",
    "Guangzhou": "South", "Shenzhen": "South", "Xiamen": "South",
    "Wuhan": "Central", "Changsha": "Central", "Zhengzhou": "Central",
    "Chengdu": "West", "Chongqing": "West", "Xi'an": "West",
}
BRANDS = (
    "Huaxin", "Kangmei", "Jinhe", "Tianyuan", "Hengtai", "Dongfang", "Xinda", "Ruikang",
    "Baixing", "Longxiang", "Fuxing", "Yongsheng", "Hongda", "Shengshi", "Minsheng", "Anhe",
    "Jiahe", "Huamei", "Zhongtian", "Changjiang", "Taishan", "Jinlong", "Xiangyun", "Zhengda",
    "Wanjia", "Guotai", "Haitian", "Yinhe", "Mingyue", "Qianjin", "Ruifeng", "Baiyun",
)
TRADES = ("Pharma Trading", "Medical Supply", "Health Products", "Pharma Distribution")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "强", "洋",
         "勇", "军", "杰", "娟", "涛", "明", "超", "霞")


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Generate the key-account book, its orders and visits, and the raw customer file.

    Parameters
    ----------
    n_customers : int
        Number of accounts, 10 to ``MAX_CUSTOMERS`` (2,000).
    seed : int
        Seed for ``numpy.random.default_rng``; the same seed gives identical frames.

    Returns
    -------
    Simulation
        Tables ``key_accounts``, ``key_account_orders``, ``key_account_visits`` and
        ``raw_customer_file``. ``truth["accounts"]`` lists each account's planted cycle
        (days) and its first order date after ``data_end``; ``truth["raw_file"]`` holds the
        true customer of every raw record (``true_customer``, in ``record_id`` order), the
        duplicate records with the record they repeat, and the count of each planted fault;
        the rest are the visit parameters.

    Examples
    --------
    >>> sim = generate(50, seed=7)
    >>> t = sim.truth["raw_file"]
    >>> t["n_rows"] == len(sim["raw_customer_file"]) == 50 + t["n_duplicate_rows"]
    True
    >>> generate(5, seed=1)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n_customers must be in [10, 2000]; got 5.
    """
    n = check_number(n_customers, name="n_customers", low=10, high=MAX_CUSTOMERS, integer=True)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    accounts, cycle, base = _accounts(n, rng)
    orders, next_order = _orders(accounts["customer_id"], cycle, base, rng)
    visits = _visits(accounts, rng)
    raw, raw_truth = _raw_file(accounts, rng)
    ids = accounts["customer_id"].tolist()
    truth = {
        "data_start": DATA_START.date().isoformat(),
        "data_end": DATA_END.date().isoformat(),
        "gap_sigma": GAP_SIGMA,
        "accounts": [
            {"customer_id": i, "cycle_days": round(float(c), 2), "next_order_date": d}
            for i, c, d in zip(ids, cycle, next_order)
        ],
        "visit_interval_days": dict(VISIT_INTERVAL),
        "visit_sigma": VISIT_SIGMA,
        "item_probability": dict(ITEM_P),
        "report_probability": dict(REPORT_P),
        "raw_file": raw_truth,
    }
    tables = {
        "key_accounts": accounts,
        "key_account_orders": orders,
        "key_account_visits": visits,
        "raw_customer_file": raw,
    }
    return Simulation(tables=tables, truth=truth, seed=seed, n_customers=n)


def _accounts(n, rng):
    combos = [(c, b, t) for c in CITIES for b in BRANDS for t in TRADES]
    picks = rng.choice(len(combos), size=n, replace=False)
    city = [combos[i][0] for i in picks]
    name = [f"{combos[i][0]} {combos[i][1]} {combos[i][2]} Co." for i in picks]
    cycle = np.clip(np.exp(rng.normal(np.log(35), 0.5, n)), 10, 120)
    base = np.round(np.exp(rng.normal(np.log(20000), 0.7, n)), -2)
    volume = base * 365 / cycle
    order = np.argsort(-volume, kind="stable")
    cuts = np.round(np.cumsum(TIER_SHARES) * n).astype(int)
    tier = np.empty(n, dtype=object)
    tier[order] = np.repeat(TIERS, np.diff(np.concatenate([[0], cuts])))
    frame = pd.DataFrame({
        "customer_id": [f"KA{i + 1:04d}" for i in range(n)],
        "name": name,
        "city": city,
        "region": pd.Categorical([CITIES[c] for c in city], categories=REGIONS),
        "tier": pd.Categorical(tier, categories=TIERS),
        "typical_cycle_days": (np.round(cycle / 7) * 7).astype(int),
    })
    return frame, cycle, base


def _orders(ids, cycle, base, rng):
    horizon = (DATA_END - DATA_START).days
    rows, next_order = [], []
    for cid, c, b in zip(ids, cycle, base):
        t = rng.uniform(0, c)
        while np.floor(t) <= horizon:
            amount = round(float(b * np.exp(rng.normal(0, 0.25))), 2)
            rows.append((cid, int(np.floor(t)), amount))
            t += c * np.exp(rng.normal(0, GAP_SIGMA))
        next_order.append((DATA_START + pd.Timedelta(days=int(np.floor(t)))).date().isoformat())
    frame = pd.DataFrame(rows, columns=["customer_id", "day", "amount"])
    frame.insert(1, "date", DATA_START + pd.to_timedelta(frame.pop("day"), unit="D"))
    frame = frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    return frame, next_order


def _visits(accounts, rng):
    horizon = (DATA_END - DATA_START).days
    rows = []
    for cid, tier in zip(accounts["customer_id"], accounts["tier"].astype(str)):
        interval = VISIT_INTERVAL[tier]
        t = rng.uniform(0, interval)
        while np.floor(t) <= horizon:
            rows.append((cid, int(np.floor(t))))
            t += interval * np.exp(rng.normal(0, VISIT_SIGMA))
    frame = pd.DataFrame(rows, columns=["customer_id", "day"])
    k = len(frame)
    frame.insert(1, "date", DATA_START + pd.to_timedelta(frame.pop("day"), unit="D"))
    frame["purpose"] = pd.Categorical(
        np.asarray(PURPOSES, dtype=object)[rng.choice(len(PURPOSES), size=k, p=PURPOSE_P)],
        categories=PURPOSES,
    )
    frame["plan_approved"] = rng.random(k) < 0.9
    frame["booked_by_phone"] = rng.random(k) < 0.85
    for item, p in ITEM_P.items():
        frame[item] = rng.binomial(3, p, size=k)
    complete = (frame[list(ITEM_P)] == 3).all(axis=1).to_numpy()
    p_report = np.where(complete, REPORT_P["complete"], REPORT_P["incomplete"])
    frame["report_written"] = rng.random(k) < p_report
    return frame.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalpha() else ch for ch in text)


def _raw_file(accounts, rng):
    n = len(accounts)
    n_dup = int(round(DUPLICATE_SHARE * n))
    source = np.concatenate([np.arange(n), rng.choice(n, size=n_dup, replace=True)])
    source = source[rng.permutation(len(source))]
    phones = 13_000_000_000 + rng.choice(700_000_000, size=n, replace=False) * 10 + rng.integers(
        0, 10, size=n
    )
    contacts = [
        SURNAMES[rng.integers(len(SURNAMES))] + "".join(rng.choice(GIVEN, rng.integers(1, 3)))
        for _ in range(n)
    ]
    kinds = list(NAME_FAULT_P)
    fault = rng.choice(len(kinds), size=len(source), p=list(NAME_FAULT_P.values()))
    fmt = rng.choice(len(PHONE_FORMATS), size=len(source))
    missing = {col: rng.random(len(source)) < p for col, p in MISSING_P.items()}
    names, phone_text = [], []
    for row, i in enumerate(source):
        name = accounts["name"].iat[i]
        kind = kinds[fault[row]]
        if kind == "extra_spaces":
            words = name.split(" ")
            gap = rng.integers(1, len(words))
            name = " " + " ".join(words[:gap]) + "  " + " ".join(words[gap:]) + " "
        elif kind == "full_width":
            name = _full_width(name)
        elif kind == "case":
            name = name.upper() if rng.random() < 0.5 else name.lower()
        names.append(name)
        p = str(phones[i])
        phone_text.append(
            [f"{p[:3]}-{p[3:7]}-{p[7:]}", f"+86 {p[:3]} {p[3:7]} {p[7:]}", p][fmt[row]]
        )
    frame = pd.DataFrame({
        "record_id": np.arange(1, len(source) + 1),
        "name": names,
        "contact": [contacts[i] for i in source],
        "phone": phone_text,
        "city": accounts["city"].to_numpy()[source],
    })
    for col, mask in missing.items():
        frame[col] = frame[col].where(~mask)
    ids = accounts["customer_id"].to_numpy()
    first_seen, duplicates = {}, []
    for rid, i in zip(frame["record_id"].tolist(), source):
        if i in first_seen:
            duplicates.append(
                {"record_id": rid, "first_record_id": first_seen[i], "customer_id": str(ids[i])}
            )
        else:
            first_seen[i] = rid
    truth = {
        "n_rows": int(len(frame)),
        "n_true_customers": int(n),
        "n_duplicate_rows": int(n_dup),
        "true_customer": [str(ids[i]) for i in source],
        "duplicates": duplicates,
        "name_faults": {k: int((fault == j).sum()) for j, k in enumerate(kinds) if k != "none"},
        "phone_formats": {
            f: int(((fmt == j) & ~missing["phone"]).sum()) for j, f in enumerate(PHONE_FORMATS)
        },
        "missing": {col: int(mask.sum()) for col, mask in missing.items()},
    }
    return frame, truth
