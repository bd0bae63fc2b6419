"""Search (section 2): people found as you type, for a lookup in the middle of a call.

Every change of the query runs it in an exclusive thread worker (a stale keystroke's worker is
cancelled, its query interrupted, and anything it still posts is dropped by sequence number):
unranked while typing, best match first on ``enter``. The table holds pages of results read
by SQL (``PAGE_SIZE`` at a time, the next when the cursor nears the end). The count line
comes with the rows: an estimate ("≈ 12,000 matches", free from the store's scan) drawn in the
same frame, then the exact count — a second step of the same worker, which at 1M people costs
what FTS5 costs — when it lands (``enter`` on the query just counted does not count it again).
Cells are built in the worker, so the UI thread only swaps rows in and draws the lines on screen.
Under the results, the why line says which term hit which field of the row under the cursor —
asked of the store for that ONE row when the cursor lands (a worker of its own), never for the page.

Talent pools (issue 16, ``screens.search_pools``): ``space`` marks, ``P`` adds the marked (or the
one under the cursor) to a pool, ``ctrl+s`` saves the query as a pool, ``p`` opens the Pools view.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.screens import cv_actions, person_actions, search_pools, search_rows, search_worker, sections
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.frame_hold import FrameHold
from deskcrm.screens.search_worker import Counted, Found, SearchFailed, WhyFound
from deskcrm.work.search_pool import SearchPool
from deskcrm.domain.search_query import Query, parse
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.paged_table import PagedTable
from deskcrm.widgets.safe_input import SafeInput

SYNTAX = 'skill:python city:berlin salary<90k avail<30d status:active owner:me tag:… role:contact "a phrase"'
RELOAD_MAX = 1000  # rows read again after a write (the cursor stays on its person)
HOLD_S = 0.03  # at most this long a keystroke's frame waits for its results (see FrameHold)
COUNT_GRACE_S = 0.008  # and rows that have arrived wait this long for the count to join them


class QueryInput(SafeInput):
    """The query box. Digits are text here (phone numbers), so the section keys need ``esc``
    first: the footer says what ``esc`` does now — clear the query, or (when empty) leave the box,
    after which the section keys (``sections.key_span()``) switch. One key, two bindings: the
    state picks one."""

    HELP_TITLE = "In the search box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Best match", tooltip="Sort by best match and go to the results",
                id="search.rank"),
        Binding("escape", "clear", "Clear", tooltip="Clear the query (esc again leaves the box)",
                id="search.clear"),
        Binding("escape", "leave", f"Leave box (then {sections.key_span()} sections)",
                tooltip=f"Go to the results, where {sections.key_span()} switch sections (in the box, digits are text). "
                        "With a query typed, esc is Clear first",
                id="search.leave"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return bool(self.value)  # False: not shown, and esc runs "leave" instead
        if action == "leave":
            return not self.value
        return super().check_action(action, parameters)

    def action_clear(self) -> None:
        self.value = ""

    def action_leave(self) -> None:
        table = self.screen.query_one(PagedTable)
        if table.display:
            table.focus()
        else:
            self.screen.set_focus(None)


class SearchScreen(search_pools.SearchPools, DeskScreen):
    SECTION = "search"
    HELP_TITLE = "Search"
    PAGE_SIZE: ClassVar[int] = 100
    NEAR_END: ClassVar[int | None] = None  # rows before the end that load the next page (None: a screenful)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_query", "Search", tooltip="Type a query", id="search.focus"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note on the selected person",
                id="search.log"),
        *person_actions.bindings("search"),  # on the selected result
        Binding("n", "new", "New person", tooltip="Create a person (checked for duplicates on save)",
                id="search.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected person", id="search.edit"),
        *search_pools.BINDINGS,
        # in help (f1/?) and the palette, not the footer: at 120 columns the results' keys fill it
        cv_actions.attach_binding("search", show=False),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    SearchScreen QueryInput { margin: 0 0; border: round $primary 60%; background: $background; }
    SearchScreen QueryInput:focus { border: round $primary; }
    SearchScreen #hint, SearchScreen #status {
        height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    SearchScreen #hint { color: $foreground 60%; }
    SearchScreen #hint.-problem { color: $warning; }
    SearchScreen #status { background: $surface; }
    SearchScreen #why { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; color: $foreground 70%; }
    SearchScreen #empty { display: none; height: 1fr; content-align: center middle; color: $foreground 80%; }
    SearchScreen PagedTable { background: $background; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pool: SearchPool | None = None
        self._seq = 0  # the query on screen (or on its way); anything older is dropped
        self._query: Query = parse("")
        self._ranked = False
        self._rows: search_worker.Rows = []  # loaded: (row, cells)
        self._total: int | None = None
        self._estimate: int | None = None  # while the count is on its way: about how many
        self._corrected: tuple[tuple[str, str], ...] = ()  # (typed, searched): the page is the corrected query's
        self._known: tuple[Query, int, int] | None = None  # (query, writes.version, count) last counted
        self._shown_total: int | None = None  # a live refresh: the count shown until the new one comes
        self._more = False
        self._loaded_seq = -1  # the query whose rows are in the table
        self._columns: list = []
        self._dead: search_worker.DeadEnd | None = None  # no one matches it all: the partial matches shown
        self._hold = FrameHold(self, HOLD_S)  # a key and its results: one frame
        self.last_call: person_actions.Logged | None = None  # a call outcome just logged: a adds its note
        self._box_empty = True

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield QueryInput(placeholder="Find people: name, skills, employer, city, notes, CV text…", id="query")
        yield Static(text.safe(SYNTAX), id="hint")
        yield Static(text.safe("Searching…"), id="status")
        yield PagedTable(near_end=self.NEAR_END, id="results")
        yield Static(id="empty")
        yield Static(id="why")
        yield KeyBar()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#results", PagedTable)

    @property
    def query_input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    def on_mount(self) -> None:
        self._pool = SearchPool(self.desk.db_path, self.desk.settings.me)
        self._set_columns()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())
        self.query_input.focus()
        self._start(self._query, ranked=False)

    def on_unmount(self) -> None:
        self._hold.release()
        if self._pool is not None:
            self._pool.interrupt_before(self._seq + 1)
            self._pool.close()

    # ------------------------------------------------------------------ querying

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if (not event.value) != self._box_empty:  # esc now clears, or leaves the box: the footer says which
            self._box_empty = not event.value
            self.refresh_bindings()
        query = parse(event.value, typing=True)
        if not self._ranked and _same(query, self._query):
            self._query = query  # e.g. a 1-character word: nothing new to ask
            return
        self._hold.hold()
        self._start(query, ranked=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._hold.hold()
        self._start(parse(event.value, typing=False), ranked=True)
        self.table.focus()

    def _start(self, query: Query, *, ranked: bool, keep: int | None = None, limit: int | None = None) -> None:
        self._seq += 1
        self._shown_total = None
        self._query, self._ranked = query, ranked
        if self._pool is not None:
            self._pool.interrupt_before(self._seq)
        self._show_hint(query.problems_for(self.desk.settings.me))
        if self._pool is not None:
            self._pool.me = self.desk.settings.me
        known = self._known
        count = known[2] if known and _same(known[0], query) and known[1] == self.desk.writes.version else None
        self._search(self._seq, query, ranked, limit or self.PAGE_SIZE, keep, self._colours(), count)

    def reload(self) -> None:
        keep = self.table.cursor_key
        limit = min(max(self.PAGE_SIZE, self.table.row_count), RELOAD_MAX)
        self._start(self._query, ranked=self._ranked, keep=keep if isinstance(keep, int) else None, limit=limit)

    def live_reload(self) -> bool:
        """The same query again (what is typed is not touched); the count on screen stays until
        the new one is counted — no "≈" in between."""
        shown = self._total
        self.reload()
        self._shown_total = shown
        return True

    def _colours(self) -> dict[str, str]:
        return dict(self.app.theme_variables)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, seq: int, query: Query, ranked: bool, limit: int, keep: int | None,
                colours: dict[str, str], known: int | None) -> None:
        assert self._pool is not None
        search_worker.run(self._pool, get_current_worker(), self.post_message, seq, query, ranked=ranked,
                          today=clock.today(), colours=colours, limit=limit, keep=keep, known=known)

    @work(thread=True, exclusive=True, group="search-page")
    def _next_page(self, seq: int, query: Query, ranked: bool, offset: int, colours: dict[str, str],
                   dead: search_worker.DeadEnd | None) -> None:
        assert self._pool is not None
        search_worker.run(self._pool, get_current_worker(), self.post_message, seq, query, ranked=ranked,
                          today=clock.today(), colours=colours, limit=self.PAGE_SIZE, offset=offset, dead=dead)

    # ------------------------------------------------------------------ results

    def on_found(self, message: Found) -> None:
        if message.seq != self._seq:
            return  # a stale keystroke's answer
        table = self.table
        if message.offset == 0:
            self.mark_loaded(self.desk.writes.version)
            self._rows, self._loaded_seq = list(message.rows), message.seq
            self._total, self._more, self._estimate = message.total, message.more, message.estimate
            self._corrected = message.corrected
            self._dead = message.dead
            self._set_columns()  # a Missing column for partial matches
            self._remember_count()
            near = table.cursor_row if message.keep is not None else None
            table.set_rows([(r.id, cells) for r, cells in message.rows], more=message.more, keep=message.keep, near=near)
            # no row at all: the middle of the screen says it (#empty), not again under the box
            self._show_hint(message.problems or ((message.dead.advice,) if message.dead and message.rows else ()))
            self.refresh_bindings()  # t / v / u / s need a result under the cursor
        elif message.seq == self._loaded_seq and message.offset == table.row_count:
            self._rows.extend(message.rows)
            self._more = message.more and (self._dead is not None or self._total is None or len(self._rows) < self._total)
            table.add_rows([(r.id, cells) for r, cells in message.rows], more=self._more)
        self._show_status()
        if self._hold.held and message.offset == 0:
            if self._total is not None or self._estimate is not None:
                self._hold.release_after(table)
            else:  # the count usually takes a millisecond more: show both in one frame
                seq = message.seq
                self.set_timer(COUNT_GRACE_S, lambda: seq == self._seq and self._hold.release_after(table),
                               name="search-count-grace")

    def on_counted(self, message: Counted) -> None:
        if message.seq == self._seq:
            self._total = message.total
            self._remember_count()
            self._show_status()
            self._hold.release_after(self.query_one("#status", Static))

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.seq == self._seq:
            self.query_one("#status", Static).update(text.safe(f"Search failed: {message.message}", "$error"))
            self._hold.release()

    def on_paged_table_need_more(self, event: PagedTable.NeedMore) -> None:
        event.stop()
        if self._loaded_seq == self._seq and self._more:
            self._next_page(self._seq, self._query, self._ranked, event.loaded, self._colours(), self._dead)

    def _show_hint(self, problems: tuple[str, ...]) -> None:
        hint = self.query_one("#hint", Static)
        hint.set_class(bool(problems), "-problem")
        hint.update(text.safe(" · ".join(problems) if problems else SYNTAX), layout=False)  # one line, always

    def _remember_count(self) -> None:
        if self._total is not None:
            self._known = (self._query, self.desk.writes.version, self._total)

    def _show_status(self) -> None:
        loaded, total = len(self._rows), self._total if self._total is not None else self._shown_total
        if total is None and self._estimate is not None:  # the exact count is on its way
            about = search_rows.about(max(self._estimate, loaded))
            count = f"≈ {about} people" if self._query.is_empty else f"≈ {about} matches"
        elif total is None:
            count = f"≥ {loaded:,} matches…"
        elif self._query.is_empty:
            count = f"{total:,} people · recently contacted first"
        elif self._dead is not None:  # never a bare "No matches" beside partial matches (store.search_partial);
            count = self._dead.headline if loaded else "No matches"  # none at all: #empty says why
        else:
            count = "No matches" if total == 0 else ("1 match" if total == 1 else f"{total:,} matches")
        if self._query.is_empty or not self._query.terms or self._dead is not None:
            order = ""
        else:
            order = "best match first" if self._ranked else "enter: best match first"
        parts = [text.safe(count, "bold")]
        if self._corrected:  # "showing results for python — pyhton matched nothing"
            parts += ["  ·  showing results for ", text.safe(" ".join(f for _, f in self._corrected), "bold"),
                      " — ", text.safe(", ".join(t for t, _ in self._corrected), "$warning"), " matched nothing"]
        if order:
            parts += ["  ·  ", text.safe(order, "$foreground 60%")]
        if self.table.marked:
            parts += ["  ·  ", text.safe(f"{len(self.table.marked):,} marked (P: add to a pool)", "bold $accent")]
        # one line, always: no layout of the screen (that would redraw all of it with the count)
        self.query_one("#status", Static).update(text.join(*parts), layout=False)
        empty = self.query_one("#empty", Static)
        nothing = total == 0 and not loaded
        self.table.display = not nothing
        empty.display = nothing
        if nothing:
            dead = self._dead
            empty.update(text.join(
                text.safe(dead.headline if dead else "No one matches.", "bold"),
                "\n", text.safe(dead.advice if dead else "Check the spelling, shorten a word, or remove a filter."),
            ))

    # ------------------------------------------------------------------ drawing

    def on_resize(self) -> None:
        self._set_columns()

    def _set_columns(self) -> None:
        columns = search_rows.columns(self.size.width or self.app.size.width, missing=self._dead is not None)
        if columns != self._columns:
            self._columns = columns
            self.table.set_columns(columns)

    def _restyle(self) -> None:
        today, colours = clock.today(), self._colours()
        dead = self._dead
        self._rows = [(r, partial(search_rows.cells, r, today, colours, dead.missing(r.id) if dead else ()))
                      for r, _ in self._rows]
        self.table.set_rows([(r.id, cells) for r, cells in self._rows], more=self._more, keep=self.table.cursor_key)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_query", "new"):  # typed into the box while it has focus: not in the footer
            return not isinstance(self.focused, QueryInput)
        if action in ("outcome", "submit", "log", "attach"):  # on the selected result, from the results
            if isinstance(self.focused, QueryInput):
                return False
            return True if self._selected() is not None else None
        if action == "edit":
            return isinstance(self.focused, PagedTable) and isinstance(self.table.cursor_key, int)
        if action in search_pools.ACTIONS:
            return self.pool_action_shown(action, isinstance(self.focused, QueryInput))
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_focus_query(self) -> None:
        self.query_input.focus()

    def entered_by_key(self) -> None:
        """Its section key (``2``) lands in the query box, its query selected: a name typed next
        is a new search (were the results focused, its letters would be their keys: ``s`` submits
        the selected person, ``a`` logs on them…). Esc back from a person keeps the results' row.
        (On its first visit the box is not there yet: its mount focuses it.)"""
        for box in self.query("#query").results(QueryInput):
            box.focus()

    def action_new(self) -> None:
        from deskcrm.screens.person_form import PersonForm

        PersonForm(self).start()

    def action_edit(self) -> None:
        key = self.table.cursor_key
        if isinstance(key, int):
            from deskcrm.screens.person_form import PersonForm

            PersonForm(self, key).start()

    # ------------------------------------------------------------------ why (the row under the cursor)

    def on_paged_table_row_highlighted(self, event: PagedTable.RowHighlighted) -> None:
        """Which term hit which field, for the ONE row the cursor landed on (never the page)."""
        event.stop()
        key = event.row_key
        if isinstance(key, int) and self._query.terms:
            self._why(self._seq, self._query, key, bool(self._corrected))
        else:
            self._show_why(())

    @work(thread=True, exclusive=True, group="search-why")
    def _why(self, seq: int, query: Query, person_id: int, corrected: bool) -> None:
        assert self._pool is not None
        search_worker.why(self._pool, get_current_worker(), self.post_message, seq, query, person_id, clock.today(),
                          corrected)

    def on_why_found(self, message: WhyFound) -> None:
        if message.seq == self._seq and message.person_id == self.table.cursor_key:
            self._show_why(message.hits)

    def _show_why(self, hits: tuple) -> None:
        line = search_rows.why(hits)
        self.query_one("#why", Static).update(text.safe(line) if line else "", layout=False)

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        self.open_person(int(event.row_key))  # type: ignore[arg-type]

    def _selected(self):
        """The result under the cursor (a ``PersonRow``), if any."""
        key = self.table.cursor_key if self.table.display else None
        return next((row for row, _cells in self._rows if row.id == key), None)

    def action_outcome(self, kind: str) -> None:
        row = self._selected()
        if row is not None:
            person_actions.log_outcome(self, kind, row.id, row.name, dnc=row.status == "do_not_contact")

    def action_log(self) -> None:
        from deskcrm.screens.activity_subject import ActivitySubject

        row = self._selected()
        if row is not None:
            person_actions.log_or_note(self, ActivitySubject(f"person:{row.id}", row.name, None, None, row.id))

    def action_undo(self) -> None:
        self.last_call = None
        super().action_undo()

    def action_submit(self) -> None:
        row = self._selected()
        if row is not None:
            person_actions.submit_to_job(self, row.id, row.name, dnc=row.status == "do_not_contact")

    def action_attach(self) -> None:
        row = self._selected()
        if row is not None:
            cv_actions.attach(self, row.id, row.name)

    def open_person(self, person_id: int) -> None:
        try:
            from deskcrm.screens.person import PersonScreen
        except ImportError:
            text.notify(self.app, "The person screen is not built yet", severity="warning")
            return
        self.app.push_screen(PersonScreen(person_id))


def _same(a: Query, b: Query) -> bool:
    """The same question, whatever was typed ("an" and "an j": a 1-character word is ignored)."""
    return replace(a, source="") == replace(b, source="")
