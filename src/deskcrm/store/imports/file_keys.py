"""The keys of the rows of a file already planned (its emails, phones, LinkedIn profiles), and
each such row's label: in dicts up to a bound, beyond it in a scratch file — an import's memory
stays flat in the file's size.

    keys = FileKeys()
    earlier = keys.lookup(hashes)        # once a chunk: hash -> line, for the rows spilt to the file
    keys.get(hash)                       # the line of a row held in memory that had it (None: none)
    keys.add(hash, line); keys.name(line, "Jane Doe")    # a row's keys, when it repeats no earlier row
    keys.label(line)                     # "Jane Doe": a duplicate names the line it repeats
    keys.flush()                         # at the chunk's end: past the bound, everything to the file

A key is held as a 64-bit hash of (what, value). Keys and labels stay in two dicts until they
hold more than :data:`BOUND` entries together (about 45 MB: a 100k-row file with three keys a
row never reaches it); :meth:`flush` then moves them all to a private temporary SQLite file
(``sqlite3.connect("")``: on disk, deleted when closed, its page cache bounded by SQLite's
default ~2 MB), which :meth:`lookup` reads with one indexed ``IN (…)`` a chunk, and the dicts
start again. The desk is never touched: this is the same on both engines, and a dry run may
use it on a read-only desk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_CHUNK = 900  # parameters per IN (…)
BOUND = 1 << 19  # keys + labels held in memory before they spill to the scratch file


class FileKeys:
    __slots__ = ("_db", "_keys", "_labels", "bound")

    def __init__(self, bound: int | None = None) -> None:
        self._db: sqlite3.Connection | None = None  # made at the first spill
        self._keys: dict[int, int] = {}  # hash -> line, since the last spill
        self._labels: dict[int, str] = {}  # line -> label, since the last spill
        self.bound = BOUND if bound is None else bound

    def lookup(self, hashes: Iterable[int]) -> dict[int, int]:
        """hash -> line of the keys of ``hashes`` that rows spilt to the file had (none before
        the first spill: :meth:`get` answers for the rows in memory)."""
        found: dict[int, int] = {}
        if self._db is None:
            return found
        wanted = list(set(hashes))
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start:start + _CHUNK]
            found.update(self._db.execute(f"SELECT h, line FROM seen WHERE h IN ({','.join('?' * len(part))})", part))
        return found

    def get(self, h: int) -> int | None:
        """The line of a row held in memory that had key ``h`` (None: none had it)."""
        return self._keys.get(h)

    def add(self, h: int, line: int) -> None:
        self._keys[h] = line

    def name(self, line: int, label: str) -> None:
        self._labels[line] = label

    def label(self, line: int) -> str:
        """The label of row ``line`` (one :meth:`name`-d)."""
        found = self._labels.get(line)
        if found is None and self._db is not None:
            row = self._db.execute("SELECT label FROM label WHERE line = ?", (line,)).fetchone()
            found = row[0] if row else None
        return found or ""

    def flush(self) -> None:
        """At a chunk's end: past the bound, the keys and labels in memory to the file (a hash
        seen twice keeps its first line)."""
        if len(self._keys) + len(self._labels) <= self.bound:
            return
        db = self._db
        if db is None:
            # One planner uses it, from one thread at a time (a TUI worker may not be the creator's).
            db = self._db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE seen (h INTEGER PRIMARY KEY, line INTEGER NOT NULL)")
            db.execute("CREATE TABLE label (line INTEGER PRIMARY KEY, label TEXT NOT NULL)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO seen (h, line) VALUES (?, ?) ON CONFLICT DO NOTHING", self._keys.items())
        db.executemany("INSERT INTO label (line, label) VALUES (?, ?) ON CONFLICT DO NOTHING", self._labels.items())
        db.execute("COMMIT")
        self._keys = {}
        self._labels = {}

    def close(self) -> None:
        """Delete the file now (it goes anyway when this object does)."""
        if self._db is not None:
            self._db.close()
        self._keys, self._labels = {}, {}
