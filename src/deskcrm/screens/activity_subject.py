"""What an activity is logged against: the draft key, what the activity dialog shows, and the
records it links to. Built by every screen that logs one (person, account, boards, search) and
read by ``person_actions`` and the activity dialog; a ``DueItem`` has the same fields.

Its own module so that those screens need not import each other for it (it lived in
``screens/person.py``, which made person ↔ person_actions a circle).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActivitySubject:
    """What ``DeskScreen.log_activity`` and the activity dialog read (a ``DueItem`` has the same
    fields): the draft key, what the dialog shows, and the records the activity links to."""

    key: str
    title: str
    person: str | None
    company: str | None
    person_id: int | None
    company_id: int | None = None
    job_id: int | None = None
    placement_id: int | None = None
    submission_id: int | None = None
