"""Due today (the home screen): overdue, today and coming up, computed from the database
on every load (never a cached list), with done / snooze / log activity / details on one key,
and ``/`` to narrow the list to a name, a company or a kind of item as you type.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from deskcrm.domain import clock
from deskcrm.domain.amounts import short_money
from deskcrm import text
from deskcrm.domain.due_item import DueItem, group_by_bucket, lateness
from deskcrm.screens import mail_actions, mail_batch
from deskcrm.screens.base import DeskScreen
from deskcrm.widgets.grouped_table import Group, GroupedTable
from deskcrm.widgets.key_bar import KeyBar

GROUP_TITLES = {"overdue": "Overdue", "today": "Today", "upcoming": "Coming up"}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def long_date(d: date) -> str:
    """'Wednesday 18 November 2026' (locale-independent)."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def matches(item: DueItem, words: list[str]) -> bool:
    """Every word of the filter appears in the item's title, person, company or job."""
    hay = " ".join(x for x in (item.title, item.person, item.company, item.job, item.kind) if x).casefold()
    return all(word in hay for word in words)


_AMOUNT = re.compile(r"\(([A-Z]{3}) (\d[\d,]*(?:\.\d+)?)\)$")


# Shorter words for a title that does not fit (80 columns): what it says first — the days, the
# time — kept, the detail dropped ("Gone cold: 100 days", not "Gone cold: no contact in 100…").
_SHORTER = (
    (re.compile(r"^(Gone|Going) cold: no contact in (\d+) days$"), r"\1 cold: \2 days"),
    (re.compile(r"^(Gone|Going) cold: never contacted, added (\d+) days ago$"), r"\1 cold: never, \2 days"),
    (re.compile(r"^Prep: interview (.+)$"), r"Interview \1"),
    (re.compile(r"^Call back / follow up \(last call (\d+ \w+): (.+)\)$"), r"Call back (\1: \2)"),
    (re.compile(r"^Call back / follow up$"), "Call back"),
    (re.compile(r"^Client check-in \((every \d+ days|every day)(; no contact logged)?\)$"), "Client check-in"),
    (re.compile(r"^Guarantee ended — confirm passed$"), "Guarantee ended: confirm"),
    (re.compile(r"^Confirm they started \((.+)\)$"), r"Started? (\1)"),
)


def fitted_title(title: str, width: int) -> str:
    """``title`` as it fits ``width`` cells: an amount that would be cut mid-number ("Invoice
    overdue (EUR 18,562.…", read as 18,562) is shown short instead ("(EUR 18.6k)"); a title
    with a shorter wording (:data:`_SHORTER`) is said so, its figures whole. The person's and the
    placement's screens, and the details, give it whole."""
    if len(title) <= width:
        return title
    if (found := _AMOUNT.search(title)) is not None:
        return f"{title[:found.start()]}({short_money(float(found.group(2).replace(',', '')), found.group(1))})"
    for pattern, shorter in _SHORTER:
        if pattern.match(title):
            return pattern.sub(shorter, title)
    return title


def column_widths(width: int) -> tuple[int, int, int, int]:
    """(what, who, client, when) content widths for a table ``width`` cells wide.

    Each column also takes 2 cells of padding and 1 cell is kept for the scrollbar.
    """
    when = 14 if width >= 100 else 13
    rest = max(width - 1 - 8 - when, 30)
    who = rest * 26 // 100
    client = rest * 25 // 100
    return rest - who - client, who, client, when


PREFETCH_WAIT_S = 0.3  # at most this long before the first frame; then show "Loading…"


class DueLoaded(Message):
    def __init__(self, items: list[DueItem], today: date, version: int, keep: str | None, near: int) -> None:
        super().__init__()
        self.items = items
        self.today = today
        self.version = version
        self.keep = keep
        self.near = near


class DeskEmpty(Message):
    """Whether the desk has no person and no company at all (asked when nothing is due)."""

    def __init__(self, empty: bool) -> None:
        super().__init__()
        self.empty = empty


