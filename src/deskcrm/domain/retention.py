"""Retention review (issue 14): when a candidate's data is due for review — a pure rule.

- A candidate never placed: ``retention_months`` (``[privacy]``, default 24) after their last
  contact (never contacted: the day they were added). Exactly 24 months on is the review day.
- A placed candidate (any placement): ``placement_retention_years`` (default 7, for accounting)
  after their latest placement's start — never by the 24-month rule.

Months are calendar months (31 Mar + 1 month = 30 Apr: the last day of a shorter month).
``store.due_store`` cuts the candidates near their review day in SQL; this says the day exactly.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months (negative: back), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_on(last_contact: date | None, added: date, last_placed: date | None,
              retention_months: int, placement_retention_years: int) -> date:
    """The day the candidate's data is due for review."""
    if last_placed is not None:
        return add_months(last_placed, 12 * placement_retention_years)
    return add_months(last_contact or added, retention_months)
