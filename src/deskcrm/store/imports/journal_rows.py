"""New rows written many at a time, journaled compactly (``store.created_rows``).

    ids = insert_rows(conn, txn, "person", [{...}, {...}])   # one executemany + ONE event

Every dict of one call has the same keys (every column the table needs, ``id`` aside: it is
assigned here, ``bulk_sql.new_ids``); BOOLEAN columns are written as bools. One ``insert_ids``
event records the keys created, which ``journal.undo`` and ``imports.batches`` delete when they
are unchanged since. Inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from deskcrm.store import created_rows, db
from deskcrm.store.db import Connection
from deskcrm.store.errors import StoreError
from deskcrm.store.imports.bulk_sql import new_ids
from deskcrm.store.journal import _BOOLEANS


def insert_rows(conn: Connection, txn: str, table: str, rows: Sequence[dict[str, Any]], *,
                key: str = "id") -> list[int]:
    """Insert ``rows`` into ``table`` and journal their keys; their keys, in order. ``key``: the
    primary key column; when it is not ``id`` (``candidate_profile.person_id``) each row carries it."""
    if not rows:
        return []
    cols = tuple(rows[0])
    return insert_tuples(conn, txn, table, cols, list(map(itemgetter(*cols), rows)), key=key)


def insert_tuples(conn: Connection, txn: str, table: str, cols: Sequence[str], data: list[tuple], *,
                  key: str = "id", fixed: dict[str, Any] | None = None) -> list[int]:
    """:func:`insert_rows` for rows already made as tuples of ``cols`` (the hot path of an import:
    no dict a row). With ``key`` other than ``id``, ``cols`` holds it. ``fixed``: columns with
    the same value in every row (none of ``cols``), written once into the statement on SQLite
    (:func:`_literal`: binding a parameter costs ~0.15 µs, a 23-column person row's ~3 µs) and
    bound with each row on a server."""
    if not data:
        return []
    cols = list(cols)
    flags = [i for i, c in enumerate(cols) if c in _BOOLEANS.get(table, ())]
    if flags and any(type(t[i]) is not bool and t[i] is not None for i in flags for t in data):
        data = [tuple(bool(v) if i in flags and v is not None else v for i, v in enumerate(t)) for t in data]
    literals = {c: _literal(v) for c, v in (fixed or {}).items()}
    bound = [c for c, v in literals.items() if v is None or db.engine(conn) != "sqlite"]
    if bound:  # a server's, or a value not written as a literal: bound with each row
        cols += bound
        tail = tuple((fixed or {})[c] for c in bound)
        data = [t + tail for t in data]
    sqlite = db.engine(conn) == "sqlite"
    if key == "id":
        ids = new_ids(conn, table, len(data))
        if not sqlite:
            cols.insert(0, "id")
            data = [(i, *t) for i, t in zip(ids, data)]
        # SQLite: the rows take ``ids`` themselves — an ``id INTEGER PRIMARY KEY`` left out is the
        # table's largest + 1, as ``new_ids`` counts (nothing bound, no tuple made again a row)
    else:
        at = cols.index(key)
        ids = [t[at] for t in data]
    inline = {c: v for c, v in literals.items() if v is not None and c not in bound}
    names = ", ".join(f'"{c}"' for c in (*cols, *inline))
    marks = ", ".join(["?"] * len(cols) + list(inline.values()))
    conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', data)
    if sqlite and key == "id" and conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] != ids[-1]:
        raise StoreError(f"the new {table} rows did not take the ids counted for them; nothing was imported")
    created_rows.record(conn, txn, table, ids)
    return ids


def _literal(value: Any) -> str | None:
    """``value`` as an SQL literal, or None: bound instead (text with a NUL, any other type)."""
    if value is None:
        return "NULL"
    if type(value) is bool:
        return "1" if value else "0"
    if type(value) is int:
        return str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None
