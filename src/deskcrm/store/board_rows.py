"""Whole board columns as plain rows, for the command line (`deskcrm jobs`, `deskcrm placements`).

The boards (``store.boards``) read a page of cards per column and build a frozen card for each;
a script's ``--json`` reads every card of every column (8,188 open job orders, 3,456 live
placements at 1M candidates), where a dataclass, a ``date`` and a dict per card cost more than
the query. Here each column is one query on its ``(stage, rank, id)`` index, in the boards'
order (column after column, by rank, then id), the counts a card shows computed in the same
statement on covering indexes, and each row is a named tuple with its dates as ISO text
(``YYYY-MM-DD``, as stored). The card values are the boards' own: the SQL pieces and the
guarantee / check-in rule below are the ones ``store.boards`` uses.

Only the driver is imported: the command line reads a board without the card dataclasses. The
date columns' text is spelled per engine (``store.date_sql.day_text``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple
from deskcrm.store import db
from deskcrm.store.date_sql import NO_LIMIT, day_text
from deskcrm.store.db import Connection


__all__ = ["JobRow", "PlacementRow", "job_rows", "placement_dates", "placement_rows", "words_sql"]

# SQL shared with store.boards (one definition): placements that no longer count, submissions
# no longer open, and a job's fee estimate.
DEAD = "('fell_off', 'guarantee_failed')"
SUB_CLOSED = "('placed', 'rejected_by_us', 'rejected_by_client', 'candidate_withdrew')"
# The other submission stages: counted as an IN (a few index seeks per job on (job_id, stage))
# rather than every submission of the job tested against SUB_CLOSED (~10% of `jobs --json` at 1M).
SUB_OPEN = "('sourced', 'contacted', 'qualified', 'submitted', 'interviewing', 'offered')"
# The effective fee of a job on the top of its comp range, times its openings (flat fee wins).
# A job's expected fee: its own fee terms, else its client's, on the top of its salary range, times its
# openings. A contract job without fee terms of its own earns by its rates (its margin), not a fee: none.
JOB_FEE = """(CASE WHEN j.fee_percent_override IS NOT NULL OR j.flat_fee_override IS NOT NULL
    THEN coalesce(j.flat_fee_override, coalesce(j.comp_max, j.comp_min) * j.fee_percent_override / 100.0)
    WHEN j.job_type = 'contract' THEN NULL
    ELSE coalesce(c.flat_fee, coalesce(j.comp_max, j.comp_min) * c.fee_percent / 100.0) END) * j.openings"""




def words_sql(text: str, columns: tuple[str, ...]) -> tuple[str, list[str]]:
    """`` AND (...)`` per word of ``text``: each word must appear in one of ``columns``, case
    aside (``lower`` on both sides: the same letters fold on both engines' sides of a LIKE;
    SQLite's own LIKE folds ASCII only, PostgreSQL's folds nothing). Wildcards are literal."""
    sql, params = "", []
    for word in text.split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql += " AND (" + " OR ".join(f"lower({col}) LIKE lower(?) ESCAPE '\\'" for col in columns) + ")"
        params += [pattern] * len(columns)
    return sql, params


def owner_sql(owner: str | None, column: str = "r.initials") -> tuple[str, list[str]]:
    """`` AND r.initials = ?`` for the boards' "mine" (``owner`` is the recruiter's initials; None:
    everyone's)."""
    if not owner:
        return "", []
    return f" AND {column} = ?", [owner.strip().upper()]


class JobRow(NamedTuple):
    id: int
    version: int
    stage: str
    title: str
    company: str
    company_id: int
    owner: str | None  # recruiter initials
    openings: int
    filled: int  # live placements (not fell off / guarantee failed)
    submissions: int  # open submissions (not placed, not an exit)
    opened_on: str | None  # ISO date
    urgency: int
    fee_estimate: float | None  # as computed (the caller rounds, as the board's card does)
    currency: str
    job_type: str  # perm | contract | retained; a contract's terms (0020):
    bill_rate: float | None
    pay_rate: float | None
    rate_unit: str | None  # hour | day
    end_date: str | None  # ISO date


class PlacementRow(NamedTuple):
    id: int
    version: int
    stage: str  # placement.status
    person_id: int
    candidate: str
    company_id: int
    company: str
    job_id: int
    job_title: str
    start_date: str | None  # ISO date
    fee_amount: float
    currency: str
    fee_status: str
    guarantee_end: str | None  # ISO date
    guarantee_days_left: int | None
    next_checkin: str | None  # ISO date: the first check-in not yet done
    owner: str | None
    placement_type: str  # perm | contract; a contract's terms (0020):
    bill_rate: float | None
    pay_rate: float | None
    rate_unit: str | None
    end_date: str | None  # ISO date


