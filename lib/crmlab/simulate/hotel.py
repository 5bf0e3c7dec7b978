"""A hotel's guest history and a recognition pilot with a hold-out group (C34, C37).

The story (S2's Four Seasons guest history and Inter-Continental recognition club, S4's Regent
carrot juice): a city hotel notes what its guests prefer (pillow, drink, room, newspaper, diet,
allergies) and wants to know whether preparing those preferences before a guest arrives makes
guests come back. In 2024 it ran a pilot: each guest arriving then with a
preference on file and consent to keep a profile was picked at random, half to be recognised
(their preferences prepared) and half as a hold-out group (served as usual).

How the data are made, per guest: a segment (business or leisure) sets the chance of coming back
after a stay, the gap before the next arrival, the nights, the room rate and the spending on
extras; after each stay the guest returns with that chance, and after their pilot stay with
``RECOGNITION_UPLIFT`` more if they were recognised. Front-desk staff note a preference at some
stays, for every guest: also for guests who never agreed that the hotel keep a profile (a
compliance gap the case finds). Some guests later ask for their data to be erased.

Examples
--------
>>> sim = generate(300, seed=1)
>>> sorted(sim.tables)
['hotel_guests', 'hotel_preferences', 'hotel_stays']
>>> sim.truth["recognition_uplift"]
0.08
"""

from __future__ import annotations

from .._validate import check_seed
from ._core import Column, Simulation, Table, check_scale

__all__ = ["DEFAULT_SEED", "DEFAULT_CUSTOMERS", "TABLES", "TOPICS", "generate"]

DEFAULT_SEED = 1980
DEFAULT_CUSTOMERS = 10000

START, END = "2023-01-01", "2025-12-31"
PILOT = ("2024-01-01", "2024-12-31")
SEGMENTS = ("business", "leisure")
SEGMENT_SHARE = 0.45                     # share of business guests
RETURN_CHANCE = {"business": 0.62, "leisure": 0.30}
RECOGNITION_UPLIFT = 0.08                # extra chance of returning after a recognised stay
GAP_DAYS = {"business": 75.0, "leisure": 220.0}    # mean days between stays
NIGHTS = {"business": 1.0, "leisure": 2.5}         # extra nights above 1 (Poisson mean)
RATE = {"business": 980.0, "leisure": 760.0}       # room rate per night in 2023, yuan
RATE_GROWTH = 0.05                                 # room rates rise 5 % a year
EXTRAS = {"business": 180.0, "leisure": 320.0}     # mean spending on extras per stay, yuan
CLUB_SHARE = {"business": 0.4, "leisure": 0.1}
CONSENT_SHARE = 0.8           # agreed that the hotel keeps a preference profile
SENSITIVE_CONSENT_SHARE = 0.35  # of those, also agreed to keep sensitive details
ERASURE_SHARE = 0.03          # asked later for their data to be erased
NOTE_CHANCE = 0.6             # a preference is noted at a stay
#: topic -> (possible preferences, sensitive personal information under PIPL)
TOPICS = {
    "pillow": (("soft", "firm", "foam", "feather-free"), False),
    "drink": (("carrot juice", "green tea", "black coffee", "soy milk", "orange juice"), False),
    "room": (("high floor", "quiet side", "near the lift", "twin beds"), False),
    "newspaper": (("China Daily", "South China Morning Post", "none"), False),
    "diet": (("vegetarian", "halal", "no pork"), True),
    "allergy": (("peanuts", "seafood", "gluten"), True),
}
PILOT_GROUPS = ("none", "recognised", "hold-out")

