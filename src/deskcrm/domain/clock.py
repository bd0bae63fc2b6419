"""The injectable clock. Everything that asks "what day is it?" asks this module.

Tests and the CLI's ``--date`` freeze it; nothing else calls ``date.today()``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

_frozen: datetime | None = None


def freeze(at: date | datetime | None) -> None:
    """Freeze the clock at ``at`` (a date means midnight local); ``None`` unfreezes."""
    global _frozen
    if at is None or isinstance(at, datetime):
        _frozen = at
    else:
        _frozen = datetime(at.year, at.month, at.day, 9, 0)


def now() -> datetime:
    """Local wall-clock time, naive (the recruiter's day is local)."""
    return _frozen if _frozen is not None else datetime.now()


def today() -> date:
    return now().date()


def utcnow() -> datetime:
    """Aware UTC timestamp for stored 'at' columns."""
    if _frozen is not None:
        return _frozen.astimezone(timezone.utc)  # naive frozen time is local
    return datetime.now(timezone.utc)
