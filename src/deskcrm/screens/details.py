"""Details of a due item and the records behind it: person, company, placement, job, and the
latest activity. Read in a worker from ``store.records``; ``a`` logs an activity, ``esc`` goes
back to the list.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.domain.due import DueItem, lateness
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.panels import (
    ACTIVITY_INDENT,
    LABEL_WIDTH,
    activity_lines,
    company_panel,
    day,
    job_panel,
    person_panel,
    placement_panel,
)
from deskcrm.store.records import Details
from deskcrm.widgets.hanging import Hanging
from deskcrm.widgets.key_bar import KeyBar


class DetailsLoaded(Message):
    def __init__(self, details: Details, version: int) -> None:
        super().__init__()
        self.details = details
        self.version = version


class DetailsScreen(DeskScreen):
    SECTION = "due"
    TRAIL = "Details"
    HELP_TITLE = "Due item details"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="details.back"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note", id="details.log"),
        Binding("x", "done", "Done", id="details.done"),
        Binding("z", "snooze", "Snooze", id="details.snooze"),
        Binding("p", "person", "Open person", tooltip="Open the person's whole record", id="details.person"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="details.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="details.up"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    DetailsScreen #headline {  /* a narrow screen: on to a second line rather than lose the due date */
        height: auto; max-height: 3; padding: 0 1; background: $surface;
    }
    DetailsScreen VerticalScroll { height: 1fr; scrollbar-size-vertical: 1; }
    DetailsScreen Grid { grid-size: 2; grid-gutter: 0 1; height: auto; padding: 0 1; }
    DetailsScreen .panel {
        height: auto; border: round $panel-lighten-2; border-title-color: $primary;
        border-title-style: bold; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    DetailsScreen #activities { margin: 0 1; }
    DetailsScreen.-narrow Grid { grid-size: 1; }
    DetailsScreen .missing { display: none; }
    """

    def __init__(self, item: DueItem) -> None:
        super().__init__()
        self.item = item
        self._done = False

    def compose(self) -> ComposeResult:
        item = self.item
        yield self.section_bar()
        who = " at ".join(text.clean(x) for x in (item.person, item.company) if x)
        late_style = {"overdue": "bold $error", "today": "bold $warning"}.get(item.bucket, "bold")
        yield Static(
            text.join(
                text.safe(item.title, "bold"),
                text.safe(f"  ·  {who}" if who else ""),
                "  ·  ",
                text.safe(lateness(item), late_style),
                text.safe(f"  (due {day(item.due_date)})", "dim"),
            ),
            id="headline",
        )
        with VerticalScroll(id="details-body"):
            with Grid():
                for name, title in (
                    ("person", "Person"), ("company", "Company"), ("placement", "Placement"), ("job", "Job"),
                ):
                    yield self._panel(name, title)
            yield self._panel("activities", "Recent activity")
        yield KeyBar()

    @staticmethod
    def _panel(name: str, title: str) -> Static:
        panel = Static(text.safe("Loading…", "dim"), id=name, classes="panel")
        panel.border_title = title
        return panel

    def on_mount(self) -> None:
        self.query_one("#details-body").focus()
        self.reload()

    def reload(self) -> None:
        self._load()

    def live_reload(self) -> bool:
        """A colleague's change: read the records again in place (the scroll stays)."""
        self.reload()
        return True

    def _load(self) -> None:
        item, version = self.item, self.desk.writes.version

        def read(conn) -> DetailsLoaded:  # noqa: ANN001 - a store connection
            from deskcrm.store import records

            return DetailsLoaded(records.load_details(
                conn, person_id=item.person_id, company_id=item.company_id, job_id=item.job_id,
                placement_id=item.placement_id, submission_id=item.submission_id,
            ), version)

        self.load(read, group="details-load", title="Could not load the details")

    def on_details_loaded(self, message: DetailsLoaded) -> None:
        self.mark_loaded(message.version)
        d = message.details
        today = clock.today()
        panels = {
            "person": person_panel(d.person, today) if d.person else None,
            "company": company_panel(d.company) if d.company else None,
            "placement": placement_panel(d.placement, today) if d.placement else None,
            "job": job_panel(d.job, d.submission) if d.job else None,
            "activities": activity_lines(d.activities),
        }
        for name, content in panels.items():
            panel = self.query_one(f"#{name}", Static)
            panel.set_class(content is None, "missing")
            if content is not None:  # a value too long for its panel goes on under itself, never cut
                panel.update(Hanging(content, ACTIVITY_INDENT if name == "activities" else LABEL_WIDTH))

    def action_scroll(self, lines: int) -> None:
        self.query_one("#details-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_back(self) -> None:
        self.dismiss()

    def action_log(self) -> None:
        self.log_activity(self.item)

    def action_done(self) -> None:
        if not self._done:
            self._done = True
            self.mark_done(self.item)
            self.dismiss()

    def action_snooze(self) -> None:
        self.snooze(self.item)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "person":
            return True if self.item.person_id is not None else None
        return True

    def action_person(self) -> None:
        if self.item.person_id is not None:
            from deskcrm.screens.person import PersonScreen

            self.app.push_screen(PersonScreen(self.item.person_id))
