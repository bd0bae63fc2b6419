"""Call outcomes and the next touch they schedule (DESIGN.md §3 "Call outcome").

One key per outcome logs the call and sets ``person.next_touch_on`` = today + N days, N per
outcome from the config file:

    [touch]
    talked_days = 30
    voicemail_days = 2
    no_answer_days = 1

The due list then shows "Call back / follow up" for that person from that day
(``due_rules.follow_up_items``). Pure: no I/O, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class TouchSettings:
    talked_days: int = 30
    voicemail_days: int = 2
    no_answer_days: int = 1


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # the activity kind (store.due_store.ACTIVITY_KINDS)
    key: str  # the key on the person screen and the search results
    label: str  # "Talked"
    setting: str  # the TouchSettings field with its days


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("call_talked", "t", "Talked", "talked_days"),
    Outcome("call_voicemail", "v", "Voicemail", "voicemail_days"),
    Outcome("call_no_answer", "u", "No answer", "no_answer_days"),
)
BY_KIND = {o.kind: o for o in OUTCOMES}


def next_touch(kind: str, today: date, settings: TouchSettings = TouchSettings()) -> date | None:
    """When to touch base again after a call with this outcome (None: not a call outcome)."""
    outcome = BY_KIND.get(kind)
    if outcome is None:
        return None
    return today + timedelta(days=getattr(settings, outcome.setting))


def when(d: date, today: date) -> str:
    """'tomorrow' · 'Fri 20 Nov' (this year) · 'Fri 20 Nov 2027'."""
    if d == today:
        return "today"
    if d == today + timedelta(days=1):
        return "tomorrow"
    day = f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[d.weekday()]} {d.day} "
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[d.month - 1]
    return day + month + ("" if d.year == today.year else f" {d.year}")
