"""Kanban reads: the job-orders board, one job's candidate pipeline, the placements board.

Each column is one indexed query with ``LIMIT`` (a long column pages: ``column_cards`` with an
offset), and every column's count and fee totals (per currency) come from one ``GROUP BY`` — a board never
loads a whole table. Cards are ordered by ``rank`` (what J/K change), then id: a column's page
of ids is read first, in that order, from the ``(stage, rank, id)`` index (``ix_job_order_board``,
``ix_placement_board``: no sort of the column, however long — 43,000 placements past their
guarantee at 1M candidates), and only the page's cards are joined and counted; the placement
totals are read from ``ix_placement_fees`` alone. SQL written once for both engines, frozen dataclasses; strings
are user data (screens show them through ``deskcrm.text``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.pipeline_rules import effective_fee
from deskcrm.domain.stages import added_id, added_key, stage_label
from deskcrm.domain.stages import board as board_stages
from deskcrm.store import user_stages
from deskcrm.store.custom_values import record_labelled
from deskcrm.store.board_cards import (
    Board,
    Card,
    Column,
    ContractTerms,
    JobCard,
    JobHeader,
    PlacementCard,
    SubmissionCard,
    contract_terms,
)
from deskcrm.store.board_rows import DEAD, JOB_FEE, SUB_CLOSED, owner_sql, placement_dates, words_sql
from deskcrm.store.errors import StoreError
from deskcrm.store.values import local, parse_date

__all__ = [
    "Board", "Card", "Column", "ContractTerms", "JobCard", "JobHeader", "PlacementCard", "SubmissionCard",
    "column_cards", "column_count", "job_board", "job_header", "job_pipeline", "placement_board",
]


BoardName = Literal["jobs", "pipeline", "placements"]
_DEAD, _SUB_CLOSED, _JOB_FEE = DEAD, SUB_CLOSED, JOB_FEE  # shared with the CLI's whole-column reads


def _stages(pipeline: str, exits: bool) -> list[str]:
    """The board's columns (with the stages a team added between the canonical ones)."""
    return [s.key for s in board_stages(pipeline) if exits or not s.exit]


# --------------------------------------------------------------------------- job orders

_JOB_FROM = "FROM job_order j JOIN company c ON c.id = j.company_id LEFT JOIN recruiter r ON r.id = j.owner_id"
_JOB_TEXT = ("j.title", "c.name", "r.initials")


def _job_where(text: str, owner: str | None) -> tuple[str, list[Any]]:
    return _and(words_sql(text, _JOB_TEXT), owner_sql(owner))


def _and(*parts: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    return "".join(sql for sql, _ in parts), [p for _, params in parts for p in params]


def _job_cards(conn: Connection, stage: str, offset: int, limit: int, text: str,
               owner: str | None) -> tuple[JobCard, ...]:
    where, params = _job_where(text, owner)
    # The page's ids first (the filter, when there is one, needs the joined names), then its cards.
    page = (f"SELECT j.id {_JOB_FROM} WHERE j.stage = ?{where}" if where
            else "SELECT j.id FROM job_order j WHERE j.stage = ?")
    rows = conn.execute(
        f"""SELECT j.id, j.version, j.stage, j.rank, j.title, c.name, c.id, r.initials, j.openings,
               (SELECT count(*) FROM placement pl WHERE pl.job_id = j.id AND pl.status NOT IN {_DEAD}),
               (SELECT count(*) FROM submission s WHERE s.job_id = j.id AND s.stage NOT IN {_SUB_CLOSED}),
               j.opened_on, j.urgency, {_JOB_FEE}, j.currency
            FROM ({page} ORDER BY j.rank, j.id LIMIT ? OFFSET ?) AS k
            JOIN job_order j ON j.id = k.id JOIN company c ON c.id = j.company_id
            LEFT JOIN recruiter r ON r.id = j.owner_id
            ORDER BY j.rank, j.id""",
        (stage, *params, limit, offset),
    ).fetchall()
    return tuple(
        JobCard(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], parse_date(r[11]), r[12],
                round(r[13], 2) if r[13] is not None else None, r[14])
        for r in rows
    )


def job_board(conn: Connection, *, text: str = "", owner: str | None = None,
              include_closed: bool = False, per_column: int = 50) -> Board:
    """Job orders by stage; closed / on-hold jobs only with ``include_closed``."""
    stages = _stages("job", include_closed)
    where, params = _job_where(text, owner)
    marks = ", ".join("?" for _ in stages)
    # Without a filter, the recruiter is not needed: the totals come from ix_job_order_fees alone
    # (and each job's company terms).
    source = _JOB_FROM if where else "FROM job_order j JOIN company c ON c.id = j.company_id"
    totals = _totals(conn.execute(
        f"SELECT j.stage, j.currency, count(*), sum({_JOB_FEE}) {source}"
        f" WHERE j.stage IN ({marks}){where} GROUP BY j.stage, j.currency",
        (*stages, *params),
    ))
    return Board(tuple(
        _column("job", stage, totals, _job_cards(conn, stage, 0, per_column, text, owner) if stage in totals else ())
        for stage in stages
    ), "job")


