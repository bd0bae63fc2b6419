"""The app's writes: one at a time, in the order they were asked for, off the UI thread.

Every user action that changes the database is submitted here as ``op(conn) -> result``.
It runs in a thread worker (its own store connection), strictly after the previous one,
so "done, then undo" can never run backwards and no action is dropped (an exclusive worker
would cancel a pending write). Success bumps :attr:`Writes.version`, shows a notification
and asks the active screen to reload; a ``StoreError`` (e.g. "the database is busy") becomes
an error notification — never a crash.

The file's integrity check (``store.health.Gate``) runs once the app is up (:meth:`Writes.check`),
in a thread of its own at the lowest CPU priority — at 1M candidates ``PRAGMA quick_check``
reads the whole file for seconds, and neither the first frame nor a keystroke may wait for it
(SQLite runs it without the GIL); every write waits for it, and none is made to a damaged file.
Once the file is known sound, the journal scrub runs in that thread (``store.journal_scrub``:
removed people past ``[privacy] undo_window_days``). Then the idle-time upkeep starts (``work.upkeep``): it merges the search index when nobody
waits, and a write pre-empts it (``Merger.writing``) — the write queue always wins; and the live
desk's poll (``work.live``): a colleague's change reaches the screen on show.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskcrm import text

if TYPE_CHECKING:
    from textual.app import App

    from deskcrm.store.db import Connection

_OWN_KEPT = 256  # the desk's own txns remembered (more than a poll can ever see land)

Op = Callable[["Connection"], Any]
Message = Callable[[Any], str]


@dataclass(frozen=True, slots=True)
class _Job:
    op: Op
    message: Message
    on_success: Callable[[Any], None] | None
    on_error: Callable[[str, BaseException], None] | None = None
    error_title: str = "Not saved"
    me: str | None = None  # who asked for it (initials): signs its journal events and activities
    aside: bool = False  # runs beside the queue (``Writes.submit``)
    shows: tuple[type[BaseException], ...] = ()  # failures ``on_error`` shows itself: no toast
    after: Op | None = None  # upkeep of its own, in its worker once its result is shown (an import's checkpoint)


def error_message(exc: BaseException) -> str:
    """A one-line message for a failed database action."""
    from deskcrm.store.errors import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    return f"database error: {exc}"


class Writes:
    def __init__(self, app: App, db_path: Path | str) -> None:
        self._app = app
        self._db_path = db_path
        self._queue: deque[_Job] = deque()
        self._running = False
        self.version = 0  # the desk's data version: bumped after every successful write and every
        # change seen from elsewhere (``work.live``); screens reload when stale
        self.own_txns: deque[str] = deque(maxlen=_OWN_KEPT)  # journal txns written here: no change for ``live``
        self.on_version: list[Callable[[], None]] = []  # called (UI thread) each time ``version`` moves on

    # The integrity gate, the idle-time upkeep and the live poll are made when first used (``check``
    # makes all three, once the first frame is drawn): their code is no part of the launch's.

    @functools.cached_property
    def gate(self):  # noqa: ANN201 - store.health.Gate
        from deskcrm.config import paths
        from deskcrm.store import health

        return health.Gate(self._db_path, health.Stamps(paths.checks_dir()))

    @functools.cached_property
    def upkeep(self):  # noqa: ANN201 - work.upkeep.Upkeep
        from deskcrm.work.upkeep import Upkeep

        return Upkeep(self._app, self._db_path, self)

    @functools.cached_property
    def live(self):  # noqa: ANN201 - work.live.Live
        from deskcrm.work.live import Live

        return Live(self._app, self._db_path, self)

    def check(self) -> None:
        """Check the file in the background; say so at once if it is damaged. Not a Textual
        worker: those run on a shared thread pool (a lowered priority would stay with the
        thread), and the app's exit would wait for a check under way."""
        self.gate  # noqa: B018 - made here, on the UI thread, before its thread uses it
        threading.Thread(target=self._check, name="integrity-check", daemon=True).start()
        self.upkeep.start()
        self.live.start()

    def _check(self) -> None:  # its own thread
        background_priority()
        problem = self.gate.run()
        if problem is not None:
            self._call(self._damaged, str(problem))
            return
        self._scrub()

    def _scrub(self) -> None:  # the integrity check's thread, once the file is known sound
        """The journal forgets people removed (merged away, create undone) past the undo window
        (``store.journal_scrub``): one indexed probe when there is nothing to do. A failure (the
        desk busy, read-only) waits for the next launch or ``deskcrm privacy scrub``."""
        from deskcrm.config.settings import privacy_settings
        from deskcrm.store import db, journal_scrub

        settings = getattr(self._app, "settings", None)
        if settings is None:
            return
        try:
            conn = db.connect(self._db_path)
        except Exception:  # noqa: BLE001 - the desk's own opening says what is wrong with it
            return
        try:
            journal_scrub.scrub(conn, privacy_settings(settings).undo_window_days)
        except Exception:  # noqa: BLE001 - upkeep: never a crash, the next launch tries again
            pass
        finally:
            conn.close()

    def _damaged(self, message: str) -> None:
        text.notify(self._app, message, title="Database damaged — nothing can be saved", severity="error", timeout=60)

    def close(self) -> None:
        for made in ("live", "upkeep", "gate"):  # those made (a launch that ended early made none)
            if made in self.__dict__:
                self.__dict__[made].close()
        from deskcrm.store import db

        db.close_idle()  # a server desk's kept read connections (store.pool)

    def changed_elsewhere(self) -> None:
        """Someone else changed the desk: every screen's data is stale now."""
        self.version += 1
        self._moved()

    def _moved(self) -> None:
        for listener in self.on_version:
            listener()

    @property
    def busy(self) -> bool:
        return self._running or bool(self._queue)

    def submit(
        self,
        op: Op,
        message: Message | str,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[str, BaseException], None] | None = None,
        error_title: str = "Not saved",
        aside: bool = False,
        shows: tuple[type[BaseException], ...] = (),
        after: Op | None = None,
    ) -> None:
        """Queue ``op``. ``on_error(message, exc)`` runs (on the UI thread) if it fails, after
        the error notification (titled ``error_title``) — a form uses it to re-open with what
        was typed. ``shows``: the errors ``on_error`` shows itself (a form's conflict banner),
        with no notification, so the user never reads two messages about one failure.
        ``after(conn)``: once ``op`` has landed and its result is shown, in the same worker (the
        queue's next write may start meanwhile); what it raises is not the user's (an import's
        WAL checkpoint, ``imports.bulk_sql.settle``).

        ``aside``: ``op`` waits on something outside the desk (a mail server: ``store.outbox``)
        — it runs at once in a thread of its own, beside the queue, so a slow server holds up no
        save; its writes are each their own transaction, as any write's."""
        msg = message if callable(message) else (lambda _result, m=message: m)
        me = getattr(getattr(self._app, "settings", None), "me", None)
        job = _Job(op, msg, on_success, on_error, error_title, me, aside, shows if on_error else (), after)
        if aside:
            self._app.run_worker(lambda: self._run(job), thread=True, group="aside", name="aside")
            return
        self._queue.append(job)
        self._next()

    def _next(self) -> None:
        if self._running or not self._queue:
            return
        job = self._queue.popleft()
        self._running = True
        self._app.run_worker(lambda: self._run(job), thread=True, group="write", name="write")

    def _run(self, job: _Job) -> None:  # worker thread
        from deskcrm.store import db
        from deskcrm.store.errors import StoreError

        conn = None
        try:
            self.gate.writable()  # waits for the integrity check; Corrupt if the file is damaged
            conn = db.connect(self._db_path)
            # the idle merge step in progress rolls back; a driver error leaves as the store's. A job
            # aside does not hold the merger's lock (the queue's next write would wait on its server)
            held = contextlib.nullcontext() if job.aside else self.upkeep.merger.writing()
            with held, db.translated(self._db_path):
                if job.me:
                    from deskcrm.store.recruiters import actor_id

                    db.act_as(conn, actor_id(conn, job.me))
                result = job.op(conn)
            txn = result if isinstance(result, str) else getattr(result, "txn", None)
            if isinstance(txn, str):
                self.own_txns.append(txn)
        except (StoreError, ValueError, OSError) as exc:
            self._call(self._failed, job, error_message(exc), exc)
        else:
            self._call(self._succeeded, job, result)  # returns once the UI thread has shown it
            if job.after is not None:
                with contextlib.suppress(StoreError, ValueError, OSError):
                    job.after(conn)
        finally:
            if conn is not None:
                conn.close()

    def _call(self, callback: Callable[..., None], *args: Any) -> None:
        try:
            self._app.call_from_thread(callback, *args)
        except RuntimeError:  # the app is shutting down; the write itself has landed
            pass

    def _succeeded(self, job: _Job, result: Any) -> None:
        self.version += 1
        if not job.aside:
            self._running = False
        self.upkeep.wrote()
        self._moved()
        text.notify(self._app, job.message(result))
        if job.on_success is not None:
            job.on_success(result)
        screen = self._app.screen
        changed = getattr(screen, "data_changed", None)
        if callable(changed):
            changed()
        if not job.aside:
            self._next()

    def _failed(self, job: _Job, message: str, exc: BaseException) -> None:
        said, title = message, job.error_title
        if said[: len(title) + 1].casefold() == f"{title}:".casefold():  # "Not sent", not "not sent: …" again
            said = said[len(title) + 1:].strip()
            said = said[:1].upper() + said[1:]
        if not isinstance(exc, job.shows):
            text.notify(self._app, said, title=title, severity="error", timeout=8)
        if job.on_error is not None:
            job.on_error(message, exc)
        if not job.aside:
            self._running = False
            self._next()


def background_priority() -> None:
    """The calling thread at the lowest CPU priority, so the UI thread and the reads of a screen
    come first. On Linux niceness is per thread; elsewhere it would lower the whole app: left."""
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except OSError:
            pass
