"""A pool's people, a page at a time (paged by SQL: a pool of 10k opens as fast as one of 10),
and a saved search run again.

    page(conn, pool_id, today, limit=100, offset=0)   # -> [Member, ...] by name
    ids(conn, pool_id)                                  # -> every member's id (bulk actions)
    rerun(conn, pool_id, today, me)                     # a saved search: its people found again (a write)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from deskcrm.store import pools
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound
from deskcrm.store.values import local


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    name: str
    headline: str | None
    employer: str | None
    status: str | None  # candidate status; None: not a candidate
    last_contact: date | None  # local date of the last touch
    cold: bool  # gone cold (the due list's nurture rule)


def page(conn: Connection, pool_id: int, today: date, *, limit: int = 100, offset: int = 0,
         nurture_days: int = pools.NURTURE_DAYS) -> list[Member]:
    """One page of the pool's people, by name (erased people are never shown)."""
    cold, params = pools.cold_condition(today, nurture_days)
    rows = conn.execute(
        f"""SELECT p.id, p.name, p.headline, cp.current_employer, cp.status, p.last_contact_at,
                   CASE WHEN {cold} THEN 1 ELSE 0 END
            FROM pool_member AS m JOIN person AS p ON p.id = m.person_id
            LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id
            WHERE m.pool_id = ? AND p.erased_at IS NULL
            ORDER BY lower(p.name), p.id LIMIT ? OFFSET ?""",
        (*params, pool_id, max(0, int(limit)), max(0, int(offset))),
    ).fetchall()
    out = []
    for pid, name, headline, employer, status, last, is_cold in rows:
        when = local(last)
        out.append(Member(pid, name, headline, employer, status, when.date() if when else None, bool(is_cold)))
    return out


def ids(conn: Connection, pool_id: int) -> list[int]:
    """Every person in the pool (erased people left out), by name."""
    return [r[0] for r in conn.execute(
        "SELECT p.id FROM pool_member AS m JOIN person AS p ON p.id = m.person_id"
        " WHERE m.pool_id = ? AND p.erased_at IS NULL ORDER BY lower(p.name), p.id", (pool_id,))]


def rerun(conn: Connection, pool_id: int, today: date, me: str | None = None) -> pools.PoolRow:
    """Run a saved search's query again; its people are who it finds now (at most ``pools.CAP``).
    A hand-picked pool is left as it is. Returns the pool as it is now."""
    from deskcrm.domain.search_query import parse
    from deskcrm.store.search import SqliteSearch

    row = conn.execute("SELECT query FROM pool WHERE id = ?", (pool_id,)).fetchone()
    if row is None:
        raise NotFound(f"pool #{pool_id} does not exist (any more)", "pool")
    if row[0] is not None:
        found = SqliteSearch(conn, today, me, correct=False).search(parse(row[0], typing=False), limit=pools.CAP)
        pools.refresh(conn, pool_id, [r.id for r in found.rows])
    return pools.pool(conn, pool_id, today)


def save_search(conn: Connection, name: str, query: str, today: date, me: str | None = None) -> pools.Written:
    """A new saved-search pool of ``query`` (its people: who the search finds now)."""
    from deskcrm.domain.search_query import parse
    from deskcrm.store.errors import Invalid
    from deskcrm.store.search import SqliteSearch

    parsed = parse(query or "", typing=False)
    if parsed.is_empty:
        raise Invalid({"query": "type a search first (words or filters like skill:rust type:contract)"})
    if parsed.problems:
        raise Invalid({"query": parsed.problems[0]})
    found = SqliteSearch(conn, today, me, correct=False).search(parsed, limit=pools.CAP)
    return pools.create_pool(conn, name, query=query, ids=[r.id for r in found.rows])
