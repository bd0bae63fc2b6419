"""Retention review (issue 14): when a candidate's data is due for review — a pure rule.

- A candidate never placed: ``retention_months`` (``[privacy]``, default 24) after their last
  contact (never contacted: the day they were added). Exactly 24 months on is the review day.
- A placed candidate (any placement): ``placement_retention_years`` (default 7, for accounting)
  after their latest placement's start — never by the 24-month rule.
- Kept at a review (``store.retention_review.keep``): ``retention_months`` after the latest review,
  when it came after what the two rules above run from (a review on the day of the last contact
  does not count as after it); else the review changes nothing.

Months are calendar months (31 Mar + 1 month = 30 Apr: the last day of a shorter month).
``store.retention_due`` says the same in SQL (``tests/test_retention.py`` checks the two agree).
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
              retention_months: int, placement_retention_years: int, last_review: date | None = None) -> date:
    """The day the candidate's data is due for review."""
    if last_placed is not None:
        if last_review is not None and last_review > last_placed:
            return add_months(last_review, retention_months)
        return add_months(last_placed, 12 * placement_retention_years)
    if last_review is not None and last_review > (last_contact or added):
        return add_months(last_review, retention_months)
    return add_months(last_contact or added, retention_months)
