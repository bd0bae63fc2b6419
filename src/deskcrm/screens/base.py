"""What every deskcrm screen shares: the section bar, refresh, writes with section-scoped
undo, forms that survive a failed save, and the due-item actions (done / snooze / log
activity) that both the due list and the details screen offer.

Screens read in their own exclusive thread workers and write through :meth:`DeskScreen.write`
(the app's ordered write queue); they reload when a write lands (``data_changed``) or, if it
landed while they were covered, when they come back (``on_screen_resume``). A colleague's change
(``work.live``) is handled the same way; a screen on show that can refresh in place does
(``live_reload``). Each write's
journal txn is remembered per section (the app mode), so ``ctrl+z`` undoes the last write
made in *this* section — an edit, a merge, an activity, a move — and nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding
from textual.screen import Screen

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.screens import sections
from deskcrm.screens.still_up import call_back
from deskcrm.widgets.section_bar import SectionBar

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Protocol

    from deskcrm.config.settings import Settings
    from deskcrm.domain.due import DueItem
    from deskcrm.screens.dialogs.form import FormDialog
    from deskcrm.screens.dialogs.form_conflict import Edit, Theirs
    from deskcrm.work.due_list import Prefetch
    from deskcrm.work.live import DeskChanged
    from deskcrm.work.writes import Message, Op, Writes

    class Desk(Protocol):
        """What a screen uses of the app (``deskcrm.app.DeskApp`` is one): screens sit below the
        app and never import it."""

        db_path: Path
        settings: Settings
        writes: Writes
        prefetch: Prefetch | None
        drafts: dict
        undo_log: dict[str, list[str]]
        who: str | None  # how ``settings.me`` was chosen (``deskcrm.config.whoami``), or "ask"
        recruiters: tuple  # the recruiters as read after launch (Owner fields check against them)
        desk_currency: str


LIVE_PATIENCE_S = 2.0  # a live refresh under way this long is not restarted by the next change


class DeskScreen(Screen):
    SECTION: ClassVar[str] = ""  # the mode (section) this screen belongs to
    TRAIL: ClassVar[str] = ""  # shown after the sections in the bar, e.g. "Details"

    # Subclasses list these after their own keys (the footer shows bindings in order).
    COMMON_BINDINGS: ClassVar[list[Binding]] = [
        Binding("ctrl+z", "undo", "Undo", id="screen.undo"),
        Binding("r", "refresh", "Refresh", show=False, id="screen.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._seen_version = -1
        self._live_at: float | None = None  # when a live refresh was asked for (until it lands)
        self._live_again = False  # another change came meanwhile

    @property
    def desk(self) -> Desk:
        return self.app  # type: ignore[return-value]

    def section_bar(self) -> SectionBar:
        section = sections.by_mode(self.SECTION)
        return SectionBar(sections.bar_items(), section.key if section else None, self.TRAIL)

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Read again from the database (in a worker)."""

    def mark_loaded(self, version: int) -> None:
        """The screen's data (as of the write ``version``) lands in its widgets now; a change of
        section held for it is drawn with it."""
        self._seen_version = version
        ready = getattr(self.app, "screen_ready", None)
        if ready is not None:
            ready(self)
        again, self._live_at, self._live_again = self._live_again, None, False
        if again and version < self.desk.writes.version and self.is_current and not self.desk.writes.busy:
            self.call_later(self._live, self.desk.writes.version)

    def data_changed(self) -> None:
        self.reload()

    def live_reload(self) -> bool:
        """Someone else changed the desk while this screen is on show (``work.live``): read again
        in place, keeping the cursor on the same record (else the nearest row), the scroll and
        anything typed; True if this screen does. A screen that does not refreshes when shown
        again, or on ``r``."""
        return False

    def on_desk_changed(self, message: DeskChanged) -> None:
        self._live(message.version)

    def _live(self, version: int) -> None:
        if not 0 <= self._seen_version < version:
            return  # not loaded yet (its first read shows it), or loaded since
        if self._live_at is not None and time.monotonic() - self._live_at < LIVE_PATIENCE_S:
            self._live_again = True  # a refresh is under way: one more when it lands, not a restart
            return
        if self.live_reload():
            self._live_at = time.monotonic()

    def on_screen_resume(self) -> None:
        if self.desk.writes.busy:  # a write on its way (a move confirmed in the dialog): its landing reloads
            return
        if self._seen_version >= 0 and self._seen_version < self.desk.writes.version:
            self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def key_for(self, action: str) -> str:
        """The key that runs ``action`` here now (as remapped in config.toml), as the footer shows
        it: for text that says "press n to …"."""
        found = [b.binding for b in self.active_bindings.values() if b.binding.action in (action, f"app.{action}")]
        return self.app.get_key_display(min(found, key=lambda b: len(b.key))) if found else "?"

    def load(self, read: Callable[..., Any], *, group: str, title: str | None,
             failed: Callable[[], None] | None = None, connect: bool = True) -> None:
        """The one way a screen loads what it shows: ``read(conn)`` runs in this screen's exclusive
        thread worker ``group`` (a newer load cancels the older one) on a connection opened for it
        (``connect=False``: ``read()`` opens what it needs), and the message it returns is posted —
        unless the load was superseded meanwhile. ``read`` may post messages of its own on the way
        (``post_message`` is thread-safe) and check ``get_current_worker().is_cancelled`` between
        reads. A failed read is an error toast titled ``title`` (None: a quiet hint, no toast), then
        ``failed()`` on the UI thread."""
        path = self.desk.db_path

        def work() -> None:
            from textual.worker import get_current_worker

            from deskcrm.store import db
            from deskcrm.store.errors import StoreError
            from deskcrm.work.writes import error_message

            worker = get_current_worker()
            try:
                if connect:
                    with db.reading(path) as conn:
                        message = read(conn)
                else:
                    message = read()
            except StoreError as exc:
                if not worker.is_cancelled:
                    if title is not None:
                        text.notify(self.app, error_message(exc), title=title, severity="error")
                    if failed is not None:
                        call_back(self, failed)
                return
            if message is not None and not worker.is_cancelled:
                self.post_message(message)

        self.run_worker(work, thread=True, exclusive=True, group=group, name=group)

    def read_then(self, fn: Callable[[Any], Any], then: Callable[[Any], None], *,
                  title: str = "Could not read the database", group: str = "read") -> None:
        """Run the read ``fn(conn)`` in a thread worker, then ``then(result)`` on the UI thread;
        a failed read is an error toast titled ``title`` (and ``then`` is not called)."""
        path = self.desk.db_path

        def work() -> None:
            from deskcrm.work.writes import error_message
            from deskcrm.store import db
            from deskcrm.store.errors import StoreError

            try:
                with db.reading(path) as conn:
                    result = fn(conn)
            except (StoreError, ValueError) as exc:
                self.app.call_from_thread(text.notify, self.app, error_message(exc), title=title, severity="error")
                return
            call_back(self, then, result)  # not on a screen closed meanwhile

        self.run_worker(work, thread=True, group=group, name=group)

    # ------------------------------------------------------------------ writes

    def _undo_log(self) -> list[str]:
        return self.desk.undo_log.setdefault(self.app.current_mode, [])

    def write(
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
        """Run ``op(conn)`` off the UI thread, after any earlier write (``aside``: at once, beside
        them — an op that waits on a mail server, ``work.writes``). Its result is the txn id (a
        str) or has a ``txn`` attribute; that txn becomes this section's ``ctrl+z``. A failure is
        a toast titled ``error_title`` ("Not sent" for a message), except one of ``shows``, which
        ``on_error`` shows itself (a form's conflict). ``after``: ``work.writes.Writes.submit``'s."""
        log = self._undo_log()

        def landed(result: Any) -> None:
            txn = result if isinstance(result, str) else getattr(result, "txn", None)
            if txn:
                log.append(txn)
            if on_success is not None:
                on_success(result)

        self.desk.writes.submit(op, message, on_success=landed, on_error=on_error, error_title=error_title,
                                aside=aside, shows=shows, after=after)

    def action_undo(self) -> None:
        log = self._undo_log()
        if not log:
            text.notify(self.app, "Nothing to undo in this section")
            return
        txn = log.pop()  # now, so a second ctrl+z targets the write before
        from deskcrm.screens.undo_progress import UndoProgress

        progress = UndoProgress(self.app)  # a long import's undo: how far it is, after a second

        def undo(conn):
            from deskcrm.screens.cv_actions import data_dir
            from deskcrm.screens.import_work import undo_if_import
            from deskcrm.store import attachments, db, journal, records

            folder = data_dir()
            batch = undo_if_import(conn, txn, folder, progress=progress)  # an import: its batch undone, marked so
            if batch is not None:
                return batch
            what = records.describe_txn(conn, txn)
            with attachments.freeing_files(conn, txn, folder):  # an attach undone: its copy, once unused
                with db.write(conn):
                    journal.undo(conn, txn)
            return what

        def failed(_message: str, _exc: BaseException) -> None:
            progress.end()
            log.append(txn)  # not undone: ctrl+z may try it again

        self.desk.writes.submit(undo, lambda what: f"Undone: {what}", on_success=lambda _what: progress.end(),
                                on_error=failed, error_title="Could not undo")

    def form_write(
        self,
        make_form: Callable[[dict[str, str] | None, str | None], FormDialog],
        op_for: Callable[[dict[str, Any]], Op],
        message: Message | str,
        *,
        on_success: Callable[[Any], None] | None = None,
        edit: Edit | None = None,
        gate: Callable[[Any, Callable[..., None], Callable[[str], None]], None] | None = None,
    ) -> None:
        """Open a form and save it with one write. If the save fails — a conflict (someone saved
        first), a rule the store enforces, a busy database — the form opens again with
        everything typed and the reason on top (fields the store named are marked).

        ``edit`` (``dialogs.form_conflict.Edit``): the form edits a versioned record — a save
        writes only the fields changed, and a ``Conflict`` re-reads the record and re-opens the
        form with the colleague's values beside yours (``FormDialog.theirs``), one banner, no toast.

        ``gate(result, proceed, reopen)``: runs between the form and the write (a duplicate check):
        ``proceed()`` saves as usual, ``proceed(op, message, on_success)`` writes another op in its
        place (a merge) — a failure re-opens the form all the same — and ``reopen(banner)``
        opens the form again with what was typed."""
        from deskcrm.store.errors import Conflict

        def open_form(raw: dict[str, str] | None, banner: str | None, errors: dict[str, str],
                      theirs: Theirs | None = None) -> None:
            form = make_form(raw, banner)
            form.initial_errors = dict(errors)
            form.unsaved = raw is not None  # re-opened after a failed save: esc asks first
            form.theirs = theirs
            if edit is not None:
                edit.opened(form.opened)
            self.app.push_screen(form, chosen)

        def chosen(result) -> None:
            if result is None or result.cancelled:
                return
            values = result.values if edit is None else edit.changes(result.values, result.raw)
            if edit is not None and not values:
                text.notify(self.app, "Nothing changed")
                return

            def failed(msg: str, exc: BaseException) -> None:
                if edit is not None and isinstance(exc, Conflict):
                    edit.conflict(exc, result.raw, lambda raw, theirs, why: open_form(raw, why, {}, theirs))
                    return
                open_form(result.raw, msg, getattr(exc, "field_errors", None) or {})

            def proceed(op: Op | None = None, msg: Message | str | None = None,
                        done: Callable[[Any], None] | None = None) -> None:
                self.write(op or op_for(values), msg or message, on_success=done or on_success,
                           on_error=failed, shows=(Conflict,) if edit is not None else ())

            if gate is None:
                proceed()
            else:
                gate(result, proceed, lambda banner: open_form(result.raw, banner, {}))

        open_form(None, None, {})

    # ------------------------------------------------------------------ due-item actions

    def mark_done(self, item: DueItem) -> None:
        """Done; the message says what it did and, for an item that only acknowledges a fact
        still true (an unpaid invoice: "chased"), when it is back. An Art. 14 notice asks how it
        was sent first (one key each) and records it in the consent ledger."""
        from deskcrm.domain.due import done_note

        if item.kind == "art14_notice" and item.person_id is not None:
            from deskcrm.screens.dialogs.key_choice import NoticeHowDialog

            def chosen(how: str | None) -> None:
                if how is None:
                    return

                def op(conn):
                    from deskcrm.store import due_store

                    return due_store.mark_done(conn, item, notice_method=how)

                shown = how.replace("_", " ")
                self.write(op, f"Art. 14 notice recorded as sent today by {shown}: {text.clean(item.person)} (ctrl+z to undo)")

            self.app.push_screen(NoticeHowDialog("How was the Art. 14 notice sent?", item.person or item.title), chosen)
            return

        def op(conn):
            from deskcrm.store import due_store

            return due_store.mark_done(conn, item)

        self.write(op, f"{done_note(item, clock.today())} (ctrl+z to undo)")

    def snooze(self, item: DueItem) -> None:
        from deskcrm.screens.dialogs.snooze import SnoozeDialog

        def chosen(days: int | None) -> None:
            if not days:
                return
            until = clock.today() + timedelta(days=days)

            def op(conn):
                from deskcrm.store import due_store

                return due_store.snooze(conn, item, until)

            when = "tomorrow" if days == 1 else f"{until:%a} {until.day} {until:%b}"
            self.write(op, f"Snoozed until {when}: {item.title}")

        self.app.push_screen(SnoozeDialog(item), chosen)

    def log_activity(self, item: DueItem) -> None:
        from deskcrm.screens.dialogs.activity import ActivityDialog, ActivityResult

        drafts = self.desk.drafts

        def chosen(result: ActivityResult | None) -> None:
            if result is None:
                return
            if result.cancelled:
                if result.body.strip():
                    drafts[item.key] = result
                    text.notify(self.app, "Draft kept: press a again to finish it")
                else:
                    drafts.pop(item.key, None)
                return

            # A call outcome logged here schedules the next touch too, like its one-key form.
            from deskcrm.config.settings import touch_settings
            from deskcrm.domain.touch import next_touch

            nxt = next_touch(result.kind, clock.today(), touch_settings(self.desk.settings)) if item.person_id else None

            def op(conn):
                from deskcrm.store import due_store

                return due_store.log_activity(
                    conn, result.kind, result.body,
                    person_id=item.person_id, company_id=item.company_id, job_id=item.job_id,
                    placement_id=item.placement_id, submission_id=item.submission_id, next_touch_on=nxt,
                )

            from deskcrm.store.due_store import ACTIVITY_KINDS

            self.write(
                op,
                f"Logged {ACTIVITY_KINDS[result.kind]}",
                on_success=lambda _txn: drafts.pop(item.key, None),
            )

        self.app.push_screen(ActivityDialog(item, drafts.get(item.key)), chosen)
