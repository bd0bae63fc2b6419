"""The append-only journal: every write records before/after images under one ``txn`` id.

Undo replays a txn backwards from its before-images, inside a new transaction, and is
itself journaled (so it shows in the audit trail). Used by every write path in the store.
"""

from __future__ import annotations

import json
from typing import Any

from deskcrm.domain import clock
from deskcrm.store import created_rows, db, journal_ahead
from deskcrm.store.employer_keys import keyed
from deskcrm.store.db import INTEGRITY_ERRORS, Connection, actor, send
from deskcrm.store.errors import Conflict, NotFound, StoreError
from deskcrm.store.locking import for_update
from deskcrm.store.search_index import index_people, people_to_reindex
from deskcrm.store.values import ts

_PK = {"due_state": "key", "candidate_profile": "person_id"}  # tables whose primary key is not ``id``

# BOOLEAN columns (PostgreSQL types them; both engines read them as 0/1): written as Python bools,
# which SQLite stores as 1/0 and PostgreSQL takes, where an int would be refused.
_BOOLEANS = {"recruiter": ("active",), "contact_role": ("is_hiring_manager", "is_billing"),
             "custom_field": ("required", "archived")}


def typed(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as written to ``table``: its BOOLEAN columns as bools (and a candidate
    profile's ``employer_key`` with its current employer: ``employer_keys.keyed``)."""
    values = keyed(table, values)
    flags = _BOOLEANS.get(table)
    if not flags or not any(c in values for c in flags):
        return values
    return {c: (bool(v) if c in flags and v is not None else v) for c, v in values.items()}


def new_txn() -> str:
    import uuid  # only a write needs one (with the ``platform`` it imports, ~3 ms off a read's start)

    return uuid.uuid4().hex


def row(conn: Connection, table: str, key: Any, *, lock: bool = False) -> dict[str, Any] | None:
    """One row as a dict; ``lock``: held until the transaction ends (``store.locking``), for a
    read that decides a write."""
    return image(conn.execute(*row_query(conn, table, key, lock=lock)))


def row_query(conn: Connection, table: str, key: Any, *, lock: bool = False) -> tuple[str, tuple[Any]]:
    """The statement :func:`row` runs (to run with others: ``db.execute_each``; read with :func:`image`)."""
    pk = _PK.get(table, "id")
    return f'SELECT * FROM "{table}" WHERE "{pk}" = ?{for_update(conn) if lock else ""}', (key,)


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
    send(  # nothing reads its result: on a server it travels with the next statement
        conn,
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
    after = image(conn.execute(*_insert_sql(conn, table, values)))
    record(conn, txn, table, "insert", None, after)
    return after[_PK.get(table, "id")]  # type: ignore[index]


def _insert_sql(conn: Connection, table: str, values: dict[str, Any],
                tail: str = " RETURNING *") -> tuple[str, tuple[Any, ...]]:
    values = _written(conn, table, values)
    cols = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" for _ in values)
    return f'INSERT INTO "{table}" ({cols}) VALUES ({marks}){tail}', tuple(values.values())


def _written(conn: Connection, table: str, values: dict[str, Any]) -> dict[str, Any]:
    """A new row's ``values`` as an INSERT writes them."""
    if table == "activity" and values.get("author_id") is None and actor(conn) is not None:
        values = {**values, "author_id": actor(conn)}  # every activity has its author (a move's, a system one)
    return typed(table, values)


def image(cur: Any) -> dict[str, Any] | None:
    """The one row a statement returned (``SELECT *`` / ``RETURNING *``) as a dict, or None."""
    found = cur.fetchall()
    if len(found) != 1:
        return None
    return dict(zip([d[0] for d in cur.description], found[0]))


def update(
    conn: Connection,
    txn: str,
    table: str,
    key: Any,
    changes: dict[str, Any],
    *,
    expected_version: int | None = None,
    locked: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Update one row; with ``expected_version`` a stale row raises Conflict (naming who
    changed it, when the journal knows). The row is read locked (``store.locking``) and the
    UPDATE checks the version it read: a colleague's save in between is a Conflict, never lost.
    ``locked``: the row as this transaction already read it locked and has not written since
    (``move_base.fetch``), so it is not read again."""
    before = locked if locked is not None else _current(conn, table, key, expected_version, changes)
    if locked is not None and expected_version is not None and before.get("version") != expected_version:
        raise stale(conn, table, before, key, changes)
    changes = _versioned(table, before, changes)
    sets = ", ".join(f'"{c}" = ?' for c in changes)
    after = _exactly_one(conn, f'UPDATE "{table}" SET {sets}', tuple(changes.values()), table, before, key, changes)
    record(conn, txn, table, "update", before, after)
    return after  # type: ignore[return-value]


def update_and_insert(conn: Connection, txn: str, table: str, locked: dict[str, Any], changes: dict[str, Any],
                      new_table: str, values: dict[str, Any], *, key: int | None = None) -> tuple[dict[str, Any], int]:
    """:func:`update` of a row this transaction holds locked (``locked``, as read), then
    :func:`insert` of a row that does not depend on the update (a move's activity): the two
    statements travel together (one round trip on a server: ``db.execute_each``), journaled in
    that order. ``key``: the new row's, taken ahead (``journal_ahead.reserve``): when both rows
    can be known ahead, nothing is read back and the statements travel with the journal's rows
    and the commit. Returns the row after the update and the new row's key."""
    pk, new_pk = _PK.get(table, "id"), _PK.get(new_table, "id")
    changes = _versioned(table, locked, changes)
    sets = ", ".join(f'"{c}" = ?' for c in changes)
    where, params = _where(table, locked, locked[pk], tuple(changes.values()))
    after = new = None
    if key is not None:  # the new row's key taken ahead: both images too, when they can be known
        values = _written(conn, new_table, {new_pk: key, **values})
        after = journal_ahead.updated(conn, table, locked, changes)
        new = journal_ahead.inserted(conn, new_table, values)
    if after is not None and new is not None:  # sent with the journal's rows and the commit
        send(conn, f'UPDATE "{table}" SET {sets} {where}', params)
        send(conn, *_insert_sql(conn, new_table, values, tail=""))
    else:
        updated, inserted = db.execute_each(conn, [(f'UPDATE "{table}" SET {sets} {where} RETURNING *', params),
                                                   _insert_sql(conn, new_table, values)])
        after, new = image(updated), image(inserted)
        if after is None:  # the transaction holds the row: never, short of a bug; the caller's rollback undoes both
            raise stale(conn, table, row(conn, table, locked[pk]) or locked, locked[pk], changes)
    record(conn, txn, table, "update", locked, after)
    record(conn, txn, new_table, "insert", None, new)
    return after, new[new_pk]  # type: ignore[index]


def _versioned(table: str, before: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` as written: BOOLEAN columns as bools, the version moved on when the row has one."""
    changes = typed(table, changes)
    return {**changes, "version": before["version"] + 1} if "version" in before else changes


def delete(
    conn: Connection, txn: str, table: str, key: Any, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Delete one row (its before-image is kept, so undo puts it back exactly)."""
    before = _current(conn, table, key, expected_version)
    _exactly_one(conn, f'DELETE FROM "{table}"', (), table, before, key)
    record(conn, txn, table, "delete", before, None)
    return before


def _current(conn: Connection, table: str, key: Any, expected_version: int | None,
             yours: dict[str, Any] | None = None) -> dict[str, Any]:
    """The row about to be written, locked; NotFound when it is gone, Conflict when stale."""
    before = row(conn, table, key, lock=True)
    if before is None:
        raise NotFound(f"{table.replace('_', ' ')} #{key} no longer exists (deleted or merged since); "
                       "nothing was saved", table.replace("_", " "))
    if expected_version is not None and before.get("version") != expected_version:
        raise stale(conn, table, before, key, yours)
    return before


def _exactly_one(conn: Connection, head: str, params: tuple[Any, ...], table: str, before: dict[str, Any],
                 key: Any, yours: dict[str, Any] | None = None) -> dict[str, Any]:
    """``head`` (an UPDATE … SET / a DELETE FROM) on the row ``before`` was read from, only if it
    still has the version read: anything else is a Conflict. Returns the row as it is after."""
    where, params = _where(table, before, key, params)
    after = image(conn.execute(f"{head} {where} RETURNING *", params))
    if after is None:
        raise stale(conn, table, row(conn, table, key) or before, key, yours)
    return after


def _where(table: str, before: dict[str, Any], key: Any, params: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The WHERE that finds row ``key`` only while it has the version ``before`` was read with."""
    pk = _PK.get(table, "id")
    if "version" in before:
        return f'WHERE "{pk}" = ? AND version = ?', (*params, key, before["version"])
    return f'WHERE "{pk}" = ?', (*params, key)


def stale(conn: Connection, table: str, current: dict[str, Any], key: Any,
          yours: dict[str, Any] | None = None) -> Conflict:
    """The Conflict for a save over a row changed since it was read: who changed it (the
    journal's newest author of that row, when it is not this connection's recruiter), the row
    as stored now and the values this save would have written."""
    who = last_author(conn, table, key)
    by = f" (last saved by {who})" if who else ""
    return Conflict(f"{describe(table, current, key)} was changed elsewhere since you opened it{by}; "
                    "reload and try again", theirs=current, yours=yours, by=who)


def last_author(conn: Connection, table: str, key: Any, after_event: int = 0) -> str | None:
    """The name of the newest recruiter other than this connection's who wrote row ``key`` of
    ``table`` (after event id ``after_event``); None when there is none."""
    me = actor(conn)
    others = "e.actor_id IS NOT NULL" if me is None else "e.actor_id <> ?"
    found = conn.execute(
        "SELECT coalesce(r.name, 'another recruiter') FROM event AS e LEFT JOIN recruiter AS r ON r.id = e.actor_id "
        f"WHERE e.entity = ? AND e.entity_id = ? AND e.id > ? AND {others} ORDER BY e.id DESC LIMIT 1",
        (table, key if isinstance(key, int) else 0, after_event, *(() if me is None else (me,))),
    ).fetchone()
    return found[0] if found else None


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
    """The newest txn not yet undone (optionally touching one of ``entities``) — of this
    connection's recruiter when it is signed (``db.act_as``): undo is per recruiter."""
    sql = "SELECT txn FROM event WHERE action NOT LIKE 'undo%' AND txn NOT IN (SELECT before FROM event WHERE action = 'undo')"
    params: tuple[Any, ...] = ()
    if entities:
        sql += f" AND entity IN ({', '.join('?' for _ in entities)})"
        params = entities
    if actor(conn) is not None:
        sql += " AND actor_id = ?"
        params = (*params, actor(conn))
    found = conn.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
    return found[0] if found else None


def undo(conn: Connection, txn: str) -> int:
    """Revert every change of ``txn`` (call inside a write transaction). Returns rows reverted."""
    events = conn.execute(
        "SELECT entity, action, before, after, id FROM event WHERE txn = ? AND action NOT LIKE 'undo%' ORDER BY id DESC",
        (txn,),
    ).fetchall()
    if not events:
        raise StoreError("nothing to undo")
    refuse_scrubbed(conn, txn)
    undo_txn = new_txn()
    people: set[int] = set()  # whose search index row the undo may have changed
    companies: set[int] = set()  # whose stored last contact the undo may have changed
    newest = events[0][4]  # the txn's last event: anything on its rows after it came since
    for table, action, before_json, after_json, _id in events:
        if action == created_rows.ACTION:  # an import's created rows, journaled by their keys
            whose, where = created_rows.undo(conn, undo_txn, table, created_rows.keys(after_json), newest)
            people |= whose
            companies |= where
            continue
        pk = _PK.get(table, "id")
        before = json.loads(before_json) if before_json else None
        after = json.loads(after_json) if after_json else None
        key = (after or before)[pk]
        current = row(conn, table, key, lock=True)
        colleague = last_author(conn, table, key, after_event=newest)
        if colleague:
            raise Conflict(f"{colleague} changed {describe(table, current or after or before, key)} since; "
                           "nothing undone")
        if after is not None and current is not None and current.get("version", 0) != after.get("version", 0):
            raise Conflict(f"{describe(table, current, key)} changed after that action (another save since); "
                           "it can no longer be undone")
        if action == "insert":
            conn.execute(f'DELETE FROM "{table}" WHERE "{pk}" = ?', (key,))
        elif action == "update":
            # Never SET the key itself: SQLite would then look for child rows of the old key in
            # every referencing table (a full scan of unindexed ones, e.g. activity.job_id).
            values = typed(table, {c: v for c, v in before.items() if c != pk})
            sets = ", ".join(f'"{c}" = ?' for c in values)
            conn.execute(f'UPDATE "{table}" SET {sets} WHERE "{pk}" = ?', (*values.values(), key))
        elif action == "delete":
            image = typed(table, before)
            cols = ", ".join(f'"{c}"' for c in image)
            try:
                conn.execute(
                    f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" for _ in image)})',
                    tuple(image.values()),
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


def refuse_scrubbed(conn: Connection, txn: str) -> None:
    """An erasure (or a removed person's images scrubbed after the undo window,
    ``store.journal_scrub``) cannot be undone: raise, saying so, when ``txn`` is one."""
    found = conn.execute(
        "SELECT action FROM event WHERE txn = ? AND (action = 'erase' OR (action IN ('insert', 'update', 'delete')"
        " AND before IS NULL AND after IS NULL)) LIMIT 1", (txn,)).fetchone()
    if found is None:
        return
    if found[0] == "erase":
        raise StoreError("an erasure cannot be undone: the personal data is gone for good")
    raise StoreError("that action can no longer be undone: the personal data it held was erased or scrubbed "
                     "from the journal (past the undo window)")


# Tables whose rows decide a company's stored last contact (store.last_contact), and the column
# naming the company.
_LAST_CONTACT = {"activity": "company_id", "company": "id"}
