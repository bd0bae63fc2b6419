"""The live desk: a colleague's change (another deskcrm on the same file, a ``deskcrm move``
from a shell) reaches the screen on show within a second, without a key press.

Every :data:`POLL_S` the app asks the store whether anyone else changed the desk
(``store.changes``: on SQLite ``PRAGMA data_version`` on one dedicated connection, then the
journal's head — no table is read; on PostgreSQL the notifications a dedicated LISTEN connection
has received — no statement is sent — then the journal's head), in a thread worker, never on the
UI thread. A change:

- makes every screen's data stale (the desk's data version, ``Writes.version``, moves on): a
  hidden screen — another section, the board under an open job — reloads when shown again,
  as it does after the desk's own writes;
- is posted to the screen on show as :class:`DeskChanged`; a screen that can refresh in place
  (``DeskScreen.live_reload``) reads again keeping the cursor, the scroll and what was typed.
  A dialog or a form on top gets the message and ignores it: the screen under it refreshes
  when it closes (``on_screen_resume``).

It waits while the desk's own write is queued or running (a move in flight): the write's own
reload follows it, so a board is never re-sorted under a card the recruiter is moving. The
desk's own transactions are no change (``Writes.own_txns``): the write queue reloads after them
already, so a save never draws twice.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App

    from deskcrm.store.changes import PgChanges, SqliteChanges, Token
    from deskcrm.work.writes import Writes

POLL_S = 0.5  # how often the desk asks (a change shows within POLL_S + one read)


class DeskChanged(Message):
    """Someone else changed the desk; ``version`` is the desk's data version that includes it."""

    def __init__(self, version: int) -> None:
        super().__init__()
        self.version = version


class Live:
    def __init__(self, app: App, db_path: Path | str, writes: Writes) -> None:
        self._app = app
        self._path = db_path
        self._writes = writes
        self._changes: SqliteChanges | PgChanges | None = None  # opened in the poller's thread
        self._token: Token | None = None
        self._asking = threading.Lock()  # one question at a time on the one connection
        self._polling = False
        self._pending = False  # a change seen and not yet posted to the screen on show
        self._closed = False
        self.polls = 0  # answered polls (tests wait on it)
        self.seen = 0  # changes seen

    def start(self) -> None:
        """The first token now (in a worker), then a poll every :data:`POLL_S`."""
        self.tick()
        self._app.set_interval(POLL_S, self.tick, name="live")

    def close(self) -> None:
        self._closed = True
        if not self._polling:  # else the poll under way closes it
            self._close_changes()

    # ------------------------------------------------------------------ polling

    def tick(self) -> None:
        self.deliver()
        if self._polling or self._closed:
            return
        self._polling = True
        own = tuple(self._writes.own_txns)
        self._app.run_worker(lambda: self._poll(own), thread=True, group="live", name="live", exit_on_error=False)

    def poll_now(self) -> bool:
        """Ask now, on the calling thread, and hand a change on (tests; no timer needed)."""
        changed = self._ask(tuple(self._writes.own_txns))
        self._handle(changed)
        return changed

    def _ask(self, own: tuple[str, ...]) -> bool:
        from deskcrm.store import changes

        with self._asking:
            return self._ask_locked(own, changes)

    def _ask_locked(self, own: tuple[str, ...], changes) -> bool:
        if self._changes is None:
            self._changes = changes.for_desk(self._path)
        if self._token is None:  # the first question only sets where the desk stands
            self._token = self._changes.token()
            return False
        seen = self._changes.since(self._token, own)
        self._token = seen.token
        return seen.changed

    def _poll(self, own: tuple[str, ...]) -> None:  # worker thread
        from deskcrm.store.errors import StoreError

        changed = False
        try:
            if self._closed:
                self._close_changes()
                return
            changed = self._ask(own)
        except StoreError:  # busy, unreadable for a moment: the next tick asks again; the screens say why
            changed = False
        finally:
            try:
                self._app.call_from_thread(self._polled, changed)
            except RuntimeError:  # the app is closing
                self._close_changes()

    def _close_changes(self) -> None:
        with self._asking:
            self._close_locked()

    def _close_locked(self) -> None:
        if self._changes is not None:
            self._changes.close()
            self._changes = None

    def _polled(self, changed: bool) -> None:
        self._polling = False
        self._handle(changed)

    def _handle(self, changed: bool) -> None:
        self.polls += 1
        if self._closed:
            self._close_changes()
            return
        if changed:
            self.seen += 1
            self._writes.changed_elsewhere()
            self._pending = True
        self.deliver()

    def deliver(self) -> None:
        """Post the change to the screen on show — once no write of the desk's own is queued or
        running (its reload comes after it lands, and shows the colleague's change too)."""
        if not self._pending or self._writes.busy:
            return
        self._pending = False
        self._app.screen.post_message(DeskChanged(self._writes.version))
