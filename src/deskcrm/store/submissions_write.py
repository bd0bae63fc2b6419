"""Put a person on a job order: the picker's list of open jobs, and the submission itself.

    jobs = open_jobs(conn, "backend berl", person_id=7)   # open job orders, filtered, limited
    done = submit(conn, person_id=7, job_id=3)            # -> Submitted(txn, submission_id, …)

``submit`` is one transaction, journaled (``journal.undo(conn, done.txn)`` takes it back): the
submission at the first stage of the candidate pipeline (Sourced), at the end of that column,
and a ``stage_change`` activity on the person's timeline. A person already on the job, a job
that is no longer open, or a person who is gone raise ``StoreError`` with a message saying so
— nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskcrm.store.locking import for_update, retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.store import db, journal
from deskcrm.store.errors import StoreError
from deskcrm.store.jump import OPEN_JOB_STAGES, words
from deskcrm.store.values import ts

FIRST_STAGE = PIPELINES["submission"][0].key  # "sourced"
PICKER_LIMIT = 50


class AlreadySubmitted(StoreError):
    """The person is already on that job order (any stage, exits included)."""


@dataclass(frozen=True, slots=True)
class OpenJob:
    id: int
    title: str
    client: str
    city: str | None
    remote: str
    stage: str  # canonical job stage key
    already: str | None  # the person's stage label on this job, when they are on it already


@dataclass(frozen=True, slots=True)
class Submitted:
    txn: str
    submission_id: int
    person: str
    job: str
    client: str


def _like(word: str) -> str:
    """``word`` as a case-blind LIKE pattern (matched against ``lower(…)``: PostgreSQL's LIKE
    minds case), its ``%`` ``_`` ``\\`` taken literally."""
    return "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def open_jobs(
    conn: Connection, query: str = "", *, person_id: int | None = None, limit: int = PICKER_LIMIT
) -> list[OpenJob]:
    """Open job orders whose title, client or city contain every typed word; hottest and newest first."""
    typed = words(query)
    cond = " AND ".join(
        "lower(j.title || ' ' || c.name || ' ' || COALESCE(j.city, '') || ' ' || j.remote) LIKE ? ESCAPE '\\'"
        for _ in typed
    )
    stages = ", ".join("?" for _ in OPEN_JOB_STAGES)
    rows = conn.execute(
        f"""
        SELECT j.id, j.title, c.name, j.city, j.remote, j.stage,
               (SELECT su.stage FROM submission su WHERE su.person_id = ? AND su.job_id = j.id)
        FROM job_order j JOIN company c ON c.id = j.company_id
        WHERE j.stage IN ({stages}) {"AND " + cond if cond else ""}
        ORDER BY j.urgency DESC, j.opened_on DESC, j.id DESC
        LIMIT ?
        """,
        (person_id, *OPEN_JOB_STAGES, *(_like(w) for w in typed), limit),
    ).fetchall()
    return [
        OpenJob(r[0], r[1], r[2], r[3], r[4], r[5], stage_label("submission", r[6]) if r[6] else None)
        for r in rows
    ]


@retry_once
def submit(conn: Connection, person_id: int, job_id: int, *, author_id: int | None = None) -> Submitted:
    """Create the person's submission to the job at the first stage (one journaled transaction)."""
    txn = journal.new_txn()
    with db.write(conn):
        return add_in(conn, txn, person_id, job_id, author_id=author_id)


def add_in(conn: Connection, txn: str, person_id: int, job_id: int, *, author_id: int | None = None) -> Submitted:
    """:func:`submit` inside the caller's transaction ``txn`` (several people in one: ``store.submissions_bulk``)."""
    now = ts(clock.utcnow())
    # locked (store.locking): a colleague adding the same person meanwhile waits, then finds them on it
    person = conn.execute(f"SELECT name, source, erased_at FROM person WHERE id = ?{for_update(conn)}",
                          (person_id,)).fetchone()
    if person is None or person[2] is not None:
        raise StoreError(f"person #{person_id} no longer exists (merged or erased); nothing was added")
    name, source, _erased = person
    job = conn.execute(
        "SELECT j.title, c.name, j.stage FROM job_order j JOIN company c ON c.id = j.company_id WHERE j.id = ?",
        (job_id,),
    ).fetchone()
    if job is None:
        raise StoreError(f"job order #{job_id} no longer exists; pick another one")
    title, client, job_stage = job
    if job_stage not in OPEN_JOB_STAGES:
        raise StoreError(
            f"{title} at {client} is not open ({stage_label('job', job_stage)}); nothing was added"
        )
    on = conn.execute(
        "SELECT stage FROM submission WHERE person_id = ? AND job_id = ?", (person_id, job_id)
    ).fetchone()
    if on is not None:
        raise AlreadySubmitted(
            f"{name} is already on {title} at {client} ({stage_label('submission', on[0])}); nothing was added"
        )
    rank = conn.execute(
        "SELECT COALESCE(MAX(rank), 0) + 1 FROM submission WHERE job_id = ? AND stage = ?", (job_id, FIRST_STAGE)
    ).fetchone()[0]
    submission_id = journal.insert(conn, txn, "submission", {
        "person_id": person_id, "job_id": job_id, "stage": FIRST_STAGE, "stage_changed_at": now,
        "source": source, "rank": rank, "created_at": now, "version": 1,
    })
    journal.insert(conn, txn, "activity", {
        "kind": "stage_change", "body": f"Added to {title} at {client}: {stage_label('submission', FIRST_STAGE)}",
        "at": now, "author_id": author_id, "person_id": person_id, "job_id": job_id,
        "submission_id": submission_id,
    })
    return Submitted(txn, submission_id, name, title, client)
