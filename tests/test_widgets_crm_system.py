"""Escalation explorer: static default, update(...) agrees with escalate_overdue, counts by hand."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import service as S
from crmlab.widgets import escalation_explorer


def _tickets():
    """Four tickets worked by hand on 2025-03-10 (default SLA low 14, medium 7, high 3, urgent 1).

    A: high, opened 03-01, open        -> due 03-04, 6 days late, ceil(6/3)=2 service manager
    B: urgent, opened 03-08, open      -> due 03-09, 1 day late, level 1 team lead
    C: low, opened 03-01, open         -> due 03-15, not overdue
    D: medium, opened 02-01, resolved 03-05 -> closed, not overdue
    """
    return pd.DataFrame({
        "ticket_id": ["A", "B", "C", "D"],
        "opened": pd.to_datetime(["2025-03-01", "2025-03-08", "2025-03-01", "2025-02-01"]),
        "resolved": pd.to_datetime([None, None, None, "2025-03-05"]),
        "priority": ["high", "urgent", "low", "medium"]})


def test_default_counts_by_hand():
    ex = escalation_explorer(_tickets(), as_of="2025-03-10")
    assert ex.static_png.startswith(b"\x89PNG")
    assert ex.result["open"] == 3 and ex.result["overdue"] == 2
    assert ex.result["by_level"].to_dict() == {"team lead": 1, "service manager": 1, "director": 0}
    assert ex.result["table"].loc["high", "service manager"] == 1
    assert ex.result["table"].loc["urgent", "team lead"] == 1
    assert list(ex.result["table"].index) == ["low", "medium", "high", "urgent"]
    ex.close()


def test_update_changes_counts_and_picture():
    ex = escalation_explorer(_tickets(), as_of="2025-03-10")
    # high SLA 2 days: due 03-03, 7 days late, ceil(7/2)=4 -> director (level capped at 3)
    ex.update(high=2)
    assert ex.result["by_level"].to_dict() == {"team lead": 1, "service manager": 0, "director": 1}
    assert ex.png != ex.static_png
    # low SLA 5 days: C due 03-06, 4 days late, level 1; urgent 2 days: B due 03-10, not late
    ex.update(low=5, urgent=2)
    assert ex.result["overdue"] == 2
    assert ex.result["table"].loc["low", "team lead"] == 1
    assert ex.result["table"].loc["urgent"].sum() == 0
    assert ex.values == {"low": 5, "medium": 7, "high": 2, "urgent": 2}
    ex.close()


def test_agrees_with_the_library_on_the_course_data():
    tickets = crm.data.load("crm_tickets")
    ex = escalation_explorer(tickets, as_of="2025-12-31")
    for days in [dict(S.SLA_DAYS), {"low": 21, "medium": 10, "high": 5, "urgent": 2},
                 {"low": 3, "medium": 2, "high": 1, "urgent": 1}]:
        ex.update(**days)
        out = S.escalate_overdue(tickets, as_of="2025-12-31", sla_days=days)
        assert ex.result["overdue"] == int(out["overdue"].sum())
        assert ex.result["open"] == int(out["is_open"].sum())
        counts = out.loc[out["overdue"], "escalate_to"].value_counts()
        for level in S.ESCALATION_LEVELS[1:]:
            assert ex.result["by_level"][level] == counts.get(level, 0)
        assert ex.result["table"].to_numpy().sum() == ex.result["overdue"]
    ex.close()


def test_longer_service_levels_never_raise_the_overdue_count():
    tickets = crm.data.load("crm_tickets")
    ex = escalation_explorer(tickets, as_of="2025-12-31")
    seen = []
    for scale in [1, 2, 3]:
        ex.update(**{p: min(d * scale, ex.controls[p].max) for p, d in S.SLA_DAYS.items()})
        seen.append(ex.result["overdue"])
    assert seen == sorted(seen, reverse=True) and seen[0] > seen[-1]
    # the planted truth: 44 tickets overdue at the default service levels
    ex.update(**S.SLA_DAYS)
    assert ex.result["overdue"] == 44
    ex.close()


def _bad_inputs_cases():
    t = _tickets()
    ex = escalation_explorer(t, as_of="2025-03-10")
    return {
        "sla_days-low-must-be-a-whole": (
            r"sla_days\['low'\] must be a whole number",
            lambda: escalation_explorer(t, as_of="2025-03-10", sla_days={**S.SLA_DAYS, "low": 2.5}),
        ),
        "sla_days-urgent-must-be-in-1": (
            r"sla_days\['urgent'\] must be in \[1, 7\]; got 0",
            lambda: escalation_explorer(
                t, as_of="2025-03-10", sla_days={**S.SLA_DAYS, "urgent": 0}
            ),
        ),
        "sla_days-is-empty": (
            "sla_days is empty",
            lambda: escalation_explorer(t, as_of="2025-03-10", sla_days={}),
        ),
        "priorities-medium-without-a-service-level": (
            r"priorities \['medium'\] without a service level",
            lambda: escalation_explorer(
                t, as_of="2025-03-10", sla_days={"low": 14, "high": 3, "urgent": 1}
            ),
        ),
        "as_of-is-2025-01-01-before": (
            "as_of is 2025-01-01, before the last date",
            lambda: escalation_explorer(t, as_of="2025-01-01"),
        ),
        "tickets-has-no-column-opened": (
            "tickets has no column 'opened'",
            lambda: escalation_explorer(t.drop(columns="opened"), as_of="2025-03-10"),
        ),
        "has-no-control-normal": (r"has no control 'normal'", lambda: ex.update(normal=3)),
    }


@pytest.mark.parametrize(
    "case",
    [
        "sla_days-low-must-be-a-whole",
        "sla_days-urgent-must-be-in-1",
        "sla_days-is-empty",
        "priorities-medium-without-a-service-level",
        "as_of-is-2025-01-01-before",
        "tickets-has-no-column-opened",
        "has-no-control-normal",
    ],
)
def test_bad_inputs(case):
    wording, call = _bad_inputs_cases()[case]
    with pytest.raises(CRMLabError, match=wording):
        call()


def test_headline_says_who_gets_most_overdue_tickets():
    ex = escalation_explorer(_tickets(), as_of="2025-03-10")
    # default: A (service manager) and B (team lead) overdue, none at the director
    assert ex.ax.get_title(loc="left") == "2 of 3 open tickets overdue, 0 at the director"
    # high SLA 1 day: A due 03-02, 8 days late, level capped at director; urgent 3 days: B not late
    ex.update(high=1, urgent=3)
    assert ex.result["overdue"] == 1
    assert ex.ax.get_title(loc="left") == "Most overdue tickets (1 of 1) go to the director"
    ex.update(low=1, medium=1, high=1, urgent=7)  # C due 03-02, 8 days late: director too
    assert ex.ax.get_title(loc="left") == "Most overdue tickets (2 of 2) go to the director"
    ex.update(low=14, high=14, urgent=7)
    assert ex.result["overdue"] == 0
    assert ex.ax.get_title(loc="left") == "No open ticket is overdue at these service levels"
    ex.close()
