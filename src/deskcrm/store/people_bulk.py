"""One action on many people at once — a pool, or the people marked in a list — in ONE
journaled transaction (``ctrl+z`` takes all of it back):

    put_on_job(conn, ids, job_id)        # each at Sourced on the job's pipeline (those on it already: left)
    tag_people(conn, ids, "rust")        # the tag added where it is missing
    log_for_people(conn, ids, "email", "Sent the Q3 market update")   # an activity each

Each returns :class:`Done`: the txn, how many were changed, how many were left as they were,
and the sentence to show.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from deskcrm.domain import clock, stages
from deskcrm.store import db, journal
from deskcrm.store.db import Connection
from deskcrm.store.due_store import insert_activity
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.labels import ACTIVITY_KINDS, KIND_LABELS
from deskcrm.store.submissions_write import AlreadySubmitted, add_in
from deskcrm.store.values import dumps_list, ts

BULK_KINDS = ("email", "call_talked", "call_voicemail", "call_no_answer", "meeting", "note")
TAG_MAX = 40


@dataclass(frozen=True, slots=True)
class Done:
    txn: str
    changed: int
    left: int
    message: str


def _people(person_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        raise Invalid({"people": "nobody chosen: mark people with space, or put the cursor on one"})
    return ids


def _count(n: int) -> str:
    return "1 person" if n == 1 else f"{n:,} people"


def put_on_job(conn: Connection, person_ids: Iterable[int], job_id: int) -> Done:
    """Each person on the job's pipeline at its first stage (Sourced); someone on it already, or
    erased meanwhile, is left out and counted. A job that is not open adds nobody."""
    ids = _people(person_ids)
    txn = journal.new_txn()
    added, title = 0, ""
    with db.write(conn):
        for pid in ids:
            try:
                done = add_in(conn, txn, pid, job_id)
            except AlreadySubmitted:
                continue
            except StoreError as exc:
                if "no longer exists (merged or erased)" in str(exc):
                    continue
                raise
            added, title = added + 1, f"{done.job} at {done.client}"
    first = stages.PIPELINES["submission"][0].label
    if not added:
        return Done(txn, 0, len(ids), "Nobody added: all of them are on that job already")
    left = len(ids) - added
    extra = f" ({left} on it already)" if left else ""
    return Done(txn, added, left, f"{_count(added)} put on {title} at {first}{extra} · ctrl+z: undo")


def tag_people(conn: Connection, person_ids: Iterable[int], tag: str) -> Done:
    ids = _people(person_ids)
    clean = (tag or "").strip()  # as typed
    if not clean:
        raise Invalid({"tag": "type a tag, e.g. rust"})
    if len(clean) > TAG_MAX or any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in clean):
        raise Invalid({"tag": f"a tag is at most {TAG_MAX} characters, without control characters"})
    txn = journal.new_txn()
    now = ts(clock.utcnow())
    changed = 0
    with db.write(conn):
        for pid in ids:
            row = conn.execute("SELECT tags FROM person WHERE id = ? AND erased_at IS NULL", (pid,)).fetchone()
            if row is None:
                continue
            tags = json.loads(row[0] or "[]")
            if any(str(t).casefold() == clean.casefold() for t in tags):
                continue
            journal.update(conn, txn, "person", pid, {"tags": dumps_list([*tags, clean]), "updated_at": now})
            changed += 1
    left = len(ids) - changed
    extra = f" ({left} had it already)" if left else ""
    return Done(txn, changed, left, f"Tagged {_count(changed)} “{clean}”{extra} · ctrl+z: undo")


def log_for_people(conn: Connection, person_ids: Iterable[int], kind: str, body: str) -> Done:
    """The same activity logged on each person (a call, an email, a note…); a real touch resets
    each one's last contact, as one logged by hand does."""
    ids = _people(person_ids)
    if kind not in BULK_KINDS or kind not in ACTIVITY_KINDS:
        raise Invalid({"kind": f"use one of {', '.join(BULK_KINDS)}"})
    txn = journal.new_txn()
    changed = 0
    with db.write(conn):
        alive = {r[0] for r in conn.execute(
            f"SELECT id FROM person WHERE erased_at IS NULL AND id IN ({','.join('?' * len(ids))})", ids)}
        for pid in ids:
            if pid in alive:
                insert_activity(conn, txn, kind, body, person_id=pid)
                changed += 1
    label = KIND_LABELS.get(kind, kind)
    return Done(txn, changed, len(ids) - changed, f"{label} logged for {_count(changed)} · ctrl+z: undo")
