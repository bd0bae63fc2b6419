"""The search screen's worker side: what a worker does, the messages it posts, and the
connections it runs on (reused, one per running query, interruptible).

A worker reads a page and posts it — each row with what makes its cells, made when the table
first draws the row (a page is 100 people, a screen shows ~32; the cells of a whole page cost
more than the query at 100k) — with the store's estimate of the count (free, from where the
page ended), and — for a first page that is not the whole answer — counts every match exactly
as a second step (unless the screen already knows the count of this very query: ``known``).
Between steps it checks whether it was cancelled (a newer keystroke); the screen also drops
anything posted for a query that is no longer the current one (sequence numbers).

Every keystroke starts a thread worker; opening a connection per query costs ~0.2 ms and,
worse, an empty page cache (measured on the 100k demo: p50 0.9 ms per keystroke reused vs
1.6–1.9 ms fresh). So idle connections are kept (a couple) and handed to the next query. A
connection is never shared by two queries at once: a stale query may still be running when
the next keystroke's starts; :meth:`SearchPool.interrupt_before` stops it (``sqlite3``'s
``interrupt``: the stale worker gets "interrupted" and posts nothing).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.message import Message
from textual.worker import Worker

from deskcrm.screens import search_rows
from deskcrm.search_query import Query
from deskcrm.store.search import PersonRow, SqliteSearch

Rows = list[tuple[PersonRow, Callable[[], tuple[Text, ...]]]]  # a row, and what makes its cells


class Found(Message):
    """A first page (``offset`` 0) or a next page of query number ``seq``."""

    def __init__(self, seq: int, offset: int, rows: Rows, more: bool, total: int | None,
                 problems: tuple[str, ...], keep: int | None, estimate: int | None = None) -> None:
        super().__init__()
        self.seq, self.offset, self.rows, self.more = seq, offset, rows, more
        self.total, self.problems, self.keep = total, problems, keep
        self.estimate = estimate  # while ``total`` is None: about how many match


class Counted(Message):
    def __init__(self, seq: int, total: int) -> None:
        super().__init__()
        self.seq, self.total = seq, total


class SearchFailed(Message):
    def __init__(self, seq: int, message: str) -> None:
        super().__init__()
        self.seq, self.message = seq, message

_KEEP_IDLE = 2


class SearchPool:
    def __init__(self, db_path: Path, me: str | None) -> None:
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
            backend = SqliteSearch(db.connect(self._path), today, self.me)
        backend.today = today
        backend.me = self.me
        with self._lock:
            self._busy.setdefault(seq, []).append(backend)
        try:
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


def run(pool: SearchPool, worker: Worker, post: Callable[[Message], object], seq: int, query: Query, *,
        ranked: bool, today: date, colours: dict[str, str], limit: int, offset: int = 0,
        keep: int | None = None, known: int | None = None) -> None:
    """One page of ``query`` (then, for a first page, the count), posted as messages.
    ``known``: the count of this query, already known (not counted again)."""
    try:
        with pool.use(seq, today) as backend:
            page = backend.search(query, limit=limit, offset=offset, ranked=ranked)
            if worker.is_cancelled:
                return
            rows = [(r, partial(search_rows.cells, r, today, colours)) for r in page.rows]
            more = len(rows) == limit
            total = page.total if page.total is not None else (None if more or offset else len(rows))
            if total is None and offset == 0 and known is not None:
                total = known
            estimate = page.estimate if total is None else None
            post(Found(seq, offset, rows, more, total, page.problems, keep, estimate))
            if offset == 0 and total is None and not worker.is_cancelled:
                total = backend.count(query)
                if not worker.is_cancelled:
                    post(Counted(seq, total))
    except (sqlite3.Error, OSError) as exc:
        if not (isinstance(exc, sqlite3.OperationalError) and "interrupt" in str(exc)):
            from deskcrm.screens.writes import error_message

            post(SearchFailed(seq, error_message(exc)))
