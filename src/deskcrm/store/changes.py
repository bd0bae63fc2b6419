"""Has anyone else changed the desk since token X? (issue 11 item 6, the live desk.)

One engine-specific question behind a small class, so the app's poll (``work.live``) never
sees a driver. On SQLite it is answered on ONE dedicated read connection:

- ``PRAGMA data_version`` moves when another connection (another process, or another
  connection of this one) has committed since this connection last asked. It reads the WAL
  index header in shared memory: no page of the file, no table, whatever the desk's size.
- Only then: the journal's head, ``max(event.id)`` (one step down the table's b-tree). Every
  user action writes its journal events in its own transaction (DESIGN.md §1), so a commit that
  left the head where it was changed nothing a recruiter can see — the search index merged
  while idle (``work.upkeep``), a WAL checkpoint's no-op commit.
- And when the head moved: whether any of the new events belongs to a transaction that is not
  ``own`` (the txns the desk itself just wrote — it reloads after its own writes already): a
  primary-key range read of the new events only, stopping at the first foreign one.

A PostgreSQL desk answers the same question with ``LISTEN/NOTIFY`` (:class:`PgChanges`): every
write transaction sends a notification on :data:`db.CHANGES_CHANNEL` as it commits
(``store.db.write``), and one dedicated connection LISTENs. Asking reads what the server already
pushed down that connection's socket — no statement, no round trip — and only when something
arrived, the journal's head and the foreign-event check, as on SQLite. The token stays opaque
to callers.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from deskcrm.store import db
from deskcrm.store.errors import StoreError

_OWN_BATCH = 500  # ``txn NOT IN (...)``: at most this many of the desk's own txns are named


@dataclass(frozen=True, slots=True)
class Token:
    """Where the desk stood when last asked: opaque outside the store."""

    data_version: int
    head: int  # the journal's newest event id (0: none)


@dataclass(frozen=True, slots=True)
class Seen:
    token: Token  # ask with this one next time
    changed: bool  # someone else changed what a recruiter sees since the token asked with


class SqliteChanges:
    """Change detection for a SQLite desk file; thread-safe for one poller at a time (the
    connection is opened lazily, in the poller's thread, and kept)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = path
        self._conn: db.Connection | None = None
        self.asked = 0  # questions answered (bench / tests count work)
        self.journal_reads = 0  # of which read the journal (data_version had moved)

    def _connection(self) -> db.Connection:
        if self._conn is None:
            self._conn = db.connect(self._path)
        return self._conn

    def token(self) -> Token:
        """The desk as it is now."""
        with db.translated(self._path):
            conn = self._connection()
            return Token(self._data_version(conn), _head(conn))

    def since(self, token: Token, own: Collection[str] = ()) -> Seen:
        """Has another connection committed a change a recruiter can see since ``token``
        (ignoring the transactions in ``own``)? Raises the store's errors only."""
        with db.translated(self._path):
            conn = self._connection()
            self.asked += 1
            version = self._data_version(conn)
            if version == token.data_version:
                return Seen(token, False)
            self.journal_reads += 1
            head = _head(conn)
            now = Token(version, head)
            if head == token.head:
                return Seen(now, False)
            if head < token.head:  # events went away (an erasure, a restored backup): reread all
                return Seen(now, True)
            return Seen(now, _foreign(conn, token.head, head, own))

    @staticmethod
    def _data_version(conn: db.Connection) -> int:
        return conn.execute("PRAGMA data_version").fetchone()[0]

    def settle(self) -> None:
        """Nothing to wait for: ``data_version`` answers for every commit made before now."""

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _head(conn: db.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) FROM event").fetchone()[0]


def _foreign(conn: db.Connection, after: int, upto: int, own: Collection[str]) -> bool:
    """Does an event in (after, upto] belong to a transaction not in ``own``?"""
    mine = list(own)[-_OWN_BATCH:]
    if not mine:
        return True
    marks = ", ".join("?" for _ in mine)
    found = conn.execute(
        f"SELECT 1 FROM event WHERE id > ? AND id <= ? AND txn NOT IN ({marks}) LIMIT 1",
        (after, upto, *mine),
    ).fetchone()
    return found is not None


class PgChanges:
    """Change detection for a desk on a PostgreSQL server: one dedicated connection LISTENs on
    :data:`db.CHANGES_CHANNEL` (opened lazily, in the poller's thread, and kept). ``data_version``
    in its tokens counts the notifications received."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: db.Connection | None = None
        self._lost = False  # the LISTEN connection failed: the next one may have missed notifications
        self._notified = 0
        self.asked = 0
        self.journal_reads = 0

    def _connection(self) -> db.Connection:
        if self._conn is None:
            conn = db.connect(self._url)
            try:
                conn.execute(f"LISTEN {db.CHANGES_CHANNEL}")
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            if self._lost:  # what was committed while it was away was not heard: read the journal
                self._lost, self._notified = False, self._notified + 1
        return self._conn

    @contextmanager
    def _asking(self) -> Iterator[db.Connection]:
        """The LISTEN connection; one that fails is dropped (the next ask opens another) and the
        failure leaves as the store's error."""
        try:
            with db.translated(self._url):
                yield self._connection()
        except StoreError:
            self._lost = True
            self.close()
            raise

    def _drain(self, conn: db.Connection) -> None:
        """Count what the server has pushed since (no statement is sent: a read of the socket). A
        connection the server closed says so here (as the driver's error, wrapped: ``pg.wrap``)."""
        from deskcrm.store import pg

        try:
            for _ in conn.raw.notifies(timeout=0):  # type: ignore[attr-defined]
                self._notified += 1
        except pg.psycopg.Error as exc:
            raise pg.wrap(exc) from exc

    def token(self) -> Token:
        with self._asking() as conn:
            self._drain(conn)
            return Token(self._notified, _head(conn))

    def since(self, token: Token, own: Collection[str] = ()) -> Seen:
        with self._asking() as conn:
            self.asked += 1
            self._drain(conn)
            if self._notified == token.data_version:
                return Seen(token, False)
            self.journal_reads += 1
            head = _head(conn)
            now = Token(self._notified, head)
            if head == token.head:
                return Seen(now, False)
            if head < token.head:
                return Seen(now, True)
            return Seen(now, _foreign(conn, token.head, head, own))

    def settle(self) -> None:
        """Make sure every notification of a commit made before now has arrived (the server
        delivers them a moment after the commit returns; one round trip waits for them). The
        poller never needs it — a late notification is seen by the next ask; tests do."""
        with self._asking() as conn:
            conn.execute("SELECT 1").fetchone()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def for_desk(path: str | os.PathLike[str]) -> SqliteChanges | PgChanges:
    """The change detector for the desk at ``path``: a file's, or a PostgreSQL server's."""
    if db.is_server(path):
        return PgChanges(str(path))
    return SqliteChanges(path)
