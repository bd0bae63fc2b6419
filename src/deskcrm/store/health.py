"""Is the database file sound? SQLite's ``PRAGMA quick_check``, run only when the file changed
since its last clean check.

A clean check is remembered as a stamp of the file — device, inode, size, mtime (ns), the
header's change counter, and the size and mtime of a non-empty ``-wal`` — in a small 0600 file per
database in a directory the caller names (the user cache dir; never the database itself, which
is what may be damaged). Opening an unchanged file costs two ``stat`` calls and two small reads;
a changed one costs the check (measured: ~0.07 s at 20k candidates, ~0.3 s at 100k).

A damaged file may still be read, with a warning; nothing writes to it (``Corrupt``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from pathlib import Path

from deskcrm.store.db import Connection, DRIVER_ERRORS
from deskcrm import files
from deskcrm.store import db
from deskcrm.store.errors import Corrupt, NotADatabase, StoreError


def stamp(path: Path) -> list[int]:
    """What changes when the file does: ``stat`` only. Never ``open()`` the database file here:
    closing any descriptor on it drops every POSIX lock this process holds on it, SQLite's own
    included, and another deskcrm would then delete the live ``-wal``/``-shm`` under us."""
    st = os.stat(path)
    try:
        wal = os.stat(f"{path}-wal")
        wal_part = [wal.st_size, wal.st_mtime_ns] if wal.st_size else [0, 0]
    except FileNotFoundError:  # no WAL and an empty one (any open connection makes one) are alike
        wal_part = [0, 0]
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, *wal_part]


def quick_check(conn: Connection) -> str | None:
    """What SQLite's quick_check finds wrong (its first lines), or None when the file is sound."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        err = db.translate(exc)
        if isinstance(err, (Corrupt, NotADatabase)):
            return str(exc)
        raise err or exc from None
    found = [r[0] for r in rows]
    if found == ["ok"]:
        return None
    lines = [line.strip() for row in found for line in str(row).splitlines()
             if line.strip() and not line.startswith("*** in database")]
    more = f" and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''}" if len(lines) > 1 else ""
    return (lines[0] if lines else "quick_check failed") + more


class Stamps:
    """Where clean checks are remembered: ``directory/<hash of the file's real path>``, 0600."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _file(self, path: Path) -> Path | None:
        if self.directory is None:
            return None
        name = str(Path(path).resolve()).encode("utf-8", "surrogateescape")
        return self.directory / f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}"  # the file holds the full path

    def matches(self, path: Path, current: list[int]) -> bool:
        where = self._file(path)
        try:
            seen = json.loads(where.read_text("utf-8")) if where is not None else {}
            return seen.get("db") == str(Path(path).resolve()) and seen.get("stamp") == current
        except (OSError, ValueError, AttributeError):
            return False

    def remember(self, path: Path, current: list[int]) -> None:
        where = self._file(path)
        if where is None:
            return
        try:
            files.write_private(where, json.dumps({"db": str(Path(path).resolve()), "stamp": current}))
        except OSError:  # a cache we cannot write only costs a re-check next time
            pass

    def forget(self, path: Path) -> None:
        where = self._file(path)
        if where is not None:
            where.unlink(missing_ok=True)


def check(path: Path, stamps: Stamps, conn: Connection | None = None) -> Corrupt | None:
    """``Corrupt`` (not raised) when the file fails quick_check; None when it is sound. A desk on
    a PostgreSQL server is no file: the server checks its own pages (None)."""
    if db.is_server(path):
        return None
    path = Path(path)
    before = stamp(path)
    if stamps.matches(path, before):
        return None
    own = conn is None
    conn = conn or db.connect(path)
    try:
        problem = quick_check(conn)
    finally:
        if own:
            conn.close()
    if problem is not None:
        stamps.forget(path)
        return Corrupt.at(path, problem)
    stamps.remember(path, before)
    return None


class Gate:
    """The check of the TUI's database, run in a worker once the app is up: every write waits
    for it (:meth:`writable`), and none is made to a damaged file.

    It keeps its connection open while the app runs, so ``deskcrm restore`` can tell that a
    deskcrm has the file open.
    """

    def __init__(self, path: Path, stamps: Stamps) -> None:
        import threading

        self.path = path if db.is_server(path) else Path(path)
        self._stamps = stamps
        self._done = db.is_server(path)  # a server checks its own pages: nothing to wait for
        self._run_lock = threading.Lock()  # one check at a time; a write waits for a running one
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._closed = False
        self.problem: Corrupt | None = None

    def run(self) -> Corrupt | None:
        """Check the file (once): ``Corrupt`` if it is damaged. A check that could not run (a
        lock, an unreadable file: the screens say so for their own reads) is tried again by
        the next write."""
        with self._run_lock:
            if self._done:
                return self.problem
            try:
                with self._lock:
                    if self._conn is None and not self._closed:
                        self._conn = db.connect(self.path)
                        # a close stops the check even before its statement began (an
                        # interrupt then would be lost): SQLite asks every 50k steps
                        self._conn.set_progress_handler(lambda: self._closed, 50_000)
                    conn = self._conn
                problem = check(self.path, self._stamps, conn)
            except Corrupt as exc:
                problem = exc
            except (StoreError, OSError, *DRIVER_ERRORS):
                return None
            finally:
                if self._closed:  # closed while it ran: its connection is closed here, by its user
                    self._release()
            self.problem, self._done = problem, True
            return problem

    @property
    def sound(self) -> bool:
        """The check has run and found the file sound (never waits)."""
        return self._done and self.problem is None

    def writable(self) -> None:
        """Wait for the check (running it if it has not run); raise ``Corrupt`` if the file is damaged."""
        problem = self.run()
        if problem is not None:
            raise problem

    def close(self) -> None:
        """Close the connection; a check still running is interrupted (at 1M candidates it reads
        gigabytes: quitting does not wait for it, and an interrupted check is no clean stamp).
        A connection in use by the checking thread is closed by that thread as its check ends:
        closing it under a running statement would crash the process."""
        with self._lock:
            self._closed = True
            if self._conn is not None:
                self._conn.interrupt()  # thread-safe: the running statement stops
        if self._run_lock.acquire(blocking=False):  # no check running: close it here
            try:
                self._release()
            finally:
                self._run_lock.release()

    def _release(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