TABLES = (
    Table(
        "hotel_guests",
        "Guests of a city hotel, one row per guest, with their consent to keep a preference "
        "profile (C34, C37).",
        (
            Column("guest_id", "str", "", "Guest id, e.g. 'G00001'."),
            Column("segment", "category", "", "Business or leisure guest.", SEGMENTS),
            Column("club_member", "bool", "", "Member of the hotel's recognition club."),
            Column("consent_profile", "bool", "",
                   "Agreed that the hotel keeps a profile of their preferences."),
            Column("consent_sensitive", "bool", "",
                   "Also agreed, separately, that it keeps sensitive details (diet, allergies)."),
            Column("erasure_date", "date", "",
                   "Day the guest asked for their data to be erased (empty if never)."),
        ),
        ("C34", "C37"),
    ),
    Table(
        "hotel_stays",
        "Stays from 2023-01-01 to 2025-12-31, one row per stay, with the recognition pilot of "
        "2024.",
        (
            Column("stay_id", "str", "", "Stay id, e.g. 'S000001'."),
            Column("guest_id", "str", "", "Guest (see hotel_guests)."),
            Column("arrival", "date", "", "Day of arrival."),
            Column("nights", "int", "nights", "Nights stayed."),
            Column("room_rate", "float", "yuan", "Room rate per night."),
            Column("extras", "float", "yuan", "Spending on food, drinks and services."),
            Column("pilot_group", "category", "",
                   "The guest's pilot stay: recognised (preferences prepared) or hold-out "
                   "(picked at random, served as usual); none for every other stay.",
                   PILOT_GROUPS),
        ),
        ("C34", "C37"),
    ),
    Table(
        "hotel_preferences",
        "The guest history: one row per preference noted at a stay.",
        (
            Column("guest_id", "str", "", "Guest (see hotel_guests)."),
            Column("noted_on", "date", "", "Day the preference was noted."),
            Column("topic", "category", "", "What the preference is about.", tuple(TOPICS)),
            Column("preference", "str", "", "The preference as noted, e.g. 'carrot juice'."),
            Column("sensitive", "bool", "",
                   "Sensitive personal information (religion or health): needs separate consent."),
        ),
        ("C34", "C37"),
    ),
)


def _guests(n, rng):
    import numpy as np

    seg = np.where(rng.random(n) < SEGMENT_SHARE, 0, 1)
    names = np.array(SEGMENTS)[seg]
    club = rng.random(n) < np.array([CLUB_SHARE[s] for s in SEGMENTS])[seg]
    consent = rng.random(n) < CONSENT_SHARE
    sensitive = consent & (rng.random(n) < SENSITIVE_CONSENT_SHARE)
    return dict(seg=seg, names=names, club=club, consent=consent, sensitive=sensitive)


def _history(g, rng, first, last_day, pilot):
    """Stays and notes of every guest, one guest at a time (each stay depends on the last).

    Returns stays as (guest, day, nights, pilot group) and notes as (guest, day, topic, choice).
    """
    topics = list(TOPICS)
    stays, notes = [], []
    for i in range(len(first)):
        s = g["names"][i]
        day, in_pilot, mine = int(first[i]), False, []
        while day <= last_day:
            nights = 1 + int(rng.poisson(NIGHTS[s]))
            group = 0
            if (not in_pilot and pilot[0] <= day <= pilot[1] and g["consent"][i]
                    and any(d < day for d, _, _ in mine)):
                in_pilot = True
                group = 1 if rng.random() < 0.5 else 2
            stays.append((i, day, nights, group))
            if rng.random() < NOTE_CHANCE:
                t = int(rng.integers(0, len(topics)))
                earlier = [c for _, tt, c in mine if tt == t]
                keep = earlier and rng.random() < 0.8
                choice = earlier[-1] if keep else int(rng.integers(0, len(TOPICS[topics[t]][0])))
                mine.append((day, t, choice))
            chance = RETURN_CHANCE[s] + (RECOGNITION_UPLIFT if group == 1 else 0.0)
            if rng.random() >= chance:
                break
            day += nights + 1 + int(rng.gamma(2.0, GAP_DAYS[s] / 2.0))
        notes += [(i, d, t, c) for d, t, c in mine]
    return stays, notes


