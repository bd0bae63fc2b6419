"""What every pipeline write shares: its result, version checks, the activity it logs, and
the job-filled rule (a job is filled when its live placements reach its openings).

Callers own the transaction (``with db.write(conn)``) and the txn id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.pipeline_rules import DEAD_PLACEMENT_STATUSES
from deskcrm.store import db, journal, journal_ahead
from deskcrm.store.errors import Conflict, StoreError
from deskcrm.store.locking import for_update
from deskcrm.store.values import ds, ts

_WHAT = {"submission": "submission", "job_order": "job order", "placement": "placement", "company": "client"}
# Job stages a filled job can be in (a fall-off reopens them); other closed stages stay closed.
FILLED_JOB_STAGES = ("placed", "closed_filled")
CLOSED_JOB_STAGES = ("placed", "closed_filled", "closed_lost", "closed_cancelled", "on_hold")
REOPENED_JOB_STAGE = "submitting"


@dataclass(frozen=True)
class MoveResult:
    txn: str
    message: str
    placement_id: int | None = None
    job_filled: bool = False
    job_reopened: bool = False
    job_id: int | None = None  # the job order a create_job opened


def now() -> str:
    return ts(clock.utcnow())


def fetch(conn: Connection, table: str, key: int) -> dict[str, Any]:
    """The row a move is about to decide on and write: inside a write transaction, locked until
    it commits (``store.locking``) — a colleague's move of the same card waits, then sees this
    one's and is refused as stale; outside one (a form's read), as it is."""
    return found(journal.row(conn, table, key, lock=conn.in_transaction), table, key)


def fetch_each(conn: Connection, rows: list[tuple[str, int] | tuple[str, int, str]],
               *also: tuple[str, tuple]) -> list[Any]:
    """:func:`fetch` of each row of ``rows``, then the cursor of each statement of ``also``, all
    read together (one round trip on a server: ``db.execute_each``). A row is (table, key), or
    (table, key, "parent.column"): the ``table`` row that row ``key`` of ``parent`` points at
    with ``column`` (read in the same trip as the parent; the message names the parent's key)."""
    lock = for_update(conn) if conn.in_transaction else ""
    statements = []
    for table, key, *via in rows:
        if via:
            parent, column = via[0].split(".")
            statements.append((f'SELECT * FROM "{table}" WHERE id = (SELECT "{column}" FROM "{parent}" WHERE id = ?)'
                               f"{lock}", (key,)))
        else:
            statements.append(journal.row_query(conn, table, key, lock=bool(lock)))
    done = db.execute_each(conn, [*statements, *also])
    return [*(found(journal.image(cur), r[0], r[1]) for cur, r in zip(done, rows)), *done[len(rows):]]


def found(values: dict[str, Any] | None, table: str, key: int) -> dict[str, Any]:
    if values is None:
        raise StoreError(f"{_WHAT.get(table, table)} {key} does not exist (deleted, or a wrong id)")
    return values


def check_version(found: dict[str, Any], table: str, expected_version: int | None, name: str = "") -> None:
    if expected_version is not None and found.get("version") != expected_version:
        what = f"{_WHAT.get(table, table)} {found.get('id')}" + (f" ({name})" if name else "")
        raise Conflict(f"{what} was changed elsewhere; the board has been refreshed — try again")


def activity(conn: Connection, txn: str, kind: str, body: str, **links: int | None) -> None:
    journal.insert(conn, txn, "activity", {"kind": kind, "body": body, "at": now(), **links})


def move_logged(conn: Connection, txn: str, table: str, locked: dict[str, Any], changes: dict[str, Any],
                body: str, *, ahead: Sequence[Any] = (), **links: int | None) -> dict[str, Any]:
    """A card's own move (``changes`` to the row ``locked``, as :func:`fetch` read it) and the
    stage-change activity it logs, written together (``journal.update_and_insert``): the move's
    first event, then its activity's. ``ahead``: the cursor of :func:`activity_ahead`'s statement,
    read with the locked rows (on a server the move then commits one round trip sooner).
    Returns the row after the move."""
    after, _ = journal.update_and_insert(conn, txn, table, locked, changes, "activity",
                                         {"kind": "stage_change", "body": body, "at": now(), **links},
                                         key=journal_ahead.key(ahead))
    return after


def activity_ahead(conn: Connection) -> list[tuple[str, tuple]]:
    """What a move reads with its locked rows (:func:`fetch_each`) so that its activity's key is
    known before it writes (``journal_ahead``): nothing on SQLite."""
    return journal_ahead.reserve(conn, "activity")


def live_placements(conn: Connection, job_id: int) -> int:
    marks = ", ".join("?" for _ in DEAD_PLACEMENT_STATUSES)
    return conn.execute(
        f"SELECT count(*) FROM placement WHERE job_id = ? AND status NOT IN ({marks})",
        (job_id, *DEAD_PLACEMENT_STATUSES),
    ).fetchone()[0]


def settle_job(conn: Connection, txn: str, job_id: int) -> str | None:
    """Fill the job when its live placements reach its openings ("filled"); reopen a filled
    job whose placement fell through ("reopened"). Returns what changed, or None."""
    job = fetch(conn, "job_order", job_id)
    live = live_placements(conn, job_id)
    if live >= job["openings"] and job["stage"] not in CLOSED_JOB_STAGES:
        journal.update(conn, txn, "job_order", job_id,
                       {"stage": "placed", "closed_on": ds(clock.today()), "close_reason": None}, locked=job)
        return "filled"
    if live < job["openings"] and job["stage"] in FILLED_JOB_STAGES:
        journal.update(conn, txn, "job_order", job_id,
                       {"stage": REOPENED_JOB_STAGE, "closed_on": None, "close_reason": None}, locked=job)
        return "reopened"
    return None