_JOBS = """SELECT j.id, j.version, j.stage, j.title, c.name, c.id, r.initials, j.openings,
       (SELECT count(*) FROM placement pl WHERE pl.job_id = j.id AND pl.status NOT IN {DEAD}),
       (SELECT count(*) FROM submission s WHERE s.job_id = j.id AND s.stage IN {SUB_OPEN}),
       {opened_on}, j.urgency, {JOB_FEE}, j.currency, j.job_type, j.bill_rate, j.pay_rate, j.rate_unit, {job_end}
    FROM job_order j INDEXED BY ix_job_order_board JOIN company c ON c.id = j.company_id
    LEFT JOIN recruiter r ON r.id = j.owner_id
    WHERE j.stage = ? ORDER BY j.rank, j.id LIMIT ?"""

_PLACEMENTS = """SELECT pl.id, pl.version, pl.status, pl.person_id, p.name, c.id, c.name, j.id, j.title,
       {start_date}, pl.fee_amount, pl.currency, pl.fee_status, {guarantee_end},
       pl.checkin_30, pl.checkin_30_done_at, pl.checkin_60, pl.checkin_60_done_at,
       pl.checkin_90, pl.checkin_90_done_at, r.initials,
       pl.placement_type, pl.bill_rate, pl.pay_rate, pl.rate_unit, {placement_end}
    FROM placement pl INDEXED BY ix_placement_board JOIN person p ON p.id = pl.person_id
    JOIN company c ON c.id = pl.company_id JOIN job_order j ON j.id = pl.job_id
    LEFT JOIN recruiter r ON r.id = pl.recruiter_id
    WHERE pl.status = ? ORDER BY pl.rank, pl.id LIMIT ?"""

_ALL = NO_LIMIT


def _sql(conn: Connection, template: str) -> str:
    """``template`` with its date columns as ``YYYY-MM-DD`` text, in ``conn``'s engine's spelling."""
    engine = db.engine(conn)
    text = _SQL.get((engine, template))
    if text is None:
        text = _SQL[engine, template] = template.format(
            DEAD=DEAD, SUB_OPEN=SUB_OPEN, JOB_FEE=JOB_FEE, opened_on=day_text(conn, "j.opened_on"),
            start_date=day_text(conn, "pl.start_date"), guarantee_end=day_text(conn, "pl.guarantee_end"),
            job_end=day_text(conn, "j.end_date"), placement_end=day_text(conn, "pl.end_date"))
    return text


_SQL: dict[tuple[str, str], str] = {}


def job_rows(conn: Connection, stages: tuple[str, ...], most: int | None = None) -> Iterator[JobRow]:
    """Every job order in ``stages`` (the first ``most`` when given), column after column."""
    make = JobRow._make
    left = most
    for stage in stages:
        if left == 0:
            return
        n = 0
        for n, row in enumerate(map(make, conn.execute(_sql(conn, _JOBS), (stage, _ALL if left is None else left))), 1):
            yield row
        left = None if left is None else left - n


def placement_dates(status: str, start: date | None, end: date | None, checkins: tuple[tuple[str | None, object], ...],
                    today: date) -> tuple[int | None, str | None]:
    """(guarantee days left, the first check-in not yet done) of a placement, as its card shows
    them: days left only while it is live (before the start, the whole guarantee), no check-in
    once it is dead. ``checkins``: (date as stored, done at) for the 30/60/90-day check-ins."""
    left = None
    if status in ("offer_accepted", "started") and end:
        left = (end - (start if start and start > today else today)).days
    following = None
    if status not in ("fell_off", "guarantee_failed"):
        following = next((d[:10] for d, done in checkins if d and not done), None)
    return left, following


def placement_rows(conn: Connection, stages: tuple[str, ...], today: date,
                   most: int | None = None) -> Iterator[PlacementRow]:
    """Every placement in ``stages`` (the first ``most`` when given), column after column."""
    parse = date.fromisoformat
    left = most
    for stage in stages:
        if left == 0:
            return
        n = 0
        for r in conn.execute(_sql(conn, _PLACEMENTS), (stage, _ALL if left is None else left)):
            n += 1
            start, end = r[9], r[13]
            days, following = placement_dates(r[2], parse(start) if start else None, parse(end) if end else None,
                                              ((r[14], r[15]), (r[16], r[17]), (r[18], r[19])), today)
            yield PlacementRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], start, r[10], r[11], r[12],
                               end, days, following, *r[20:])
        left = None if left is None else left - n
