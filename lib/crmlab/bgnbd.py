"""Is this customer still active? The BG/NBD model (Fader, Hardie & Lee 2005), fitted with scipy.

The beta-geometric / negative binomial distribution (BG/NBD) model tells apart two things a
transaction log mixes up: *how often* a customer buys while active, and *whether* the customer
is still active at all. Its story, for one customer observed from the first purchase (time 0)
to time ``T``:

* while active, purchases arrive as a Poisson process with rate ``lambda``;
* after every purchase the customer drops out for good with probability ``p``;
* across customers ``lambda ~ Gamma(r, alpha)`` (shape ``r``, rate ``alpha``) and
  ``p ~ Beta(a, b)``.

Only three numbers per customer are needed (:func:`customer_summary`, from
:mod:`crmlab.bgnbd_summary`): ``x`` = number of repeat
purchases, ``t_x`` = time of the last purchase (the *recency* of lifetime-value models, not the
classic RFM recency) and ``T`` = time from the first purchase to the end of calibration.
The likelihood of one customer (Fader, Hardie & Lee 2005, eq. 6) is

.. math:: L = \\frac{B(a, b+x)}{B(a, b)}
          \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)(\\alpha+T)^{r+x}}
          + \\delta_{x>0} \\frac{B(a+1, b+x-1)}{B(a, b)}
          \\frac{\\Gamma(r+x)\\,\\alpha^r}{\\Gamma(r)(\\alpha+t_x)^{r+x}}

(first term: still active at ``T``; second: dropped out right after the last purchase), and
:func:`fit` maximises the sum of its logarithm over customers.

Examples
--------
>>> import pandas as pd
>>> summary = pd.DataFrame({"frequency": [0, 2, 5], "recency": [0.0, 10.0, 30.0],
...                         "T": [38.0, 38.0, 38.0]})
>>> params = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
>>> p_alive(summary, params).round(3).tolist()
[1.0, 0.277, 0.73]
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import check_number
from .bgnbd_summary import check_summary, customer_summary
from .errors import CRMLabError

__all__ = ["BGNBDFit", "customer_summary", "check_summary", "log_likelihood", "fit", "p_alive",
           "p_alive_grid", "expected_purchases", "expected_repeat_purchases"]
# A fit that ends outside these values ran away (e.g. a and b -> 0: no heterogeneity to fit);
# large a and b are legitimate: a nearly common drop-out probability a / (a + b).
_LOW, _HIGH = 1e-6, 1e10


@dataclass(frozen=True)
class BGNBDFit:
    """A fitted BG/NBD model: its four parameters, the total log-likelihood and the sample size.

    ``r`` and ``alpha`` describe purchase rates (mean rate ``r / alpha`` purchases per period),
    ``a`` and ``b`` the drop-out probability after a purchase (mean ``a / (a + b)``).
    """

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    n_customers: int

    @property
    def params(self) -> dict:
        """The four parameters as a dict ``{"r": ..., "alpha": ..., "a": ..., "b": ...}``."""
        return {"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b}


def _params(params):
    if isinstance(params, BGNBDFit):
        params = params.params
    if not isinstance(params, dict) or sorted(params) != ["a", "alpha", "b", "r"]:
        raise CRMLabError(f"params must be a fit from crm.bgnbd.fit(...) or a dict with keys "
                          f"'r', 'alpha', 'a', 'b'; got {params!r}.")
    return tuple(check_number(params[k], name=f"params[{k!r}]", low=0, low_open=True)
                 for k in ("r", "alpha", "a", "b"))


def _terms(r, alpha, a, b, x, tx, T):
    """ln L = A1 + ln(exp(A2) + exp(A3)); A3 = -inf when x = 0 (no second term)."""
    import numpy as np
    from scipy.special import betaln, gammaln

    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    a3 = np.full_like(x, -np.inf)
    k = x > 0
    a3[k] = betaln(a + 1, b + x[k] - 1) - betaln(a, b) - (r + x[k]) * np.log(alpha + tx[k])
    return a1, a2, a3


def log_likelihood(summary, params):
    """Each customer's BG/NBD log-likelihood ``ln L`` (module formula); ``.sum()`` is the total.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 1], "recency": [0.0, 2.0], "T": [4.0, 4.0]})
    >>> log_likelihood(s, {"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 1.0}).round(4).tolist()
    [-1.6094, -2.5829]
    """
    import numpy as np
    import pandas as pd

    x, tx, T = check_summary(summary)
    a1, a2, a3 = _terms(*_params(params), x, tx, T)
    return pd.Series(a1 + np.logaddexp(a2, a3), index=summary.index, name="log_likelihood")


def _negative_ll(log_params, x, tx, T, w):
    """Minus the weighted log-likelihood and its gradient in log-parameters."""
    import numpy as np
    from scipy.special import digamma as psi

    r, alpha, a, b = np.exp(log_params)
    a1, a2, a3 = _terms(r, alpha, a, b, x, tx, T)
    ll = a1 + np.logaddexp(a2, a3)
    w2, w3 = np.exp(a2 - ll + a1), np.exp(a3 - ll + a1)  # shares of the two terms, sum 1
    common = psi(a + b) - psi(a + b + x)
    d_r = psi(r + x) - psi(r) + np.log(alpha) - w2 * np.log(alpha + T) - w3 * np.log(alpha + tx)
    d_alpha = r / alpha - (r + x) * (w2 / (alpha + T) + w3 / (alpha + tx))
    d_a = common + w3 * (1 / a)
    d_b = common + w2 * (psi(b + x) - psi(b)) + w3 * (psi(b + np.maximum(x - 1, 0)) - psi(b))
    grad = np.array([w @ d for d in (d_r, d_alpha, d_a, d_b)]) * np.array([r, alpha, a, b])
    return -(w @ ll), -grad


def fit(summary):
    """Fit the BG/NBD model by maximum likelihood and return a :class:`BGNBDFit`.

    Maximises the total ``ln L`` over ``(r, alpha, a, b)`` by BFGS on their logarithms (all
    stay positive), exact gradient; if BFGS reports no success (it may stop on a ridge or slide
    along it), L-BFGS-B searches within bounds too and the better in-bounds optimum is kept.
    Customers with the same ``(x, t_x, T)`` count once with a weight; time is rescaled by
    ``1 / max(T)`` while fitting. On the CDNOW sample it gives the published values (tests).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 1, 2, 0, 5, 1, 3, 0, 2, 1],
    ...                   "recency": [0, 3, 8, 0, 9, 1, 6, 0, 2, 9],
    ...                   "T": [10, 10, 10, 6, 10, 8, 9, 7, 10, 10]})
    >>> m = fit(s)
    >>> {k: round(v, 3) for k, v in m.params.items()}
    {'r': 2.773, 'alpha': 14.139, 'a': 0.961, 'b': 5.037}
    >>> m.n_customers, round(m.log_likelihood, 3), round(float(log_likelihood(s, m).sum()), 3)
    (10, -41.517, -41.517)
    >>> fit(s.assign(frequency=0, recency=0.0))
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: summary has no repeat purchases (every frequency is 0); the BG/NBD
    model cannot be fitted without repeat buyers.
    """
    import numpy as np
    from scipy.optimize import minimize

    x, tx, T = check_summary(summary)
    if not (x > 0).any():
        raise CRMLabError("summary has no repeat purchases (every frequency is 0); the BG/NBD "
                          "model cannot be fitted without repeat buyers.")
    scale = T.max() if T.max() > 0 else 1.0
    rows, weight = np.unique(np.c_[x, tx / scale, T / scale], axis=0, return_counts=True)
    args, edge = (*rows.T, weight.astype("float64")), (np.log(_LOW), np.log(_HIGH))
    inside = lambda res: np.isfinite(res.fun) and ((res.x > edge[0]) & (res.x < edge[1])).all()
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # runaway steps
        res = minimize(_negative_ll, np.zeros(4), args=args, jac=True, method="BFGS",
                       options={"gtol": 1e-8, "maxiter": 2000})
        if not (res.success and inside(res)):  # BFGS stopped on a ridge or slid along it
            box = minimize(_negative_ll, np.zeros(4), args=args, jac=True, method="L-BFGS-B",
                           bounds=[edge] * 4, options={"ftol": 1e-15, "gtol": 1e-10})
            res = min(filter(inside, (res, box)), key=lambda o: o.fun, default=box)
    r, alpha, a, b = (float(v) for v in np.exp(res.x))
    if not inside(res):
        raise CRMLabError(f"the BG/NBD fit ran to the edge of the parameter space (r={r:.3g}, "
                          f"alpha={alpha * scale:.3g}, a={a:.3g}, b={b:.3g}): the data are too "
                          "few or too regular to pin the model down. Use more customers.")
    params = {"r": r, "alpha": float(alpha * scale), "a": a, "b": b}
    total = float(log_likelihood(summary, params).sum())
    return BGNBDFit(**params, log_likelihood=total, n_customers=len(summary))


def p_alive(summary, params):
    """Probability that each customer is still active at ``T`` (Fader, Hardie & Lee 2005, eq. 13).

    .. math:: P(\\text{alive}) = 1 \\Big/ \\left(1 + \\delta_{x>0} \\frac{a}{b+x-1}
              \\left(\\frac{\\alpha+T}{\\alpha+t_x}\\right)^{r+x}\\right)

    A customer who never bought again (``x = 0``) gets 1: in this model one can only drop out
    right after a purchase (a known quirk of BG/NBD). Otherwise the longer the silence since the
    last purchase (``T - t_x``) and the more frequent the buyer, the lower the probability.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [3, 3], "recency": [20.0, 5.0], "T": [20.0, 20.0]})
    >>> p_alive(s, {"r": 1.0, "alpha": 2.0, "a": 1.0, "b": 3.0}).round(4).tolist()
    [0.8333, 0.0487]
    """
    import numpy as np
    import pandas as pd

    x, tx, T = check_summary(summary)
    r, alpha, a, b = _params(params)
    odds = np.zeros_like(x)
    k = x > 0
    odds[k] = a / (b + x[k] - 1) * np.exp((r + x[k]) * np.log((alpha + T[k]) / (alpha + tx[k])))
    return pd.Series(1 / (1 + odds), index=summary.index, name="p_alive")


def expected_purchases(summary, params, t):
    """Expected purchases of each customer in the next ``t`` periods after ``T`` (eq. 10).

    .. math:: E[Y(t) \\mid x, t_x, T] = \\frac{a+b+x-1}{a-1}
              \\left[1 - \\left(\\frac{\\alpha+T}{\\alpha+T+t}\\right)^{r+x}
              {}_2F_1\\!\\left(r+x, b+x; a+b+x-1; \\frac{t}{\\alpha+T+t}\\right)\\right]
              \\times P'(\\text{alive})

    where ``P'`` is :func:`p_alive` (the formula is analytic in ``a`` except at ``a = 1``).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [0, 2, 5], "recency": [0.0, 10.0, 30.0], "T": [38.0] * 3})
    >>> params = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
    >>> expected_purchases(s, params, 39).round(3).tolist()
    [0.198, 0.476, 2.827]
    """
    import numpy as np
    import pandas as pd
    from scipy.special import hyp2f1

    t = check_number(t, name="t", low=0)
    x, tx, T = check_summary(summary)
    r, alpha, a, b = _params(params)
    if a == 1:
        raise CRMLabError("params['a'] is exactly 1, where the closed form divides by zero; "
                          "use a value such as 0.999 or 1.001.")
    z = t / (alpha + T + t)
    bracket = (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
               * hyp2f1(r + x, b + x, a + b + x - 1, z))
    out = (a + b + x - 1) / (a - 1) * bracket * p_alive(summary, params).to_numpy()
    return pd.Series(np.asarray(out, dtype="float64"), index=summary.index,
                     name="expected_purchases")


def expected_repeat_purchases(t, params):
    """E[X(t)]: expected repeat purchases of a new customer in the first ``t`` periods (eq. 7).

    .. math:: E[X(t)] = \\frac{a+b-1}{a-1}\\left[1 - \\left(\\frac{\\alpha}{\\alpha+t}\\right)^r
              {}_2F_1\\!\\left(r, b; a+b-1; \\frac{t}{\\alpha+t}\\right)\\right]

    It is :func:`expected_purchases` of a customer with ``x = t_x = T = 0``.

    Examples
    --------
    >>> params = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
    >>> [round(expected_repeat_purchases(t, params), 4) for t in (10, 39, 78)]
    [0.4318, 1.1951, 1.858]
    """
    import pandas as pd

    t = check_number(t, name="t", low=0)
    one = pd.DataFrame({"frequency": [0.0], "recency": [0.0], "T": [0.0]})
    return float(expected_purchases(one, params, t).iloc[0])


def p_alive_grid(params, *, T: float, frequencies=range(21), points: int | None = None):
    """:func:`p_alive` of a customer of age ``T`` for each repeat-purchase count and each time
    of the last purchase ``t_x`` from 0 to ``T`` (``points`` values, by default one a period).

    Returns a frame indexed by ``frequency``, one column per ``t_x`` (``T - t_x`` is the
    silence since the last purchase); ``attrs["T"]`` holds ``T``. A customer with ``x = 0``
    has no last purchase: P(alive) is 1 along the whole row.

    >>> g = p_alive_grid({"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}, T=39,
    ...                  frequencies=[1, 5])
    >>> g.shape, round(float(g.loc[5, 39.0]), 3), round(float(g.loc[5, 20.0]), 3)
    ((2, 40), 0.891, 0.285)
    """
    import numpy as np
    import pandas as pd

    T = check_number(T, name="T", low=0, low_open=True)
    x = np.asarray(list(frequencies), dtype="float64")
    if x.ndim != 1 or not len(x) or (x < 0).any() or (x != np.round(x)).any():
        raise CRMLabError(f"frequencies must be whole numbers >= 0 such as range(21); got "
                          f"{list(frequencies)!r}.")
    n = (int(min(max(np.ceil(T), 2), 200)) + 1 if points is None
         else check_number(points, name="points", low=2, high=2000, integer=True))
    tx = np.linspace(0, T, n)
    grid = pd.DataFrame({"frequency": np.repeat(x, n), "recency": np.tile(tx, len(x)), "T": T})
    grid.loc[grid["frequency"] == 0, "recency"] = 0.0
    values = p_alive(grid, params).to_numpy().reshape(len(x), n)
    out = pd.DataFrame(values, index=pd.Index(x.astype("int64"), name="frequency"),
                       columns=pd.Index(tx, name="recency"))
    out.attrs["T"] = T
    return out
