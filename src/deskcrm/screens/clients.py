"""Clients (section 3): every company with the figures a recruiter sorts by — BD stage, open jobs,
placements this year, lifetime value, last contact, next check-in (red when overdue), owner.

Filters toggle with one key each (active clients, overdue for a check-in, mine) and ``/`` types a
filter on the name, city or industry; ``s`` cycles the sort (name, lifetime value — by currency,
the main one first: amounts are not converted — and check-in, overdue first). The table is paged by SQL (``store.clients``: ``PAGE_SIZE`` rows at a time, the next when
the cursor nears the end), read in an exclusive thread worker that also builds the cells.
``enter`` opens the account (the call screen); ``b`` opens the business-development board.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from time import monotonic
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Static

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.domain.amounts import short_money
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.panels import short_day
from deskcrm.store.clients import SORTS, ClientFilter, ClientRow
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.paged_table import Column, PagedTable
from deskcrm.screens.clients_filter import ASLEEP, ClientsTable, FilterInput

_SORT_ORDER = tuple(SORTS)
_FIELDS = ("name", "stage", "city", "jobs", "year", "value", "last", "next", "owner")
_LABELS = {"name": "Company", "stage": "BD stage", "city": "City", "jobs": "Jobs", "year": "Placed",
           "value": "Lifetime value", "last": "Contacted", "next": "Check-in", "owner": "Owner"}
_WIDE = {"name": 25, "stage": 13, "city": 12, "jobs": 4, "year": 6, "value": 14, "last": 11, "next": 12, "owner": 5}
# 80 columns: a date of another year ("10 Aug 2025") and a short amount ("EUR 112.7k") whole; the name gives way
_NARROW = {"name": 18, "stage": 13, "jobs": 4, "value": 10, "last": 11, "next": 11, "owner": 5}


def columns(width: int) -> list[Column]:
    wide = width >= 112
    widths = _WIDE if wide else _NARROW
    labels = _LABELS if wide else {**_LABELS, "value": "Value"}
    # the name gives way to the rest (the table fits its width: ``widgets.columns``)
    return [Column(labels[f], widths[f], _FIELDS.index(f), 16 if f == "name" else None) for f in _FIELDS if f in widths]


_TOGGLES = (("active", "active clients"), ("overdue", "overdue for a check-in"), ("mine", "mine"))


def empty_message(f: ClientFilter, key) -> str:  # key: action -> the key bound to it now
    """Why the list is empty: no company at all (no filter set), or the filters that hide them,
    each with the key that drops it."""
    on = [(name, label) for name, label in _TOGGLES if getattr(f, name)]
    words = f.text.strip()
    if not on and not words:
        return f"No companies yet — press {key('new')} to add one."
    named = ([f"“{text.clean(words)}”"] if words else []) + [label for _name, label in on]
    hints = []
    if on:
        keys = " or ".join(key(f"toggle('{name}')") for name, _label in on)
        hints.append(f"press {keys} to drop {'the filter' if len(on) == 1 else 'a filter'}")
    if words:
        hints.append("esc in the filter box clears the words")
    return f"No company matches {', '.join(named)} — {'; '.join(hints)}."


def cells(r: ClientRow, today: date, colours: dict[str, str]) -> tuple[Text, ...]:
    def colour(name: str) -> str:
        return colours.get(name, "")

    stage_style = {"active_client": f"bold {colour('success')}", "lost": "dim", "dormant": "dim"}.get(r.bd_stage, "")
    if r.next_checkin is None:
        nxt, nxt_style = "—", "dim"
    elif r.overdue:
        nxt, nxt_style = ("now" if r.last_contact is None else short_day(r.next_checkin, today)), f"bold {colour('error')}"
    else:
        nxt, nxt_style = short_day(r.next_checkin, today), ""
    value = lifetime(r) or "—"  # the account has the cents, and every currency in full
    return (
        text.cell(r.name, "bold"),
        text.cell(r.bd_label, stage_style),
        text.cell(r.city or ""),
        text.cell(str(r.open_jobs) if r.open_jobs else "—", "" if r.open_jobs else "dim"),
        text.cell(str(r.placements_year) if r.placements_year else "—", "" if r.placements_year else "dim"),
        text.cell(value, "" if r.lifetime_value else "dim"),
        text.cell(short_day(r.last_contact, today) if r.last_contact else "never", "" if r.last_contact else "dim"),
        text.cell(nxt, nxt_style),
        text.cell(r.owner or ""),
    )


def lifetime(r: ClientRow) -> str:
    """The value cell: the main value, short ('EUR 198.8k'); a value in other currencies too is
    named, never added: 'EUR 60.2k +CHF' (one more), 'EUR 60.2k +2 cur' (more)."""
    if not r.lifetime_value:
        return ""
    main = short_money(r.lifetime_value, r.currency)
    others = [cur for cur, _ in r.values[1:]]
    if not others:
        return main
    return f"{main} +{others[0]}" if len(others) == 1 else f"{main} +{len(others)} cur"


class ClientsLoaded(Message):
    def __init__(self, seq: int, offset: int, rows: list, total: int | None, more: bool, keep: int | None,
                 version: int, currencies: list[str] | None = None) -> None:
        super().__init__()
        self.seq, self.offset, self.rows, self.total, self.more, self.keep = seq, offset, rows, total, more, keep
        self.version, self.currencies = version, currencies


class ClientsScreen(DeskScreen):
    SECTION = "clients"
    HELP_TITLE = "Clients"
    PAGE_SIZE: ClassVar[int] = 100

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", tooltip="Type words of the name, city or industry",
                id="clients.filter"),
        Binding("c", "toggle('active')", "Active", tooltip="Only active clients", id="clients.active"),
        Binding("o", "toggle('overdue')", "Overdue", tooltip="Only clients overdue for a check-in",
                id="clients.overdue"),
        Binding("m", "toggle('mine')", "Mine", tooltip="Only clients you own (who you are: ctrl+p → Who am I…)",
                id="clients.mine"),
        Binding("s", "sort", "Sort", tooltip="Name → lifetime value (per currency, the main one first) → check-in, overdue first", id="clients.sort"),
        Binding("b", "board", "BD board", tooltip="The business-development board", id="clients.board"),
        Binding("n", "new", "New", tooltip="Add a company", id="clients.new"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    ClientsScreen FilterInput { margin: 0 0; border: round $foreground 25%; background: $background; }
    ClientsScreen FilterInput:focus { border: round $primary; background: $boost; }
    ClientsScreen #status { height: 1; padding: 0 1; background: $surface; text-wrap: nowrap; text-overflow: ellipsis; }
    ClientsScreen #empty { display: none; height: 1fr; content-align: center middle; color: $foreground 80%; }
    ClientsScreen PagedTable { background: $background; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filter = ClientFilter()
        self._seq = 0
        self._loaded_seq = -1
        self._rows: list[ClientRow] = []
        self._total: int | None = None
        self._more = False
        self._columns: list[Column] = []
        self.redirect_keys = False  # "/" was pressed: keys still queued on the list go to the box
        self.refocus_list = False  # the list was hidden (no match) while it had the focus
        self._currencies: list[str] = []  # sorted by value: the currencies, in the list's order
        self._hinted_at = -10.0  # when a letter that is no key here last said how to filter

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield FilterInput(placeholder=ASLEEP.format(key="/"), id="filter")
        yield Static(text.safe("Loading…"), id="status")
        yield ClientsTable(id="clients")
        yield Static(id="empty")
        yield KeyBar()

    @property
    def table(self) -> PagedTable:
        return self.query_one("#clients", PagedTable)

    def on_mount(self) -> None:
        self._set_columns()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.reload())
        self.table.focus()
        self.show_filter_key()
        self._start()

    # ------------------------------------------------------------------ loading

    def _start(self, keep: int | None = None, limit: int | None = None) -> None:
        self._seq += 1
        self._load(self._seq, self.filter, 0, limit or self.PAGE_SIZE, keep, dict(self.app.theme_variables))

    def reload(self) -> None:
        keep = self.table.cursor_key
        self._start(keep if isinstance(keep, int) else None, min(max(self.PAGE_SIZE, self.table.row_count), 1000))

    def live_reload(self) -> bool:
        self.reload()  # the rows loaded, the cursor's client, the scroll and the filter box all kept
        return True

    def _load(self, seq: int, f: ClientFilter, offset: int, limit: int, keep: int | None,
              colours: dict[str, str]) -> None:
        version = self.desk.writes.version
        today, me = clock.today(), self.desk.settings.me

        def read(conn) -> ClientsLoaded:  # noqa: ANN001 - a store connection
            from deskcrm.store import clients

            currencies = clients.currency_order(conn) if f.sort == "value" else None
            rows = clients.list_clients(conn, f, today=today, me=me, limit=limit + 1, offset=offset,
                                        currencies=currencies)
            total = clients.count_clients(conn, f, today=today, me=me) if offset == 0 else None
            built = [(r, cells(r, today, colours)) for r in rows[:limit]]
            shown = currencies if offset == 0 else None  # the header's, from the first page
            return ClientsLoaded(seq, offset, built, total, len(rows) > limit, keep, version, shown)

        self.load(read, group="clients-load", title="Could not load the clients")

    def on_clients_loaded(self, message: ClientsLoaded) -> None:
        if message.seq != self._seq:
            return
        table = self.table
        if message.offset == 0:
            self.mark_loaded(message.version)
            self._rows = [r for r, _ in message.rows]
            self._total, self._more, self._loaded_seq = message.total, message.more, message.seq
            self._currencies = message.currencies or []
            near = table.cursor_row if message.keep is not None else None
            table.set_rows([(r.id, c) for r, c in message.rows], more=message.more, keep=message.keep, near=near)
        elif message.offset == table.row_count:
            self._rows += [r for r, _ in message.rows]
            self._more = message.more
            table.add_rows([(r.id, c) for r, c in message.rows], more=message.more)
        self._show_status()

    def on_paged_table_need_more(self, event: PagedTable.NeedMore) -> None:
        event.stop()
        if self._loaded_seq == self._seq and self._more:
            self._load(self._seq, self.filter, event.loaded, self.PAGE_SIZE, None, dict(self.app.theme_variables))

    def _show_status(self) -> None:
        f, total = self.filter, self._total or 0
        shown = [name for name, on in (("active clients", f.active), ("overdue for a check-in", f.overdue),
                                       ("mine", f.mine)) if on]
        if f.text.strip():
            shown.append(f"“{text.clean(f.text.strip())}”")
        count = "No companies" if total == 0 else ("1 company" if total == 1 else f"{total:,} companies")
        parts = [text.safe(count, "bold")]
        if shown:
            parts += ["  ·  ", text.safe(", ".join(shown))]
        parts += ["  ·  ", text.safe(f"sorted by {SORTS[f.sort]}{self._per_currency()}", "$foreground 60%")]
        if f.mine and not self.desk.settings.me:
            parts += ["  ·  ", text.safe("who are you? ctrl+p → Who am I…", "$warning")]
        self.query_one("#status", Static).update(text.join(*parts))
        nothing = total == 0 and not self._rows
        self.table.display = not nothing
        empty = self.query_one("#empty", Static)
        empty.display = nothing
        if nothing:
            said = empty_message(f, self.key_for)
            if f.mine and not self.desk.settings.me:
                from deskcrm.config.whoami import HOW

                said += f" Nobody is chosen as you, so “mine” matches nobody: {HOW}."
            empty.update(text.safe(said))

    def _per_currency(self) -> str:
        """Sorted by value: how currencies are ordered (they are not converted)."""
        found = self._currencies if self.filter.sort == "value" else []
        if len(found) < 2:
            return ", highest first" if self.filter.sort == "value" else ""
        return f": {found[0]} first, then {', '.join(found[1:])} (not converted)"

    # ------------------------------------------------------------------ layout

    def on_resize(self) -> None:
        self._set_columns()

    def _set_columns(self) -> None:
        cols = columns(self.size.width or self.app.size.width)
        if cols != self._columns:
            self._columns = cols
            self.table.set_columns(cols)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # typing into the filter: those keys are letters
        return not (isinstance(self.focused, Input) and action in ("focus_filter", "toggle", "sort", "board", "new"))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.filter.text:
            self.filter = replace(self.filter, text=event.value)
            self._start()

    def filter_keys(self) -> set[str]:
        """The keys bound to the filter now (``/`` unless remapped in config.toml)."""
        return {key for key, found in self._bindings.key_to_bindings.items()
                if any(b.action == "focus_filter" for b in found)}

    def show_filter_key(self) -> None:
        """The box, not focused, names the key that reaches it (as remapped)."""
        self.query_one(FilterInput).placeholder = ASLEEP.format(key=self.key_for("focus_filter"))

    def hint_filter_key(self) -> None:
        """A letter typed on the list that is no key here: say once (not once a letter) that the
        letters on the list are keys, and which key types a filter."""
        now = monotonic()
        if now - self._hinted_at > 3:
            text.notify(self.app, f"Letters on the list are keys: press {self.key_for('focus_filter')} "
                        "to type a filter (esc: back to the list).", severity="warning", timeout=4)
        self._hinted_at = now

    def on_paste(self, event: events.Paste) -> None:
        """A burst typed on the list (``/acme`` from a fast typist or a terminal that delivers it
        as one chunk, or a paste) is a filter: it goes into the box."""
        box = self.query_one(FilterInput)
        if box.has_focus:
            return
        event.stop()
        box.value += text.pasted(event.text.removeprefix("/"))
        self.set_focus(box)
        box.cursor_position = len(box.value)

    def action_focus_filter(self) -> None:
        # At once, not after a refresh: the keys typed right after / (a burst) go into the box.
        self.redirect_keys = True  # until the box gets a key itself, or the list the focus
        self.set_focus(self.query_one(FilterInput))

    def action_toggle(self, name: str) -> None:
        self.filter = replace(self.filter, **{name: not getattr(self.filter, name)})
        self._start()

    def action_sort(self) -> None:
        nxt = _SORT_ORDER[(_SORT_ORDER.index(self.filter.sort) + 1) % len(_SORT_ORDER)]
        self.filter = replace(self.filter, sort=nxt)
        self._start()

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        from deskcrm.screens.open_record import open_record

        open_record(self.app, "company", int(event.row_key))  # type: ignore[arg-type]

    def action_board(self) -> None:
        try:
            from deskcrm.screens.bd_board import BDBoardScreen
        except ModuleNotFoundError:
            text.notify(self.app, "The BD board is not built yet", severity="warning")
            return
        self.app.push_screen(BDBoardScreen())

    def action_new(self) -> None:
        from deskcrm.screens import account_forms

        account_forms.new_company(self)
