"""The Pools view (issue 16): every talent pool with how many people it holds, how many have
gone cold (the due list's nurture rule), and the last touch with anyone in it. From the palette
("Pools") and ``p`` in Search.

``enter`` opens a pool (``screens.pool_people``: a saved search is run again first); ``d``
deletes one (its people stay; ``ctrl+z`` brings it back); ``esc`` back. Names are user data:
shown literally (``deskcrm.text``).
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
from deskcrm.screens.panels import short_day
from deskcrm.widgets.fit_table import FitColumn, FitTable
from deskcrm.widgets.key_bar import KeyBar


class PoolsLoaded(Message):
    def __init__(self, rows: tuple, version: int) -> None:
        super().__init__()
        self.rows, self.version = rows, version


def nurture_days(screen: DeskScreen) -> int:
    from deskcrm.config import settings as settings_mod

    return settings_mod.due_settings(screen.desk.settings).nurture_days


def headcount(p) -> str:  # noqa: ANN001 - a pools.PoolRow
    """How many people: a saved search that found more than a pool holds says so ("10,000+")."""
    from deskcrm.store.pools import CAP

    return f"{p.people:,}+" if p.query is not None and p.people >= CAP else f"{p.people:,}"


class PoolsScreen(DeskScreen):
    SECTION = "search"
    TRAIL = "Pools"
    HELP_TITLE = "Pools"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="pools.back"),
        Binding("enter", "open", "Open", tooltip="The pool's people (a saved search is run again)", id="pools.open"),
        Binding("e", "rename", "Rename", tooltip="Rename the pool under the cursor", id="pools.rename"),
        Binding("d", "delete", "Delete", tooltip="Delete the pool under the cursor (its people stay)", id="pools.delete"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    PoolsScreen #pools-summary { height: auto; max-height: 3; padding: 0 1; }  /* wraps at 80 columns, never cut */
    PoolsScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple = ()

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static("Loading…", id="pools-summary")
        yield FitTable((FitColumn("Pool", 30, 14), ("Kind", 13), ("People", 8), ("Gone cold", 9), ("Last touch", 11),
                        FitColumn("Search", 30, 10)), cursor_type="row", id="pools-table")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        version, days = self.desk.writes.version, nurture_days(self)

        def read(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pools

            return PoolsLoaded(pools.list_pools(conn, clock.today(), days), version)

        self.load(read, group="pools-load", title="Could not load the pools")

    def live_reload(self) -> bool:
        self.reload()
        return True

    def on_pools_loaded(self, message: PoolsLoaded) -> None:
        self.mark_loaded(message.version)
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.rows = message.rows
        table.clear()
        today = clock.today()
        for p in self.rows:
            last = short_day(p.last_touch.date(), today) if p.last_touch else "never"  # as every list says a day
            table.add_row(text.cell(p.name), p.kind, headcount(p), text.cell(f"{p.cold:,}", "bold" if p.cold else ""),
                          last, text.cell(p.query or ""), key=str(p.id))
        if self.rows:
            table.move_cursor(row=min(max(row, 0), len(self.rows) - 1))
        saved = " · a saved search counts its last run (enter runs it again)" if any(
            p.query is not None for p in self.rows) else ""
        summary = (f"{len(self.rows)} pool{'s' if len(self.rows) != 1 else ''} · enter: open · gone cold: no touch in "
                   f"{nurture_days(self)} days{saved}") if self.rows else \
            "No pools yet — in Search, mark people with space and press P, or press ctrl+s to save the search"
        self.query_one("#pools-summary", Static).update(text.safe(summary))

    @property
    def current(self):  # noqa: ANN201 - a pools.PoolRow or None
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        from deskcrm.screens.pool_people import PoolPeopleScreen

        p = self.current
        if p is not None:
            self.app.push_screen(PoolPeopleScreen(p.id, p.name, saved=p.query is not None))

    def action_rename(self) -> None:
        from deskcrm.domain import validate
        from deskcrm.screens.dialogs.form import FormDialog, FormField
        from deskcrm.screens.dialogs.form_conflict import Edit

        p = self.current
        if p is None:
            return
        now = [p]  # the pool as last read: its version guards the save

        def make(raw: dict[str, str] | None, banner: str | None) -> FormDialog:
            return FormDialog(f"Rename the pool “{text.clean(p.name)}”", [
                FormField("name", "Name", validate.required(), value=now[0].name, required=True),
            ], raw=raw, banner=banner, submit_label="Rename")

        def op_for(values):  # noqa: ANN001, ANN202 - a write-queue op
            name, pool_id, version = values["name"], now[0].id, now[0].version

            def op(conn):  # noqa: ANN001, ANN202
                from deskcrm.store import pools

                return pools.rename_pool(conn, pool_id, name, version)

            return op

        def read(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pools

            return pools.pool(conn, p.id, clock.today())

        edit = Edit(self, "this pool", read=read, to_raw=lambda pool: {"name": pool.name},
                    moved=lambda pool: now.__setitem__(0, pool))
        self.form_write(make, op_for, lambda done: f"{done.message} · ctrl+z: undo", edit=edit)

    def action_delete(self) -> None:
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        p = self.current
        if p is None:
            return

        def confirmed(ok: bool | None) -> None:
            if not ok:
                return

            def op(conn):  # noqa: ANN001, ANN202
                from deskcrm.store import pools

                return pools.delete_pool(conn, p.id, p.version)

            self.write(op, lambda done: f"{done.message} · ctrl+z: undo")

        self.app.push_screen(ConfirmDialog("Delete pool", f"Delete the pool “{p.name}”?\nIts {p.people:,} people stay."),
                             confirmed)
