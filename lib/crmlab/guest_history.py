"""A guest history that recalls preferences, within the consent the guest gave (C34, C37).

Four Seasons keeps a history of each guest's preferences; the Regent remembered one guest's
carrot juice for ten years (S2, S4). Keeping such notes is processing personal information,
which China's Personal Information Protection Law (PIPL, 2021) allows only with the person's
consent, for a stated purpose, no longer than needed, and with separate consent for sensitive
information such as health or religion; a person may ask for erasure. The functions apply
those rules to every note before anything is recalled:

* :func:`note_status`: each note marked usable, or why not (in this order): ``no consent``,
  ``erased`` (the guest asked for erasure on or before the day), ``sensitive`` (sensitive
  note without the separate consent), ``too old`` (noted more than ``keep_days`` before),
  ``not yet noted`` (noted after the day);
* :func:`recall_preferences`: the latest usable note per guest and topic: what to prepare;
* :func:`consent_audit`: how many notes each rule keeps out.
"""

from __future__ import annotations

from ._validate import (check_dates, check_frame, check_no_duplicates, check_number,
                        check_timestamp)
from .errors import CRMLabError

__all__ = ["STATUSES", "note_status", "recall_preferences", "consent_audit"]

#: Every status a note can have, in the order the rules are applied.
STATUSES = ("usable", "no consent", "erased", "sensitive", "too old", "not yet noted")
_NOTE_COLUMNS = ["noted_on", "topic", "preference", "sensitive"]
_GUEST_COLUMNS = ["consent_profile", "consent_sensitive", "erasure_date"]


def note_status(notes, guests, *, on, keep_days: int = 1095, guest: str = "guest_id"):
    """Every note with a ``status``: ``usable`` or the first rule that keeps it out.

    Parameters
    ----------
    notes : DataFrame
        One row per noted preference: ``guest``, ``noted_on``, ``topic``, ``preference``,
        ``sensitive`` (True/False).
    guests : DataFrame
        One row per guest: ``guest``, ``consent_profile``, ``consent_sensitive`` (True/False)
        and ``erasure_date`` (empty if the guest never asked for erasure).
    on : date
        The day the notes would be used (a guest's arrival).
    keep_days : int
        Notes older than this many days are no longer used (1 to 36,500; default 3 years).

    Examples
    --------
    >>> import pandas as pd
    >>> notes = pd.DataFrame({"guest_id": ["a", "a", "b", "c"],
    ...     "noted_on": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-10", "2020-01-01"]),
    ...     "topic": ["drink", "diet", "drink", "pillow"],
    ...     "preference": ["carrot juice", "halal", "green tea", "firm"],
    ...     "sensitive": [False, True, False, False]})
    >>> guests = pd.DataFrame({"guest_id": ["a", "b", "c"], "consent_profile": [True, False, True],
    ...                        "consent_sensitive": [False, False, True],
    ...                        "erasure_date": pd.to_datetime([None, None, None])})
    >>> note_status(notes, guests, on="2024-03-01")["status"].tolist()
    ['usable', 'sensitive', 'no consent', 'too old']
    """
    import numpy as np

    check_frame(notes, name="notes", columns=[guest, *_NOTE_COLUMNS], min_rows=0)
    check_dates(notes, "noted_on", name="notes")
    check_frame(guests, name="guests", columns=[guest, *_GUEST_COLUMNS])
    check_no_duplicates(guests, [guest], name="guests")
    day = check_timestamp(on, name="on")
    keep_days = check_number(keep_days, name="keep_days", low=1, high=36_500, integer=True)
    g = guests.set_index(guest)
    missing = notes[guest][~notes[guest].isin(g.index)]
    if len(missing):
        raise CRMLabError(
            f"notes names the guest {missing.iloc[0]!r}, who has no row in guests; every note "
            "needs its guest's consent on record."
        )
    # a consent that is not recorded as True counts as no consent (the safe reading)
    consent = notes[guest].map(g["consent_profile"]).eq(True).to_numpy()
    sensitive_ok = notes[guest].map(g["consent_sensitive"]).eq(True).to_numpy()
    erased = (notes[guest].map(g["erasure_date"]) <= day).to_numpy()
    age = (day - notes["noted_on"]).dt.days.to_numpy()
    sensitive = notes["sensitive"].ne(False).to_numpy()  # unknown counts as sensitive
    status = np.select(
        [~consent, erased, sensitive & ~sensitive_ok, age > keep_days, age < 0],
        list(STATUSES[1:]), STATUSES[0])
    out = notes.copy()
    out["age_days"] = age
    out["status"] = status
    return out


