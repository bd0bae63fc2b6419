"""Connections: pragmas of DESIGN.md §5, read and write transactions.

Plain ``sqlite3`` so that the first paint and the CLI never import SQLAlchemy/SQLModel. A desk
on a PostgreSQL server (a ``postgresql://`` URL where a path goes) opens as a
:class:`deskcrm.store.pg.PgConnection` of the same shape; psycopg is imported only then.
Writes start with ``BEGIN IMMEDIATE`` and are retried while the file is busy. Driver errors
never leave this module raw where they mean something to a user: :func:`translate` turns a
lock, a read-only file or folder, a damaged file, a full disk into the store's own errors.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from deskcrm.store.errors import Corrupt, Interrupted, Locked, NotADatabase, ReadOnly, StoreError

Connection = sqlite3.Connection  # what store functions take: callers name it here, never the driver


class ServerError(Exception):
    """Base of the errors a desk on PostgreSQL raises from its driver (``store.pg`` subclasses
    it; defined here so that catching it never imports psycopg)."""


class ServerIntegrityError(ServerError):
    """A unique, foreign-key or check constraint refused the statement (SQLSTATE class 23)."""


DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, ServerError)
"""What a store function catches where it used to catch ``sqlite3.Error``: either engine's."""
INTEGRITY_ERRORS: tuple[type[BaseException], ...] = (sqlite3.IntegrityError, ServerIntegrityError)

CHANGES_CHANNEL = "deskcrm_changes"  # PostgreSQL: every write's NOTIFY, the live desk's LISTEN (store.changes)
APPLICATION_ID = 0x44534B43  # "DSKC"
BUSY_TIMEOUT_MS = 5000
_WRITE_RETRIES = 5


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:  # a read-only file still reads; writes say why they fail
        if not isinstance(translate(exc), ReadOnly):
            raise
    conn.execute("PRAGMA synchronous = NORMAL")


class Connection(sqlite3.Connection):
    """A deskcrm connection: ``actor_id`` is the recruiter who signs what is written on it (the
    journal puts it on every event, and on every activity written without an author)."""

    actor_id: int | None = None


def act_as(conn: sqlite3.Connection, recruiter_id: int | None) -> None:
    """Sign every write made on ``conn`` from now on with ``recruiter_id`` (None: nobody)."""
    conn.actor_id = recruiter_id  # type: ignore[attr-defined]


def actor(conn: sqlite3.Connection) -> int | None:
    return getattr(conn, "actor_id", None)


def init_hint(path: Path) -> str:
    import shlex

    return f"deskcrm init {shlex.quote(str(path))}"