def _totals(rows) -> dict[str, tuple[int, tuple[tuple[str, int, float], ...]]]:
    """``(stage, currency, count, fee sum)`` rows -> stage: (count, fees per currency, most cards
    first). A currency whose cards have no fee counts its cards but shows no total."""
    found: dict[str, tuple[int, list[tuple[str, int, float]]]] = {}
    for stage, currency, count, total in rows:
        n, sums = found.get(stage, (0, []))
        if total is not None:
            sums.append((currency or "", count, round(total, 2)))
        found[stage] = (n + count, sums)
    return {
        stage: (n, tuple(sorted(sums, key=lambda s: (-s[1], -s[2], s[0])))) for stage, (n, sums) in found.items()
    }


def _column(pipeline: str, stage: str, totals: dict, cards: tuple) -> Column:
    count, sums = totals.get(stage, (0, ()))
    return Column(stage, count, sums, cards, stage_label(pipeline, stage))


# --------------------------------------------------------------------------- a job's pipeline

_SUB_TEXT = ("p.name", "p.headline")


def _submission_cards(conn: Connection, job_id: int, stage: str, offset: int, limit: int,
                      text: str) -> tuple[SubmissionCard, ...]:
    where, params = words_sql(text, _SUB_TEXT)
    added = added_id(stage)  # an added stage's column: its cards; a canonical one: those at no added stage
    column = ("s.user_stage_id = ?", added) if added is not None else ("s.stage = ? AND s.user_stage_id IS NULL", stage)
    rows = conn.execute(
        f"""SELECT s.id, s.version, s.stage, s.rank, s.person_id, p.name, p.headline, s.stage_changed_at,
                   s.interview_at, s.exit_reason
            FROM submission s JOIN person p ON p.id = s.person_id
            WHERE s.job_id = ? AND {column[0]}{where} ORDER BY s.rank, s.id LIMIT ? OFFSET ?""",
        (job_id, column[1], *params, limit, offset),
    ).fetchall()
    return tuple(
        SubmissionCard(r[0], r[1], stage, r[3], r[4], r[5], r[6], local(r[7]), local(r[8]), r[9]) for r in rows
    )


def job_header(conn: Connection, job_id: int) -> JobHeader:
    r = conn.execute(
        f"""SELECT j.id, j.version, j.title, c.id, c.name, j.stage, j.openings,
               (SELECT count(*) FROM placement pl WHERE pl.job_id = j.id AND pl.status NOT IN {_DEAD}),
               c.fee_percent, c.flat_fee, j.fee_percent_override, j.flat_fee_override, j.currency,
               (SELECT initials FROM recruiter WHERE id = j.owner_id),
               j.job_type, j.bill_rate, j.pay_rate, j.rate_unit, j.end_date, j.custom
            FROM job_order j JOIN company c ON c.id = j.company_id WHERE j.id = ?""",
        (job_id,),
    ).fetchone()
    if r is None:
        raise StoreError(f"job order {job_id} does not exist (deleted, or a wrong id)")
    pct, flat = effective_fee(r[8], r[9], r[10], r[11])
    return JobHeader(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], pct, flat, r[12], r[13], contract_terms(r[14:19]),
                     record_labelled(conn, "job", r[19]))



def job_pipeline(conn: Connection, job_id: int, *, text: str = "", include_exits: bool = True,
                 per_column: int = 50) -> tuple[JobHeader, Board]:
    """One job's candidates by submission stage (exits, with their reasons, by default)."""
    header = job_header(conn, job_id)
    user_stages.load(conn)  # the stages a colleague added since show on this read
    stages = _stages("submission", include_exits)
    where, params = words_sql(text, _SUB_TEXT)
    totals = {
        added_key(added) if added is not None else stage: (count, ())
        for stage, added, count in conn.execute(
            f"SELECT s.stage, s.user_stage_id, count(*) FROM submission s JOIN person p ON p.id = s.person_id"
            f" WHERE s.job_id = ?{where} GROUP BY s.stage, s.user_stage_id",
            (job_id, *params),
        )
    }
    return header, Board(tuple(
        _column("submission", stage, totals,
                _submission_cards(conn, job_id, stage, 0, per_column, text) if stage in totals else ())
        for stage in stages
    ), "submission")


# --------------------------------------------------------------------------- placements

_PL_FROM = """FROM placement pl JOIN person p ON p.id = pl.person_id JOIN company c ON c.id = pl.company_id
    JOIN job_order j ON j.id = pl.job_id LEFT JOIN recruiter r ON r.id = pl.recruiter_id"""
