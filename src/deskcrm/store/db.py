"""Connections: pragmas of DESIGN.md §5, read and write transactions.

Plain ``sqlite3`` so that the first paint and the CLI never import SQLAlchemy/SQLModel.
Writes start with ``BEGIN IMMEDIATE`` and are retried while the file is busy.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from deskcrm.store.errors import NotADatabase, StoreError

APPLICATION_ID = 0x44534B43  # "DSKC"
BUSY_TIMEOUT_MS = 5000
_WRITE_RETRIES = 5


def _pragmas(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def connect(path: str | os.PathLike[str], *, create: bool = False) -> sqlite3.Connection:
    """Open a deskcrm database file with the project's pragmas.

    Raises ``NotADatabase`` for a missing file (unless ``create``), a directory that does
    not exist, a file that is not SQLite, or a SQLite file that belongs to another program.
    """
    p = Path(path)
    if not create and not p.exists():
        raise NotADatabase(f"{p}: no such database file (run `deskcrm demo --db {p}` or omit --db)")
    if not p.parent.is_dir():
        raise NotADatabase(f"{p}: the directory {p.parent} does not exist")
    if p.is_dir():
        raise NotADatabase(f"{p}: is a directory, not a database file")
    new = not p.exists()
    if new:
        fd = os.open(p, os.O_CREAT | os.O_WRONLY, 0o600)  # private to the user (§6)
        os.close(fd)
    try:
        conn = sqlite3.connect(p, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            conn.close()
            raise NotADatabase(f"{p}: is a SQLite database of another program, not deskcrm's")
        if app_id == 0:
            has_tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            has_ours = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()[0]
            if has_tables and not has_ours:
                conn.close()
                raise NotADatabase(f"{p}: is a SQLite database of another program, not deskcrm's")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _pragmas(conn)
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"{p}: is not a deskcrm database ({exc})") from None
    except sqlite3.OperationalError as exc:  # pragma: no cover - permissions, locks
        raise StoreError(f"{p}: cannot open ({exc})") from None
    return conn


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action = one transaction, taken with ``BEGIN IMMEDIATE``."""
    for attempt in range(_WRITE_RETRIES):
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if attempt == _WRITE_RETRIES - 1:
                raise StoreError("the database is busy (another deskcrm is writing); try again") from None
            time.sleep(0.05 * (attempt + 1))
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
