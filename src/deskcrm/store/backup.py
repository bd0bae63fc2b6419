"""Backups through SQLite's online backup API (never a file copy), verified after writing.

The copy is written to a temporary name in the destination's directory, verified, and only
then renamed into place: a backup that is killed half-way leaves no file under the name asked
for, so the next one is not blocked. What it does leave — ``.NAME.<pid>-XXXXXXXX.partial``, a
full-size copy, and its ``-journal`` — the next backup to the same destination removes, unless
the process that wrote it is still alive and holding it (``files.remove_stale_partials``), and
says so. A damaged source is refused before anything is written.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from deskcrm.store.db import Connection, DRIVER_ERRORS
from deskcrm import files
from deskcrm.store import db, health
from deskcrm.store.errors import Corrupt, ReadOnly, StoreError


def _table_counts(conn: Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    removed: tuple[Path, ...] = ()  # unfinished backups of killed runs, removed first
    removed_bytes: int = 0

    def tidied(self) -> str | None:
        return tidied("backup", self.path, self.removed, self.removed_bytes)


def tidied(what: str, path: Path, removed: tuple[Path, ...], size: int) -> str | None:
    """'Removed 2 unfinished backups of b.db left by earlier runs (470 MB)', or None."""
    n = len(removed)
    if not n:
        return None
    runs = "an earlier run" if n == 1 else "earlier runs"
    return f"Removed {n} unfinished {what}{'s' if n != 1 else ''} of {path.name} left by {runs} ({size / 1e6:,.0f} MB)"


def backup(conn: Connection, dest: str | os.PathLike[str], *, replace: bool = False) -> Path:
    """Copy the live database to ``dest`` and verify the copy (integrity and row counts).

    ``dest`` must not exist unless ``replace`` (the one pre-migration backup per version)."""
    return write_backup(conn, dest, replace=replace).path


def write_backup(conn: Connection, dest: str | os.PathLike[str], *, replace: bool = False) -> Written:
    """``backup``, saying what it tidied: the partial files killed backups to ``dest`` left."""
    dest = Path(dest)
    if dest.is_dir():
        raise StoreError(f"{dest}: is a directory; name the backup file to write")
    if (why := files.missing_folder_of(dest)) is not None:
        raise StoreError(why)
    if not replace and dest.exists():
        raise StoreError(f"{dest}: already exists; choose another backup file name")
    source = db.file_of(conn)
    try:
        problem = health.quick_check(conn)
    except DRIVER_ERRORS as exc:
        raise db.translate(exc, source) or StoreError(f"{source}: cannot be read ({exc})") from None
    if problem is not None:
        raise Corrupt.at(source, problem)
    removed, size = files.remove_stale_partials(dest)
    try:
        tmp, lock = files.partial_beside(dest)
    except PermissionError:
        raise ReadOnly(f"{dest}: read-only folder — cannot write a backup in {dest.parent}") from None
    try:
        _copy_and_verify(conn, tmp, dest, source)
        files.fsync(tmp)
        _into_place(tmp, dest, replace)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
        os.close(lock)  # last: the copy's connection is closed, the file renamed or gone
    return Written(dest, tuple(removed), size)


def _copy_and_verify(conn: Connection, tmp: Path, dest: Path, source: str | None) -> None:
    target = sqlite3.connect(tmp)
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok" or _table_counts(target) != _table_counts(conn):
            raise StoreError(f"{dest}: the backup did not verify ({ok}); nothing was written")
    except DRIVER_ERRORS as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
            raise StoreError(f"{dest}: the disk is full; no backup was written") from None
        raise db.translate(exc, source) or StoreError(f"{dest}: the backup failed ({exc}); nothing was written") from None
    finally:
        target.close()


def _into_place(tmp: Path, dest: Path, replace: bool) -> None:
    """Rename the verified copy to ``dest`` atomically; without ``replace``, never over a file
    that appeared meanwhile (a hard link fails if ``dest`` exists; the temp name then goes)."""
    if replace:
        os.replace(tmp, dest)
        return
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise StoreError(f"{dest}: already exists; choose another backup file name") from None
    except OSError:  # a file system without hard links
        if dest.exists():
            raise StoreError(f"{dest}: already exists; choose another backup file name") from None
        os.replace(tmp, dest)


def pre_migration_path(db_path: str | os.PathLike[str], revision: str) -> Path:
    """``desk.db.pre-0005.bak``: one backup per version migrated to, replaced by a new attempt."""
    p = Path(db_path)
    return p.with_name(f"{p.name}.pre-{revision}.bak")
