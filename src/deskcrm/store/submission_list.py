"""Submissions as a list: which candidate is on which job order, at what stage — the ids that
``deskcrm move submission ID`` needs (``deskcrm submissions``).

One indexed query (``submission.job_id`` / ``person_id`` / ``stage``), ordered by job order,
then pipeline stage, then the board's rank — in SQL, so a long list is read as it is printed
and a page reads about the page (see ``_select``). One SQL text for both engines (its SQLite join-order
and index hints are dropped on PostgreSQL by ``store.pg``), frozen rows; strings are user data
(printers show them through ``deskcrm.text``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from deskcrm.store.db import Connection
from deskcrm.domain.stages import PIPELINES, stage_label
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
    added_stage: str | None = None  # the name of the added stage it is at ("Technical test"; ``stage`` its category)
    interview_place: str | None = None  # where the interview is held, as typed (0022)

    @property
    def stage_label(self) -> str:
        """The stage as the board names it: an added stage's own name, else the stage's label."""
        return self.added_stage or stage_label("submission", self.stage)


def open_stages() -> tuple[str, ...]:
    """The stages of a candidate still in play: neither placed nor an exit (rejected, withdrew)."""
    return tuple(s.key for s in PIPELINES["submission"] if not s.terminal)


def list_submissions(conn: Connection, *, job_id: int | None = None, person_id: int | None = None,
                     stages: Sequence[str] | None = None) -> list[SubmissionRow]:
    """Submissions at ``stages`` (default: :func:`open_stages`), of one job order and/or one
    person. A job order or person that does not exist is :class:`NotFound`, not an empty list."""
    return list(submissions(conn, job_id=job_id, person_id=person_id, stages=stages))


def submissions(conn: Connection, *, job_id: int | None = None, person_id: int | None = None,
                stages: Sequence[str] | None = None, limit: int | None = None) -> Iterator[SubmissionRow]:
    """:func:`list_submissions` read as it is used: the first ``limit`` (default: all), ordered
    in SQL by job order, pipeline stage, the board's rank and id. A missing job order or
    person is :class:`NotFound` here, before the first row."""
    cursor = conn.execute(*_select(conn, job_id, person_id, stages, limit))
    return (SubmissionRow(*r[:9], local(r[9]), local(r[10]), *r[11:14])
            for r in cursor)


def explain_submissions(conn: Connection, *, job_id: int | None = None, person_id: int | None = None,
                        stages: Sequence[str] | None = None, limit: int | None = None) -> list[str]:
    """EXPLAIN QUERY PLAN of :func:`submissions`' query, one line per step (tests)."""
    sql, params = _select(conn, job_id, person_id, stages, limit)
    return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


def _select(conn: Connection, job_id: int | None, person_id: int | None, stages: Sequence[str] | None,
            limit: int | None) -> tuple[str, list[object]]:
    """The query and its parameters. Without ``person_id`` it walks the ``job_id`` index — the
    order it prints — joining each row as it is read (CROSS JOIN fixes the order), so SQLite
    sorts only within one job order (``RIGHT PART OF ORDER BY``) and ``LIMIT`` stops after the
    page; the stage index instead read and sorted every open submission first (0.4 s at 1M
    for a page of 50). One stage alone (``--stage``) or one person keep their own index."""
    where, params = _where(conn, job_id, person_id, stages)
    stage_order = " ".join(f"WHEN '{key}' THEN {i}" for i, key in enumerate(s.key for s in PIPELINES["submission"]))
    by_job = person_id is None and (stages is None or len(stages) > 1)
    joins = (" INDEXED BY ix_submission_job_id CROSS JOIN job_order j ON j.id = s.job_id"
             " CROSS JOIN person p ON p.id = s.person_id CROSS JOIN company c ON c.id = j.company_id" if by_job else
             " JOIN person p ON p.id = s.person_id JOIN job_order j ON j.id = s.job_id"
             " JOIN company c ON c.id = j.company_id")
    sql = f"""SELECT s.id, s.version, s.stage, s.person_id, p.name, s.job_id, j.title, c.id, c.name,
                   s.stage_changed_at, s.interview_at, s.exit_reason,
                   (SELECT u.name FROM user_stage u WHERE u.id = s.user_stage_id), s.interview_place
            FROM submission s{joins}
            WHERE {where}
            ORDER BY s.job_id, CASE s.stage {stage_order} ELSE {len(PIPELINES["submission"])} END, s.rank, s.id
            {"" if limit is None else "LIMIT ?"}"""
    return sql, params if limit is None else [*params, limit]


def count_submissions(conn: Connection, *, job_id: int | None = None, person_id: int | None = None,
                      stages: Sequence[str] | None = None) -> int:
    """How many :func:`submissions` there are (for "50 of 7,512")."""
    where, params = _where(conn, job_id, person_id, stages)
    return conn.execute(f"SELECT count(*) FROM submission s WHERE {where}", params).fetchone()[0]


def _where(conn: Connection, job_id: int | None, person_id: int | None,
           stages: Sequence[str] | None) -> tuple[str, list[object]]:
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
    return " AND ".join(where), params