def recall_preferences(notes, guests, *, on, keep_days: int = 1095, guest: str = "guest_id",
                       guest_ids=None):
    """What to prepare for guests arriving on ``on``: the latest usable note per topic.

    Notes pass :func:`note_status` first (consent, erasure, separate consent for sensitive
    notes, age); of several usable notes on one topic, the most recent wins.

    Parameters
    ----------
    guest_ids : sequence, optional
        Only these guests (the day's arrivals); default every guest.

    Returns
    -------
    pandas.DataFrame
        Columns ``guest``, ``topic``, ``preference``, ``noted_on``, ``age_days``, sorted by guest
        and topic.

    Examples
    --------
    >>> import pandas as pd
    >>> notes = pd.DataFrame({"guest_id": ["a", "a", "a"],
    ...     "noted_on": pd.to_datetime(["2023-05-01", "2024-01-05", "2024-02-01"]),
    ...     "topic": ["drink", "drink", "pillow"],
    ...     "preference": ["coffee", "carrot juice", "firm"], "sensitive": False})
    >>> guests = pd.DataFrame({"guest_id": ["a"], "consent_profile": [True],
    ...                        "consent_sensitive": [False], "erasure_date": pd.NaT})
    >>> recall_preferences(notes, guests, on="2024-03-01")[["topic", "preference"]]
        topic    preference
    0   drink  carrot juice
    1  pillow          firm
    """
    marked = note_status(notes, guests, on=on, keep_days=keep_days, guest=guest)
    usable = marked[marked["status"] == "usable"]
    if guest_ids is not None:
        usable = usable[usable[guest].isin(list(guest_ids))]
    usable = usable.sort_values([guest, "topic", "noted_on"], kind="stable")
    latest = usable.drop_duplicates([guest, "topic"], keep="last")
    cols = [guest, "topic", "preference", "noted_on", "age_days"]
    return latest[cols].reset_index(drop=True)


def consent_audit(notes, guests, *, on, keep_days: int = 1095, guest: str = "guest_id"):
    """How many notes are usable on ``on`` and how many each rule keeps out.

    Returns
    -------
    pandas.DataFrame
        Index ``status`` (every entry of :data:`STATUSES`, in order), columns ``notes`` and
        ``pct`` (share of all notes, in %).

    Examples
    --------
    >>> import pandas as pd
    >>> notes = pd.DataFrame({"guest_id": ["a", "b"], "noted_on": pd.to_datetime(["2024-01-05",
    ...     "2024-01-10"]), "topic": "drink", "preference": "tea", "sensitive": False})
    >>> guests = pd.DataFrame({"guest_id": ["a", "b"], "consent_profile": [True, False],
    ...                        "consent_sensitive": False, "erasure_date": pd.NaT})
    >>> consent_audit(notes, guests, on="2024-03-01")["notes"].tolist()
    [1, 1, 0, 0, 0, 0]
    """
    marked = note_status(notes, guests, on=on, keep_days=keep_days, guest=guest)
    counts = marked["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    out = counts.rename("notes").to_frame()
    out.index.name = "status"
    out["pct"] = 100.0 * out["notes"] / max(len(marked), 1)
    return out
