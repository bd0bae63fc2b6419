"""Value formats shared by raw-SQL paths and the ORM (they must agree on disk).

Timestamps are stored in UTC as ``YYYY-MM-DD HH:MM:SS.ffffff`` (SQLAlchemy's SQLite
format); dates as ``YYYY-MM-DD``; lists as JSON text.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

MAX_ID = 2**63 - 1  # SQLite's largest INTEGER: a bigger number (typed by hand) names no row


def is_id(value: int) -> bool:
    """Whether ``value`` can be a row id at all (SQLite refuses bigger numbers outright)."""
    return 0 < value <= MAX_ID


def ts(value: datetime) -> str:
    """Aware (or naive local) datetime -> stored UTC text."""
    if value.tzinfo is None:
        value = value.astimezone()  # naive means local wall-clock time
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def parse_ts(text: str | None) -> datetime | None:
    """Stored UTC text -> aware UTC datetime."""
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def local(text: str | None) -> datetime | None:
    """Stored UTC text -> naive local wall-clock time (what a recruiter reads)."""
    value = parse_ts(text)
    return value.astimezone().replace(tzinfo=None) if value else None


def midnight(d: date) -> datetime:
    """The start of a local day, as a naive local datetime."""
    return datetime(d.year, d.month, d.day)


def ds(value: date | None) -> str | None:
    return value.isoformat() if value else None


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def dumps_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


def loads_list(text: str | None) -> list[str]:
    return json.loads(text) if text else []
