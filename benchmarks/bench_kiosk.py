"""MegaMart's kiosk on all of supermarket A (5,000 cards): simulate the items, then score the
24-item lists on the 4 held-out weeks from 2024-11-04, personal vs due vs best sellers."""

import time

import crmlab as crm
from crmlab import kiosk

from ._timing import machine


def run():
    tx = crm.data.load("supermarket_transactions")
    start = time.perf_counter()
    items = kiosk.item_baskets(tx)["items"]
    print(f"{machine()}; item_baskets: {len(items):,} items in {len(tx):,} baskets, "
          f"{time.perf_counter() - start:.1f} s")
    print(f"{'method':<9} {'baskets':>8} {'hit rate':>9} {'precision@24':>13} {'recall@24':>10} "
          f"{'seconds':>8}")
    for method in ("personal", "due", "popular"):
        start = time.perf_counter()
        s = kiosk.score_kiosk(items, start="2024-11-04", weeks=4, method=method).attrs
        print(f"{method:<9} {s['baskets']:>8,} {s['hit_rate']:>9.3f} {s['precision_at_k']:>13.3f} "
              f"{s['recall_at_k']:>10.3f} {time.perf_counter() - start:>8.1f}")
