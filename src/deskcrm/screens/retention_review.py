"""The retention review list (issue 14 item 2), from Due today's "Retention review" item
(``enter``) or the palette: the candidates due for review a page at a time
(``store.retention_review``), newest stale first, with name, last contact, source and lawful basis.

``space`` marks the one under the cursor, ``a`` marks every one on the page; ``k`` keeps the
marked (or the one under the cursor): a review recorded, they leave the list for another
retention period; ``c`` records consent given for the one under the cursor; ``D`` erases the marked
after "erase N" typed (one worker, progress shown, one compact at the end); ``n`` / ``p`` page;
``esc`` back. Names are user data: shown literally (``deskcrm.text``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from deskcrm import text
from deskcrm.domain import clock
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.table_list import TableListScreen
from deskcrm.widgets.fit_table import FitColumn
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.domain.dates import day_said

_BASES = {"consent": "Consent", "legitimate_interest": "Legit. interest", "contract": "Contract"}  # fits 80 columns


def _since(r) -> str:  # noqa: ANN001 - a retention_review.Candidate
    """What the candidate's retention period runs from, in the list's "Retained since" column."""
    if r.why == "review":
        return f"kept {day_said(r.since)}"
    if r.why == "placed":
        return f"placed {day_said(r.since)}"
    return day_said(r.last_contact) if r.last_contact else f"never, added {day_said(r.added)}"


class ReviewLoaded(Message):
    def __init__(self, rows: list, offset: int, more: bool, version: int) -> None:
        super().__init__()
        self.rows, self.offset, self.more, self.version = rows, offset, more, version


class RetentionReviewScreen(TableListScreen):
    SECTION = "due"
    TRAIL = "Retention review"
    HELP_TITLE = "Retention review"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="retention.back"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark the candidate under the cursor", id="retention.mark"),
        Binding("a", "mark_page", "Mark page", tooltip="Mark every candidate on this page", id="retention.mark_page"),
        Binding("K", "keep", "Keep", tooltip="Keep their data: a review recorded, off the list for another period",
                id="retention.keep"),
        Binding("c", "consent", "Consent", tooltip="Record consent given by the candidate under the cursor",
                id="retention.consent"),
        Binding("D", "erase", "Erase", tooltip="Erase the marked candidates (\"erase N\" typed to confirm)",
                id="retention.erase"),
        Binding("n", "page(1)", "Next page", id="retention.next"),
        Binding("p", "page(-1)", "Prev page", id="retention.prev"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    RetentionReviewScreen #retention-summary { height: 1; padding: 0 1; }
    RetentionReviewScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._offset = 0
        self._more = False
        self.marked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static("Loading…", id="retention-summary")
        # the lawful basis before the source; widths that fit 80 columns with the scrollbar (the name gives way)
        yield self.list_table("retention-table", (("", 1), FitColumn("Name", 19, 12), ("Retained since", 23),
                                                  ("Lawful basis", 15), ("Source", 10)))
        yield KeyBar()

    def reload(self) -> None:
        self._load(self._offset)

    def _load(self, offset: int) -> None:
        from deskcrm.config import settings as settings_mod
        from deskcrm.store import retention_review

        version = self.desk.writes.version
        due_settings = settings_mod.due_settings(self.desk.settings)
        size = retention_review.PAGE

        def read(conn):  # noqa: ANN001, ANN202
            rows = retention_review.page(conn, clock.today(), due_settings, offset, size + 1)
            return ReviewLoaded(rows[:size], offset, len(rows) > size, version)

        self.load(read, group="retention-load", title="Could not load the retention review")

    def on_review_loaded(self, message: ReviewLoaded) -> None:
        self.mark_loaded(message.version)
        if not message.rows and message.offset > 0:  # the last page emptied (kept / erased): back one
            self._load(max(0, message.offset - len(self._rows or [1])))
            return
        self._rows, self._offset, self._more = message.rows, message.offset, message.more
        self.marked &= {r.person_id for r in self._rows}
        self._draw()

    def _draw(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for r in self._rows:
            last = _since(r)
            table.add_row("✓" if r.person_id in self.marked else " ", text.safe(r.name), last,
                          _BASES.get(r.lawful_basis or "", text.safe(r.lawful_basis or "—")), text.safe(r.source or "—"),
                          key=str(r.person_id))
        if self._rows:
            table.move_cursor(row=min(row, len(self._rows) - 1))
        first = self._offset + 1
        if self._rows:
            said = (f"Candidates {first}–{self._offset + len(self._rows)}{' (more: n)' if self._more else ''}"
                    f" · {len(self.marked)} marked")
        else:
            said = "No candidates are due for retention review"
        self.query_one("#retention-summary", Static).update(said)

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.dismiss()

    def action_page(self, step: int) -> None:
        from deskcrm.store import retention_review

        if (step > 0 and self._more) or (step < 0 and self._offset > 0):
            self.marked.clear()
            self._load(max(0, self._offset + step * retention_review.PAGE))

    def action_mark(self) -> None:
        r = self.current
        if r is not None:
            self.marked ^= {r.person_id}
            self._draw()

    def action_mark_page(self) -> None:
        self.marked |= {r.person_id for r in self._rows}
        self._draw()

    def _chosen(self) -> list[int]:
        if self.marked:
            return [r.person_id for r in self._rows if r.person_id in self.marked]
        r = self.current
        return [r.person_id] if r is not None else []

    def action_keep(self) -> None:
        ids = self._chosen()
        if not ids:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import retention_review

            return retention_review.keep(conn, ids)

        self.marked.clear()
        self.write(op, f"Kept {len(ids)} — reviewed today, off the list for another retention period")

    def action_consent(self) -> None:
        from deskcrm.screens import consent_actions

        r = self.current
        if r is not None:
            consent_actions.record(self, "given", r.person_id, r.name)

    def action_erase(self) -> None:
        from deskcrm.screens.dialogs.erase_count import EraseCount

        ids = [r.person_id for r in self._rows if r.person_id in self.marked]
        if not ids:
            text.notify(self.app, "Mark the candidates to erase first (space, or a for the page)", title="Nothing marked")
            return

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._erase(ids)

        self.app.push_screen(EraseCount(len(ids)), confirmed)

    def _erase(self, ids: list[int]) -> None:
        summary = self.query_one("#retention-summary", Static)
        app = self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(summary.update, f"Erasing… {done} of {total}")

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.config import paths
            from deskcrm.store import retention_review

            return retention_review.erase(conn, ids, data_dir=paths.data_dir(), progress=progress)

        self.marked.clear()
        self.desk.writes.submit(op, f"Erased {len(ids)} candidates", error_title="Not all erased")
