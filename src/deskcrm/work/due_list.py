"""The due list read for a desk (a file, or a server's URL): now (the due screen, ``deskcrm due``), or ahead of
the first frame in a forked child while Textual imports (:class:`Prefetch`, started by the CLI's
launch and handed to the app).

The store (on a desk file, or a desk on a PostgreSQL server: ``path`` is then its URL) and the pure
engine only, so `deskcrm due` starts fast.
A failed read raises the store's own errors (``StoreError``), never a driver's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.domain.due_item import DueItem, DueSettings  # the rules (domain.due) only where they run


def compute_for(path: Path | str, today: date, due_settings: DueSettings) -> list[DueItem]:
    """Read the facts and stored state from the desk (a file, or a server's URL) and compute the due list."""
    from deskcrm.domain.due import compute_due
    from deskcrm.store import db, due_store

    with db.reading(path) as conn:
        facts = due_store.load_facts(conn, today, due_settings)
        state = due_store.load_state(conn)
    return compute_due(facts, today, due_settings, state)


class Prefetch:
    """The launch-time due list, computed while Textual is still importing, so the first
    frame can already show rows (DESIGN.md §4: launch <= 1.6x a bare Textual app).

    On POSIX the list is computed in a forked child (before any connection is open or any
    thread started) and pickled back over a pipe: the two cores work in parallel, where a
    thread would fight the imports for the GIL. Elsewhere a thread does it. ``take()`` hands
    the result over once; after that, or after any failure, screens read the database
    themselves as usual — the prefetch is only ever a head start.
    """

    def __init__(self, path: Path, due_settings: DueSettings) -> None:
        import os
        import threading

        self.today = clock.today()
        self._items: list[DueItem] | None = None
        self._taken = False
        if hasattr(os, "fork"):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, send, and leave without running any cleanup
                os.close(read_end)
                _child(write_end, path, self.today, due_settings)
            os.close(write_end)
            target, args = self._receive, (pid, read_end)
        else:  # pragma: no cover - Windows
            target, args = self._compute, (path, due_settings)
        self._thread = threading.Thread(target=target, args=args, name="due-prefetch", daemon=True)
        self._thread.start()

    def _compute(self, path: Path, due_settings: DueSettings) -> None:
        try:
            self._items = compute_for(path, self.today, due_settings)
        except Exception:  # noqa: BLE001 - the screen's own load reports errors properly
            self._items = None

    def _receive(self, pid: int, read_end: int) -> None:
        import os
        import pickle

        chunks = []
        try:
            while chunk := os.read(read_end, 1 << 16):  # blocks without holding the GIL
                chunks.append(chunk)
            self._items = pickle.loads(b"".join(chunks)) if chunks else None
        except Exception:  # noqa: BLE001 - a failed head start is no error
            self._items = None
        finally:
            os.close(read_end)
            os.waitpid(pid, 0)

    def take(self, *, timeout: float | None = None) -> list[DueItem] | None:
        """The prefetched items, once; None if not ready within ``timeout``, failed or taken."""
        if self._taken:
            return None
        self._thread.join(timeout)
        if self._thread.is_alive():
            return None
        self._taken = True
        return self._items


def _child(write_end: int, path: Path, today: date, due_settings: DueSettings) -> None:
    import os
    import pickle

    code = 1
    try:
        data = pickle.dumps(compute_for(path, today, due_settings), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
        code = 0
    except BaseException:  # noqa: BLE001 - the parent falls back to its own read
        pass
    finally:
        os._exit(code)