_PL_TEXT = ("p.name", "c.name", "j.title", "r.initials")


def _placement_card(r: tuple, today: date) -> PlacementCard:
    status, start, end = r[2], parse_date(r[10]), parse_date(r[14])
    left, following = placement_dates(status, start, end, ((r[15], r[16]), (r[17], r[18]), (r[19], r[20])), today)
    return PlacementCard(r[0], r[1], status, r[3], r[4], r[5], r[6], r[7], r[8], r[9], start, r[11], r[12], r[13],
                         end, left, parse_date(following), r[21], contract_terms(r[22:]))


def _pl_where(text: str, owner: str | None) -> tuple[str, list[Any]]:
    return _and(words_sql(text, _PL_TEXT), owner_sql(owner))


def _placement_cards(conn: Connection, stage: str, offset: int, limit: int,
                     text: str, owner: str | None = None) -> tuple[PlacementCard, ...]:
    where, params = _pl_where(text, owner)
    # The page's ids first (on the placement table alone unless the filter needs the joined
    # names), then just that page is joined.
    page = (f"SELECT pl.id {_PL_FROM} WHERE pl.status = ?{where}" if where
            else "SELECT pl.id FROM placement pl WHERE pl.status = ?")
    rows = conn.execute(
        f"""SELECT pl.id, pl.version, pl.status, pl.rank, pl.person_id, p.name, c.id, c.name, j.id, j.title,
                   pl.start_date, pl.fee_amount, pl.currency, pl.fee_status, pl.guarantee_end,
                   pl.checkin_30, pl.checkin_30_done_at, pl.checkin_60, pl.checkin_60_done_at,
                   pl.checkin_90, pl.checkin_90_done_at, r.initials,
                   pl.placement_type, pl.bill_rate, pl.pay_rate, pl.rate_unit, pl.end_date
            {_PL_FROM.replace("FROM placement pl", f"FROM ({page} ORDER BY pl.rank, pl.id LIMIT ? OFFSET ?) AS k"
                              " JOIN placement pl ON pl.id = k.id")}
            ORDER BY pl.rank, pl.id""",
        (stage, *params, limit, offset),
    ).fetchall()
    today = clock.today()
    return tuple(_placement_card(r, today) for r in rows)


def placement_board(conn: Connection, *, text: str = "", owner: str | None = None, include_exits: bool = False,
                    per_column: int = 50) -> Board:
    """Placements by status: offer accepted, in guarantee, passed (exits only when asked);
    ``owner`` (initials): only the placements that recruiter made."""
    stages = _stages("placement", include_exits)
    where, params = _pl_where(text, owner)
    marks = ", ".join("?" for _ in stages)
    source = _PL_FROM if where else "FROM placement pl"  # the joins only matter to a filter
    totals = _totals(conn.execute(
        f"SELECT pl.status, pl.currency, count(*), sum(pl.fee_amount) {source}"
        f" WHERE pl.status IN ({marks}){where} GROUP BY pl.status, pl.currency",
        (*stages, *params),
    ))
    return Board(tuple(
        _column("placement", stage, totals,
                _placement_cards(conn, stage, 0, per_column, text, owner) if stage in totals else ())
        for stage in stages
    ), "placement")


# --------------------------------------------------------------------------- paging


def column_cards(conn: Connection, board: BoardName, stage: str, *, offset: int, limit: int,
                 text: str = "", job_id: int | None = None, owner: str | None = None) -> tuple:
    """The next page of one column ("+37 more")."""
    if board == "jobs":
        return _job_cards(conn, stage, offset, limit, text, owner)
    if board == "pipeline":
        if job_id is None:
            raise ValueError("column_cards('pipeline', ...) needs job_id")
        return _submission_cards(conn, job_id, stage, offset, limit, text)
    if board == "placements":
        return _placement_cards(conn, stage, offset, limit, text, owner)
    raise ValueError(f"unknown board {board!r}: jobs, pipeline or placements")


def column_count(conn: Connection, board: Literal["jobs", "placements"], stages: tuple[str, ...]) -> int:
    """How many cards the (unfiltered) board's ``stages`` columns hold in all: their counts on
    :func:`job_board` / :func:`placement_board`, without the fee totals (a table's footer)."""
    marks = ", ".join("?" for _ in stages)
    if board == "jobs":
        sql = f"SELECT count(*) FROM job_order j JOIN company c ON c.id = j.company_id WHERE j.stage IN ({marks})"
    elif board == "placements":
        sql = f"SELECT count(*) FROM placement pl WHERE pl.status IN ({marks})"
    else:
        raise ValueError(f"unknown board {board!r}: jobs or placements")
    return int(conn.execute(sql, stages).fetchone()[0])
