"""Date SQL the two engines spell differently: one module for the concern (DESIGN.md §2).

Dates and stamps are compared as they are on both engines (a DATE or TIMESTAMPTZ column with an
ISO text parameter); what needs a date *function* is here, chosen by ``db.engine(conn)``:

- :func:`local_day_plus`: the recruiter's LOCAL day of a stored UTC stamp, plus N days (the
  clients' next check-in). SQLite: ``date(x, 'localtime', '+N days')`` (the process's zone).
  PostgreSQL: ``(x AT TIME ZONE :local_zone)::date + N`` with the machine's zone passed as a
  parameter (:func:`zone_params`: the session itself stays in UTC, which ``store.pg`` reads
  stamps in); past year 9999 it is NULL on both, as SQLite's ``date()`` gives.
- :func:`day_text`: a DATE column as ``YYYY-MM-DD`` text. SQLite stores text that may carry a
  time (``substr(x, 1, 10)``); PostgreSQL's DATE is read as that text already.

Row limits need no spelling: :data:`NO_LIMIT` is a ``LIMIT`` both accept.
"""

from __future__ import annotations

import os
from datetime import datetime

from deskcrm.store import db

NO_LIMIT = 2**63 - 1  # "every row" as a LIMIT both engines take (SQLite's -1 is an error on PostgreSQL)


def local_day_plus(conn: object, stamp: str, days: str) -> str:
    """SQL for the local date of the UTC stamp ``stamp`` plus ``days`` (SQL expressions); on
    PostgreSQL the statement's parameters must include :func:`zone_params`."""
    if db.engine(conn) == "postgresql":
        day = f"CAST(({stamp}) AT TIME ZONE :local_zone AS DATE)"
        return f"(CASE WHEN {days} <= DATE '9999-12-31' - {day} THEN {day} + {days} END)"
    return f"date({stamp}, 'localtime', '+' || {days} || ' days')"


def day_text(conn: object, column: str) -> str:
    """SQL for a date column's ``YYYY-MM-DD`` text."""
    return column if db.engine(conn) == "postgresql" else f"substr({column}, 1, 10)"


def zone_params(conn: object) -> dict[str, str]:
    """The named parameter :func:`local_day_plus` needs (none on SQLite)."""
    return {"local_zone": local_zone()} if db.engine(conn) == "postgresql" else {}


def local_zone() -> str:
    """This machine's time zone as PostgreSQL reads one: ``$TZ`` (an IANA name or a POSIX rule,
    as the C library reads it), else the zone ``/etc/localtime`` links to, else
    ``/etc/timezone``, else today's fixed offset (a POSIX rule: west of Greenwich is positive)."""
    tz = os.environ.get("TZ")
    if tz is not None:
        tz = tz.removeprefix(":")
        if not tz:
            return "UTC"
        if not tz.startswith("/"):
            return tz
        named = _zoneinfo_name(tz)
        if named:
            return named
    named = _zoneinfo_name("/etc/localtime")
    if named:
        return named
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            named = fh.read().strip()
    except OSError:
        named = ""
    if named:
        return named
    offset = datetime.now().astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "-" if minutes > 0 else "+"
    return f"LOC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _zoneinfo_name(path: str) -> str | None:
    """``Area/City`` of a zoneinfo file path (or of the file a link names), else None."""
    try:
        target = os.path.realpath(path)
    except OSError:
        return None
    for candidate in (path, target):
        if "/zoneinfo/" in candidate:
            name = candidate.split("/zoneinfo/", 1)[1]
            return name.removeprefix("posix/").removeprefix("right/") or None
    return None
