"""The Outbox (issue 15), from the palette ("Outbox"): the messages that were not sent, newest first
(``store.outbox.unsent``) — to whom, the subject, how many tries and why the last one failed.

``s`` sends the one under the cursor again with the ``[mail]`` settings (through the write queue,
off the UI thread; once it goes it is logged like any message sent); ``d`` discards it (asked
first); ``r`` refreshes; ``esc`` back. The CLI has the same: ``deskcrm mail outbox`` / ``retry ID`` /
``discard ID``. Addresses, subjects and errors are user data: shown literally (``deskcrm.text``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from deskcrm import text
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.table_list import TableListScreen
from deskcrm.widgets.fit_table import FitColumn
from deskcrm.widgets.key_bar import KeyBar


class OutboxLoaded(Message):
    def __init__(self, rows: list, version: int) -> None:
        super().__init__()
        self.rows, self.version = rows, version


class OutboxScreen(TableListScreen):
    SECTION = "due"
    TRAIL = "Outbox"
    HELP_TITLE = "Outbox"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="outbox.back"),
        Binding("s", "retry", "Send again", tooltip="Send the message under the cursor again", id="outbox.retry"),
        Binding("d", "discard", "Discard", tooltip="Drop the message under the cursor: it will not be sent (asked first)",
                id="outbox.discard"),
        *DeskScreen.COMMON_BINDINGS,
    ]
    DEFAULT_CSS = """
    OutboxScreen #outbox-summary { height: auto; padding: 0 1; }
    OutboxScreen DataTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe("Loading…"), id="outbox-summary")
        yield self.list_table("outbox-table", (("#", 5), ("State", 11), ("Tries", 5), FitColumn("To", 26, 14),
                                               FitColumn("Subject", 40, 16)))  # at 80 columns To and Subject narrow
        yield KeyBar()

    def reload(self) -> None:
        version = self.desk.writes.version

        def read(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import outbox

            return OutboxLoaded(outbox.unsent(conn), version)

        self.load(read, group="outbox-load", title="Could not read the outbox")

    def on_outbox_loaded(self, message: OutboxLoaded) -> None:
        self.mark_loaded(message.version)
        self._rows = message.rows
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for r in self._rows:
            state = "interrupted" if r.state == "sending" else r.state
            table.add_row(str(r.id), state, str(r.attempts), text.cell(r.to), text.cell(r.subject), key=str(r.id))
        if self._rows:
            table.move_cursor(row=min(max(row, 0), len(self._rows) - 1))
        self._summary()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._summary()

    def _summary(self) -> None:
        r = self.current
        if not self._rows:
            said = "The outbox is empty: nothing waits to be sent."
        elif r is not None and r.error:
            said = f"{len(self._rows)} unsent · #{r.id}: {r.error}"
        else:
            said = f"{len(self._rows)} unsent · s send again · d discard"
        self.query_one("#outbox-summary", Static).update(text.safe(said, multiline=False))

    def action_back(self) -> None:
        self.dismiss()

    def action_retry(self) -> None:
        from deskcrm.screens import mail_actions

        r = self.current
        if r is None:
            return
        outbox_id = r.id

        def resend(conn):  # noqa: ANN001, ANN202 - the message as written, for the toast
            from deskcrm.store import outbox

            return outbox.draft_of(conn, outbox_id)

        def failed(_message: str, _exc: BaseException) -> None:
            self.reload()  # the failed try is written: its count and why

        self.read_then(resend, lambda draft: mail_actions.send(self, draft, outbox_id=outbox_id, on_error=failed),
                       title="Could not read the message")

    def action_discard(self) -> None:
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        r = self.current
        if r is None:
            return
        outbox_id = r.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                def op(conn):  # noqa: ANN001, ANN202
                    from deskcrm.store import outbox

                    outbox.discard(conn, outbox_id)

                self.write(op, f"Discarded #{outbox_id}: it will not be sent")

        question = f"Discard #{r.id} to {r.to}: {r.subject}?\nIt will not be sent."
        self.app.push_screen(ConfirmDialog("Discard", question), confirmed)


def open_outbox(app) -> None:  # noqa: ANN001 - the desk app
    app.push_screen(OutboxScreen())
