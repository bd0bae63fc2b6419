"""New rows written many at a time, each journaled as ``store.journal.insert`` would.

    ids = insert_rows(conn, txn, "person", [{...}, {...}])   # one executemany + one for the events

The same event per row as ``journal.insert`` (entity, id, ``insert``, the row as written for the
after-image, with its ``version``), so ``journal.undo`` and ``imports.batches`` treat an import's
rows like any other write's. Every dict of one call has the same keys (every column the table
needs, ``id`` aside: it is assigned here, ``bulk_sql.new_ids``). Inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from deskcrm.domain import clock
from deskcrm.store.db import Connection, actor
from deskcrm.store.imports.bulk_sql import new_ids
from deskcrm.store.journal import typed
from deskcrm.store.values import ts

_EVENT = ("INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before, after) "
          "VALUES (?, ?, ?, ?, ?, 'insert', NULL, ?)")


def insert_rows(conn: Connection, txn: str, table: str, rows: Sequence[dict[str, Any]], *,
                key: str = "id") -> list[int]:
    """Insert ``rows`` into ``table`` and journal each; their keys, in order. ``key``: the primary
    key column; when it is not ``id`` (``candidate_profile.person_id``) each row carries it."""
    if not rows:
        return []
    if key == "id":
        ids = new_ids(conn, table, len(rows))
        rows = [{"id": i, **typed(table, r)} for i, r in zip(ids, rows)]
    else:
        rows = [typed(table, r) for r in rows]
        ids = [r[key] for r in rows]
    cols = list(rows[0])
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    values = itemgetter(*cols)
    conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', [values(r) for r in rows])
    at, who = ts(clock.utcnow()), actor(conn)
    dumps = json.JSONEncoder(default=str, ensure_ascii=False).encode
    conn.executemany(_EVENT, [(at, who, txn, table, i if isinstance(i, int) else 0, dumps(r)) for i, r in zip(ids, rows)])
    return ids
