"""Imports done: the list, and undoing one.

    list_batches(conn)            # newest first: file, kind, counts, who, when, state
    undo_batch(conn, batch_id)    # removes what it created, restores what it updated
    undo_batch(conn, batch_id, progress=lambda done, total: ..., stage=lambda what: ...)

Undo replays the batch's journal ``txn`` backwards in ONE transaction, a chunk of events at a
time (a 100k-row import has ~400k events): every row the import created is deleted, every row it
updated gets its before-image back. It refuses — naming the record, nothing undone — when
someone changed a record since (a later event on that row, or its version moved on), or when a
record made since refers to one the import created (an activity on an imported person, a job at
an imported company, a CV attached): deleting it would take their work with it. The undo is
journaled (``undo_*`` events and the ``undo`` marker ``journal.last_txn`` skips) and the batch
is marked ``undone``.

``progress(done, total)`` is called after each chunk: rows reverted of the batch's ``total``
(counted up front from the journal: its row events plus the keys its ``insert_ids`` events hold).
Then ``stage("indexing")`` says the search re-index begins, and ``progress(done, total)`` counts
the people re-indexed, a slice at a time (a 100k-row undo spends ~10% of its time there).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskcrm.domain import clock
from deskcrm.store import created_rows, db, journal
from deskcrm.store.db import INTEGRITY_ERRORS, Connection, actor
from deskcrm.store.errors import Conflict, NotFound, StoreError
from deskcrm.store.journal import _PK, describe, typed
from deskcrm.store.last_contact import refresh_companies
from deskcrm.store.search_index import index_people, people_to_reindex
from deskcrm.store.values import ts


@dataclass(frozen=True, slots=True)
class Batch:
    id: int
    file_name: str
    kind: str
    format: str
    counts: dict[str, int]
    at: str  # stored UTC text
    who: str | None  # the recruiter's name
    state: str  # done | undone


def list_batches(conn: Connection, *, limit: int = 200) -> list[Batch]:
    rows = conn.execute(
        "SELECT b.id, b.file_name, b.kind, b.format, b.counts, b.at, r.name, b.state FROM import_batch AS b"
        " LEFT JOIN recruiter AS r ON r.id = b.actor_id ORDER BY b.id DESC LIMIT ?", (limit,)).fetchall()
    return [Batch(r[0], r[1], r[2], r[3], json.loads(r[4] or "{}"), r[5], r[6], r[7]) for r in rows]


# Rows that may point at a record an import created, and are not its own: (table, column).
_REFERRERS = {
    "person": (("activity", "person_id"), ("contact_role", "person_id"), ("submission", "person_id"),
               ("placement", "person_id"), ("attachment", "person_id"), ("consent", "person_id")),
    "company": (("contact_role", "company_id"), ("job_order", "company_id"), ("placement", "company_id"),
                ("activity", "company_id")),
    "job_order": (("submission", "job_id"), ("placement", "job_id"), ("activity", "job_id")),
    "placement": (("activity", "placement_id"),),
}
_CHUNK = 900
_INDEX_SLICE = 5000  # people re-indexed between two progress calls

Progress = Callable[[int, int], None]
Stage = Callable[[str], None]


def undo_batch(conn: Connection, batch_id: int, *, data_dir: Path | None = None, progress: Progress | None = None,
               stage: Stage | None = None) -> int:
    """Undo import batch ``batch_id`` (see the module docstring). Returns rows reverted.
    ``data_dir``: where the CVs it brought were copied; those no attachment refers to any more
    are deleted once the undo committed (``attachments.freeing_files``). ``progress`` and
    ``stage``: how far it is (the module docstring)."""
    found = conn.execute("SELECT txn FROM import_batch WHERE id = ?", (batch_id,)).fetchone()
    if found is None:
        raise NotFound(f"no import batch #{batch_id} (see deskcrm import list)", "import batch")
    from deskcrm.store.attachments import freeing_files

    with freeing_files(conn, found[0], data_dir):
        return _undo_batch(conn, batch_id, progress, stage)


def _undo_batch(conn: Connection, batch_id: int, progress: Progress | None, stage: Stage | None) -> int:
    with db.write(conn):
        found = conn.execute("SELECT txn, state, version, file_name FROM import_batch WHERE id = ?",
                             (batch_id,)).fetchone()
        if found is None:
            raise NotFound(f"no import batch #{batch_id} (see deskcrm import list)", "import batch")
        txn, state, version, file_name = found
        if state == "undone":
            raise StoreError(f"import batch #{batch_id} ({file_name}) was undone already")
        undone = _Undo(conn, txn, progress, stage).run()
        cur = conn.execute("UPDATE import_batch SET state = 'undone', version = ? WHERE id = ? AND version = ?",
                           (version + 1, batch_id, version))
        if cur.rowcount != 1:
            raise Conflict(f"import batch #{batch_id} was undone elsewhere meanwhile")
    return undone


class _Undo:
    def __init__(self, conn: Connection, txn: str, progress: Progress | None = None,
                 stage: Stage | None = None) -> None:
        self.conn, self.txn = conn, txn
        self.progress, self.stage = progress or (lambda _done, _total: None), stage or (lambda _what: None)
        self.created: dict[str, set[Any]] = {}
        self.total = conn.execute("SELECT count(*) FROM event WHERE txn = ? AND action NOT LIKE 'undo%'"
                                  " AND action <> ?", (txn, created_rows.ACTION)).fetchone()[0]
        for entity, key, action, after in conn.execute(
                "SELECT entity, entity_id, action, after FROM event WHERE txn = ? AND action IN ('insert', ?)",
                (txn, created_rows.ACTION)):
            made = self.created.setdefault(entity, set())
            if action == "insert":
                made.add(key)
            else:
                keys = created_rows.keys(after)
                made.update(keys)
                self.total += len(keys)
        self.newest = conn.execute("SELECT coalesce(max(id), 0) FROM event WHERE txn = ?", (txn,)).fetchone()[0]
        self.undo_txn = journal.new_txn()
        self.people: set[int] = set()
        self.companies: set[int] = set()

    def run(self) -> int:
        journal.refuse_scrubbed(self.conn, self.txn)
        n, below = 0, self.newest + 1
        while True:
            events = self.conn.execute(
                "SELECT id, entity, entity_id, action, before, after FROM event WHERE txn = ? AND id < ?"
                " AND action NOT LIKE 'undo%' ORDER BY id DESC LIMIT ?", (self.txn, below, _CHUNK)).fetchall()
            if not events:
                break
            n = self._events(events, n)
            below = events[-1][0]
        if n == 0:
            raise StoreError("nothing to undo: that import wrote no rows")
        self.conn.execute(
            "INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before) VALUES (?, ?, ?, 'txn', 0, 'undo', ?)",
            (ts(clock.utcnow()), actor(self.conn), self.undo_txn, self.txn))
        if self.people:
            self._index(sorted(self.people))
        if self.companies:
            refresh_companies(self.conn, self.companies)
        return n

    def _events(self, events: list[tuple], n: int) -> int:
        """Revert ``events`` (newest first): runs of row events a chunk at a time, an
        ``insert_ids`` event (the rows a chunk created) by their keys. Rows reverted so far
        (``n`` before), each step told to ``progress``."""
        run: list[tuple] = []
        for event in events:
            if event[3] != created_rows.ACTION:
                run.append(event)
                continue
            if run:
                self._chunk(run)
                n, run = n + len(run), []
                self.progress(n, self.total)
            n += self._created(event[1], created_rows.keys(event[5]))
            self.progress(n, self.total)
        if run:
            self._chunk(run)
            n += len(run)
            self.progress(n, self.total)
        return n

    def _index(self, people: list[int]) -> None:
        """The search index of ``people`` made again, a slice at a time, its own stage."""
        self.stage("indexing")
        for start in range(0, len(people), _INDEX_SLICE):
            index_people(self.conn, people[start:start + _INDEX_SLICE])
            self.progress(min(start + _INDEX_SLICE, len(people)), len(people))

    def _created(self, table: str, ids: list[int]) -> int:
        """Delete rows the import created (unchanged since; none referred to by a record made since)."""
        created_rows.check(self.conn, table, ids, self.newest)
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for referrer, column in _REFERRERS.get(table, ()):
                own = self.created.get(referrer, set())
                for rid, key in self.conn.execute(
                        f'SELECT id, "{column}" FROM "{referrer}" WHERE "{column}" IN ({marks})', chunk):
                    if rid not in own:
                        raise Conflict(f"{self._named(table, key, {})} has a record made since the import "
                                       f"({referrer.replace('_', ' ')} #{rid}); nothing was undone")
        people, companies = created_rows.undo(self.conn, self.undo_txn, table, ids, self.newest, checked=True)
        self.people |= people
        self.companies |= companies
        return len(ids)

    def _chunk(self, events: list[tuple]) -> None:
        images = [(table, action, json.loads(b) if b else None, json.loads(a) if a else None, b, a)
                  for _id, table, _key, action, b, a in events]
        self._check(images)
        at, who = ts(clock.utcnow()), actor(self.conn)
        undo_events = []
        for table, action, before, after, b, a in images:  # newest first: children before parents
            pk = _PK.get(table, "id")
            key = (after or before)[pk]
            try:
                if action == "insert":
                    self.conn.execute(f'DELETE FROM "{table}" WHERE "{pk}" = ?', (key,))
                elif action == "update":
                    values = typed(table, {c: v for c, v in before.items() if c != pk})
                    sets = ", ".join(f'"{c}" = ?' for c in values)
                    self.conn.execute(f'UPDATE "{table}" SET {sets} WHERE "{pk}" = ?', (*values.values(), key))
                else:
                    raise StoreError(f"an import does not {action}; this batch cannot be undone here")
            except INTEGRITY_ERRORS:
                raise Conflict(f"{describe(table, after or before, key)} is referred to by a record made since "
                               "the import; nothing was undone") from None
            undo_events.append((at, who, self.undo_txn, table, key if isinstance(key, int) else 0,
                                f"undo_{action}", a, b))
            self.people |= people_to_reindex(table, before, after)
            if table == "activity":
                self.companies.update(i for i in ((after or {}).get("company_id"),) if i)
        self.conn.executemany("INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before, after)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", undo_events)

    def _check(self, images: list[tuple]) -> None:
        """Refuse (naming the record) when a row of this chunk was changed since, or is referred to."""
        by_table: dict[str, dict[Any, dict]] = {}
        for table, _action, before, after, _b, _a in images:  # newest first: a row the batch changed
            image = after or before  # twice (a fill, then a CV's resume) is checked by its newest image
            by_table.setdefault(table, {}).setdefault(image[_PK.get(table, "id")], image)
        for table, rows in by_table.items():
            keys = list(rows)
            pk = _PK.get(table, "id")
            for chunk in _chunks(keys):
                marks = ",".join("?" * len(chunk))
                later = self.conn.execute(  # the journal names a row by its key (a profile: its person)
                    "SELECT e.entity_id, r.name, e.txn FROM event AS e LEFT JOIN recruiter AS r ON r.id = e.actor_id"
                    f" WHERE e.entity = ? AND e.entity_id IN ({marks}) AND e.id > ? AND e.txn <> ?"
                    f" AND e.action NOT LIKE 'undo%' AND {created_rows.NOT_UNDONE} ORDER BY e.id LIMIT 1",
                    (table, *chunk, self.newest, self.undo_txn)).fetchone()  # this undo's own events aside: a
                # row the batch updated twice, a chunk apart, is reverted twice; a later change undone since (a
                # later import, an edit: its undo's events too) put the row back as this batch left it
                if later is not None:
                    raise self._changed(table, later[0], rows[later[0]], later[1], later[2])
                if "version" in next(iter(rows.values())):
                    for key, version in self.conn.execute(
                            f'SELECT "{pk}", version FROM "{table}" WHERE "{pk}" IN ({marks})', chunk):
                        if version != rows[key].get("version"):
                            raise self._changed(table, key, rows[key], None)
                created = [k for k in chunk if k in self.created.get(table, ())]  # an updated row stays
                if not created:
                    continue
                marks = ",".join("?" * len(created))
                for referrer, column in _REFERRERS.get(table, ()):
                    own = self.created.get(referrer, set())
                    for rid, key in self.conn.execute(
                            f'SELECT id, "{column}" FROM "{referrer}" WHERE "{column}" IN ({marks})', created):
                        if rid not in own:
                            raise Conflict(f"{self._named(table, key, rows[key])} has a record made since the import "
                                           f"({referrer.replace('_', ' ')} #{rid}); nothing was undone")

    def _named(self, table: str, key: Any, image: dict) -> str:
        """The record as a recruiter names it: a person's profile, consent or role by the person."""
        current = journal.row(self.conn, table, key) or image or {}
        if table != "person" and current.get("person_id") is not None:
            person = journal.row(self.conn, "person", current["person_id"])
            if person is not None:
                return f"{describe('person', person, person['id'])} ({table.replace('_', ' ')})"
        return describe(table, current, key)

    def _changed(self, table: str, key: Any, image: dict, who: str | None, txn: str | None = None) -> Conflict:
        by = created_rows.changed_by(self.conn, who, txn)  # a later import: its batch, to be undone first
        return Conflict(f"{self._named(table, key, image)} was changed since the import{by}; nothing was undone")


def _chunks(keys: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(keys), _CHUNK):
        yield keys[start:start + _CHUNK]


def batch_of_txn(conn: Connection, txn: str) -> tuple[int, str] | None:
    """(batch id, file name) of the import whose journal txn is ``txn``; None: not an import."""
    found = conn.execute("SELECT id, file_name FROM import_batch WHERE txn = ?", (txn,)).fetchone()
    return (found[0], found[1]) if found is not None else None
