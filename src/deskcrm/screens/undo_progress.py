"""``ctrl+z`` undoing an import says how far it is (issue 12: a progress bar on anything over a
second), from whichever screen it was pressed on.

    progress = UndoProgress(app)                       # UI thread, when ctrl+z is pressed
    undo_if_import(conn, txn, folder, progress=progress)   # write queue: begin, (done, total), stage
    progress.end()                                     # UI thread, the undo landed or failed

The undo stays on the write queue (``work.writes``); this only posts to the UI thread
(``call_from_thread``), once the undo has run ``import_flow.SHOW_PROGRESS_AFTER_S`` and then at
most every ``_EVERY_S``: a ``ProgressNote`` under the section bar of the screen shown (it follows the
user to another section), removed when the undo ends ("Undone: …" is the toast, as before).
"""

from __future__ import annotations

import time
from typing import Any

from deskcrm import text
from deskcrm.widgets.progress_note import ProgressNote

_EVERY_S = 0.25  # between two posts to the UI thread
_STAGES = {"indexing": ("Re-indexing", "people", "after undoing")}  # a store stage -> (verb, unit, of what)


class UndoProgress:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.note: ProgressNote | None = None
        self.what = ""
        self.verb, self.unit, self.of = "Undo", "rows", ""
        self.started: float | None = None
        self.posted = 0.0
        self.ended = False

    # ------------------------------------------------------------------ the write queue's thread

    def begin(self, what: str) -> None:
        """The undo of ``what`` (the import of FILE (batch #N)) starts now."""
        self.what, self.started = what, time.monotonic()

    def stage(self, what: str) -> None:
        self.verb, self.unit, self.of = _STAGES.get(what, (what, self.unit, ""))
        self.posted = 0.0  # say the new stage at once, if the note is shown

    def __call__(self, done: int, total: int | None) -> None:
        from deskcrm.screens.import_flow import SHOW_PROGRESS_AFTER_S

        now = time.monotonic()
        if self.started is None or now - self.started < SHOW_PROGRESS_AFTER_S or now - self.posted < _EVERY_S:
            return
        self.posted = now
        of = f" of {total:,}" if total else ""
        what = f"{self.of} {self.what}" if self.of else self.what
        label = text.safe(f"{self.verb}: {done:,}{of} {self.unit} · {what}")  # the count first: a long name is cut
        try:
            self.app.call_from_thread(self._show, label, done, total)
        except RuntimeError:  # the app is closing; the undo goes on
            pass

    # ------------------------------------------------------------------ the UI thread

    def _show(self, label: Any, done: int, total: int | None) -> None:
        if self.ended:
            return
        screen = self._screen()
        if self.note is not None and self.note.is_attached and self.note.screen is not screen:
            self.note.remove()  # the user moved on to another screen: the note follows
            self.note = None
        if self.note is None or not self.note.is_attached:
            self.note = ProgressNote(label, id="undo-progress")
            screen.mount(self.note)
            self.note.call_after_refresh(self.note.show, label, done, total)
            return
        self.note.show(label, done, total)

    def _screen(self) -> Any:
        """The screen shown, or under a dialog the screen it was opened from."""
        from textual.screen import ModalScreen

        for screen in reversed(self.app.screen_stack):
            if not isinstance(screen, ModalScreen):
                return screen
        return self.app.screen

    def end(self) -> None:
        self.ended = True
        if self.note is not None and self.note.is_attached:
            self.note.remove()
        self.note = None
