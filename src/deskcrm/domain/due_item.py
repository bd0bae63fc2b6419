"""What the due list hands to the screen: the items (:class:`DueItem`), their buckets and kinds,
and the settings the rules read (:class:`DueSettings`). The rules, their input records and the
engine are :mod:`deskcrm.domain.due`, which names all of these too.

Its own module for the launch: the first frame needs the items (unpickled from the forked
due-list child, ``work.due_list.Prefetch``) but not the rules nor the records, whose classes
cost several ms of the launch to define.

Stdlib only (DESIGN.md §2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BUCKETS = ("overdue", "today", "upcoming")

# Tie-break order inside one due date (most money / most contractual first).
KINDS = (
    "invoice_overdue",
    "guarantee_ending",
    "start_confirm",
    "checkin",
    "interview_prep",
    "follow_up",
    "client_checkin",
    "art14_notice",
    "consent_expiring",
    "nurture",
    "retention_review",
)


@dataclass(frozen=True, slots=True)
class DueSettings:
    guarantee_window_days: int = 14  # guarantee ending within this many days
    lookahead_days: int = 7  # "coming up" for every other kind
    nurture_days: int = 90  # candidate not touched in N days
    nurture_horizon_days: int = 14  # cold for > nurture_days + horizon: dropped (found via search)
    checkin_horizon_days: int = 45  # a check-in missed by more than this drops off (old history)
    consent_expiry_window_days: int = 30
    art14_notice_days: int = 30  # notice due within a month of sourcing
    chase_days: int = 7  # a done invoice / consent / guarantee item is back after this while still true
    # From [privacy] (config.settings.due_settings): domain.retention
    retention_months: int = 24  # a candidate never placed: reviewed this long after the last contact
    placement_retention_years: int = 7  # a placed candidate: this long after the latest placement's start
    retention_horizon_days: int = 30  # a review missed by more than this leaves Due today


@dataclass(frozen=True, slots=True)
class DueItem:
    key: str  # stable and unique; recurring kinds include their due date
    kind: str  # one of KINDS
    bucket: str  # one of BUCKETS
    due_date: date
    days_late: int  # (today - due_date).days; negative = days ahead
    title: str  # plain text, never markup
    person: str | None
    person_id: int | None
    company: str | None
    company_id: int | None
    job: str | None
    job_id: int | None
    placement_id: int | None
    submission_id: int | None
    snoozed: bool  # True when it reappeared after a snooze, or came back after "done"
    back_after_days: int | None = None  # done only acknowledges it: listed again after this; None: done retires it


def group_by_bucket(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    """Items per bucket, in :data:`BUCKETS` order, every bucket present (possibly empty)."""
    groups: dict[str, list[DueItem]] = {bucket: [] for bucket in BUCKETS}
    for item in items:
        groups[item.bucket].append(item)
    return groups


def lateness(item: DueItem) -> str:
    """'3 days late', '1 day late', 'today', 'tomorrow', 'in 2 days'."""
    late = item.days_late
    if late == 0:
        return "today"
    if late == -1:
        return "tomorrow"
    if late > 0:
        return f"{late} day late" if late == 1 else f"{late} days late"
    return f"in {-late} days"
