"""The data dictionary of :mod:`crmlab.simulate.supermarket`: every table and column it writes,
with units and meaning, and the category lists the dictionary names (the simulation uses them
too)."""

from __future__ import annotations

from ._core import Column, Table

__all__ = ["AGE_BANDS", "BRANCHES", "CATEGORIES", "CHURN_CAUSES", "SEGMENTS", "TABLES"]

#: name, counters, staff on the tills, share of customers whose home branch it is.
BRANCHES = (
    ("Central", 12, 10, 0.34),
    ("Northgate", 10, 8, 0.26),
    ("Eastside", 9, 7, 0.22),
    ("Riverside", 8, 2, 0.18),
)

CATEGORIES = ("fresh", "grocery", "baby", "pet", "household")

AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")

SEGMENTS = ("key", "secondary", "ordinary")

CHURN_CAUSES = ("none", "drift", "service_failure")

_DESC_PLANTED = "Planted by the simulation: a real loyalty-card system would not have this column."

TABLES = (
    Table(
        "supermarket_customers",
        "Supermarket A loyalty-card holders, one row per card, with the traits the story "
        "plants (segment, repurchase cycles, churn). Simulated by crmlab.simulate.supermarket.",
        (
            Column("customer_id", "str", "", "Loyalty-card id, e.g. 'SA000001'."),
            Column("join_date", "date", "", "Day the card was issued."),
            Column("branch", "category", "", "Home branch (where most trips happen).",
                   tuple(b[0] for b in BRANCHES)),
            Column("age_band", "category", "years", "Age band of the card holder.", AGE_BANDS),
            Column("has_children", "bool", "", "Children live in the household."),
            Column("pet_owner", "bool", "", "The household keeps a pet."),
            Column("promo_only", "bool", "", "Shops only in promotion weeks. " + _DESC_PLANTED),
            Column("segment", "category", "",
                   "Value tier from the latent value: key = top 20 %, secondary = next 30 %, "
                   "ordinary = the rest. " + _DESC_PLANTED, SEGMENTS),
            Column("baby_cycle_days", "float", "days",
                   "Days between baby-product purchases (empty if none). " + _DESC_PLANTED),
            Column("pet_cycle_days", "float", "days",
                   "Days between pet-food purchases (empty if none). " + _DESC_PLANTED),
            Column("churn_date", "date", "",
                   "First day with no more trips (empty if the customer stays). " + _DESC_PLANTED),
            Column("churn_cause", "category", "",
                   "Why the customer left: drift (a slow fade) or service_failure (left the "
                   "understaffed branch after a failure). " + _DESC_PLANTED, CHURN_CAUSES),
        ),
        ("C13", "C26", "C30", "C36"),
    ),
    Table(
        "supermarket_transactions",
        "Supermarket A shopping trips in 2024, one row per card per day (a basket), with "
        "spend by category. Simulated by crmlab.simulate.supermarket.",
        (
            Column("customer_id", "str", "", "Loyalty-card id (see supermarket_customers)."),
            Column("date", "date", "", "Day of the trip."),
            Column("branch", "category", "", "Branch where the basket was paid.",
                   tuple(b[0] for b in BRANCHES)),
            Column("amount", "float", "yuan", "Basket value; the five category columns sum to it."),
            *(Column(c, "float", "yuan", f"Spend on {c} products in the basket.")
              for c in CATEGORIES),
            Column("coupon_used", "bool", "", "A coupon was redeemed at checkout."),
            Column("promo_week", "bool", "", "The trip fell in a promotion week."),
        ),
        ("C13", "C26", "C36"),
    ),
    Table(
        "supermarket_branches",
        "The four branches of Supermarket A with their checkout counters and till staff; "
        "Riverside is the understaffed branch of the story (8 counters, 2 staff).",
        (
            Column("branch", "category", "", "Branch name.", tuple(b[0] for b in BRANCHES)),
            Column("counters", "int", "counters", "Checkout counters in the branch."),
            Column("staff", "int", "people", "Till staff on a normal shift."),
            Column("service_failures", "int", "events",
                   "Service failures in 2024 (long queues, expired stock). " + _DESC_PLANTED),
        ),
        ("C30",),
    ),
)
