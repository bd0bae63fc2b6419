"""The one read of a dead end that the engines answer differently: the first matches of one
indexed part (a word, ``skill:``, ``city:``) in person-id order, from the index alone.

    walk = walk_end(backend)                      # once per dead end (None on SQLite)
    ids, end = first_ids(backend, part, 1_000, walk)   # end: the ids are complete up to here (None: all)

| SQLite | PostgreSQL |
|---|---|
| FTS5 streams a MATCH's rowids in order: ``LIMIT`` stops the scan after ``cap`` | a GIN index yields a bitmap, not an order: the planner either walks the primary key testing every row (46,000 rows for a word in 2% of people) or sorts every match. So: the words' matches among the first ``WALK`` ids (bounded whatever the plan); when that finds fewer than ``DENSE`` (a rarer word), the first ``cap`` of all its matches from the bitmap, sorted (``+ 0``: no walk) |

Nothing here imports a driver.
"""

from __future__ import annotations

from deskcrm.domain.search_query import Query
from deskcrm.store import db
from deskcrm.store.search import SqliteSearch

__all__ = ["DENSE", "WALK", "first_ids", "walk_end"]

WALK = 4_000  # PostgreSQL: the first ids a part is looked for among first
DENSE = 50  # PostgreSQL: matches among them from which the walk's answer is enough


def walk_end(backend: SqliteSearch) -> int | None:
    """PostgreSQL: the ``WALK``-th indexed id (None: fewer people, or SQLite: no walk)."""
    if db.engine(backend.conn) != "postgresql":
        return None
    row = backend.conn.execute(f"SELECT person_id FROM person_fts ORDER BY person_id OFFSET {WALK - 1} LIMIT 1"
                               ).fetchone()
    return int(row[0]) if row else None


def first_ids(backend: SqliteSearch, part: Query, cap: int, walk: int | None) -> tuple[list[int], int | None]:
    """The first matches of ``part`` in id order, and the id up to which they are all of its
    matches (None: they are every match). ``walk``: :func:`walk_end`."""
    match = backend.sql.match(part)
    if match is None:
        return [], None
    cond, params = match
    key = backend.sql.key
    if db.engine(backend.conn) == "postgresql":
        if walk is not None:
            ids = [int(r[0]) for r in backend.conn.execute(
                f"SELECT {key} FROM person_fts AS f WHERE {key} <= ? AND {cond} ORDER BY {key}",
                [walk, *params]).fetchall()]
            if len(ids) >= DENSE:
                return ids[:cap], (ids[cap - 1] if len(ids) > cap else walk)
        key += " + 0"  # every match from the bitmap, sorted: not a walk
    ids = [int(r[0]) for r in backend.conn.execute(
        f"SELECT {backend.sql.key} FROM person_fts AS f WHERE {cond} ORDER BY {key} LIMIT ?", [*params, cap]).fetchall()]
    return ids, (ids[-1] if len(ids) == cap else None)
