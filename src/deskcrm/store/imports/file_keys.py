"""The keys of the rows of a file already planned (its emails, phones, LinkedIn profiles), and
each such row's label, kept OFF the heap: an import's memory stays flat in the file's size.

    keys = FileKeys()
    earlier = keys.lookup(hashes)        # once a chunk: hash -> line, for the rows of earlier chunks
    keys.add(hash, line); keys.name(line, "Jane Doe")    # the chunk's own first rows
    keys.label(line)                     # "Jane Doe": a duplicate names the line it repeats
    keys.flush()                         # at the chunk's end: the chunk's keys go to the file

A key is held as a 64-bit hash of (what, value). The current chunk's keys and labels are in
dicts; at :meth:`flush` they go to a private temporary SQLite file (``sqlite3.connect("")``:
on disk, deleted when closed, its page cache bounded by SQLite's default ~2 MB), which
:meth:`lookup` reads with one indexed ``IN (…)`` a chunk. The desk is never touched: this is
the same on both engines, and a dry run may use it on a read-only desk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_CHUNK = 900  # parameters per IN (…)


class FileKeys:
    __slots__ = ("_db", "_keys", "_labels")

    def __init__(self) -> None:
        # One planner uses it, from one thread at a time (a TUI worker may not be the creator's).
        self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE seen (h INTEGER PRIMARY KEY, line INTEGER NOT NULL)")
        self._db.execute("CREATE TABLE label (line INTEGER PRIMARY KEY, label TEXT NOT NULL)")
        self._keys: dict[int, int] = {}  # this chunk's: hash -> line
        self._labels: dict[int, str] = {}  # this chunk's: line -> label

    def lookup(self, hashes: Iterable[int]) -> dict[int, int]:
        """hash -> line of the keys of ``hashes`` that rows of EARLIER chunks had."""
        wanted = list(set(hashes))
        found: dict[int, int] = {}
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start:start + _CHUNK]
            found.update(self._db.execute(f"SELECT h, line FROM seen WHERE h IN ({','.join('?' * len(part))})", part))
        return found

    def get(self, h: int) -> int | None:
        """The line of this chunk's row that had key ``h`` (None: none had it)."""
        return self._keys.get(h)

    def add(self, h: int, line: int) -> None:
        self._keys[h] = line

    def name(self, line: int, label: str) -> None:
        self._labels[line] = label

    def label(self, line: int) -> str:
        """The label of row ``line`` (one :meth:`name`-d)."""
        found = self._labels.get(line)
        if found is None:
            row = self._db.execute("SELECT label FROM label WHERE line = ?", (line,)).fetchone()
            found = row[0] if row else ""
        return found

    def flush(self) -> None:
        """The chunk's keys and labels to the file (a hash seen twice keeps its first line)."""
        self._db.execute("BEGIN")
        self._db.executemany("INSERT INTO seen (h, line) VALUES (?, ?) ON CONFLICT DO NOTHING", self._keys.items())
        self._db.executemany("INSERT INTO label (line, label) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             self._labels.items())
        self._db.execute("COMMIT")
        self._keys.clear()
        self._labels.clear()

    def close(self) -> None:
        """Delete the file now (it goes anyway when this object does)."""
        self._db.close()
