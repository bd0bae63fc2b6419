"""The search screen's connections: kept, reused, one per running query, interruptible.

Every keystroke starts a thread worker (``screens.search_worker``); opening a connection per
query costs ~0.2 ms and, worse, an empty page cache (measured on the 100k demo: p50 0.9 ms per
keystroke reused vs 1.6–1.9 ms fresh). So idle connections are kept (a couple) and handed to the
next query. A connection is never shared by two queries at once: a stale query may still be
running when the next keystroke's starts; :meth:`SearchPool.interrupt_before` stops it (the
stale worker gets the store's ``Interrupted`` and posts nothing). Whatever fails inside
:meth:`SearchPool.use` leaves as a store error, never a driver's.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from deskcrm.store.search import SqliteSearch

_KEEP_IDLE = 2


class SearchPool:
    def __init__(self, db_path: Path | str, me: str | None) -> None:
        self._path = db_path
        self.me = me  # whose desk owner:me means: the screen sets it before each query (chosen later at first run)
        self._lock = threading.Lock()
        self._idle: list[SqliteSearch] = []
        self._busy: dict[int, list[SqliteSearch]] = {}  # query sequence number -> its connections
        self._closed = False

    @contextmanager
    def use(self, seq: int, today: date) -> Iterator[SqliteSearch]:
        """A search backend on a connection nobody else is using, for query number ``seq``."""
        from deskcrm.store import db

        with self._lock:
            backend = self._idle.pop() if self._idle else None
        if backend is None:
            backend = SqliteSearch(db.connect(self._path), today, self.me, keystrokes=True)
        backend.today = today
        backend.me = self.me
        with self._lock:
            self._busy.setdefault(seq, []).append(backend)
        try:
            with db.translated(self._path):  # a driver error leaves as the store's (Interrupted, Locked, ...)
                yield backend
        finally:
            with self._lock:
                mine = self._busy.get(seq, [])
                if backend in mine:
                    mine.remove(backend)
                if not mine:
                    self._busy.pop(seq, None)
                keep = not self._closed and len(self._idle) < _KEEP_IDLE
                if keep:
                    self._idle.append(backend)
            if not keep:
                backend.conn.close()

    def interrupt_before(self, seq: int) -> None:
        """Stop every query older than ``seq`` that is still running (no effect between statements)."""
        with self._lock:
            for older, backends in self._busy.items():
                if older < seq:
                    for backend in backends:
                        backend.conn.interrupt()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for backend in idle:
            backend.conn.close()