GET_STARTED = (  # {quit} / {new}: the keys as bound now
    ("This desk is empty — nothing is due until it holds people and companies.", "bold"),
    ("", ""),
    ("Try a demo desk:  quit ({quit}) and run  deskcrm demo", ""),
    ("Import people and companies from a file:  press {import} (or Import… in the palette)", ""),
    ("Start by hand:  press {new} to add a person", ""),
)


class DueScreen(DeskScreen):
    SECTION = "due"
    HELP_TITLE = "Due today"
    AUTO_FOCUS = "#due-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "done", "Done", id="due.done"),
        Binding("z", "snooze", "Snooze", id="due.snooze"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note", id="due.log"),
        mail_actions.binding("due", "the item's person or contact"),
        mail_batch.binding("due", "each candidate gone cold in the list"),
        Binding("slash", "filter", "Filter", tooltip="Show only items matching a name, company or kind",
                id="due.filter"),
        Binding("n", "new_person", "New", tooltip="Add a person: a candidate or a client contact",
                id="due.new"),
        Binding("i", "import_file", "Import", tooltip="Import people or companies from a CSV, TSV or XLSX file",
                id="due.import"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    DueScreen #summary {
        height: 1; padding: 0 1; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    DueScreen #empty {
        display: none; height: 1fr; content-align: center middle; color: $foreground 80%;
    }
    DueScreen GroupedTable { background: $background; }
    DueScreen #due-filter {
        display: none; height: 1; border: none; padding: 0 1; background: $boost;
        &:focus { border: none; background: $primary 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[str, DueItem] = {}
        self._ordered: list[DueItem] = []
        self._today: date | None = None
        self._widths: tuple[int, ...] = ()
        self._first: DueLoaded | None = None
        self._filter: list[str] = []  # the words typed after /
        self._empty_desk = False  # no people, no companies: show how to get started

    def compose(self) -> ComposeResult:
        # Launch is what the recruiter waits for. The list has been read in a thread since
        # before Textual was imported; until the first frame there is nothing to show and no
        # key to answer, so waiting for it here (bounded) saves drawing an empty screen and
        # then drawing it again. If it is late or failed, the worker takes over.
        prefetch = self.desk.prefetch
        items = prefetch.take(timeout=PREFETCH_WAIT_S) if prefetch is not None else None
        if items is not None:
            self._first = DueLoaded(items, prefetch.today, self.desk.writes.version, None, 0)
        else:
            self._load(None, 0)
        yield self.section_bar()
        yield Static(text.safe("Loading the due list…"), id="summary")
        yield GroupedTable(id="due-table")
        yield Static(id="empty")
        yield KeyBar()

    @property
    def table(self) -> GroupedTable:
        return self.query_one("#due-table", GroupedTable)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())
        if self._first is not None:  # drawn before the first frame
            self.on_due_loaded(self._first)
            self._first = None

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        table = self.table
        self._load(table.cursor_key, table.cursor_row)

    def live_reload(self) -> bool:
        self.reload()  # the cursor stays on its item (else the row now at its place), the / filter too
        return True

    def _load(self, keep: str | None, near: int) -> None:
        desk = self.desk
        version, path = desk.writes.version, desk.db_path

        def read() -> DueLoaded:
            # Imported here: the worker thread loads them while the UI thread lays out the screen.
            from deskcrm.config import settings as settings_mod
            from deskcrm.work.due_list import compute_for

            prefetch = desk.prefetch
            items = prefetch.take(timeout=5) if prefetch is not None else None  # launch: no 2nd read
            if items is not None:
                today = prefetch.today
            else:
                today = clock.today()
                items = compute_for(path, today, settings_mod.due_settings(desk.settings))
            return DueLoaded(items, today, version, keep, near)

        self.load(read, group="due-load", title="Could not load the due list", failed=self._load_failed,
                  connect=False)

    def _load_failed(self) -> None:
        if self._today is None:  # nothing shown yet: say so where the list would be
            self.query_one("#summary", Static).update(
                text.safe("Could not load the due list — press r to try again", "$error"))

    def on_due_loaded(self, message: DueLoaded) -> None:
        self.mark_loaded(message.version)
        self._today = message.today
        self._ordered = message.items
        self._items = {item.key: item for item in message.items}
        if message.items:
            self._empty_desk = False
        else:
            self._check_empty()
        self._draw(message.keep, message.near)

    def _check_empty(self) -> None:
        def read(conn) -> DeskEmpty:  # noqa: ANN001 - a store connection
            from deskcrm.store import due_store

            return DeskEmpty(due_store.desk_is_empty(conn))

        self.load(read, group="due-empty", title=None)  # only a hint: the due list's own load reports errors

    def on_desk_empty(self, message: DeskEmpty) -> None:
        if message.empty != self._empty_desk:
            self._empty_desk = message.empty
            self._draw()

    # ------------------------------------------------------------------ drawing

    def on_resize(self) -> None:
        # The launch: Textual renders the first full frame while its start-up is still batched
        # and drops it, then sends only what changed since (the two bars) — the terminal's first
        # frame would have no rows. This runs before the screen's own resize, which paints: the
        # whole screen is in that frame. (A resize repaints everything anyway.)
        for child in self.children:
            child.refresh()
        if self._today is not None and column_widths(self.size.width) != self._widths:
            self._draw()

    def _draw(self, keep: str | None = None, near: int | None = None) -> None:
        if self._today is None:
            return
        table = self.table
        if keep is None and near is None:
            keep, near = table.cursor_key, table.cursor_row
        shown = [i for i in self._ordered if matches(i, self._filter)] if self._filter else self._ordered
        groups = group_by_bucket(shown)
        counts = {bucket: len(rows) for bucket, rows in groups.items()}
        total = sum(counts.values())
        summary = self.query_one("#summary", Static)
        empty = self.query_one("#empty", Static)
        head = (long_date(self._today), "bold")
        if self._filter:
            summary.update(
                text.join(
                    text.safe(*head), "  ·  ",
                    text.safe(f"{total} of {len(self._ordered)} match ", "bold"),
                    text.safe(" ".join(self._filter)),
                )
            )
        elif total:
            summary.update(
                text.join(
                    text.safe(*head), "  ·  ", text.safe(f"{total} due: ", "bold"),
                    text.safe(f"{counts['overdue']} overdue", "$error" if counts["overdue"] else ""), " · ",
                    text.safe(f"{counts['today']} today", "$warning" if counts["today"] else ""), " · ",
                    f"{counts['upcoming']} coming up",
                )
            )
        else:
            summary.update(text.join(text.safe(*head), "  ·  nothing due"))
        table.display = bool(total)
        empty.display = not total
        if not total and self._filter:
            empty.update(text.safe("Nothing due matches the filter — esc clears it.", "bold"))
            return
        if not total and self._empty_desk:
            keys = {"quit": self.key_for("quit"), "new": self.key_for("new_person"),
                    "import": self.key_for("import_file")}
            empty.update(text.join(*(text.safe(line.format(**keys), style) for line, style in GET_STARTED), sep="\n"))
            return
        if not total:
            empty.update(
                text.join(
                    text.safe("Nothing due — you're all caught up.", "bold"),
                    "\nNew check-ins, invoices and follow-ups appear here as they fall due.",
                    "\nPress r to look again.",
                )
            )
            return
        self._widths = widths = column_widths(self.size.width)
        colours = self.app.theme_variables
        late_style = {
            "overdue": colours.get("error", "red"),
            "today": colours.get("warning", "yellow"),
            "upcoming": "",
        }
        title_style = {
            "overdue": f"bold {colours.get('error', 'red')}",
            "today": f"bold {colours.get('warning', 'yellow')}",
            "upcoming": f"bold {colours.get('primary', 'blue')}",
        }
        labels = ("What", "Who", "Company", "When")
        columns = [(Text(label, style="bold"), w) for label, w in zip(labels, widths)]
        table_groups = []
        for bucket, items in groups.items():
            if not items:
                continue
            rows = []
            for item in items:
                when = lateness(item)
                if item.snoozed:
                    when = f"↻ {when}"
                rows.append(
                    (
                        item.key,
                        (
                            text.cell(fitted_title(item.title, widths[0])),
                            text.cell(item.person or "—", "" if item.person else "dim"),
                            # not a client (a nurture candidate's employer): dimmed
                            text.cell(item.company or "—", "" if item.company_id else "dim"),
                            text.cell(when, late_style[bucket]),
                        ),
                    )
                )
            title = Text(f"{GROUP_TITLES[bucket]} ({len(items)})", style=title_style[bucket])
            table_groups.append(Group(title, rows))
        table.set_groups(columns, table_groups, keep=keep, near=near)
        if self.focused is None:
            table.focus()

    # ------------------------------------------------------------------ filter

    def _filter_box(self):  # -> SafeInput | None, imported on first use (launch speed)
        found = self.query("#due-filter")
        return found.first() if found else None

    def action_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            from deskcrm.widgets.safe_input import SafeInput

            box = SafeInput(placeholder="Filter: a name, a company or a kind (esc clears)", id="due-filter")
            self.mount(box, after="#summary")
        box.display = True
        box.focus()

    def on_input_changed(self, event) -> None:
        event.stop()
        self._filter = event.value.casefold().split()
        self._draw(None, 0)

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.table.focus()
        if not event.value.strip():
            event.input.display = False

    def on_key(self, event) -> None:
        box = self._filter_box()
        if event.key == "escape" and box is not None and box.display:
            event.stop()
            box.value = ""
            box.display = False
            self._filter = []
            self._draw()
            self.table.focus()

    # ------------------------------------------------------------------ actions

    @property
    def current(self) -> DueItem | None:
        key = self.table.cursor_key
        return self._items.get(key) if key is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("filter", "new_person", "import_file", "compose", "nurture_batch"):  # not while typing the filter: they are text there
            box = self._filter_box()
            return box is None or not box.has_focus
        if action in {"done", "snooze", "log", "open"}:
            return True if self.current is not None else None
        return True

    def on_grouped_table_row_selected(self, event: GroupedTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def on_grouped_table_row_highlighted(self, event: GroupedTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_open(self) -> None:
        item = self.current
        if item is not None and item.kind == "retention_review" and item.person_id is None:
            from deskcrm.screens.retention_review import RetentionReviewScreen  # the one summary item

            self.app.push_screen(RetentionReviewScreen())
        elif item is not None:
            from deskcrm.screens.details import DetailsScreen

            self.app.push_screen(DetailsScreen(item))

    def action_done(self) -> None:
        item = self.current
        if item is not None:
            self.mark_done(item)
            if item.key.startswith("checkin30:") and item.placement_id is not None:
                self._propose_checkin_mail(item.placement_id)

    def _propose_checkin_mail(self, placement_id: int) -> None:
        """[mail.automations] client_checkin: a 30-day check-in done proposes the client check-in email."""
        from deskcrm.screens.mail_automation import propose
        from deskcrm.store.mail_proposals import checkin_proposals

        propose(self, "client_checkin", "Send the client check-in?",
                lambda conn, folder, options: checkin_proposals(conn, folder, placement_id, options))

    def action_snooze(self) -> None:
        item = self.current
        if item is not None:
            self.snooze(item)

    def action_compose(self) -> None:
        from deskcrm.screens import due_mail

        item = self.current
        if item is not None:
            mail_actions.compose(self, due_mail.choices_for(item, due_mail.account_keys(self.desk.settings.keys)))

    def action_nurture_batch(self) -> None:
        """``B``: the nurture email to each candidate gone cold in the list (as filtered)."""
        shown = [i for i in self._ordered if matches(i, self._filter)] if self._filter else self._ordered
        cold = [i.person_id for i in shown if i.kind == "nurture" and i.days_late >= 0 and i.person_id is not None]
        if not cold:
            text.notify(self.app, "Nobody has gone cold in the list", title=mail_batch.TITLE)
            return
        n = len(dict.fromkeys(cold))
        mail_batch.nurture(self, cold, f"{n} gone cold")

    def action_log(self) -> None:
        item = self.current
        if item is not None:
            self.log_activity(item)

    def action_import_file(self) -> None:
        from deskcrm.screens.import_flow import open_import

        open_import(self.app)

    def action_new_person(self) -> None:
        from deskcrm.screens.person_form import PersonForm

        PersonForm(self).start()