def is_empty(path: Path) -> bool:
    """A 0-byte file (and no WAL holding its first pages): nothing in it, not a database yet."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0)


def is_server(target: object) -> bool:
    """True when ``target`` names a desk on a PostgreSQL server rather than a file (a file's
    ``Path`` is answered without importing the URL reader: the launch path asks)."""
    if not isinstance(target, str) or "://" not in target:
        return False
    from deskcrm import dburl

    return dburl.is_server(target)


def engine(conn: object) -> str:
    """"sqlite" or "postgresql": which engine ``conn`` talks to."""
    return getattr(conn, "engine", "sqlite")


def connect(path: str | os.PathLike[str], *, create: bool = False) -> sqlite3.Connection:
    """Open a deskcrm database file with the project's pragmas (or, for a ``postgresql://``
    URL, the desk on that server: ``create`` does not apply, ``deskcrm init`` makes one).

    Raises ``NotADatabase`` for a missing or empty file (unless ``create``), a directory that
    does not exist, a file that is not SQLite, or a SQLite file that belongs to another program;
    ``Locked`` / ``ReadOnly`` / ``Corrupt`` for what :func:`translate` recognises.
    """
    if is_server(path):
        from deskcrm.store import pg

        return pg.connect(str(path))  # type: ignore[return-value]
    p = Path(path)
    if p.is_dir():
        raise NotADatabase(f"{p}: is a directory, not a database file")
    if not p.parent.is_dir():
        raise NotADatabase(f"{p}: the directory {p.parent} does not exist")
    if not create and not p.exists():
        raise NotADatabase(f"{p}: no such database file; to create one there on purpose: {init_hint(p)}")
    if not create and is_empty(p):
        raise NotADatabase(f"{p}: is an empty file (0 bytes), not a deskcrm database; to make it one: {init_hint(p)}")
    if not p.exists():
        try:
            os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o600))  # private to the user (§6)
        except PermissionError:
            raise ReadOnly(f"{p}: read-only folder — cannot create a database in {p.parent}") from None
        except OSError as exc:
            raise StoreError(f"{p}: cannot create the file ({exc.strerror})") from None
    conn = None
    try:
        conn = sqlite3.connect(p, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000,
                               factory=Connection)
        _check_owner(conn, p)
        _pragmas(conn)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, p) or NotADatabase(f"{p}: is not a deskcrm database ({exc})") from None
        raise
    return conn


def _check_owner(conn: sqlite3.Connection, p: Path) -> None:
    """Refuse another program's SQLite file; mark a new (or pre-id) deskcrm file as ours."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise NotADatabase(f"{p}: is a SQLite database of another program, not deskcrm's")
    if app_id == 0:
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        has_ours = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()[0]
        if has_tables and not has_ours:
            raise NotADatabase(f"{p}: is a SQLite database of another program, not deskcrm's")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def translate(exc: BaseException, path: str | os.PathLike[str] | None = None) -> StoreError | None:
    """The store error a driver error means to a user, or None when it is none of these."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, ServerError):
        from deskcrm.store.server_errors import translate_server

        return translate_server(exc, path)
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    where = f"{path}: " if path else "the database: "
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return Locked(f"{where}busy — locked by another program (another deskcrm saving, a backup, sqlite3); "
                      "try again in a moment")
    if name == "SQLITE_READONLY_DIRECTORY":  # no -wal/-shm/-journal can be made beside it: reads fail too
        return ReadOnly(f"{where}the folder is read-only, and deskcrm needs to write beside the database even to "
                        "read it (SQLite's -wal/-shm); copy it somewhere writable, or make the folder writable")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return ReadOnly(f"{where}read-only — deskcrm cannot write to this file or its folder; check their "
                        "permissions (nothing was saved)")
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return Corrupt.at(path, text)
    if name == "SQLITE_NOTADB" or "not a database" in text:
        return NotADatabase(f"{where}is not a deskcrm database ({text})")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreError(f"{where}the disk is full; nothing was saved — free some space and try again")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreError(f"{where}cannot open the file ({text}); check that you may read it and its folder")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"{where}the disk reported an error ({text}); nothing was saved")
    return None


def failure(exc: BaseException, path: str | os.PathLike[str] | None = None) -> StoreError:
    """The store error for any driver error: :func:`translate`'s, :class:`Interrupted` for a query
    stopped on purpose, else one that names it ("database error: …")."""
    err = translate(exc, path)
    if err is not None:
        return err
    if isinstance(exc, sqlite3.OperationalError) and "interrupt" in str(exc):
        return Interrupted("the query was stopped")
    if getattr(exc, "sqlstate", None) == "57014":  # PostgreSQL: canceling statement due to user request
        return Interrupted("the query was stopped")
    return StoreError(f"database error: {exc}")


@contextmanager
def translated(path: str | os.PathLike[str] | None = None) -> Iterator[None]:
    """Driver errors raised inside leave as the store's own (:func:`failure`)."""
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise failure(exc, path) from exc


@contextmanager
def reading(path: str | os.PathLike[str]) -> Iterator[Connection]:
    """A connection for one read (or a few in a row), closed after it (a server's: kept open
    for the next read, ``store.pool``); whatever fails inside leaves as a ``StoreError`` —
    screens and workers catch the store's errors, not a driver's."""
    if is_server(path):
        from deskcrm.store import pool

        with translated(path):
            conn = pool.take(str(path))
        try:
            with translated(path):
                yield conn
        finally:
            pool.give(str(path), conn)
        return
    conn = connect(path)
    try:
        with translated(path):
            yield conn
    finally:
        conn.close()


def close_idle() -> None:
    """Close the idle read connections kept for server desks (``store.pool``), if any."""
    import sys

    pool = sys.modules.get("deskcrm.store.pool")  # never imported on a desk file's path
    if pool is not None:
        pool.close_all()


