"""The records behind one figure of a report (the placements in a month, the jobs counted as
filled…): a paged list like the other lists (``PagedTable``: ``j``/``k``, ``g``/``G``, the next page
read as the cursor nears the end), ``enter`` opens the record the usual way
(``screens.open_record``), ``esc`` goes back to the report, its cursor where it was.

Read by ``store.reports.records(conn, trace, …)`` in this screen's exclusive worker; each row's
text is user data, shown through ``deskcrm.text``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens import report_lines as lines_of
from deskcrm.screens.base import DeskScreen
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.paged_table import PagedTable

PAGE = 100


class RecordsRead(Message):
    def __init__(self, offset: int, rows: list, more: bool, total: int | None) -> None:
        super().__init__()
        self.offset, self.rows, self.more, self.total = offset, rows, more, total


class RecordsScreen(DeskScreen):
    SECTION = "reports"
    HELP_TITLE = "A report's records"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the report", id="report_records.back"),
        *DeskScreen.COMMON_BINDINGS,
    ]
    DEFAULT_CSS = """
    RecordsScreen #records-title { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap;
                                   text-overflow: ellipsis; }
    RecordsScreen #records-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, trace: Any, title: str) -> None:
        super().__init__()
        self.trace = trace
        self.TRAIL = "Records"
        self._title = title
        self._kinds: dict[int, tuple[str, int]] = {}  # row key -> (record kind, id)
        self._loaded = 0
        self._total = 0  # every record behind the figure (counted when there is more than a page)

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe(self._title, "bold"), id="records-title")
        yield Static(text.safe("Loading…"), id="records-status")
        yield PagedTable(id="records")
        yield KeyBar()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.table.set_columns(lines_of.record_columns(self.trace, self.size.width))
        self.table.focus()
        self.reload()

    def reload(self) -> None:
        self._read(0)

    def _read(self, offset: int) -> None:
        trace = self.trace

        def read(conn) -> RecordsRead:
            rows = lines_of.records(conn, trace, limit=PAGE + 1, offset=offset)
            more = len(rows) > PAGE
            total = lines_of.count_records(conn, trace) if more and offset == 0 else None
            return RecordsRead(offset, rows[:PAGE], more, total)

        self.load(read, group="report-records", title="Could not read the records")

    def on_records_read(self, message: RecordsRead) -> None:
        rows = []
        for n, record in enumerate(message.rows, start=message.offset):
            kind, record_id, cells = lines_of.record_cells(record)
            self._kinds[n] = (kind, record_id)
            rows.append((n, cells))
        if message.offset == 0:
            self.table.set_rows(rows, more=message.more)
        else:
            self.table.add_rows(rows, more=message.more)
        self._loaded = message.offset + len(rows)
        if message.total is not None:
            self._total = message.total
        total = self._total if message.more or self._total else self._loaded
        status = "No records" if not self._loaded else (
            f"{total:,} record{'s' if total != 1 else ''} · enter opens one")
        self.query_one("#records-status", Static).update(text.safe(status))
        self.mark_loaded(self.desk.writes.version)

    def on_paged_table_need_more(self, event: PagedTable.NeedMore) -> None:
        self._read(event.loaded)

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        from deskcrm.screens.open_record import open_record

        found = self._kinds.get(event.row_key)
        if found is not None:
            open_record(self.app, *found)

    def action_back(self) -> None:
        self.app.pop_screen()
