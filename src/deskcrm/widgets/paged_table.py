"""A row-cursor table filled a page at a time: it holds only the rows loaded so far and asks
for the next page (``PagedTable.NeedMore``) when the cursor or the scroll nears their end.

Data-agnostic: callers hand over ready-made cells (rich ``Text``, built with
``deskcrm.text.cell``; never parsed as markup) for every field — or a function that makes them,
called when the row is first drawn (a page of 100 results shows ~32 rows) — and choose which
fields show as columns (``set_columns``: narrow terminals drop some without rebuilding the rows;
a column with a ``least`` width narrows to fit the table's width, ``widgets.columns``).
Keyboard: ``j``/``k`` and arrows move, ``g``/``G`` first/last loaded row, page up/down,
``enter`` posts ``RowSelected``. Rows can be marked (``toggle_mark``; the caller binds the key):
a marked row shows ``▌`` in its first cell of padding, and the marks outlive new rows (a new
query keeps the people marked under the old one); a click moves the cursor, a click on the cursor's row or a
double-click selects.

A Line API widget: it draws only the lines on screen, one cached strip per row, so a new
page of results costs the rows on screen, not the rows loaded (DataTable lays out every row).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, TypeAlias

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskcrm.widgets.columns import clip, fit_widths

_NULL = Style()


Cells: TypeAlias = "Sequence[Text] | Callable[[], Sequence[Text]]"  # a row's cells, or what makes them

@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: int  # content cells; each column also gets one cell of padding on its left
    field: int  # which cell of a row it shows
    least: int | None = None  # how narrow it may get when the table is wider than its room (None: fixed)


class PagedTable(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="table.open"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="table.down"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="table.up"),
        Binding("home,g", "first", "First row", show=False, id="table.first"),
        Binding("end,G", "last", "Last loaded row", show=False, id="table.last"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
    ]
    HELP_TITLE = "In the results"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"paged-table--header", "paged-table--cursor"}
    DEFAULT_CSS = """
    PagedTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-size-vertical: 1;
        &:focus {
            background-tint: $foreground 5%;
            & > .paged-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .paged-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .paged-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        def __init__(self, table: PagedTable, cursor_row: int, row_key: Hashable | None) -> None:
            super().__init__()
            self.table, self.cursor_row, self.row_key = table, cursor_row, row_key

        @property
        def control(self) -> PagedTable:
            return self.table

    class RowSelected(Message):
        def __init__(self, table: PagedTable, cursor_row: int, row_key: Hashable) -> None:
            super().__init__()
            self.table, self.cursor_row, self.row_key = table, cursor_row, row_key

        @property
        def control(self) -> PagedTable:
            return self.table

    class NeedMore(Message):
        """The cursor or the view is near the last loaded row and the caller said there is more."""

        def __init__(self, table: PagedTable, loaded: int) -> None:
            super().__init__()
            self.table, self.loaded = table, loaded

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, *, near_end: int | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.near_end = near_end  # rows before the end that ask for more (None: a screenful)
        self._wanted: list[Column] = []  # as the caller set them
        self._columns: list[Column] = []  # as they fit the width (``widgets.columns``)
        self._keys: list[Hashable] = []
        self._cells: list[Cells] = []
        self._more = False  # the caller has more rows after the loaded ones
        self._asked = False  # NeedMore posted, rows not yet added
        self._cursor = 0
        self._strips: dict[tuple[object, ...], Strip] = {}
        self.marked: dict[Hashable, None] = {}  # the marked rows' keys, in the order marked

    # ------------------------------------------------------------------ marks

    def toggle_mark(self, key: Hashable | None = None) -> bool:
        """Mark the row ``key`` (default: the cursor's), or unmark it; True if it is marked now."""
        key = self.cursor_key if key is None else key
        if key is None:
            return False
        if key in self.marked:
            del self.marked[key]
        else:
            self.marked[key] = None
        self._strips.clear()
        self.refresh()
        return key in self.marked

    def clear_marks(self) -> None:
        self.marked.clear()
        self._strips.clear()
        self.refresh()

    # ------------------------------------------------------------------ content

    def set_columns(self, columns: Sequence[Column]) -> None:
        self._wanted = list(columns)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The columns as they fit the room (one cell kept for the scrollbar)."""
        room = self.size.width - 1 if self.size.width else 1 << 16
        widths = fit_widths([c.width for c in self._wanted], [c.least for c in self._wanted], room, 1)
        columns = [replace(c, width=w) for c, w in zip(self._wanted, widths)]
        if columns != self._columns:
            self._columns = columns
            self._changed()

    def set_rows(self, rows: Sequence[tuple[Hashable, Cells]], *, more: bool, keep: Hashable = None,
                 near: int | None = None) -> None:
        """Replace the rows; the cursor goes to row ``keep`` if it is there, else to the row now at
        index ``near`` (clamped), else to the top. A kept (or near) cursor stays on its line of
        the screen (the rows scroll by as many as came or went above it); else the list starts
        at the top."""
        old_cursor, old_top = self._cursor, round(self.scroll_y)
        self._keys = [key for key, _ in rows]
        self._cells = [cells for _, cells in rows]
        self._more, self._asked = more, False
        if keep is not None and keep in self._keys:
            self._cursor = self._keys.index(keep)
        elif near is not None and self._keys:
            self._cursor = max(0, min(near, len(self._keys) - 1))
        else:
            self._cursor, near = 0, None
        self._changed()
        in_place = near is not None or (keep is not None and keep in self._keys)
        self.scroll_to(y=max(old_top + self._cursor - old_cursor, 0) if in_place else 0, animate=False, force=True)
        if self._cursor:
            self._scroll_to_cursor()
        self.post_message(self.RowHighlighted(self, self._cursor, self.cursor_key))

    def add_rows(self, rows: Sequence[tuple[Hashable, Cells]], *, more: bool) -> None:
        """Append the next page."""
        self._keys.extend(key for key, _ in rows)
        self._cells.extend(cells for _, cells in rows)
        self._more, self._asked = more, False
        self._changed()
        self._check_near_end()

    def _changed(self) -> None:
        self._strips.clear()
        width = sum(c.width + 1 for c in self._columns)
        self.virtual_size = Size(width, len(self._keys) + 1)  # + the header line
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def cursor_key(self) -> Hashable | None:
        return self._keys[self._cursor] if 0 <= self._cursor < len(self._keys) else None

    # ------------------------------------------------------------------ cursor

    def move_cursor(self, row: int) -> None:
        if not self._keys:
            return
        row = max(0, min(row, len(self._keys) - 1))
        self._scroll_to_cursor(row)
        if row != self._cursor:
            old, self._cursor = self._cursor, row
            self._refresh_row(old)
            self._refresh_row(row)
            self.post_message(self.RowHighlighted(self, row, self.cursor_key))
        self._check_near_end()

    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 0)

    def _scroll_to_cursor(self, row: int | None = None) -> None:
        if not self.size.height:  # not laid out yet
            self.call_after_refresh(self._scroll_to_cursor)
            return
        row = self._cursor if row is None else row
        visible, top = self._visible_rows(), round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif visible > 0 and row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, force=True)

    def _refresh_row(self, row: int) -> None:
        line = row + 1 - round(self.scroll_y)  # rows scroll under the fixed header line
        if 1 <= line < self.size.height:
            self.refresh(Region(0, line, self.size.width, 1))

    def _check_near_end(self) -> None:
        if not self._more or self._asked:
            return
        margin = self.near_end if self.near_end is not None else max(self._visible_rows(), 10)
        last_seen = max(self._cursor, round(self.scroll_y) + self._visible_rows() - 1)
        if last_seen >= len(self._keys) - margin:
            self._asked = True
            self.post_message(self.NeedMore(self, len(self._keys)))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._check_near_end()

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._keys) - 1)

    def action_page(self, direction: int) -> None:
        page = self._visible_rows()
        self.scroll_relative(y=page * direction, animate=False, force=True)
        self.move_cursor(self._cursor + page * direction)

    def action_select_cursor(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, self._cursor, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:  # outside, or on the header
            return
        row = offset.y - 1 + round(self.scroll_y)
        if row >= len(self._keys):
            return
        event.stop()
        if row == self._cursor or event.chain >= 2:
            self.move_cursor(row)
            self.action_select_cursor()
        else:
            self.move_cursor(row)

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        row = -1 if y == 0 else y - 1 + round(self.scroll_y)
        if row >= len(self._keys):
            return Strip.blank(width, base)
        cursor = row == self._cursor and row >= 0
        key = (row, cursor, base, self.has_focus, row >= 0 and self._keys[row] in self.marked)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(row, base, cursor)
        scroll_x = round(self.scroll_x)
        if scroll_x or strip.cell_length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, base)

    def _render_row(self, row: int, base: Style, cursor: bool) -> Strip:
        if row < 0:
            style = base + self.get_component_rich_style("paged-table--header")
            cells: Sequence[Text | str] = [c.label for c in self._columns]
            fields = range(len(self._columns))
        else:
            style = base + self.get_component_rich_style("paged-table--cursor") if cursor else base
            cells = self._cells[row]
            if callable(cells):  # made now, when first drawn
                cells = self._cells[row] = tuple(cells())
            fields = [c.field for c in self._columns]
        cursor_colour = style.color if cursor else None
        console = self.app.console
        segments: list[Segment] = []
        mark = "▌" if row >= 0 and self._keys[row] in self.marked else " "
        for column, field in zip(self._columns, fields):
            segments.append(Segment(mark, style + Style(bold=True)) if mark != " " else Segment(" ", style))
            mark = " "
            cell = cells[field] if field < len(cells) else ""
            plain = cell.plain if isinstance(cell, Text) else cell
            plain = clip(plain, column.width)
            cell_style = style
            if isinstance(cell, Text) and cell.style:
                cell_style = style + console.get_style(cell.style, default=_NULL)
                if cursor_colour is not None:  # the cursor's colour wins over the cell's
                    cell_style += Style(color=cursor_colour)
            segments.append(Segment(plain, cell_style))
            segments.append(Segment(" " * (column.width - cell_len(plain)), style))
        table_width = sum(c.width + 1 for c in self._columns)
        room = max(self.size.width - table_width, 0)
        if room:
            segments.append(Segment(" " * room, style))
        return Strip(segments).simplify()
