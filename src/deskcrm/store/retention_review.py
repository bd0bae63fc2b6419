"""The retention review list (issue 14 item 2): the candidates Due today's one "Retention review"
item counts (``store.retention_due``: past their retention period by at most
``retention_horizon_days`` — since the last contact, a review that kept them, or the latest
placement's start), a page at a time; keeping them (a consent-ledger ``review`` entry each, one transaction) and
erasing them (``store.erasure`` per person, one compact at the end)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.domain.due import DueSettings
from deskcrm.store import consent_ledger, db, erasure, journal, retention_due
from deskcrm.store.db import Connection
from deskcrm.store.values import local, parse_date

PAGE = 50


@dataclass(frozen=True, slots=True)
class Candidate:
    person_id: int
    name: str
    last_contact: date | None  # None: never contacted (then ``added`` is what counts)
    added: date
    source: str | None
    lawful_basis: str | None
    why: str = "contact"  # retention_due.WHY: what their retention period runs from
    since: date | None = None  # ... and from which day (the last contact or addition, the review, the start)


def page(conn: Connection, today: date, s: DueSettings, offset: int = 0, limit: int = PAGE) -> list[Candidate]:
    """One page of the candidates due for review (``store.retention_due``): the stale by contact,
    then the kept, then the placed; the newest first in each, then by id."""
    rows = conn.execute(
        f"""
        WITH due(id, why, since) AS ({retention_due.page_sql()})
        SELECT p.id, p.name, p.last_contact_at, p.created_at, p.source,
               (SELECT co.lawful_basis FROM consent co WHERE co.person_id = p.id
                 ORDER BY co.sourced_at DESC, co.id DESC LIMIT 1),
               due.why, due.since
        FROM due JOIN person p ON p.id = due.id
        ORDER BY due.why, due.since DESC, p.id
        """,
        {**retention_due.window(today, s), "limit": limit, "offset": offset},
    ).fetchall()
    out = []
    for pid, name, last, created, source, basis, why, since in rows:
        last_local = local(last)
        reason = retention_due.WHY[why]
        since_day = local(since).date() if reason == "contact" else parse_date(since)
        out.append(Candidate(pid, name, last_local.date() if last_local else None, local(created).date(), source, basis,
                             reason, since_day))
    return out


def keep(conn: Connection, person_ids: Sequence[int]) -> str:
    """Keep their data: a ``review`` entry each, dated today, in ONE transaction (``ctrl+z`` undoes
    it); the count and the list skip them for another retention period. Returns the txn id."""
    txn = journal.new_txn()
    today = clock.today()
    with db.write(conn):
        for pid in person_ids:
            consent_ledger.apply(conn, txn, pid, "review", on_date=today)
    return txn


def erase(conn: Connection, person_ids: Sequence[int], *, data_dir: Path | None,
          progress: Callable[[int, int], None] | None = None) -> int:
    """Erase each person (``store.erasure``, one transaction each), then compact once. Returns
    how many were erased; ``progress(done, total)`` after each."""
    total = len(person_ids)
    for n, pid in enumerate(person_ids, 1):
        erasure.erase(conn, pid, data_dir=data_dir, compact_after=False)
        if progress is not None:
            progress(n, total)
    if total:
        erasure.compact(conn)
    return total
