"""Rows a bulk write (an import) created, journaled compactly: ONE event per table and chunk.

    record(conn, txn, "person", ids)          # action 'insert_ids', after = {"ids": [[first, last], ...]}
    undo(conn, undo_txn, "person", ids, newest)

An import creates up to four rows a person; one ``insert`` event with the row's after-image each
(the JSON alone cost more than the row) is replaced by the created keys, as runs of consecutive
keys. Undo needs no after-image for a created row: it deletes it when it is unchanged since the
import — no event on it after the import's last one, and its ``version`` still 1 — and refuses,
naming the record, otherwise. An UPDATED row keeps its ordinary ``update`` event (its
before-image is what undo restores). ``journal.undo`` and ``imports.batches`` both use this.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from deskcrm.domain import clock
from deskcrm.store.db import Connection, actor
from deskcrm.store.errors import Conflict
from deskcrm.store.values import ts

ACTION = "insert_ids"
_PK = {"candidate_profile": "person_id"}
_VERSIONED = ("person", "candidate_profile", "consent", "contact_role", "company", "job_order", "placement")
_PEOPLE = {"person": "id", "candidate_profile": "person_id", "contact_role": "person_id"}  # the search index's
_CHUNK = 900


def runs(ids: Iterable[int]) -> list[list[int]]:
    """``ids`` as runs of consecutive keys: [3, 4, 5, 9] -> [[3, 5], [9, 9]]."""
    ids = sorted(ids)
    if ids and ids == list(range(ids[0], ids[-1] + 1)):  # one run (an import's chunk): compared in C
        return [[ids[0], ids[-1]]]
    out: list[list[int]] = []
    for i in ids:
        if out and out[-1][1] + 1 == i:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def keys(after: str | None) -> list[int]:
    """The created keys an ``insert_ids`` event holds."""
    return [i for first, last in json.loads(after or "{}").get("ids", []) for i in range(first, last + 1)]


def record(conn: Connection, txn: str, table: str, ids: Sequence[int], action: str = ACTION) -> None:
    if ids:
        conn.execute("INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before, after)"
                     " VALUES (?, ?, ?, ?, 0, ?, NULL, ?)",
                     (ts(clock.utcnow()), actor(conn), txn, table, action, json.dumps({"ids": runs(ids)})))


# A change since that was undone is no change since: its undo put the row back as it was before it
# (version included, which the check's version test sees). ``e``: the later event.
NOT_UNDONE = ("NOT EXISTS (SELECT 1 FROM event AS u WHERE u.entity = 'txn' AND u.entity_id = 0"
              " AND u.action = 'undo' AND u.before = e.txn)")


def check(conn: Connection, table: str, ids: Sequence[int], newest: int) -> None:
    """Refuse (naming the record) when a created row was changed since event ``newest`` (and the
    change stands: a later import, or an edit, undone since is not one)."""
    pk = _PK.get(table, "id")
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        later = conn.execute(
            "SELECT e.entity_id, r.name, e.txn FROM event AS e LEFT JOIN recruiter AS r ON r.id = e.actor_id"
            f" WHERE e.entity = ? AND e.entity_id IN ({marks}) AND e.id > ? AND e.action NOT LIKE 'undo%'"
            f" AND {NOT_UNDONE} ORDER BY e.id LIMIT 1",  # an undo's own events are not a change since either
            (table, *chunk, newest)).fetchone()
        if later is not None:
            raise changed(conn, table, later[0], later[1], later[2])
        if table in _VERSIONED:
            moved = conn.execute(f'SELECT "{pk}" FROM "{table}" WHERE "{pk}" IN ({marks}) AND version <> 1 LIMIT 1',
                                 chunk).fetchone()
            if moved is not None:
                raise changed(conn, table, moved[0], None)


def changed_by(conn: Connection, who: str | None, txn: str | None) -> str:
    """Who changed a record since an import, as its refusal says it: a later import's batch
    (``txn`` is its journal txn) — to be undone first while it stands — else the recruiter."""
    batch = conn.execute("SELECT id, file_name, state FROM import_batch WHERE txn = ?", (txn,)).fetchone() if txn \
        else None
    if batch is not None:
        return f" by import batch #{batch[0]} ({batch[1]})" + (": undo that one first" if batch[2] == "done" else "")
    return f" by {who}" if who else ""


def changed(conn: Connection, table: str, key: Any, who: str | None, txn: str | None = None) -> Conflict:
    from deskcrm.store.journal import describe, row

    current = row(conn, table, key) or {}
    name = describe(table, current, key)
    if table != "person" and current.get("person_id") is not None:
        person = row(conn, "person", current["person_id"])
        if person is not None:
            name = f"{describe('person', person, person['id'])} ({table.replace('_', ' ')})"
    return Conflict(f"{name} was changed since the import{changed_by(conn, who, txn)}; nothing was undone")


def undo(conn: Connection, undo_txn: str, table: str, ids: Sequence[int],
         newest: int, *, checked: bool = False) -> tuple[set[int], set[int]]:
    """Delete the created rows ``ids`` of ``table`` (checked unchanged since event ``newest``,
    unless the caller has just ``checked`` them), journal it as one ``undo_insert_ids`` event;
    the people whose index rows this changes and the companies whose stored last contact it may
    change (an activity's)."""
    if not checked:
        check(conn, table, ids, newest)
    pk = _PK.get(table, "id")
    people: set[int] = set()
    companies: set[int] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        if table in _PEOPLE:
            people.update(r[0] for r in conn.execute(
                f'SELECT "{_PEOPLE[table]}" FROM "{table}" WHERE "{pk}" IN ({marks})', chunk))
        if table == "activity":
            companies.update(r[0] for r in conn.execute(
                f"SELECT company_id FROM activity WHERE id IN ({marks}) AND company_id IS NOT NULL", chunk))
        conn.execute(f'DELETE FROM "{table}" WHERE "{pk}" IN ({marks})', chunk)
    record(conn, undo_txn, table, ids, "undo_" + ACTION)
    return people, companies


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]
