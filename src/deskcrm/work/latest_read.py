"""Reads where only the newest matters (a report: a newer period, scope or report replaces the
one on its way). Each runs on its own connection (``db.reading``); starting one interrupts the one
still running, which ends at once with the store's ``Interrupted`` instead of finishing a
computation nobody will see (the Activity of a year at 100k is seconds of SQL).

    latest = LatestRead(db_path)
    view = latest.run(lambda conn: reports.activity(conn, period, scope))   # in a worker thread
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class LatestRead:
    def __init__(self, db_path: Path | str) -> None:
        self._path = db_path
        self._lock = threading.Lock()
        self._running: set[Any] = set()  # the connections of the reads on their way

    def run(self, read: Callable[[Any], T]) -> T:
        """``read(conn)``, after stopping the reads still running (store errors as the store's).
        An older read whose statement had not begun yet is stopped by the next read after it."""
        from deskcrm.store import db

        with db.reading(self._path) as conn:
            with self._lock:  # an older read cannot close or give back its connection meanwhile
                for older in self._running:
                    older.interrupt()
                self._running.add(conn)
            try:
                return read(conn)
            finally:
                with self._lock:
                    self._running.discard(conn)

    def stop(self) -> None:
        """Interrupt the reads on their way, if any (the screen goes away)."""
        with self._lock:
            for running in self._running:
                running.interrupt()
