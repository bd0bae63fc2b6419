"""Files deskcrm writes are private to the user (DESIGN.md §6): directories 0700, files 0600,
written whole or not at all (a temporary name in the same directory, then an atomic rename).

The one helper for it: settings, the integrity stamps, backups and restores all write through
here. Standard library only — the launch path imports it.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` and every missing parent 0700 (``mkdir(parents=True)`` makes parents 0755)."""
    missing = []
    current = Path(path)
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made by someone else meanwhile
            pass
    return path


def missing_folder(folder: Path | str) -> str | None:
    """Why nothing can be written into ``folder`` (``~`` allowed), as the one line every export,
    backup and saved file says: the first folder of the path that does not exist ("no folder
    /tmp/nothere: create it first, or give another path"), or a file where a folder should be;
    None when it is a folder. Writers ask this first and make no folder of their own: a typo in a
    path must not make folders."""
    folder = Path(folder).expanduser()
    if folder.is_dir():
        return None
    first = folder
    while first.parent != first and not first.parent.is_dir():
        first = first.parent
    if first.exists():
        return f"{first} is a file, not a folder: give another path"
    return f"no folder {first}: create it first, or give another path"


def missing_folder_of(path: Path | str) -> str | None:
    """``missing_folder`` of the folder the file ``path`` goes into (``report.csv``: here)."""
    return missing_folder(Path(path).expanduser().parent)


def temp_beside(path: Path, suffix: str = ".partial") -> Path:
    """A new, empty, 0600 file in ``path``'s directory, named after it (``.name.XXXX.partial``)."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)  # mkstemp creates it 0600
    return Path(name)


_SIDECARS = ("-journal", "-wal", "-shm")  # what SQLite leaves beside a file it was writing


def partial_beside(path: Path) -> tuple[Path, int]:
    """A new, empty, 0600 file to write ``path``'s content into first (a backup, a restore):
    ``.NAME.<pid>-XXXXXXXX.partial`` in the same directory, and an open descriptor holding an
    exclusive ``flock`` on it — while this process lives and holds it, ``remove_stale_partials``
    leaves the file alone. Close the descriptor (``os.close``) last, after every other use of the
    file is closed and it was renamed or removed."""
    import fcntl
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".partial", dir=path.parent)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        os.unlink(name)
        raise
    return Path(name), fd


def _stale(partial: Path, pid: int | None) -> bool:
    """Nobody is writing ``partial``: the process named in it is gone, and no process holds
    its lock (an older deskcrm named no process: the lock alone decides)."""
    import fcntl

    if pid is not None:
        try:
            os.kill(pid, 0)
            return False  # alive (or another user's): maybe still writing it
        except ProcessLookupError:
            pass
        except PermissionError:
            return False
    try:
        fd = os.open(partial, os.O_RDONLY)
    except FileNotFoundError:
        return True  # only its -journal is left
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # no SQLite connection of ours has this file open: closing drops nothing


def remove_stale_partials(path: Path) -> tuple[list[Path], int]:
    """Remove what killed runs left beside ``path`` while writing it (``partial_beside`` files,
    an older deskcrm's ``.NAME.XXXXXXXX.partial`` too, with their ``-journal``), unless a live
    process is still writing one. Returns (the partial files removed, their bytes)."""
    import re

    name = re.compile(re.escape(f".{path.name}.") + r"(?:(\d+)-)?[a-z0-9_]{6,}\.partial"
                      + "(" + "|".join(map(re.escape, _SIDECARS)) + ")?")
    found: dict[Path, int | None] = {}
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return [], 0
    for entry in entries:
        m = name.fullmatch(entry.name)
        if m:
            base = path.parent / entry.name.removesuffix(m.group(2) or "")
            found[base] = int(m.group(1)) if m.group(1) else None
    removed, size = [], 0
    for partial, pid in sorted(found.items()):
        if not _stale(partial, pid):
            continue
        gone = False
        for file in (partial, *(Path(f"{partial}{s}") for s in _SIDECARS)):
            try:
                bytes_ = file.stat().st_size
                file.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                break  # a read-only folder: leave them; the backup itself will say so
            size, gone = size + bytes_, True
        if gone:
            removed.append(partial)
    return removed, size


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, data: str | bytes) -> Path:
    """Replace ``path`` with ``data`` atomically; the file is 0600 and its new directories 0700.
    A symlink (a config file kept with one's dotfiles) is written through, not replaced."""
    if path.is_symlink():
        path = path.resolve()
    private_dir(path.parent)
    tmp = temp_beside(path, ".tmp")
    try:
        with open(tmp, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def make_private(path: Path) -> None:
    """0600 for a file deskcrm now owns (a file it renamed aside, a file it was given to fill)."""
    os.chmod(path, FILE_MODE)
