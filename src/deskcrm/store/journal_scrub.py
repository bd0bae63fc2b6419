"""The journal forgets people who no longer exist (issue 14, DESIGN.md §6).

Every write keeps before/after images in ``event`` (``store.journal``) so it can be undone. Once
a person is gone for good — merged into another record, or created and the create undone — and
the undo window has passed (``[privacy] undo_window_days``, default 30), the images of that
person are scrubbed: ``before`` and ``after`` set to NULL, the event itself kept (who did what,
when). An erasure (``store.erasure``) scrubs at once. What is scrubbed:

- every event on the person's own rows: ``person`` and ``candidate_profile`` with their id;
- their "not a duplicate" marks and due-list states (images naming ``person_id``/``:personN``);
- for an undone create, every event of the create and of its undo (all of it was about them).

A merge's system activity on the surviving record ("Merged X (#N) into this record") is that
record's own timeline — the same human — and stays until that record is erased.

An undo of a txn with a scrubbed event is refused (``journal.refuse_scrubbed``): its images are
what an undo would put back. :func:`scrub` is cheap enough to run whenever the desk opens
(``work.writes``): the removals still holding an image are found through the partial index
``ix_event_removed_person`` (migration 0012) by a date cut. ``deskcrm privacy scrub`` runs it
on demand, then clears freed space (``store.erasure.compact``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from deskcrm.domain import clock
from deskcrm.store import db
from deskcrm.store.db import Connection
from deskcrm.store.values import ts

# Events whose images an undo replays or shows: the ones a scrub blanks.
_IMAGED = "('insert', 'update', 'delete', 'undo_insert', 'undo_update', 'undo_delete')"
_BLANK = f"UPDATE event SET before = NULL, after = NULL WHERE action IN {_IMAGED} AND "


def id_patterns(column: str, key: int) -> list[str]:
    """LIKE patterns that find ``"column": key`` in a journal image (``json.dumps``'s spacing)."""
    return [f'%"{column}": {int(key)},%', f'%"{column}": {int(key)}}}%']


def _any_image(patterns: list[str]) -> tuple[str, list[str]]:
    """A condition true when ``before`` or ``after`` is LIKE one of ``patterns``."""
    terms = " OR ".join("before LIKE ? OR after LIKE ?" for _ in patterns)
    return f"({terms})", [p for p in patterns for _ in (0, 1)]


def scrub_person(conn: Connection, person_id: int) -> int:
    """Blank the journal's images of person ``person_id`` (inside the caller's write): their own
    rows, their not-a-duplicate marks and due-list states. Returns events blanked."""
    n = conn.execute(_BLANK + "entity IN ('person', 'candidate_profile') AND entity_id = ?", (person_id,)).rowcount
    marks, params = _any_image(id_patterns("person_a", person_id) + id_patterns("person_b", person_id))
    n += conn.execute(_BLANK + f"entity = 'not_duplicate' AND {marks}", params).rowcount
    keys, params = _any_image([f"%:person{int(person_id)}:%", f'%:person{int(person_id)}"%'])
    n += conn.execute(_BLANK + f"entity = 'due_state' AND {keys}", params).rowcount
    return n


def scrub_txns(conn: Connection, txns: Iterable[str]) -> int:
    """Blank every image of the events of ``txns`` (inside the caller's write)."""
    n = 0
    for txn in sorted(set(txns)):
        n += conn.execute(_BLANK + "txn = ?", (txn,)).rowcount
    return n


_REMOVED = "entity = 'person' AND action IN ('delete', 'undo_insert') AND before IS NOT NULL"


def due(conn: Connection, cut: str) -> list[tuple[int, str, int, str]]:
    """The removals of a person older than ``cut`` whose image is still there: (event id, txn,
    person id, action). Read through ``ix_event_removed_person``."""
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]  # (PostgreSQL drops the hint: store.pg)
        f"SELECT id, txn, entity_id, action FROM event INDEXED BY ix_event_removed_person WHERE {_REMOVED} "
        "AND at < ? ORDER BY at, id", (cut,))]


def scrub(conn: Connection, window_days: int = 30, now: datetime | None = None) -> int:
    """Scrub the people removed (merged away, create undone) more than ``window_days`` ago, in
    one write. Returns how many removals were scrubbed (0: nothing to do, and nothing written)."""
    cut = ts((now or clock.utcnow()) - timedelta(days=window_days))
    if not due(conn, cut):  # the usual case when the desk opens: one index probe, no write
        return 0
    with db.write(conn):
        found = due(conn, cut)
        for _event, txn, person_id, action in found:
            if conn.execute("SELECT 1 FROM person WHERE id = ?", (person_id,)).fetchone() is not None:
                # back since (the removal was undone): only this event's image goes
                conn.execute(_BLANK + "txn = ? AND entity = 'person' AND entity_id = ?", (txn, person_id))
                continue
            scrub_person(conn, person_id)
            txns = [txn]
            if action == "undo_insert":  # an undone create: the create itself was all about them
                original = conn.execute("SELECT before FROM event WHERE txn = ? AND action = 'undo'", (txn,)).fetchone()
                if original is not None and original[0]:
                    txns.append(original[0])
            scrub_txns(conn, txns)
    return len(found)
