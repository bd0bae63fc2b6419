"""Submissions as a list: which candidate is on which job order, at what stage — the ids that
``deskcrm move submission ID`` needs (``deskcrm submissions``).

One indexed query (``submission.job_id`` / ``person_id`` / ``stage``), ordered by job order,
then pipeline stage, then the board's rank. Plain sqlite3, frozen rows; strings are user data
(printers show them through ``deskcrm.text``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from deskcrm.stages import PIPELINES
from deskcrm.store.errors import NotFound
from deskcrm.store.values import is_id, local


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    version: int
    stage: str  # canonical key
    person_id: int
    candidate: str
    job_id: int
    job_title: str
    company_id: int
    company: str
    stage_changed_at: datetime | None  # naive local
    interview_at: datetime | None  # naive local
    exit_reason: str | None


def open_stages() -> tuple[str, ...]:
    """The stages of a candidate still in play: neither placed nor an exit (rejected, withdrew)."""
    return tuple(s.key for s in PIPELINES["submission"] if not s.terminal)


def list_submissions(conn: sqlite3.Connection, *, job_id: int | None = None, person_id: int | None = None,
                     stages: Sequence[str] | None = None) -> list[SubmissionRow]:
    """Submissions at ``stages`` (default: :func:`open_stages`), of one job order and/or one
    person. A job order or person that does not exist is :class:`NotFound`, not an empty list."""
    where, params = [], []
    for value, table, column, label in ((job_id, "job_order", "job_id", "job order"),
                                        (person_id, "person", "person_id", "person")):
        if value is None:
            continue
        if not is_id(value) or conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (value,)).fetchone() is None:
            raise NotFound(f"{label} {value} does not exist", label)
        where.append(f"s.{column} = ?")
        params.append(value)
    wanted = tuple(stages) if stages is not None else open_stages()
    where.append(f"s.stage IN ({', '.join('?' * len(wanted))})")
    params += wanted
    rows = conn.execute(
        f"""SELECT s.id, s.version, s.stage, s.person_id, p.name, s.job_id, j.title, c.id, c.name,
                   s.stage_changed_at, s.interview_at, s.exit_reason, s.rank
            FROM submission s JOIN person p ON p.id = s.person_id JOIN job_order j ON j.id = s.job_id
            JOIN company c ON c.id = j.company_id
            WHERE {' AND '.join(where)}""",
        params,
    ).fetchall()
    order = {key: i for i, key in enumerate(s.key for s in PIPELINES["submission"])}
    rows.sort(key=lambda r: (r[5], order.get(r[2], len(order)), r[12], r[0]))
    return [SubmissionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], local(r[9]), local(r[10]), r[11])
            for r in rows]
