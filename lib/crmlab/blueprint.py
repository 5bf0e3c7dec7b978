"""Service blueprint (服务蓝图) of a supermarket visit, with failure points counted from data (C31).

S3 tells supermarket A to draw every step of a visit, from entering the shop to leaving it, as a
flow chart; to mark the steps where service easily fails (display, signage, staff attitude); to
set a clear standard for each; and to find the evidence customers can see and judge the service
by. A service blueprint (Shostack 1984; Bitner, Ostrom and Morgan 2008) lays this out in lanes:
the physical evidence, the customer's actions, the staff the customer meets (front stage, above
the line of visibility), the staff and work the customer does not see (back stage) and the
support processes (systems, suppliers).

* :func:`supermarket_blueprint` is the course's blueprint of a visit to supermarket A (our
  elaboration of S3's list), one row per step;
* :func:`blueprint_failures` counts the problems customers report at each step (and, with a
  weight, what they cost), so the failure points can be ranked by data.
"""

from __future__ import annotations

from ._validate import check_frame, check_numeric
from .errors import CRMLabError
from .language import tr

__all__ = ["LANES", "STEPS", "step_label", "supermarket_blueprint", "blueprint_failures"]

#: The lanes of the blueprint, top to bottom, then the failure point and the standard.
LANES = ("physical evidence", "customer actions", "front stage", "back stage",
         "support processes")
#: The steps of a visit, in order (the values of service_recovery's problem_step).
STEPS = ("arriving", "finding goods", "fresh food and shelves", "checkout", "after the visit")

def _content():
    """The blueprint's cells, step -> (the five lanes, failure point, standard), translated."""
    return {
        "arriving": (
            tr("car park, entrance, trolleys"), tr("parks, takes a trolley, walks in"),
            tr("greeter, security guard"), tr("cleaners, trolley collection"),
            tr("car-park contract, trolley supply"), tr("no trolley, dirty entrance"),
            tr("trolleys at the door at all times")),
        "finding goods": (
            tr("aisle signs, shelf labels, store map"), tr("looks for goods, asks staff"),
            tr("floor staff answer questions"), tr("staff rosters, training of temporary staff"),
            tr("planogram (where goods go)"),
            tr("wrong signs, no staff to ask, untrained temporary staff"),
            tr("trained staff within reach in every zone")),
        "fresh food and shelves": (
            tr("dates on labels, freshness, tidy shelves"), tr("picks fresh food, checks dates"),
            tr("fresh-counter staff"), tr("restocking and rotation"),
            tr("stock system, supplier deliveries"),
            tr("new stock put in front, old stock expires"),
            tr("first in, first out; expired goods off before opening")),
        "checkout": (
            tr("queue length, open counters, receipt"), tr("queues, pays, swipes the card"),
            tr("cashier"), tr("shift manager opens counters"), tr("POS and loyalty-card system"),
            tr("long queues, wrong prices"), tr("another counter opens when 3 people wait")),
        "after the visit": (
            tr("receipt, comment book, hotline, discount list"),
            tr("returns goods, complains, gets offers"), tr("service desk"),
            tr("complaint team, call-backs"), tr("CRM system: complaint log, offers"),
            tr("complaint not recorded, no call-back, a bare no"),
            tr("every complaint recorded, answered in 24 hours, followed up")),
    }


def step_label(step: str) -> str:
    """A step's name for readers, in the current language (unknown names stay as they are).

    >>> step_label("checkout")
    'checkout'
    """
    names = {"arriving": tr("arriving"), "finding goods": tr("finding goods"),
             "fresh food and shelves": tr("fresh food and shelves"),
             "checkout": tr("checkout"), "after the visit": tr("after the visit")}
    return names.get(step, step)


def supermarket_blueprint():
    """The course's service blueprint of a visit to supermarket A, one row per step.

    Columns are the five :data:`LANES`, then ``failure_point`` (what goes wrong there) and
    ``standard`` (the rule that prevents it), all in the current language; the index holds
    the step names of the data (English, as in ``service_recovery``'s ``problem_step``) and
    the column ``step`` their label for readers.

    Examples
    --------
    >>> bp = supermarket_blueprint()
    >>> bp.index.tolist()[:2], bp.shape
    (['arriving', 'finding goods'], (5, 8))
    >>> bp.loc["checkout", "standard"]
    'another counter opens when 3 people wait'
    """
    import pandas as pd

    content = _content()
    rows = {step: [step_label(step), *content[step]] for step in STEPS}
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=["step", *LANES, "failure_point", "standard"])
    out.index.name = "step_key"
    return out


def blueprint_failures(blueprint, incidents, *, step: str = "problem_step", weight=None):
    """The blueprint with the problems reported at each step: how many, what share, what cost.

    Parameters
    ----------
    blueprint : DataFrame
        The output of :func:`supermarket_blueprint` (indexed by step).
    incidents : DataFrame
        One row per customer or incident; rows whose ``step`` is not a step of the blueprint
        (such as ``"none"``) are ignored.
    step : str
        Column of ``incidents`` naming the step where the problem happened.
    weight : str, optional
        A numeric column to add up per step as well (e.g. the gross margin each problem cost).

    Returns
    -------
    pandas.DataFrame
        ``blueprint`` with ``problems`` (count), ``problems_pct`` (share of all problems at
        the blueprint's steps) and, with ``weight``, ``weight_total``.

    Examples
    --------
    >>> import pandas as pd
    >>> inc = pd.DataFrame({"problem_step": ["checkout", "checkout", "none", "arriving"]})
    >>> out = blueprint_failures(supermarket_blueprint(), inc)
    >>> out["problems"].tolist(), out["problems_pct"].round(1).tolist()
    ([1, 0, 0, 2, 0], [33.3, 0.0, 0.0, 66.7, 0.0])
    """
    check_frame(blueprint, name="blueprint", columns=["step", *LANES, "failure_point",
                                                      "standard"])
    check_frame(incidents, name="incidents", columns=[step] + ([weight] if weight else []))
    if weight:
        check_numeric(incidents, weight, name="incidents")
    keys = incidents[step].astype(str)
    mine = keys.isin(blueprint.index)
    if not mine.any():
        raise CRMLabError(
            f"no row of incidents has a {step!r} that is a step of the blueprint "
            f"({list(blueprint.index)}); check the column."
        )
    counts = keys[mine].value_counts().reindex(blueprint.index, fill_value=0)
    out = blueprint.copy()
    out["problems"] = counts.astype(int)
    out["problems_pct"] = 100.0 * out["problems"] / out["problems"].sum()
    if weight:
        out["weight_total"] = (incidents.loc[mine, weight].groupby(keys[mine]).sum()
                               .reindex(blueprint.index, fill_value=0.0))
    return out
