"""Match a new role to the pool (``M`` on a job order's pipeline or the Job orders board): the
people who fit the job, ranked by fit (``store.match`` / ``domain.match_rules``), each with why
— skills hit, salary inside the range, where, seniority, available in N days, last contact — and
the talent pools they are in. People already on the job are left out.

``space`` marks; ``s`` puts the marked (or the one under the cursor) on this job's pipeline at
Sourced, in one write (``ctrl+z`` takes it back); ``P`` adds them to a pool; ``enter`` opens
the person; ``esc`` back. Names and reasons are user data: shown literally (``deskcrm.text``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from deskcrm import text
from deskcrm.domain import clock
from deskcrm.screens import pool_actions
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.marked_people import MarkedPeople
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.paged_table import Column, PagedTable


def _columns(width: int) -> list[Column]:
    """Fit · Name · Why (what is left) · Pools · Status: one cell of padding each, one for the scrollbar."""
    name, pools = (24, 22) if width >= 110 else (20, 12)
    why = max(16, width - 6 - (4 + name + pools + 8))
    return [Column("Fit", 4, 0), Column("Name", name, 1), Column("Why", why, 2), Column("Pools", pools, 3),
            Column("Status", 8, 4)]


class MatchesFound(Message):
    def __init__(self, found, version: int) -> None:  # noqa: ANN001 - store.match.Matches
        super().__init__()
        self.found, self.version = found, version


class MatchScreen(MarkedPeople, DeskScreen):
    SECTION = "jobs"
    TRAIL = "Matches"
    HELP_TITLE = "Match a role"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="match.back"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark the person under the cursor", id="match.mark"),
        Binding("s", "source", "Sourced", tooltip="Put the marked people (or the one under the cursor) on this job's "
                "pipeline at Sourced", id="match.source"),
        Binding("P", "add_to_pool", "To pool", tooltip="Add the marked people (or the one under the cursor) to a pool",
                id="match.add_to_pool"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    MatchScreen #match-summary { height: 2; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    MatchScreen PagedTable { background: $background; }
    MatchScreen #match-why { height: 2; padding: 0 1; color: $foreground 70%; }
    """

    def __init__(self, job_id: int) -> None:
        super().__init__()
        self.job_id = job_id
        self.found = None  # store.match.Matches once loaded

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe("Finding the people who fit…"), id="match-summary")
        yield PagedTable(id="match-table")
        yield Static(id="match-why")  # the row under the cursor's reasons, whole (the column cuts them)
        yield KeyBar()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.table.set_columns(_columns(self.size.width or self.app.size.width))
        self.table.focus()
        self.reload()

    def on_resize(self) -> None:
        self.table.set_columns(_columns(self.size.width))

    def reload(self) -> None:
        version, job_id = self.desk.writes.version, self.job_id

        def read(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import match

            return MatchesFound(match.match_job(conn, job_id, clock.today()), version)

        self.load(read, group="match-load", title="Could not match the job")

    def on_matches_found(self, message: MatchesFound) -> None:
        self.mark_loaded(message.version)
        self.found = f = message.found
        rows = [(r.person_id, (text.cell(str(r.score), "bold" if r.strong else ""), text.cell(r.name),
                               text.cell(" · ".join(r.reasons)), text.cell(", ".join(r.pools)),
                               text.cell(r.status or ""))) for r in f.rows]
        alive = {r.person_id for r in f.rows}
        for key in [k for k in self.table.marked if k not in alive]:
            self.table.toggle_mark(key)  # put on the job meanwhile: no longer a match
        self.table.set_rows(rows, more=False, keep=self.table.cursor_key)
        self._summary()

    def marks_changed(self) -> None:
        self._summary()

    def on_paged_table_row_highlighted(self, event: PagedTable.RowHighlighted) -> None:
        """The why of the ONE row under the cursor, whole: at 80 columns the Why column cuts it."""
        event.stop()
        found = {r.person_id: r for r in self.found.rows} if self.found is not None else {}
        row = found.get(event.row_key)
        line = text.join(text.safe(row.name, "bold"), text.safe(": "), text.safe(" · ".join(row.reasons))) if row else ""
        self.query_one("#match-why", Static).update(line)

    def _summary(self) -> None:
        f = self.found
        if f is None:
            return
        head = text.join(text.safe(f.title, "bold"), text.safe(" at "), text.safe(f.client),
                         text.safe(f"  ·  {f.strong:,} strong of {len(f.rows):,} shown, best first"))
        if self.table.marked:
            head = text.join(head, text.safe(f"  ·  {len(self.table.marked):,} marked (s: Sourced)", "bold $accent"))
        search = text.safe(f"search: {f.search}" if f.search else "the job has no skills: matched on its title",
                           "$foreground 60%")
        self.query_one("#match-summary", Static).update(text.join(head, "\n", search))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_source(self) -> None:
        ids = self.chosen()
        if ids:
            pool_actions.put_on_job(self, ids, pool_actions.people(len(ids)), job_id=self.job_id,
                                    then=self.unmark)

    def action_add_to_pool(self) -> None:
        pool_actions.add_to_pool(self, self.chosen(), then=self.unmark)


def open_match(screen: DeskScreen, job_id: int | None) -> None:
    if job_id is not None:
        screen.app.push_screen(MatchScreen(job_id))
