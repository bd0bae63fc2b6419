"""Put a verified backup in place of a database file, keeping the file it replaces.

1. The backup must be sound (``integrity_check``), a deskcrm database, and no newer than this
   deskcrm knows (an older one is migrated on the next open, with its own backup first).
2. No other program may have the database open (an exclusive lock, taken and released).
3. The backup is copied (SQLite backup API) to a temporary name beside the database and checked.
4. The current file — with its ``-wal``, ``-shm`` and ``-journal`` — is renamed aside, 0600:
   ``NAME.damaged.STAMP`` when it fails its check, ``NAME.before-restore.STAMP`` otherwise;
   then the copy is renamed into place. Nothing is deleted.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from deskcrm.store.db import Connection, DRIVER_ERRORS
from deskcrm.domain import clock
from deskcrm import files
from deskcrm.store import db, health
from deskcrm.store.errors import Locked, NotADatabase, ReadOnly, StoreError

_SIDECARS = ("-wal", "-shm", "-journal")  # never left to be replayed into the restored file


@dataclass(frozen=True, slots=True)
class Restored:
    path: Path
    backup: Path
    aside: Path | None  # where the file it replaced now is
    damaged: bool  # the replaced file failed its check
    revision: str | None
    people: int
    removed: tuple[Path, ...] = ()  # unfinished restores of killed runs, removed first
    removed_bytes: int = 0


def open_read_only(path: Path) -> Connection:
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, isolation_level=None)


def verify_backup(backup: Path) -> tuple[str | None, int]:
    """(schema revision, people) of a sound deskcrm backup; raises a one-line error otherwise."""
    from deskcrm.store.migrate import check_revision, current_revision

    if not backup.is_file():
        raise StoreError(f"{backup}: no such backup file")
    if backup.stat().st_size == 0:
        raise NotADatabase(f"{backup}: is an empty file, not a deskcrm backup")
    try:
        conn = open_read_only(backup)
    except DRIVER_ERRORS as exc:
        raise db.translate(exc, backup) or StoreError(f"{backup}: cannot be read ({exc})") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        rev = current_revision(conn)
        if app_id not in (0, db.APPLICATION_ID) or (app_id == 0 and rev is None):
            raise NotADatabase(f"{backup}: is not a deskcrm backup (a SQLite database of another program)")
        check_revision(backup, rev)
        found = conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in found] != ["ok"]:
            raise StoreError(f"{backup}: this backup is damaged too ({found[0][0][:80]}); try an older backup")
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0] if rev else 0
    except DRIVER_ERRORS as exc:
        if isinstance(db.translate(exc), Locked):
            raise Locked(f"{backup}: is locked by another program; try again in a moment") from None
        raise StoreError(f"{backup}: is not a sound deskcrm backup ({exc}); try another backup") from None
    finally:
        conn.close()
    return rev, people


def refuse_if_open(path: Path) -> None:
    """Refuse while another connection (a deskcrm window, a script) has the file open."""
    in_use = Locked(f"{path}: is open in another program (a deskcrm window?); close it and run restore again")
    if _shm_in_use(path):
        raise in_use
    try:
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    except DRIVER_ERRORS:
        return  # unreadable: nothing can be using it as a database
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # a reader or writer in a transaction
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except DRIVER_ERRORS as exc:
        if isinstance(db.translate(exc), Locked):
            raise in_use from None
    finally:
        conn.close()


_SHM_DMS = 128  # SQLite's unix VFS: every open WAL connection holds a read lock on this byte of -shm


def _shm_in_use(path: Path) -> bool:
    """An idle WAL connection holds no transaction, only its shared lock on the -shm file."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the exclusive lock is all we can try
        return False
    try:
        fd = os.open(f"{path}-shm", os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS)
        return False
    finally:
        os.close(fd)


def _is_damaged(path: Path) -> bool:
    try:
        conn = open_read_only(path)
        try:
            return health.quick_check(conn) is not None
        finally:
            conn.close()
    except (*DRIVER_ERRORS, StoreError):
        return True


def restore(backup: Path, path: Path, stamps: health.Stamps) -> Restored:
    backup, path = Path(backup), Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory; --db names the database file to restore")
    if (why := files.missing_folder_of(path)) is not None:
        raise StoreError(why)
    if path.exists() and path.resolve() == backup.resolve():
        raise StoreError(f"{backup}: is the database itself; name a backup file to restore from")
    rev, people = verify_backup(backup)
    if path.exists():
        refuse_if_open(path)
    removed, size = files.remove_stale_partials(path)
    try:
        tmp, lock = files.partial_beside(path)
    except PermissionError:
        raise ReadOnly(f"{path.parent}: read-only folder — cannot restore into it") from None
    try:
        _copy(backup, tmp)
        damaged = path.exists() and _is_damaged(path)
        aside = _move_aside(path, damaged) if path.exists() else None
        try:
            os.replace(tmp, path)
        except OSError:
            if aside is not None:
                os.replace(aside, path)
            raise
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
        os.close(lock)  # last: the copy's connection is closed, the file renamed or gone
    stamps.remember(path, health.stamp(path))  # checked just now, as the copy
    return Restored(path, backup, aside, damaged, rev, people, tuple(removed), size)


def _copy(backup: Path, tmp: Path) -> None:
    source = open_read_only(backup)
    target = sqlite3.connect(tmp, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        if health.quick_check(target) is not None:
            raise StoreError(f"{backup}: the copy did not verify; nothing was changed")
    except DRIVER_ERRORS as exc:
        raise db.translate(exc, tmp) or StoreError(f"{backup}: copying it failed ({exc}); nothing was changed") from None
    finally:
        target.close()
        source.close()
    files.fsync(tmp)


def _move_aside(path: Path, damaged: bool) -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{'damaged' if damaged else 'before-restore'}.{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = aside.with_name(f"{path.name}.{'damaged' if damaged else 'before-restore'}.{stamp}-{n}")
    os.rename(path, aside)
    files.make_private(aside)
    for extra in _SIDECARS:
        side = Path(f"{path}{extra}")
        if side.exists():
            os.rename(side, f"{aside}{extra}")
            files.make_private(Path(f"{aside}{extra}"))
    return aside
