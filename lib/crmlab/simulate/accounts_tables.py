"""The data dictionary of :mod:`crmlab.simulate.accounts`: every table and column it writes,
with units and meaning, and the category lists the dictionary names (the simulation uses them
too)."""

from __future__ import annotations

from ._core import Column, Table

__all__ = ["PURPOSES", "REGIONS", "TIERS", "TABLES"]

TIERS = ("A", "B", "C")

PURPOSES = ("market status", "cooperation", "problem solving", "product training")

REGIONS = ("East", "North", "South", "Central", "West")

TABLES = (
    Table(
        "key_accounts",
        "The sales representative's book of distributor accounts, one row per account.",
        (
            Column("customer_id", "str", "", "Account id, e.g. 'KA0001'."),
            Column("name", "str", "", "Company name, clean (the raw file has the messy versions)."),
            Column("city", "str", "", "City of the account's head office."),
            Column("region", "category", "", "Sales region of the city.", REGIONS),
            Column("tier", "category", "",
                   "A = key account (大客户, top 20 % by planted yearly volume), B = next 30 %, "
                   "C = the rest.", TIERS),
            Column("typical_cycle_days", "int", "days",
                   "The order cycle as the representative noted it, rounded to whole weeks "
                   "(the exact planted cycle is in the truth)."),
        ),
        ("C38", "C39", "C41"),
    ),
    Table(
        "key_account_orders",
        "Orders of the key accounts from 2024-01-01 to 2025-12-31, one row per order.",
        (
            Column("customer_id", "str", "", "Account id (see key_accounts)."),
            Column("date", "date", "", "Order date."),
            Column("amount", "float", "yuan", "Order value."),
        ),
        ("C41",),
    ),
    Table(
        "key_account_visits",
        "Visit log of the representative, one row per visit, with the 3-3-3 method counted.",
        (
            Column("customer_id", "str", "", "Account visited (see key_accounts)."),
            Column("date", "date", "", "Visit date."),
            Column("purpose", "category", "", "Main purpose of the visit.", PURPOSES),
            Column("plan_approved", "bool", "", "Visit plan cleared with the superior first."),
            Column("booked_by_phone", "bool", "", "Time and place booked by phone beforehand."),
            Column("prepared", "int", "0-3 count",
                   "Preparations done: purpose, appointment, recent sales records and materials."),
            Column("discussed", "int", "0-3 count",
                   "Must-discuss topics covered: sales status and outlook, market and "
                   "competitors, problems and solutions."),
            Column("visited", "int", "0-3 count",
                   "Must-go places covered: the market, the channel's product flow, the "
                   "customer's staff."),
            Column("report_written", "bool", "", "Market assessment report written afterwards."),
        ),
        ("C42", "C43"),
    ),
    Table(
        "raw_customer_file",
        "The same accounts as first typed into a new customer database: duplicates, messy "
        "names, mixed phone formats and missing fields, one row per record.",
        (
            Column("record_id", "int", "", "Row number in the raw file."),
            Column("name", "str", "",
                   "Company name as typed (spaces, full-width letters, case vary)."),
            Column("contact", "str", "", "Contact person; may be missing."),
            Column("phone", "str", "",
                   "Mobile number in one of three formats ('138-0013-8000', "
                   "'+86 138 0013 8000', '13800138000'); may be missing."),
            Column("city", "str", "", "City; may be missing."),
        ),
        ("C39",),
    ),
)
