"""Shared fixtures for the issue-4 store tests: a seeded desk, a connection, table dumps."""

from __future__ import annotations

from datetime import date

from deskcrm.domain.pipeline_rules import PlacementInput
from deskcrm.store import db

_SKIP = {"event", "sqlite_sequence", "alembic_version"}


def table_names(conn) -> list[str]:
    """The desk's tables, on either engine (the search index's aside, and its postings: not records)."""
    if db.engine(conn) == "postgresql":
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return sorted(r[0] for r in conn.execute(sql) if not r[0].startswith(("person_fts", "person_prefix")))


def tables(conn) -> dict[str, list[tuple]]:
    """Every row of every ordinary table (not the journal), for before/after comparisons."""
    return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in table_names(conn) if n not in _SKIP}


def placement(start: date = date(2026, 12, 1), *, offer: date = date(2026, 11, 18), salary: float = 90_000.0,
              fee_percent: float | None = 20.0, flat_fee: float | None = None, currency: str = "EUR") -> PlacementInput:
    return PlacementInput(offer, start, salary, currency, fee_percent, flat_fee)


def version(conn, table: str, key: int) -> int:
    return conn.execute(f'SELECT version FROM "{table}" WHERE id = ?', (key,)).fetchone()[0]


def add_job(conn, company_id: int, title: str = "Platform Engineer", *, openings: int = 1, stage: str = "submitting",
            pct: float | None = None, flat: float | None = None) -> int:
    with db.write(conn):
        return conn.execute(
            "INSERT INTO job_order (company_id, title, skills, remote, comp_max, currency, openings, job_type, urgency,"
            " fee_percent_override, flat_fee_override, stage, owner_id, opened_on, rank, version)"
            " VALUES (?, ?, '[]', 'hybrid', 100000, 'EUR', ?, 'perm', 3, ?, ?, ?, 1, '2026-10-01', 0, 1) RETURNING id",
            (company_id, title, openings, pct, flat, stage),
        ).fetchone()[0]


def add_submission(conn, person_id: int, job_id: int, stage: str = "offered") -> int:
    with db.write(conn):
        return conn.execute(
            "INSERT INTO submission (person_id, job_id, stage, stage_changed_at, source, rank, created_at, version)"
            " VALUES (?, ?, ?, '2026-11-01 10:00:00.000000', 'LinkedIn', 0, '2026-10-20 10:00:00.000000', 1)"
            " RETURNING id",
            (person_id, job_id, stage),
        ).fetchone()[0]
