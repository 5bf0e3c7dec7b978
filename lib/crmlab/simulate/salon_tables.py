"""The data dictionary of :mod:`crmlab.simulate.salon`: every table and column it writes,
with units and meaning, and the category lists the dictionary names (the simulation uses them
too)."""

from __future__ import annotations

from ._core import Column, Table

__all__ = ["LABOUR_COST_PER_MINUTE", "REASONS", "SEGMENTS", "SERVICES", "TABLES"]

LABOUR_COST_PER_MINUTE = 1.2  # yuan per stylist minute: wage, assistant and chair share

#: service -> (list price yuan, typical stylist minutes, typical materials yuan), cheapest first.
SERVICES = {
    "wash & blow-dry": (38.0, 25, 3.0),
    "haircut": (68.0, 45, 5.0),
    "treatment": (168.0, 60, 30.0),
    "colour": (298.0, 120, 60.0),
    "perm": (388.0, 150, 70.0),
}

SEGMENTS = ("loyal", "regular", "occasional", "promotion_only", "complainer")

#: The ten reasons lost salon customers give (C25), in the course's order.
REASONS = (
    "stylist too busy",
    "no new skills",
    "stopped asking how I feel",
    "insincere / only selling",
    "no special treatment for regulars",
    "offended me in words or acts",
    "stylist lacks confidence",
    "stylist's own image is poor",
    "pushed many services on first visit",
    "too subjective / no communication",
)

TABLES = (
    Table(
        "salon_customers",
        "One row per customer of the salon. segment and churn_date are planted by the "
        "simulation and would not exist in a real system.",
        (
            Column("customer_id", "int", "", "customer number"),
            Column("join_date", "date", "", "date of the customer's first visit in the data"),
            Column("member_card", "bool", "", "holds a member card (10 % off every visit)"),
            Column("segment", "category", "", "planted customer type (not observable)",
                   SEGMENTS),
            Column("churn_date", "date", "", "planted date the customer was lost; empty if kept"),
        ),
        ("C12", "C25"),
    ),
    Table(
        "salon_visits",
        "One row per visit. Profit of a visit = amount - labour_cost - materials_cost "
        f"(labour valued at {LABOUR_COST_PER_MINUTE} yuan per stylist minute).",
        (
            Column("customer_id", "int", "", "customer number"),
            Column("date", "date", "", "day of the visit"),
            Column("service", "category", "", "main service", tuple(SERVICES)),
            Column("list_price", "float", "yuan", "list price of the service"),
            Column("discount", "float", "share", "discount as a share of list price (0-1)"),
            Column("amount", "float", "yuan", "amount paid = list_price * (1 - discount)"),
            Column("promotion", "bool", "", "visit fell in a promotion fortnight"),
            Column("stylist_minutes", "int", "minutes", "stylist time spent, redo included"),
            Column("labour_cost", "float", "yuan",
                   f"stylist_minutes * {LABOUR_COST_PER_MINUTE} yuan"),
            Column("materials_cost", "float", "yuan", "dyes, lotions and other materials used"),
            Column("complaint", "bool", "", "customer complained (the fix is a free redo)"),
        ),
        ("C12",),
    ),
    Table(
        "salon_exit_survey",
        "Exit interviews of lost customers: the main reason each gave for leaving (C25).",
        (
            Column("customer_id", "int", "", "customer number"),
            Column("date", "date", "", "day of the interview"),
            Column("reason_code", "int", "", "reason number 1-10 (order of C25)"),
            Column("reason", "category", "", "main reason for leaving", REASONS),
        ),
        ("C25",),
    ),
)
