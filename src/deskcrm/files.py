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


def temp_beside(path: Path, suffix: str = ".partial") -> Path:
    """A new, empty, 0600 file in ``path``'s directory, named after it (``.name.XXXX.partial``)."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)  # mkstemp creates it 0600
    return Path(name)


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
