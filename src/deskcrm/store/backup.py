"""Backups through SQLite's online backup API (never a file copy), verified after writing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from deskcrm import clock
from deskcrm.store.errors import StoreError


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def backup(conn: sqlite3.Connection, dest: str | os.PathLike[str]) -> Path:
    """Copy the live database to ``dest`` and verify the copy (integrity and row counts)."""
    dest = Path(dest)
    if dest.exists():
        raise StoreError(f"{dest}: already exists; choose another backup file name")
    fd = os.open(dest, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    target = sqlite3.connect(dest)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok" or _table_counts(target) != _table_counts(conn):
            raise StoreError(f"{dest}: the backup did not verify ({ok}); nothing was changed")
    except BaseException:
        target.close()
        dest.unlink(missing_ok=True)
        raise
    target.close()
    return dest


def backup_path_for(db_path: str | os.PathLike[str], tag: str) -> Path:
    p = Path(db_path)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return p.with_name(f"{p.name}.{tag}.{stamp}.bak")
