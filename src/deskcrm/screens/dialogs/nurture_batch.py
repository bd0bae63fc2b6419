"""A nurture batch to review (``screens.mail_batch``): who gets the nurture email, one row each —
name, address, and whether it goes. ``space`` skips or takes back the one under the cursor (someone
with no email on file, or not to be contacted, is shown and stays skipped); ``enter``/``y`` sends
every one not skipped; ``esc`` cancels, nothing sent; ``f1``/``?`` the keys.

While it sends the list stays, each row saying sent or failed and the line above it how far it got
(then what went); ``esc`` closes it — while it sends too: the sending goes on, and the toast at the
end says how it went. Names and
addresses are user data: cells through ``deskcrm.text``, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.fit_table import FitColumn, FitTable
from deskcrm.widgets.key_bar import KeyBar

GOES, SKIPPED = "✓ sends", "skipped"
# send(drafts, progress(n, ok), skipped): the caller sends them (beside the write queue)
Send = Callable[[list, Callable[[int, bool], None], int], None]


class NurtureBatchDialog(DialogScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "skip", "Skip", tooltip="Skip the person under the cursor, or take them back", id="batch.skip"),
        Binding("y,enter", "send", "Send all", tooltip="Send the nurture email to everyone not skipped",
                priority=True, id="batch.send"),
        Binding("escape", "close", "Cancel", id="batch.cancel"),
        Binding("j", "cursor(1)", "Down", show=False, id="batch.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="batch.up"),
    ]
    HELP_TITLE = "Nurture batch"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    NurtureBatchDialog { align: center middle; }
    NurtureBatchDialog > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    NurtureBatchDialog #batch-status { height: 1; margin-bottom: 1; }
    NurtureBatchDialog DataTable { height: auto; max-height: 20; }
    """

    def __init__(self, title: str, items: Sequence, send: Send) -> None:  # items: store.mail_batch.BatchItem
        super().__init__()
        self._title, self._items, self._send = title, list(items), send
        self._skipped = {i for i, item in enumerate(self._items) if item.draft is None}
        self._sending: list[int] | None = None  # the rows being sent, in order
        self._gone = False
        self._failed: set[int] = set()

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            yield Static(id="batch-status")
            yield FitTable((FitColumn("", 10, key="state"), FitColumn("Name", 36, 16, "name"),
                            FitColumn("Email", 32, 16, "email")), id="batch-rows", cursor_type="row", zebra_stripes=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for i, item in enumerate(self._items):
            address = ", ".join(item.draft.to) if item.draft is not None else f"— {item.why_not}"
            table.add_row(self._state(i), text.cell(item.name), text.cell(address, "" if item.draft else "dim"),
                          key=str(i))
        table.focus()
        self._status()

    def _state(self, i: int):  # noqa: ANN202 - a rich Text cell
        return text.cell(SKIPPED, "dim") if i in self._skipped else text.cell(GOES, "bold green")

    def _status(self, said: str | None = None) -> None:
        n = len(self._items) - len(self._skipped)
        line = said or (f"{n} to send · {len(self._skipped)} skipped — space skips one, enter sends"
                        if n else "Nobody to send to: take someone back with space, or esc")
        self.query_one("#batch-status", Static).update(text.safe(line, "bold"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("skip", "send") and self._sending is not None:
            return None  # shown dimmed while it sends
        return True

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    def action_skip(self) -> None:
        table = self.query_one(DataTable)
        i = table.cursor_row
        if not 0 <= i < len(self._items):
            return
        if self._items[i].draft is None:
            self.notify_said(f"{self._items[i].why_not}: nothing to send")
            return
        self._skipped ^= {i}
        table.update_cell(str(i), "state", self._state(i))
        self._status()

    def notify_said(self, said: str) -> None:
        text.notify(self.app, said, title="Nurture batch", severity="warning", timeout=3)

    def action_send(self) -> None:
        rows = [i for i in range(len(self._items)) if i not in self._skipped]
        if not rows:
            self.notify_said("Nobody to send to: everyone is skipped")
            return
        self._sending = rows
        self.refresh_bindings()
        self._status(f"Sending 0 of {len(rows)}…")
        self._send([self._items[i].draft for i in rows], self.progress, len(self._items) - len(rows))

    def progress(self, n: int, ok: bool) -> None:
        """The ``n``-th message (1-based) went (``ok``) or failed; the last one closes the list."""
        if self._sending is None or self._gone:
            return
        row = self._sending[n - 1]
        if not ok:
            self._failed.add(row)
        self.query_one(DataTable).update_cell(str(row), "state",
                                              text.cell("sent", "bold green") if ok else text.cell("failed", "bold red"))
        self._status(f"Sending {n} of {len(self._sending)}…")
        if n == len(self._sending):
            failed = len(self._failed)
            self._status(f"Done: {n - failed} sent, {failed} failed (in the Outbox) — esc closes" if failed
                         else f"Done: {n} sent — esc closes")

    def action_close(self) -> None:
        if not self._gone:  # while sending: the list closes, the sending goes on
            self._gone = True
            self.dismiss(None)
