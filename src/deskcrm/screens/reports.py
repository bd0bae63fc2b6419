"""Reports (section 6): the agency's numbers — Revenue, KPIs, Activity, Clients — for a period
and a scope, drawn as rows of figures and charts, each traceable to its records.

``tab``/``shift+tab`` switch the report; ``[``/``]`` move the period back or on, ``p`` picks
one (this week, month, quarter, year, the last 12 months, or two dates typed as in any form);
``s`` picks the scope (me, a recruiter, the team, a client); ``i`` shows the report's
definitions (``?`` is the help, as everywhere). ``enter`` on a figure or a bar lists the
records behind it (``screens.report_records``); ``esc`` there comes back to the same row.

Each report is computed in this screen's exclusive worker (``DeskScreen.load``) — "Loading…"
meanwhile; a newer period, scope or report interrupts the older computation's SQL
(``work.latest_read``), and what an older one posts is dropped (sequence numbers). The rows are
made in the worker too (``screens.report_lines``), again when the width or the theme changes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcrm import text
from deskcrm.domain import clock, periods
from deskcrm.screens import report_lines as lines_of
from deskcrm.screens.base import DeskScreen
from deskcrm.widgets.key_bar import KeyBar

REPORTS = lines_of.REPORTS  # (key, title), in tab order
_PERIOD = Binding.Group("Period", compact=True)  # [ ] p: one footer entry, "[/]/p Period", so ^z and q fit at 80


class Computed(Message):
    """Report ``report`` as asked by press number ``seq``: the store's view, and its rows made
    for ``width`` columns."""

    def __init__(self, seq: int, report: str, view: Any, lines: list, width: int) -> None:
        super().__init__()
        self.seq, self.report, self.view, self.lines, self.width = seq, report, view, lines, width


class ReportList(OptionList, inherit_bindings=False):
    """The report's rows: a figure, a bar, a funnel step, a sparkline — one line each; headings
    are disabled rows the cursor skips."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Records", tooltip="The records behind the figure or bar", id="reports.open"),
        Binding("left,h", "screen.column(-1)", "Figure left", show=False, id="reports.left"),
        Binding("right,l", "screen.column(1)", "Figure right", show=False, id="reports.right"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="reports.down"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="reports.up"),
        Binding("home,g", "first", "First row", show=False, id="reports.first"),
        Binding("end,G", "last", "Last row", show=False, id="reports.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reports.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reports.page_up"),
    ]
    HELP_TITLE = "In the report"


