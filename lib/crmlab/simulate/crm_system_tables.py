"""The data dictionary of :mod:`crmlab.simulate.crm_system`: every table and column it writes,
with units and meaning, and the category lists the dictionary names (the simulation uses them
too)."""

from __future__ import annotations

from ._core import Column, Table

__all__ = ["CHANNELS", "INDUSTRIES", "ITEMS", "JOBS", "PRIORITIES", "REGIONS", "STAGES",
           "TICKET_CHANNELS", "TABLES"]

INDUSTRIES = {"manufacturing": 0.30, "retail": 0.22, "IT": 0.18, "finance": 0.12,
              "education": 0.10, "healthcare": 0.08}

JOBS = {"owner": 0.15, "manager": 0.30, "engineer": 0.25, "buyer": 0.20, "clerk": 0.10}

REGIONS = {"East": 0.35, "South": 0.25, "North": 0.20, "Central": 0.12, "West": 0.08}

CHANNELS = ("email", "sms", "phone", "fax", "event", "web")

STAGES = ("leads", "contacts", "opportunities", "orders", "payments")

PRIORITIES = ("low", "medium", "high", "urgent")

TICKET_CHANNELS = ("phone", "email", "web", "fax")

#: category -> chance it is put in a basket on its own.
ITEMS = {"printers": 0.15, "ink": 0.20, "paper": 0.60, "laptops": 0.15, "bags": 0.15,
         "phones": 0.20, "cases": 0.15, "mice": 0.40, "software": 0.30}

def _col(name, dtype, unit, description, categories=()):
    return Column(name, dtype, unit, description, tuple(categories))

TABLES = (
    Table("crm_customers", "Marketing's customer profiles: who the customers are and how each "
          "was won (one row per customer).", (
              _col("customer_id", "str", "", "Marketing's customer id, e.g. 'C00042'."),
              _col("industry", "category", "", "Industry the customer works in.", INDUSTRIES),
              _col("job", "category", "", "Job of the contact person.", JOBS),
              _col("age", "int", "years", "Age of the contact person."),
              _col("region", "category", "", "Sales region of China.", REGIONS),
              _col("acquired_via", "str", "", "Campaign id that won the customer, or 'organic'."),
          ), ("C04", "C06")),
    Table("crm_campaigns", "Marketing campaigns: what each cost, how many it reached, how many "
          "responded and the revenue those responses brought. Campaigns go to marketing's mailing "
          "list, customers and prospects alike, so one can reach more people than the firm has "
          "customers.", (
              _col("campaign_id", "str", "", "Campaign id, e.g. 'K01'."),
              _col("channel", "category", "", "How customers were contacted.", CHANNELS),
              _col("segment", "str", "", "Target industry, or 'all'."),
              _col("start", "date", "", "First day of the campaign."),
              _col("cost", "float", "yuan", "Total cost of the campaign."),
              _col("contacts", "int", "people",
                   "People contacted: addresses on marketing's mailing list, customers and "
                   "prospects (people who have not bought yet) alike."),
              _col("responses", "int", "people", "People who responded with an order."),
              _col("revenue", "float", "yuan", "Revenue from the responses."),
              _col("holdout", "int", "people",
                   "Hold-out group: people on the mailing list of the same target segment, "
                   "picked at random and not contacted."),
              _col("holdout_responses", "int", "people",
                   "People of the hold-out group who ordered in the campaign's window anyway."),
              _col("holdout_revenue", "float", "yuan", "Revenue from the hold-out group's orders."),
          ), ("C04", "C07")),
    Table("crm_pipeline", "Sales pipeline: one row per deal with the furthest stage it reached "
          "(leads -> contacts -> opportunities -> orders -> payments).", (
              _col("deal_id", "str", "", "Deal id, e.g. 'D00001'."),
              _col("customer_id", "int", "", "Sales' customer number, e.g. 42."),
              _col("stage", "category", "", "Furthest pipeline stage reached.", STAGES),
              _col("lead_date", "date", "", "Day the lead was recorded."),
              _col("stage_date", "date", "", "Day the furthest stage was reached."),
              _col("value", "float", "yuan", "Value of the deal if it is won."),
          ), ("C04",)),
    Table("crm_tickets", "Service desk tickets: when each was opened and resolved, its priority "
          "and the customer's satisfaction.", (
              _col("ticket_id", "str", "", "Ticket id, e.g. 'T00001'."),
              _col("customer_id", "str", "", "Service desk's customer id, e.g. 'c00042'."),
              _col("opened", "date", "", "Day the request came in."),
              _col("resolved", "date", "", "Day it was resolved; empty while still open."),
              _col("priority", "category", "", "Priority set on arrival.", PRIORITIES),
              _col("channel", "category", "", "Channel of the request.", TICKET_CHANNELS),
              _col("satisfaction", "float", "1-5 scale",
                   "Survey score after resolution; empty if not answered or still open."),
          ), ("C04", "C06")),
    Table("crm_purchases", "Basket log of the office-supplies shop: one row per product category "
          "in a basket.", (
              _col("basket_id", "str", "", "Basket id, e.g. 'B000001'."),
              _col("customer_id", "int", "", "Shop's customer number, e.g. 42."),
              _col("date", "date", "", "Day of purchase."),
              _col("category", "category", "", "Product category in the basket.", ITEMS),
          ), ("C07",)),
)