def file_of(conn: sqlite3.Connection) -> str | None:
    """The file the desk is in (or the server's URL, its password hidden)."""
    if engine(conn) != "sqlite":
        from deskcrm import dburl

        return dburl.shown(conn.url)  # type: ignore[attr-defined]
    try:
        return conn.execute("PRAGMA database_list").fetchone()[2] or None
    except sqlite3.Error:
        return None


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except DRIVER_ERRORS:  # the failure may have ended the transaction already
        pass


def _begin(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, retried (without waiting past the busy timeout) while another writer holds it."""
    if engine(conn) != "sqlite":
        conn.defer("BEGIN")  # type: ignore[attr-defined]  # sent with the first statement (store.pg)
        return
    deadline = None
    for attempt in range(_WRITE_RETRIES):
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            err = translate(exc, file_of(conn))
            if not isinstance(err, Locked):
                raise err or exc from None
            if deadline is None:
                deadline = time.monotonic() + conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
            if attempt == _WRITE_RETRIES - 1 or time.monotonic() >= deadline:
                raise err from None
            time.sleep(0.05 * (attempt + 1))


def send(conn: sqlite3.Connection, sql: str, params: tuple | list | dict = ()) -> None:
    """Run a statement whose result nobody reads (a journal row): on PostgreSQL it travels with
    the next statement that waits for one (``PgConnection.defer``), a round trip saved; a failure
    then surfaces there, inside the same transaction."""
    if engine(conn) != "sqlite":
        conn.defer(sql, params)  # type: ignore[attr-defined]
    else:
        conn.execute(sql, params)


def execute_each(conn: sqlite3.Connection, statements: list[tuple[str, tuple | list | dict]]) -> list:
    """Run ``statements`` (reads that do not depend on each other): a cursor for each. On
    PostgreSQL all of them travel in one round trip (``PgConnection.execute_each``)."""
    if engine(conn) != "sqlite":
        return conn.execute_each(statements)  # type: ignore[attr-defined]
    return [conn.execute(sql, params) for sql, params in statements]


def checkpoint(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """Copy what the WAL holds back into the database file, now, while nobody waits (PASSIVE:
    it never waits for a reader or a writer; what it cannot copy waits for the next one). A
    commit that finds the WAL past 1000 pages does this itself, inside someone's save.
    Returns (pages in the WAL, pages copied), or None when it could not run."""
    if engine(conn) != "sqlite":
        return None  # a server keeps its own write-ahead log
    try:
        busy, log, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:  # busy, interrupted, failing: a later checkpoint does it
        return None
    return None if busy else (log, copied)


def restart_wal(conn: sqlite3.Connection) -> bool:
    """Checkpoint; if everything was copied, begin the next WAL now with a one-page commit that
    changes nothing (the header's ``user_version`` written as it is). The first commit of a new
    WAL syncs its header to disk (~4 ms on the development VM): this way upkeep pays for it, not
    the user's next save. Never waits for the write lock. True when it made that commit."""
    if engine(conn) != "sqlite":
        return False
    done = checkpoint(conn)
    if done is None or done[0] != done[1] or done[0] <= 1:  # a reader or a writer was in the way, or it is new
        return False
    try:
        waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        finally:
            _rollback(conn)
            conn.execute(f"PRAGMA busy_timeout = {int(waited)}")
    except sqlite3.Error:  # another writer got there first (it pays, as it always did), or interrupted
        return False
    return True


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action = one transaction, taken with ``BEGIN IMMEDIATE``. On PostgreSQL it
    notifies :data:`CHANGES_CHANNEL` as it commits (the colleagues' live desks, ``store.changes``);
    a rolled-back write notifies nobody."""
    _begin(conn)
    try:
        yield conn
        if engine(conn) != "sqlite":
            conn.defer(f"NOTIFY {CHANGES_CHANNEL}")  # type: ignore[attr-defined]  # one round trip with COMMIT
        conn.execute("COMMIT")
    except DRIVER_ERRORS as exc:
        _rollback(conn)
        err = translate(exc, file_of(conn))
        if err is None:
            raise
        raise err from None
    except BaseException:
        _rollback(conn)
        raise
