"""Idle-time upkeep: the search index is merged while nobody waits (issue 10).

A save never merges FTS5 segments (``store.search_index``): each one adds a small segment, and
merging them is done here, once the desk has been idle for :data:`IDLE_S` — no key, no click, no
write queued or running. A thread worker then runs ``store.search_merge.Merger``: merge steps of
a few pages, each one short transaction of its own, for at most :data:`RUN_S` (the next tick
goes on).

A desk that is never idle still gets merged: after :data:`BACKLOG` writes without a finished
merge, the worker runs between writes without waiting
for the idle time, and a key no longer interrupts it — else FTS5's backstop (``crisismerge``)
would merge everything inside the next save (13 s at 1M).

The write queue always wins: a write runs inside ``Merger.writing()``, which interrupts the step
in progress (it rolls back) and starts no other until the write is done; a key or a click
interrupts it too. A step never waits for the write lock (nor for another program's): it stops.
So a save never waits for a merge and never fails busy because of one. Nothing merges before
the file's integrity check has passed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from deskcrm.work.writes import Writes
    from deskcrm.store.search_merge import Tidied

IDLE_S = 1.5  # the desk is idle after this long without a key, a click or a write
TICK_S = 0.5  # how often the app looks
RUN_S = 1.0  # longest single run of the worker
BACKLOG = 24  # writes without a finished merge after which the desk need not be idle (< crisismerge)


class Upkeep:
    def __init__(self, app: App, db_path: Path | str, writes: Writes) -> None:
        from deskcrm.store.search_merge import Merger

        self._app = app
        self._writes = writes
        self.merger = Merger(db_path)
        self._last = time.monotonic()
        from deskcrm.store.db import is_server

        self._server = is_server(db_path)  # a server merges and checkpoints on its own: no upkeep
        self._pending = not self._server  # at launch: a CLI write or the last session may have left segments
        self._writes_seen = 0  # :meth:`wrote` calls; a run that started before the latest one is not the last
        self._unmerged = 0  # writes since the last finished merge
        self._running = False
        self._closed = False
        self.runs = 0  # finished worker runs (tests wait on it)
        self.last: Tidied | None = None

    def start(self) -> None:
        self._app.set_interval(TICK_S, self.tick, name="upkeep")

    def active(self) -> None:
        """A key or a click: the desk is busy for the next :data:`IDLE_S`; a merge step in
        progress is interrupted (the CPU is the user's)."""
        self._last = time.monotonic()
        if self._running and not self.behind():
            self.merger.preempt()

    def wrote(self) -> None:
        """A write landed: there is something to merge."""
        self._writes_seen += 1
        if self._server:
            return
        self._unmerged += 1
        self._pending = True
        self._last = time.monotonic()

    def close(self) -> None:
        """The app is closing: a running merge stops now (its step rolls back)."""
        self._closed = True
        self.merger.preempt()

    def behind(self) -> bool:
        """So many writes since the last merge that it runs without waiting for an idle desk."""
        return self._unmerged >= BACKLOG

    def idle(self) -> bool:
        """Free to merge: no write queued or running, and the desk idle (or the merge behind)."""
        if self._closed or self._writes.busy:
            return False
        return self.behind() or time.monotonic() - self._last >= IDLE_S

    def tick(self) -> None:
        if self._running or not self._pending or not self.idle() or not self._writes.gate.sound:
            return
        self._running = True
        seen = self._writes_seen
        self._app.run_worker(lambda: self._run(seen), thread=True, group="upkeep", name="upkeep", exit_on_error=False)

    def _run(self, seen: int) -> None:  # worker thread
        result = None
        try:
            result = self.merger.run(seconds=RUN_S, stop=lambda: not self.idle())
        finally:
            self._finished(result, seen)

    def _finished(self, result: Tidied | None, seen: int) -> None:
        self.last = result
        if (result is None or result.done or result.problem) and seen == self._writes_seen:
            self._pending = False  # merged all; or failing (read-only, full): the next write asks again
        if result is not None and result.done:
            self._unmerged = 0 if seen == self._writes_seen else 1
        self._running = False
        self.runs += 1