def generate(n_customers: int = DEFAULT_CUSTOMERS, *, seed: int = DEFAULT_SEED) -> Simulation:
    """Simulate the hotel's guests, stays and guest history, with the planted truth.

    Parameters
    ----------
    n_customers : int
        Number of guests (at least 100; the committed files have 10,000).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    Simulation
        Tables ``hotel_guests``, ``hotel_stays``, ``hotel_preferences``; ``truth`` with the
        planted return chances, the recognition uplift, the pilot's sizes and its observed
        return rates within 365 days of the pilot stay.

    Examples
    --------
    >>> sim = generate(200, seed=5)
    >>> set(sim["hotel_stays"]["pilot_group"].astype(str)) <= {"none", "recognised", "hold-out"}
    True
    >>> generate(20, seed=1)
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: n_customers must be in [100, inf); got 20.
    """
    import numpy as np
    import pandas as pd

    n = check_scale(n_customers, minimum=100)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    start, end = np.datetime64(START), np.datetime64(END)
    days = int((end - start).astype(int))
    pilot = tuple(int((np.datetime64(d) - start).astype(int)) for d in PILOT)
    g = _guests(n, rng)
    first = rng.integers(0, days - 60, n)
    stays_rows, notes = _history(g, rng, first, days, pilot)
    gi, gd, gn, gg = (np.array(col) for col in zip(*stays_rows))
    seg = g["names"][gi]
    year = gd / 365.25
    rate = np.array([RATE[s] for s in seg]) * (1 + RATE_GROWTH) ** year
    rate = np.round(rate * rng.lognormal(0.0, 0.12, len(gi)), 2)
    extras = np.round(np.array([EXTRAS[s] for s in seg]) * rng.lognormal(-0.18, 0.6, len(gi)), 2)
    ids = np.array([f"G{i:05d}" for i in range(1, n + 1)], dtype=object)
    dates = start + gd.astype("timedelta64[D]")
    stays = pd.DataFrame({
        "stay_id": [f"S{j:06d}" for j in range(1, len(gi) + 1)],
        "guest_id": ids[gi],
        "arrival": pd.DatetimeIndex(dates).astype("datetime64[us]"),
        "nights": gn.astype("int64"),
        "room_rate": rate,
        "extras": extras,
        "pilot_group": pd.Categorical.from_codes(gg, PILOT_GROUPS),
    })
    order = np.lexsort((stays["arrival"].to_numpy(), stays["guest_id"].to_numpy()))
    stays = stays.iloc[order].reset_index(drop=True)
    stays["stay_id"] = [f"S{j:06d}" for j in range(1, len(stays) + 1)]

    last = np.full(n, -1)
    np.maximum.at(last, gi, gd)
    erase = rng.random(n) < ERASURE_SHARE
    erase_day = last + rng.integers(30, 400, n)
    erase = erase & (erase_day <= days)
    guests = pd.DataFrame({
        "guest_id": ids,
        "segment": pd.Categorical.from_codes(g["seg"], SEGMENTS),
        "club_member": g["club"],
        "consent_profile": g["consent"],
        "consent_sensitive": g["sensitive"],
        "erasure_date": pd.DatetimeIndex(np.where(erase, start + erase_day.astype(
            "timedelta64[D]"), np.datetime64("NaT"))).astype("datetime64[us]"),
    })
    topics = list(TOPICS)
    pi, pday, pt, pc = (np.array(col, dtype="int64") for col in zip(*notes)) if notes else \
        (np.zeros(0, dtype="int64"),) * 4
    prefs = pd.DataFrame({
        "guest_id": ids[pi],
        "noted_on": pd.DatetimeIndex(start + pday.astype("timedelta64[D]")).astype(
            "datetime64[us]"),
        "topic": pd.Categorical.from_codes(pt, topics),
        "preference": [TOPICS[topics[t]][0][c] for t, c in zip(pt, pc)],
        "sensitive": np.array([TOPICS[topics[t]][1] for t in pt], dtype=bool),
    })
    prefs = prefs.sort_values(["guest_id", "noted_on"], kind="stable", ignore_index=True)
    truth = _truth(stays, guests, prefs)
    return Simulation(tables={"hotel_guests": guests, "hotel_stays": stays,
                              "hotel_preferences": prefs}, truth=truth, seed=seed, n_customers=n)


def _truth(stays, guests, prefs):
    pilot = stays[stays["pilot_group"] != "none"]
    nxt = stays.groupby("guest_id")["arrival"].shift(-1)
    back = (nxt - stays["arrival"]).dt.days <= 365
    rates = back[pilot.index].groupby(pilot["pilot_group"].astype(str)).mean()
    sizes = pilot["pilot_group"].astype(str).value_counts()
    no_consent = ~prefs["guest_id"].map(guests.set_index("guest_id")["consent_profile"])
    return {
        "period": {"start": START, "end": END},
        "pilot_period": {"start": PILOT[0], "end": PILOT[1]},
        "return_chance": RETURN_CHANCE,
        "recognition_uplift": RECOGNITION_UPLIFT,
        "segment_share_business": SEGMENT_SHARE,
        "consent_share": CONSENT_SHARE,
        "sensitive_consent_share": SENSITIVE_CONSENT_SHARE,
        "erasure_share": ERASURE_SHARE,
        "pilot_sizes": {k: int(sizes.get(k, 0)) for k in ("recognised", "hold-out")},
        "pilot_return_within_365_days": {k: round(float(rates.get(k, float("nan"))), 4)
                                         for k in ("recognised", "hold-out")},
        "n_stays": int(len(stays)),
        "n_notes": int(len(prefs)),
        "notes_without_consent": int(no_consent.sum()),
        "room_rate_growth": RATE_GROWTH,
        "rate_per_night_2023": RATE,
        "note_chance_per_stay": NOTE_CHANCE,
        "return_rule": "a guest returns after a stay with return_chance[segment] (plus "
                       "recognition_uplift after a recognised pilot stay)",
        "measured_as": "next arrival within 365 days of the pilot stay",
    }
