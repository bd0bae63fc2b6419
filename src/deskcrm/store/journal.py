"""The append-only journal: every write records before/after images under one ``txn`` id.

Undo replays a txn backwards from its before-images, inside a new transaction, and is
itself journaled (so it shows in the audit trail). Used by every write path in the store.
"""

from __future__ import annotations

import json
from typing import Any

from deskcrm.domain import clock
from deskcrm.store.db import INTEGRITY_ERRORS, Connection, actor
from deskcrm.store.errors import Conflict, StoreError
from deskcrm.store.search_index import index_people, people_to_reindex
from deskcrm.store.values import ts

_PK = {"due_state": "key", "candidate_profile": "person_id"}  # tables whose primary key is not ``id``


def new_txn() -> str:
    import uuid  # only a write needs one (with the ``platform`` it imports, ~3 ms off a read's start)

    return uuid.uuid4().hex


def row(conn: Connection, table: str, key: Any) -> dict[str, Any] | None:
    pk = _PK.get(table, "id")
    cur = conn.execute(f'SELECT * FROM "{table}" WHERE "{pk}" = ?', (key,))
    found = cur.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cur.description], found))


def record(
    conn: Connection,
    txn: str,
    table: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor_id: int | None = None,
) -> None:
    image = after or before or {}
    pk = image.get(_PK.get(table, "id"))
    actor_id = actor_id if actor_id is not None else actor(conn)  # who signs it: the connection's recruiter
    conn.execute(
        "INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ts(clock.utcnow()),
            actor_id,
            txn,
            table,
            pk if isinstance(pk, int) else 0,
            action,
            json.dumps(before, default=str) if before is not None else None,
            json.dumps(after, default=str) if after is not None else None,
        ),
    )


def insert(conn: Connection, txn: str, table: str, values: dict[str, Any]) -> int:
    if table == "activity" and values.get("author_id") is None and actor(conn) is not None:
        values = {**values, "author_id": actor(conn)}  # every activity has its author (a move's, a system one)
    cols = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" for _ in values)
    cur = conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', tuple(values.values()))
    key = values.get(_PK.get(table, "id"), cur.lastrowid)
    record(conn, txn, table, "insert", None, row(conn, table, key))
    return cur.lastrowid


