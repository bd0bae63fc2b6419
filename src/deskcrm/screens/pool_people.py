"""One talent pool's people (``enter`` in the Pools view), a page at a time (paged by SQL: a pool
of 10k opens like one of 10), by name, with status, last contact and whether they have gone cold.
A saved search shows its people as last found at once, and is run again (one write through the
queue: its people are who it finds now; the screen reloads when it lands).

``space`` marks; the bulk actions apply to the marked people, or with none marked to everyone in
the pool: ``a`` log the same activity · ``t`` tag · ``s`` put on a job's pipeline at Sourced ·
``P`` add to (another) pool · ``B`` the nurture email to each, reviewed first (``screens.mail_batch``) ·
``x`` take out of this pool (hand-picked). ``enter`` opens the
person; ``esc`` back. Each action is one write (``ctrl+z`` takes it back).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from deskcrm import text
from deskcrm.domain import clock
from deskcrm.screens import mail_batch, pool_actions
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.marked_people import MarkedPeople
from deskcrm.screens.pools import headcount, nurture_days
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.paged_table import Column, PagedTable

PAGE = 100
# at 80 columns the name, the employer and the headline narrow (``widgets.columns``)
_COLUMNS = [Column("Name", 28, 0, 18), Column("Status", 9, 1), Column("Last contact", 12, 2), Column("Cold", 4, 3),
            Column("Employer", 22, 4, 12), Column("Headline", 30, 5, 12)]


class PoolPage(Message):
    def __init__(self, pool, rows: list, offset: int, version: int) -> None:  # noqa: ANN001 - pools.PoolRow
        super().__init__()
        self.pool, self.rows, self.offset, self.version = pool, rows, offset, version


class PoolPeopleScreen(MarkedPeople, DeskScreen):
    SECTION = "search"
    TRAIL = "Pool"
    HELP_TITLE = "A pool's people"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="pool.back"),
        Binding("space", "mark", "Mark", tooltip="Mark or unmark the person under the cursor", id="pool.mark"),
        Binding("a", "log", "Log", tooltip="Log the same activity on the marked people (none marked: everyone)",
                id="pool.log"),
        Binding("t", "tag", "Tag", tooltip="Tag the marked people (none marked: everyone)", id="pool.tag"),
        Binding("s", "to_job", "To a job", tooltip="Put the marked people (none marked: everyone) on a job's "
                "pipeline at Sourced", id="pool.to_job"),
        Binding("P", "add_to_pool", "To pool", tooltip="Add the marked people (or the one under the cursor) to a pool",
                id="pool.add_to_pool"),
        mail_batch.binding("pool", "the marked people (none marked: everyone in the pool)"),
        Binding("x", "remove", "Take out", tooltip="Take the marked people (or the one under the cursor) out of this "
                "hand-picked pool", id="pool.remove"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    PoolPeopleScreen #pool-summary { height: auto; max-height: 3; padding: 0 1; }  /* wraps: a long name keeps its kind in view */
    PoolPeopleScreen PagedTable { background: $background; }
    """

    def __init__(self, pool_id: int, name: str, *, saved: bool = False) -> None:
        super().__init__()
        self.pool_id = pool_id
        self.pool = None  # pools.PoolRow once loaded
        self._name = name
        self._loaded = 0
        self._saved = saved  # a saved search: run again when the pool opens

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe(f"{self._name} · loading…"), id="pool-summary")
        yield PagedTable(id="pool-people")
        yield KeyBar()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.table.set_columns(_COLUMNS)
        self.table.focus()
        self._read(0)  # its people as last found, at once
        if self._saved:
            self._rerun()

    def _rerun(self) -> None:
        """A saved search's people found again: one write (derived rows, nothing to undo); the
        screen reloads when it lands."""
        pid, me = self.pool_id, self.desk.settings.me

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pool_people

            return pool_people.rerun(conn, pid, clock.today(), me)

        def said(now) -> str:  # noqa: ANN001 - pools.PoolRow
            was = self.pool.people if self.pool is not None else None
            change = f" (was {was:,})" if was is not None and was != now.people else ""
            return f"“{now.name}” searched again: {headcount(now)} people{change}"

        self.write(op, said)

    def reload(self) -> None:
        self._read(0)

    def live_reload(self) -> bool:
        self._read(0)
        return True

    def _read(self, offset: int) -> None:
        version, days, pid = self.desk.writes.version, nurture_days(self), self.pool_id
        size = max(PAGE, self.table.row_count) if offset == 0 else PAGE

        def read(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pool_people, pools

            today = clock.today()
            row = pools.pool(conn, pid, today, days)
            return PoolPage(row, pool_people.page(conn, pid, today, limit=size, offset=offset, nurture_days=days),
                            offset, version)

        self.load(read, group="pool-load" if offset == 0 else "pool-page", title="Could not open the pool")

    def on_pool_page(self, message: PoolPage) -> None:
        self.mark_loaded(message.version)
        self.pool = message.pool
        table, today = self.table, clock.today()
        rows = [(m.id, _cells(m, today)) for m in message.rows]
        if message.offset == 0:
            table.set_rows(rows, more=len(rows) < self.pool.people, keep=table.cursor_key)
            self._loaded = len(rows)
        elif message.offset == self._loaded:
            table.add_rows(rows, more=message.offset + len(rows) < self.pool.people)
            self._loaded += len(rows)
        self._summary()

    def on_paged_table_need_more(self, event: PagedTable.NeedMore) -> None:
        event.stop()
        if self.pool is not None and event.loaded < self.pool.people:
            self._read(event.loaded)

    def marks_changed(self) -> None:
        self._summary()

    def _summary(self) -> None:
        p = self.pool
        if p is None:
            return
        kind = f"saved search: {p.query}" if p.query is not None else "hand-picked"
        parts = [text.safe(p.name, "bold"), text.safe(f"  ·  {headcount(p)} people · {p.cold:,} gone cold · {kind}")]
        if self.table.marked:
            parts.append(text.safe(f"  ·  {len(self.table.marked):,} marked", "bold $accent"))
        self.query_one("#pool-summary", Static).update(text.join(*parts))

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def _bulk(self, act) -> None:  # noqa: ANN001 - act(screen, ids, what)
        """``act`` on the marked people, or (none marked) everyone in the pool (read by id)."""
        if self.table.marked:
            ids = [int(k) for k in self.table.marked]  # type: ignore[arg-type]
            act(self, ids, pool_actions.people(len(ids)) + " marked")
            return
        pid, name = self.pool_id, self.pool.name if self.pool else self._name

        def every(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pool_people

            return pool_people.ids(conn, pid)

        def then(ids: list[int]) -> None:
            if not ids:
                text.notify(self.app, "Nobody is in this pool yet", title="Nobody chosen")
                return
            act(self, ids, f"everyone in “{text.clean(name)}” ({pool_actions.people(len(ids))})")

        self.read_then(every, then, title="Could not read the pool")

    def action_log(self) -> None:
        self._bulk(pool_actions.log_for)

    def action_tag(self) -> None:
        self._bulk(pool_actions.tag)

    def action_to_job(self) -> None:
        self._bulk(lambda screen, ids, what: pool_actions.put_on_job(screen, ids, what,
                                                                     then=self.unmark))

    def action_nurture_batch(self) -> None:
        self._bulk(lambda screen, ids, what: mail_batch.nurture(screen, ids, what))

    def action_add_to_pool(self) -> None:
        pool_actions.add_to_pool(self, self.chosen(), then=self.unmark)

    def action_remove(self) -> None:
        ids, pid = self.chosen(), self.pool_id
        if not ids:
            return

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store import pools

            return pools.remove_from_pool(conn, pid, ids)

        self.unmark()
        self.write(op, lambda done: f"{done.message} · ctrl+z: undo")


def _cells(m, today):  # noqa: ANN001, ANN202 - pool_people.Member
    from deskcrm.screens.search_rows import contacted

    return (text.cell(m.name), text.cell(m.status or "contact"),
            text.cell(contacted(m.last_contact, today) if m.last_contact else "never"),
            text.cell("cold" if m.cold else "", "bold" if m.cold else ""),
            text.cell(m.employer or ""), text.cell(m.headline or ""))
