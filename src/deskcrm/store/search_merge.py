"""Merging the person search index outside users' writes (issue 10).

A save adds one small FTS5 segment and never merges (``store.search_index.SETTINGS``); the
merging is done here, in steps, each one short write transaction of its own:

- :func:`merge_step` merges about :data:`MERGE_PAGES` leaf pages, and never waits for the write
  lock — another writer holding it makes it give up at once (``Locked``);
- :func:`tidy` runs steps for a while, checkpointing the WAL between them; ``deskcrm move`` calls
  it after its write, the TUI when the desk is idle (``work.upkeep``);
- :class:`Merger` runs them in a thread of its own and lets a user's write pre-empt them; when
  it has merged everything it begins a new WAL (``db.restart_wal``), so that the next save does
  not pay for the sync a new WAL starts with.

How long can a step take? FTS5 stops a merge step only between two terms, so a step that
starts on a very common term (a 2-letter prefix at 1M people: a doclist of thousands of pages)
writes all of it — up to ~0.1–0.2 s at 1M. A write never waits for that: :meth:`Merger.writing`
interrupts the step in progress (``sqlite3_interrupt``: its transaction rolls back, and the
work is done again later) and takes the merger's lock, so a write waits for a rollback
(~0.3 ms), not for a merge.

SQLite only: on PostgreSQL (a GIN index, merged by autovacuum) each of these does nothing and
says it is done.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deskcrm.store.db import Connection, DRIVER_ERRORS
from deskcrm.store import db
from deskcrm.store.errors import Locked, StoreError

MERGE_PAGES = 16  # leaf pages a merge step writes (~100 µs of CPU each, plus ~1 ms a step)
# A long merge checkpoints the WAL once its steps have written this many rows (a row of the
# index is about a page): the WAL stays well under the 1000 pages at which a commit — a user's
# save — would checkpoint it itself.
CHECKPOINT_ROWS = 300


def merge_step(conn: Connection, pages: int = MERGE_PAGES) -> bool:
    """Merge about ``pages`` leaf pages of the index, in one short write transaction of its own.

    True when it merged something, False when there is nothing left to merge. It never waits
    for the write lock: when another writer holds the file it raises ``Locked`` at once (a
    user's write goes first). An interrupted step rolls back whole. Call it outside any
    transaction. On PostgreSQL there is never anything to merge (a GIN index is autovacuum's).
    """
    if db.engine(conn) == "postgresql":
        return False
    waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise db.translate(exc, db.file_of(conn)) or exc from None
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waited)}")
    try:
        before = conn.total_changes
        conn.execute("INSERT INTO person_fts (person_fts, rank) VALUES ('merge', ?)", (int(pages),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # an interrupt has rolled it back already
            conn.execute("ROLLBACK")
        raise
    return conn.total_changes - before >= 2  # FTS5's documented test for "did some work"


@dataclass(frozen=True, slots=True)
class Tidied:
    steps: int  # merge steps that merged something
    done: bool  # nothing is left to merge (False: stopped, pre-empted, the file busy, or a failure)
    problem: str | None = None  # why a step failed (read-only file, full disk, ...): upkeep never raises


def tidy(
    conn: Connection,
    *,
    seconds: float,
    stop: Callable[[], bool] = lambda: False,
    step: Callable[[Connection], bool] = merge_step,
) -> Tidied:
    """Merge step by step for at most ``seconds``, asking ``stop()`` before each step; give up
    at once when another writer holds the file or a step is interrupted.

    The WAL is checkpointed here — between steps (no lock held) once they have written
    :data:`CHECKPOINT_ROWS` rows, and when all is merged; PASSIVE, never waiting — rather than by
    the commit that happens to cross SQLite's 1000-page mark: that would be inside a step, or a
    user's next save. Not when stopped or pre-empted: a user is busy, and a checkpoint's disk
    syncs would slow their save (nor does it leave them a WAL to start afresh, with its sync).

    Upkeep, not a user's action: a failure is returned (``problem``), never raised — the write
    that came before it has landed. ``step`` stands in for :func:`merge_step` (:class:`Merger`
    takes its lock around each one). A desk on a PostgreSQL server has no segments to merge and
    no WAL of deskcrm's to checkpoint (its GIN index and its log are the server's): done at once.
    """
    if db.engine(conn) != "sqlite":
        return Tidied(0, True)
    deadline = time.monotonic() + seconds
    steps, done, problem, copied = 0, False, None, conn.total_changes
    try:
        auto = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    except DRIVER_ERRORS as exc:
        return Tidied(0, False, None if _interrupted(exc) else str(db.translate(exc) or exc))
    try:
        while not stop() and time.monotonic() < deadline:
            try:
                if not step(conn):
                    done = True
                    break
            except Locked:  # a writer holds the file, or waits for it
                break
            except (StoreError, *DRIVER_ERRORS) as exc:
                if not _interrupted(exc):  # pre-empted: not a problem
                    problem = str(db.translate(exc, db.file_of(conn)) or exc)
                break
            steps += 1
            if conn.total_changes - copied > CHECKPOINT_ROWS and not stop():
                db.checkpoint(conn)
                copied = conn.total_changes
        if done and not problem:
            db.checkpoint(conn)  # what the merge wrote, and what the user's saves left
    finally:
        _quietly(conn, f"PRAGMA wal_autocheckpoint = {int(auto)}")
    return Tidied(steps, done, problem)


def _interrupted(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorname", "") == "SQLITE_INTERRUPT" or "interrupted" in str(exc)


def _quietly(conn: Connection, sql: str) -> None:
    try:
        conn.execute(sql)
    except DRIVER_ERRORS:
        pass


class Merger:
    """The merging of one database file, in a thread of its own, that users' writes pre-empt.

    ``run()`` merges (see :func:`tidy`), each step holding :attr:`lock`. A user's write runs in
    ``with merger.writing():`` — the step in progress is interrupted (it rolls back) and no new
    one starts until the write is done; :meth:`preempt` interrupts without writing (a key
    pressed: the CPU is the user's).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path if db.is_server(path) else Path(path)  # a URL stays a str
        self.lock = threading.Lock()  # held by each step, and by each write
        self._guard = threading.Lock()  # guards the two below
        self._conn: Connection | None = None  # the merging connection, while run() runs
        self._writers = 0  # writes waiting or running: no step starts

    def run(self, *, seconds: float, stop: Callable[[], bool] = lambda: False) -> Tidied:
        """Merge for at most ``seconds`` (call it from a worker thread)."""
        if db.is_server(self.path):  # PostgreSQL: nothing to merge
            return Tidied(0, True)
        try:
            conn = db.connect(self.path)
        except (StoreError, *DRIVER_ERRORS, OSError) as exc:
            return Tidied(0, False, str(db.translate(exc, self.path) or exc))
        with self._guard:
            self._conn = conn
        try:
            tidied = tidy(conn, seconds=seconds, stop=stop, step=self._step)
            if tidied.done and not stop():
                self._step(conn, db.restart_wal)  # the next save appends to a WAL already begun
            return tidied
        except Locked:  # a write came first: it will begin the WAL itself
            return tidied
        finally:
            with self._guard:
                self._conn = None
            conn.close()

    def _step(self, conn: Connection, work: Callable[[Connection], bool] | None = None) -> bool:
        with self._guard:
            if self._writers or not self.lock.acquire(blocking=False):
                raise Locked("a write is waiting")
        try:
            return (work or merge_step)(conn)
        finally:
            self.lock.release()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a user's write: pre-empt the merge, then hold :attr:`lock` while writing."""
        with self._guard:
            self._writers += 1
            if self._conn is not None:
                self._conn.interrupt()  # a no-op when no statement is running
        try:
            with self.lock:
                yield
        finally:
            with self._guard:
                self._writers -= 1

    def preempt(self) -> None:
        """Interrupt the step in progress, if any (it rolls back; the merge goes on later)."""
        with self._guard:
            if self._conn is not None:
                self._conn.interrupt()
