"""Explorer for :mod:`crmlab.sampling`: sample size against response bias in a CSAT survey."""

from __future__ import annotations

from .._validate import check_number
from ..language import tr
from ..plots.sampling import survey_estimates_chart
from ..sampling import survey_simulation
from ._base import Explorer

__all__ = ["survey_explorer"]


def survey_explorer(population, *, column: str = "csat", satisfied_from: int = 4,
                    response_rate: float = 0.3, n: int = 400, repeats: int = 200, seed: int = 0):
    """Field a satisfaction survey 200 times: a bigger sample narrows the spread, bias moves it.

    Controls: ``n`` (customers invited) and ``bias`` (how many times likelier a satisfied
    customer is to answer than an unsatisfied one; 1 = no bias). Each change redraws the
    histogram of :func:`crmlab.sampling.survey_simulation` with the same seed.

    Returns
    -------
    crmlab.widgets.Explorer
        ``result`` is the output of :func:`crmlab.sampling.survey_simulation`.

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"csat": [5, 4, 2, 3] * 500})
    >>> ex = survey_explorer(pop, repeats=50)
    >>> round(ex.result.attrs["bias_points"], 1)
    0.6
    >>> round(ex.update(bias=3.0).result.attrs["bias_points"], 1)
    25.7
    >>> ex.close()
    """
    import ipywidgets as w

    n = check_number(n, name="n", low=10, high=len(population), integer=True)
    survey_simulation(population, column=column, n=n, satisfied_from=satisfied_from,
                      response_rate=response_rate, repeats=1, seed=seed)  # check once
    controls = {
        "n": w.IntSlider(value=n, min=50, max=min(2000, len(population)), step=50,
                         description=tr("invited")),
        "bias": w.FloatSlider(value=1.0, min=1.0, max=4.0, step=0.25,
                              description=tr("satisfied answer x")),
    }
    return Explorer(
        controls,
        compute=lambda n, bias: survey_simulation(population, column=column, n=n, bias=bias,
                                                  satisfied_from=satisfied_from,
                                                  response_rate=response_rate,
                                                  repeats=repeats, seed=seed),
        draw=lambda result, ax, **_: survey_estimates_chart(result, ax=ax),
        title=tr("A CSAT survey fielded 200 times"),
    )
