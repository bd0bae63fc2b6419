"""Report periods: this week / month / quarter / year / last 12 months / custom, and the step to
the previous or next one. Pure: the day it is comes in as an argument (``clock.today()`` at the
caller), never from ``date.today()``.

- ``period("month", date(2026, 12, 7))``   -> ``Period(2026-12-01, 2026-12-31, "month")``
- ``shift(p, -1)``                           -> the month before (November 2026); a custom period
  moves by its own length, the last 12 months by 12 months
- ``buckets(p, "month")``                    -> the calendar months the period touches, each clipped
  to the period (revenue bars)
- ``weeks(p)``                               -> the Monday-to-Sunday weeks it touches (activity)
- ``parse_period(text, today)``              -> a Period from ``--period``; ValueError with a
  one-line reason for anything else
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

KINDS = ("week", "month", "quarter", "year", "last12", "custom")
LABELS = {"week": "this week", "month": "this month", "quarter": "this quarter", "year": "this year",
          "last12": "last 12 months", "custom": "custom"}


@dataclass(frozen=True, slots=True)
class Period:
    """The days ``start`` to ``end``, both included."""

    start: date
    end: date
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def after(self) -> date:
        """The first day after the period (the exclusive bound queries compare with)."""
        return self.end + timedelta(days=1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def label(self) -> str:
        """'2026-12' · '2026 Q4' · '2026' · 'week of 2026-12-07' · '2026-01-01 – 2026-03-15'."""
        s, e = self.start, self.end
        if self.kind == "month":
            return f"{s:%Y-%m}"
        if self.kind == "quarter":
            return f"{s.year} Q{(s.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{s.year}"
        if self.kind == "week":
            return f"week of {s.isoformat()}"
        return f"{s.isoformat()} – {e.isoformat()}"


def period(kind: str, today: date) -> Period:
    """The period of ``kind`` (``KINDS`` but custom) that holds ``today``."""
    if kind == "week":
        start = today - timedelta(days=today.weekday())
        return Period(start, start + timedelta(days=6), kind)
    if kind == "month":
        start = today.replace(day=1)
    elif kind == "quarter":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    elif kind == "year":
        start = date(today.year, 1, 1)
    elif kind == "last12":
        start = today.replace(day=1) - relativedelta(months=11)
        return Period(start, today.replace(day=1) + relativedelta(months=1) - timedelta(days=1), kind)
    else:
        raise ValueError(f"{kind!r} is not a period; use one of {', '.join(k for k in KINDS if k != 'custom')}")
    return Period(start, start + _STEP[kind] - timedelta(days=1), kind)


_STEP = {"week": relativedelta(weeks=1), "month": relativedelta(months=1), "quarter": relativedelta(months=3),
         "year": relativedelta(years=1), "last12": relativedelta(months=1)}


def shift(p: Period, steps: int) -> Period:
    """The period ``steps`` before (negative) or after (positive) ``p``, of the same kind."""
    if p.kind == "custom":
        delta = timedelta(days=p.days * steps)
        return Period(p.start + delta, p.end + delta, "custom")
    if p.kind == "last12":  # the 12 months before / after
        return period("last12", p.end.replace(day=1) + relativedelta(months=12 * steps))
    start = p.start + _STEP[p.kind] * steps
    return Period(start, start + _STEP[p.kind] - timedelta(days=1), p.kind)


def buckets(p: Period, size: str = "month") -> list[Period]:
    """The calendar months (or quarters) ``p`` touches, each clipped to ``p``."""
    months = 3 if size == "quarter" else 1
    if size not in ("month", "quarter"):
        raise ValueError(f"{size!r}: revenue is by month or quarter")
    first = date(p.start.year, ((p.start.month - 1) // months) * months + 1, 1)
    out = []
    while first <= p.end:
        nxt = first + relativedelta(months=months)
        out.append(Period(max(first, p.start), min(nxt - timedelta(days=1), p.end), size))
        first = nxt
    return out


def bucket_label(b: Period) -> str:
    """'2026-12' for a month bucket, '2026 Q4' for a quarter one."""
    return f"{b.start.year} Q{(b.start.month - 1) // 3 + 1}" if b.kind == "quarter" else f"{b.start:%Y-%m}"


def weeks(p: Period) -> list[date]:
    """The Mondays of the weeks ``p`` touches."""
    monday = p.start - timedelta(days=p.start.weekday())
    out = []
    while monday <= p.end:
        out.append(monday)
        monday += timedelta(days=7)
    return out


def parse_period(text: str | None, today: date, start: date | None = None, end: date | None = None) -> Period:
    """``--period`` (week, month, quarter, year, last12; or none) with ``--from``/``--to``:
    from/to alone make a custom period (a missing end is today, a missing start the first of
    ``end``'s year); a named period with from/to is refused (one or the other)."""
    if text and (start or end):
        raise ValueError("--period and --from/--to: give one or the other")
    if text:
        wanted = text.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
        aliases = {"this" + k: k for k in KINDS} | {"last12months": "last12", "12months": "last12"}
        kind = aliases.get(wanted, wanted)
        return period(kind, today)
    if start or end:
        end = end or today
        start = start or date(end.year, 1, 1)
        return Period(start, end, "custom")
    return period("month", today)
