"""BG/NBD fit on the CDNOW sample (2,357 customers, weeks, 39-week calibration): crmlab vs
lifetimes.

Goal: crmlab's fit takes at most the time of lifetimes' ``BetaGeoFitter`` on the same summary
frame, with the same parameters (published: r 0.2426, alpha 4.4135, a 0.7929, b 2.4258).
lifetimes 0.11.3 is a bench-only extra (``pip install -e ".[bench]"``); without it the
comparison is skipped. It is given crmlab's summary frame (its own
``calibration_and_holdout_data`` breaks on pandas 3).
"""

import warnings

import crmlab as crm
from crmlab import bgnbd

from ._timing import machine, timed

PUBLISHED = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}


def cdnow_summary():
    ids = crm.data.load("cdnow_sample")["customer_id"]
    log = crm.data.load("cdnow")
    return bgnbd.customer_summary(log[log["customer_id"].isin(ids)], calibration_end="1997-09-30")


def _row(label, seconds, params, ll):
    values = "  ".join(f"{k} {params[k]:.4f}" for k in PUBLISHED)
    took = f"{seconds[0] * 1000:7.1f} ms (cpu {seconds[1] * 1000:6.1f})" if seconds else " " * 25
    print(f"{label:<23} {took}   {values}   LL {ll:.2f}")


def run():
    summary = cdnow_summary()
    print(f"{machine()}; {len(summary):,} customers, median of 7 fits")
    ours = bgnbd.fit(summary)
    t_ours = timed(lambda: bgnbd.fit(summary), repeats=7)
    _row("published (FHL 2005)", None, PUBLISHED, -9582.43)
    _row("crmlab.bgnbd.fit", t_ours, ours.params, ours.log_likelihood)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lifetimes import BetaGeoFitter

            def lifetimes_fit():
                return BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])

            theirs = lifetimes_fit()
            t_theirs = timed(lifetimes_fit, repeats=7)
    except ImportError:
        print("lifetimes not installed (pip install -e '.[bench]'): comparison skipped")
        return
    params = theirs.params_.to_dict()
    ll = float(bgnbd.log_likelihood(summary, params).sum())
    _row("lifetimes BetaGeoFitter", t_theirs, params, ll)
    gap = max(abs(ours.params[k] - params[k]) for k in PUBLISHED)
    print(f"time ratio crmlab / lifetimes {t_ours[0] / t_theirs[0]:.2f} (goal <= 1); "
          f"largest parameter difference {gap:.1e}")
