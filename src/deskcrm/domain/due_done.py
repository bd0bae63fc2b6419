"""Marking a due item done: does it retire the item for good, or only acknowledge a fact that
still holds (and when is it listed again)? And what ``x`` says on screen.

Pure and stdlib only, like :mod:`deskcrm.domain.due`; the collector there hides a done item until
:func:`back_after` says it is back.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from deskcrm.domain.due_rules import short_date

if TYPE_CHECKING:
    from deskcrm.domain.due import DueItem

# Kinds whose fact can change on its own due date (an invoice falls overdue, a guarantee ends,
# consent lapses): acknowledged before that day, they are back the day after it.
_UNTIL_DUE = frozenset({"invoice_overdue", "guarantee_ending", "consent_expiring"})


def back_after(kind: str, due: date, every: int | None, done_on: date) -> date | None:
    """:func:`back_on` from an item's parts (the collector asks before the item exists)."""
    if every is None:
        return None
    try:
        back = done_on + timedelta(days=max(every, 1))
    except OverflowError:  # a cadence of millennia: back after the year 9999, so never
        return None
    if kind in _UNTIL_DUE and done_on < due:
        back = min(back, due + timedelta(days=1))
    return back


def back_on(item: DueItem, done_on: date) -> date | None:
    """The day an item marked done on ``done_on`` is listed again if its fact still holds, or
    None when done retires it for good.

    "Done" may not make a still-true obligation vanish. It retires what it changes or what was
    only a reminder: a check-in (ticked on its placement), a start (confirmed: the placement
    moves to Started), an Art. 14 notice (recorded as sent), a follow-up, nurture, interview prep.
    It only acknowledges the rest while their fact holds: an unpaid invoice ("chased today"),
    lapsed consent and a guarantee not yet ended come back after ``[due] chase_days`` (or the day
    after they fall due, if sooner); a client check-in counts as one and comes back after the
    client's cadence. A changed fact (a new due or end date, a logged call) is a new key: listed
    at once, whatever was done before.
    """
    return back_after(item.kind, item.due_date, item.back_after_days, done_on)


def done_note(item: DueItem, today: date) -> str:
    """What marking ``item`` done on ``today`` says on screen: what it did, and when it is back."""
    kind = item.kind
    if kind == "start_confirm":
        return "Start confirmed — moved to Started"
    if kind == "art14_notice":
        return "Art. 14 notice recorded as sent today"
    if kind == "guarantee_ending" and item.days_late > 0:  # "Guarantee ended — confirm passed"
        return "Guarantee confirmed passed"
    back = back_on(item, today)
    if back is None:
        return f"Done: {item.title}"
    day = short_date(back)
    if kind == "invoice_overdue":
        return f"Chased — back on {day} unless paid"
    if kind == "client_checkin":
        return f"Checked in — next check-in due {day}"
    if kind == "consent_expiring":
        return f"Noted — back on {day} unless consent is renewed"
    if kind == "guarantee_ending":
        return f"Noted — back on {day} to confirm it passed"
    return f"Noted — back on {day}"