def update(
    conn: Connection,
    txn: str,
    table: str,
    key: Any,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Update one row; with ``expected_version`` a stale row raises Conflict."""
    before = row(conn, table, key)
    if before is None:
        raise StoreError(f"{table} {key} no longer exists")
    if expected_version is not None and before.get("version") != expected_version:
        raise Conflict(f"{describe(table, before, key)} was changed elsewhere since you opened it; reload and try again")
    if "version" in before:
        changes = {**changes, "version": before["version"] + 1}
    sets = ", ".join(f'"{c}" = ?' for c in changes)
    pk = _PK.get(table, "id")
    conn.execute(f'UPDATE "{table}" SET {sets} WHERE "{pk}" = ?', (*changes.values(), key))
    after = row(conn, table, key)
    record(conn, txn, table, "update", before, after)
    return after  # type: ignore[return-value]


def delete(
    conn: Connection, txn: str, table: str, key: Any, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Delete one row (its before-image is kept, so undo puts it back exactly)."""
    before = row(conn, table, key)
    if before is None:
        raise StoreError(f"{table} {key} no longer exists")
    if expected_version is not None and before.get("version") != expected_version:
        raise Conflict(f"{describe(table, before, key)} was changed elsewhere since you opened it; reload and try again")
    pk = _PK.get(table, "id")
    conn.execute(f'DELETE FROM "{table}" WHERE "{pk}" = ?', (key,))
    record(conn, txn, table, "delete", before, None)
    return before


def upsert(conn: Connection, txn: str, table: str, values: dict[str, Any]) -> None:
    pk = _PK.get(table, "id")
    if row(conn, table, values[pk]) is None:
        insert(conn, txn, table, values)
    else:
        update(conn, txn, table, values[pk], {k: v for k, v in values.items() if k != pk})


def describe(table: str, values: dict[str, Any] | None, key: Any) -> str:
    """A record as a recruiter names it in a message: 'the job order “Data Engineer” (#3002)'."""
    label = next((values[c] for c in ("name", "title") if values and values.get(c)), None)
    what = f"the {table.replace('_', ' ')}"
    return f"{what} “{label}” (#{key})" if label else f"{what} #{key}"


def last_txn(conn: Connection, entities: tuple[str, ...] | None = None) -> str | None:
    """The newest txn not yet undone (optionally touching one of ``entities``)."""
    sql = "SELECT txn FROM event WHERE action NOT LIKE 'undo%' AND txn NOT IN (SELECT before FROM event WHERE action = 'undo')"
    params: tuple[Any, ...] = ()
    if entities:
        sql += f" AND entity IN ({', '.join('?' for _ in entities)})"
        params = entities
    found = conn.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
    return found[0] if found else None


def undo(conn: Connection, txn: str) -> int:
    """Revert every change of ``txn`` (call inside a write transaction). Returns rows reverted."""
    events = conn.execute(
        "SELECT entity, action, before, after FROM event WHERE txn = ? AND action NOT LIKE 'undo%' ORDER BY id DESC",
        (txn,),
    ).fetchall()
    if not events:
        raise StoreError("nothing to undo")
    undo_txn = new_txn()
    people: set[int] = set()  # whose search index row the undo may have changed
    companies: set[int] = set()  # whose stored last contact the undo may have changed
    for table, action, before_json, after_json in events:
        pk = _PK.get(table, "id")
        before = json.loads(before_json) if before_json else None
        after = json.loads(after_json) if after_json else None
        key = (after or before)[pk]
        current = row(conn, table, key)
        if after is not None and current is not None and current.get("version", 0) != after.get("version", 0):
            raise Conflict(f"{describe(table, current, key)} changed after that action (another save since); "
                           "it can no longer be undone")
        if action == "insert":
            conn.execute(f'DELETE FROM "{table}" WHERE "{pk}" = ?', (key,))
        elif action == "update":
            # Never SET the key itself: SQLite would then look for child rows of the old key in
            # every referencing table (a full scan of unindexed ones, e.g. activity.job_id).
            values = {c: v for c, v in before.items() if c != pk}
            sets = ", ".join(f'"{c}" = ?' for c in values)
            conn.execute(f'UPDATE "{table}" SET {sets} WHERE "{pk}" = ?', (*values.values(), key))
        elif action == "delete":
            cols = ", ".join(f'"{c}"' for c in before)
            try:
                conn.execute(
                    f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" for _ in before)})',
                    tuple(before.values()),
                )
            except INTEGRITY_ERRORS:  # its id (or a unique value) has been taken since
                raise Conflict(
                    f"{describe(table, before, key)} cannot come back: a record created since has taken its "
                    "place; that action can no longer be undone"
                ) from None
        record(conn, undo_txn, table, f"undo_{action}", after, before)
        people |= people_to_reindex(table, before, after)
        if table in _LAST_CONTACT:
            companies.update(i for i in ((after or {}).get(_LAST_CONTACT[table]),
                                         (before or {}).get(_LAST_CONTACT[table])) if i)
    conn.execute(
        "INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before) VALUES (?, ?, ?, 'txn', 0, 'undo', ?)",
        (ts(clock.utcnow()), actor(conn), undo_txn, txn),
    )
    if people:
        index_people(conn, people)
    if companies:  # a touch put back or taken away, or a company row restored from its image
        from deskcrm.store.last_contact import refresh_companies

        refresh_companies(conn, companies)
    return len(events)


# Tables whose rows decide a company's stored last contact (store.last_contact), and the column
# naming the company.
_LAST_CONTACT = {"activity": "company_id", "company": "id"}