class ReportsScreen(DeskScreen):
    SECTION = "reports"
    HELP_TITLE = "Reports"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "report(1)", "Report", tooltip="The next report (Revenue → KPIs → Activity → Clients)",
                priority=True, id="reports.next_report"),
        Binding("shift+tab", "report(-1)", "Previous report", show=False, priority=True,
                id="reports.previous_report"),
        Binding("left_square_bracket", "shift(-1)", "Earlier", tooltip="The period before",
                group=_PERIOD, id="reports.earlier"),
        Binding("right_square_bracket", "shift(1)", "Later", tooltip="The period after",
                group=_PERIOD, id="reports.later"),
        Binding("p", "period", "Period", tooltip="Pick: this week, month, quarter, year, last 12 months, or dates",
                group=_PERIOD, id="reports.period"),
        Binding("s", "scope", "Scope", tooltip="Me, a recruiter, the team, or a client", id="reports.scope"),
        Binding("i", "definitions", "Defs", tooltip="What each figure of this report counts (? is the keys)",
                id="reports.definitions"),
        *DeskScreen.COMMON_BINDINGS,  # ctrl+z: nothing is written here, it says so (as everywhere)
    ]
    DEFAULT_CSS = """
    ReportsScreen #report-tabs { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; }
    ReportsScreen #report-head { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ReportsScreen #report-status { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; display: none; }
    ReportsScreen #report-status.-shown { display: block; }
    ReportsScreen ReportList { height: 1fr; border: none; padding: 0 1; background: $surface; }
    ReportsScreen ReportList:focus { border: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.report = REPORTS[0][0]
        self.period = periods.period("month", clock.today())
        self.scope = lines_of.Scope()  # the team
        self.scope_label = "the team"
        self._seq = 0
        self._views: dict[str, tuple[int, Any]] = {}  # report -> (seq it was computed for, view)
        self._lines: list = []  # report_rows.Line per option
        self._cursor: dict[str, int] = {}  # where the cursor was in each report
        self._column = 0  # which figure of the row under the cursor (h/l)
        self._marked: int | None = None  # the option drawn with its figure underlined
        self._width = 0
        self._latest = None  # work.latest_read.LatestRead: a newer computation interrupts the older

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(id="report-tabs")
        yield Static(id="report-head")
        yield Static(text.safe("Loading…"), id="report-status", classes="-shown")
        yield ReportList(id="report-rows")
        yield KeyBar()

    @property
    def rows(self) -> ReportList:
        return self.query_one(ReportList)

    def on_mount(self) -> None:
        self.rows.focus()
        self._show_head()
        self.reload()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw())

    def on_resize(self) -> None:
        if self._line_width() != self._width:
            self._redraw()

    def _line_width(self) -> int:
        return max(20, (self.rows.size.width or self.size.width) - 3)

    # ------------------------------------------------------------------ reading

    def reload(self) -> None:
        """Compute the report (and make its rows: a thousand clients are 50–100 ms of Text) in this
        screen's exclusive worker; a newer press cancels it, and what it posts late is dropped."""
        self._seq += 1
        seq, report, period, scope = self._seq, self.report, self.period, self.scope
        settings, width, colours = self.desk.settings, self._line_width(), dict(self.app.theme_variables)
        self._status("Loading…")
        if self._latest is None:
            from deskcrm.work.latest_read import LatestRead

            self._latest = LatestRead(self.desk.db_path)
        latest = self._latest

        def read() -> Computed:
            view = latest.run(lambda conn: lines_of.compute(conn, report, period, scope, settings))
            return Computed(seq, report, view, lines_of.build(report, view, width, colours), width)

        self.load(read, group="report", title="Could not compute the report", connect=False,
                  failed=lambda: self._status("The report could not be computed: r tries again"))

    def on_unmount(self) -> None:
        if self._latest is not None:
            self._latest.stop()

    def _redraw(self) -> None:
        """The rows again from the report already read (a new width, a new theme), in a worker."""
        found = self._views.get(self.report)
        if found is None or found[0] != self._seq:
            return
        seq, report, view = found[0], self.report, found[1]
        width, colours = self._line_width(), dict(self.app.theme_variables)
        self._width = width

        def make() -> Computed:
            return Computed(seq, report, view, lines_of.build(report, view, width, colours), width)

        self.load(make, group="report-draw", title=None, connect=False)

    def on_computed(self, message: Computed) -> None:
        if message.seq != self._seq or message.report != self.report:
            return  # an older period, scope or report: a newer one is on its way
        self._views[message.report] = (message.seq, message.view)
        self._status("")
        self._show(message.lines)
        self._width = message.width
        if message.width != self._line_width():
            self._redraw()  # resized meanwhile
        self.mark_loaded(self.desk.writes.version)

    def live_reload(self) -> bool:
        self.reload()
        return True

    # ------------------------------------------------------------------ drawing

    def _status(self, message: str) -> None:
        status = self.query_one("#report-status", Static)
        status.update(text.safe(message))
        status.set_class(bool(message), "-shown")

    def _show_head(self) -> None:
        tabs = []
        for key, title in REPORTS:
            style = "reverse bold" if key == self.report else "dim"
            tabs.append(Content.styled(f" {title} ", style))
        self.query_one("#report-tabs", Static).update(Content(" ").join(tabs))
        head = text.join(text.safe(lines_of.period_words(self.period), "bold"), text.safe("  ·  ", "dim"),
                         text.safe(self.scope_label, "bold"))
        self.query_one("#report-head", Static).update(head)

    def _show(self, made: list) -> None:
        rows = self.rows
        self._lines, self._marked = made, None
        keep = self._cursor.get(self.report)
        rows.clear_options()
        rows.add_options([Option(line.text, disabled=line.heading) for line in made])
        if not made:
            return
        if keep is None or keep >= len(made) or made[keep].heading:
            keep = next((i for i, line in enumerate(made) if not line.heading), None)
        if keep is not None:
            rows.highlighted = keep

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._cursor[self.report] = event.option_index
        self._mark(event.option_index)

    def _mark(self, index: int | None) -> None:
        """Underline the chosen figure of the row under the cursor (rows of several figures)."""
        rows = self.rows
        if self._marked is not None and self._marked != index and self._marked < len(self._lines):
            rows.replace_option_prompt_at_index(self._marked, self._lines[self._marked].text)
        self._marked = None
        if index is None or index >= len(self._lines):
            return
        line = self._lines[index]
        if len(line.cells) > 1:
            self._column = max(0, min(self._column, len(line.cells) - 1))
            rows.replace_option_prompt_at_index(index, line.marked(self._column))
            self._marked = index

    def action_column(self, step: int) -> None:
        index = self.rows.highlighted
        if index is None or index >= len(self._lines) or len(self._lines[index].cells) < 2:
            return
        self._column = max(0, min(self._column + step, len(self._lines[index].cells) - 1))
        self._mark(index)

    # ------------------------------------------------------------------ keys

    def action_report(self, step: int) -> None:
        keys = [k for k, _ in REPORTS]
        self.report = keys[(keys.index(self.report) + step) % len(keys)]
        self.rows.clear_options()
        self._show_head()
        self.reload()

    def action_shift(self, step: int) -> None:
        self.set_period(periods.shift(self.period, step))

    def set_period(self, period) -> None:
        self.period = period
        self._show_head()
        self.rows.clear_options()
        self.reload()

    def set_scope(self, scope, label: str) -> None:
        self.scope, self.scope_label = scope, label
        self._show_head()
        self.rows.clear_options()
        self.reload()

    def action_period(self) -> None:
        from deskcrm.screens import report_pickers

        report_pickers.pick_period(self)

    def action_scope(self) -> None:
        from deskcrm.screens import report_pickers

        report_pickers.pick_scope(self)

    def action_definitions(self) -> None:
        from deskcrm.screens.report_pickers import DefinitionsDialog

        title = dict(REPORTS)[self.report]
        self.app.push_screen(DefinitionsDialog(title, lines_of.definitions(self.report)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        line = self._lines[index] if index < len(self._lines) else None
        trace = line.trace(self._column) if line is not None else None
        if trace is None:
            text.notify(self.app, "No records behind this row", severity="information")
            return
        from deskcrm.screens.report_records import RecordsScreen

        self.app.push_screen(RecordsScreen(trace, lines_of.trace_title(trace, line.label)))
