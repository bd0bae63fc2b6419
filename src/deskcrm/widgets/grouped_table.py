"""A row-cursor table split into titled groups; the cursor never rests on a group title.

Data-agnostic: callers hand over ready-made cells (rich ``Text``, built with
``deskcrm.text.cell``; never parsed as markup) and keys; the table knows nothing of the
store or of screens. Keyboard: ``j``/``k`` and arrows move, ``g``/``G`` jump to the first/last
row, page up/down move a page, ``enter`` posts ``GroupedTable.RowSelected`` for the row under
the cursor; a click moves the cursor, a click on the cursor's row selects it.

A Line API widget rather than a ``DataTable``: it draws only the lines on screen, one strip
per row, cached; DataTable measures, lays out and renders every cell through Rich first,
which is most of the due list's launch cost. It draws the same thing: a header line that
stays put, columns of fixed width with one cell of padding each side, cells cut with an
ellipsis, and the same theme colours (component classes mirroring DataTable's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskcrm.widgets.columns import clip


@dataclass(frozen=True, slots=True)
class Group:
    title: Text
    rows: Sequence[tuple[str, Sequence[Text]]] = field(default_factory=tuple)  # (key, cells)


_HEADER = -1  # row index of the column labels
_NULL = Style()


class GroupedTable(ScrollView, can_focus=True, inherit_bindings=False):
    """A table of groups. ``set_groups`` replaces the content and keeps the cursor near."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="list.open"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="list.up"),
        Binding("home,g", "scroll_top", "First row", show=False, id="list.first"),
        Binding("end,G", "scroll_bottom", "Last row", show=False, id="list.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
    ]

    HELP_TITLE = "In the list"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "grouped-table--header",
        "grouped-table--cursor",
        "grouped-table--hover",
        "grouped-table--header-hover",
    }

    DEFAULT_CSS = """
    GroupedTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-size-vertical: 1;
        &:focus {
            background-tint: $foreground 5%;
            & > .grouped-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .grouped-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .grouped-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .grouped-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .grouped-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .grouped-table--hover {
            background: $block-hover-background;
        }
        & > .grouped-table--header-hover {
            background: $accent 30%;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another row (or the rows under it changed)."""

        def __init__(self, table: GroupedTable, cursor_row: int, row_key: str | None) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> GroupedTable:
            return self.table

    class RowSelected(Message):
        """``enter`` (or a click on the cursor's row) on a row."""

        def __init__(self, table: GroupedTable, cursor_row: int, row_key: str) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> GroupedTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: list[tuple[Text, int]] = []  # (label, content width)
        self._cells: list[Sequence[Text]] = []  # row index -> cells (a title: its one cell)
        self._titles: set[int] = set()  # row indexes of group titles
        self._keys: list[str | None] = []  # row index -> caller key (None for titles)
        self._cursor = 0
        self._hover = 0
        self._show_hover = False  # the mouse is over a row (hidden again by keys)
        self._strips: dict[tuple[object, ...], Strip] = {}  # (row, cursor, hover, width, style, focus)

    # ------------------------------------------------------------------ content

    def set_groups(
        self,
        columns: Sequence[tuple[Text, int]],
        groups: Sequence[Group],
        *,
        keep: str | None = None,
        near: int | None = None,
    ) -> None:
        """Replace everything. The cursor goes to row ``keep`` if it is still there, else to
        the row now at index ``near`` (clamped), else to the first row."""
        self._columns = [(_header(label), width) for label, width in columns]
        cells: list[Sequence[Text]] = []
        keys: list[str | None] = []
        titles: set[int] = set()
        for group in groups:
            titles.add(len(keys))
            keys.append(None)
            cells.append((group.title,))
            for key, row in group.rows:
                keys.append(key)
                cells.append(row)
        self._cells, self._keys, self._titles = cells, keys, titles
        self._strips.clear()
        table_width = sum(width + 2 for _, width in self._columns)
        self.virtual_size = Size(table_width, len(keys) + 1)  # + the header line
        target = None
        if keep is not None and keep in keys:
            target = keys.index(keep)
        elif near is not None:
            target = near
        self._cursor = self._nearest_row(target or 0, 1)
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.RowHighlighted(self, self._cursor, self.cursor_key))

    @property
    def cursor_row(self) -> int:
        """Index of the row under the cursor (group titles count as rows)."""
        return self._cursor

    @property
    def cursor_key(self) -> str | None:
        """The caller key of the row under the cursor (None when there are no rows)."""
        row = self._cursor
        if 0 <= row < len(self._keys):
            return self._keys[row]
        return None

    @property
    def row_count(self) -> int:
        """Rows, group titles included."""
        return len(self._keys)

    @property
    def has_rows(self) -> bool:
        return any(key is not None for key in self._keys)

    # ------------------------------------------------------------------ cursor

    def _nearest_row(self, row: int, step: int) -> int:
        """The first non-title row from ``row`` going ``step``; the other way if none."""
        count = len(self._keys)
        if count == 0:
            return 0
        row = max(0, min(row, count - 1))
        for direction in (step, -step):
            probe = row
            while 0 <= probe < count:
                if probe not in self._titles:
                    return probe
                probe += direction
        return row

    def move_cursor(self, row: int, *, scroll: bool = True) -> None:
        """Put the cursor on ``row``, or on the nearest row past it if that is a title."""
        target = self._nearest_row(row, -1 if row < self._cursor else 1)
        if scroll:
            self._scroll_to_cursor(target)
        if target != self._cursor:
            old, self._cursor = self._cursor, target
            self._refresh_row(old)
            self._refresh_row(target)
            self.post_message(self.RowHighlighted(self, target, self.cursor_key))

    def _scroll_to_cursor(self, row: int | None = None, *, later: bool = True) -> None:
        """Scroll just enough for ``row`` (default: the cursor's) to be below the header."""
        if not self.size.height:  # not laid out yet: once, after the next refresh
            if later:
                self.call_after_refresh(self._scroll_to_cursor, later=False)
            return
        row = self._cursor if row is None else row
        visible = self.scrollable_content_region.height - 1
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif visible > 0 and row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, force=True)

    def _refresh_row(self, row: int) -> None:
        line = 0 if row == _HEADER else row + 1 - round(self.scroll_y)  # rows scroll under the header
        if (line == 0 and row == _HEADER) or 1 <= line < self.size.height:
            self.refresh(Region(0, line, self.size.width, 1))

    def _set_hover(self, row: int | None) -> None:
        shown = row is not None
        if shown != self._show_hover or (shown and row != self._hover):
            self._refresh_row(self._hover)
            self._show_hover = shown
            if row is not None:
                self._hover = row
                self._refresh_row(row)

    # ------------------------------------------------------------------ actions

    def action_cursor_down(self) -> None:
        self._set_hover(None)
        self.move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_hover(None)
        self.move_cursor(self._cursor - 1)

    def action_scroll_top(self) -> None:
        self._set_hover(None)
        self.move_cursor(0)
        self.scroll_home(animate=False)  # show the first group's title too

    def action_scroll_bottom(self) -> None:
        self._set_hover(None)
        self.move_cursor(len(self._keys) - 1)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 0)

    def action_page_down(self) -> None:
        self._set_hover(None)
        page = self._page()
        self.scroll_relative(y=page, animate=False, force=True)
        self.move_cursor(min(self._cursor + page, len(self._keys) - 1))

    def action_page_up(self) -> None:
        self._set_hover(None)
        page = self._page()
        self.scroll_relative(y=-page, animate=False, force=True)
        self.move_cursor(max(self._cursor - page, 0))

    def action_select_cursor(self) -> None:
        self._set_hover(None)
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, self._cursor, key))

    # ------------------------------------------------------------------ mouse

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse: a row index, ``_HEADER``, or None (outside, below)."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        if offset.y == 0:
            return _HEADER
        row = offset.y - 1 + round(self.scroll_y)
        return row if row < len(self._keys) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, _event: events.Leave) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        self._set_hover(row)
        if row is None or row == _HEADER:
            return
        event.stop()
        if row == self._cursor:
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
        row = _HEADER if y == 0 else y - 1 + round(self.scroll_y)
        if row >= len(self._keys):
            return Strip.blank(width, base)
        cursor = row == self._cursor and row != _HEADER
        hover = self._show_hover and row == self._hover
        cache_key = (row, cursor, hover, width, base, self.has_focus)
        strip = self._strips.get(cache_key)
        if strip is None:
            strip = self._strips[cache_key] = self._render_row(row, base, cursor, hover)
        scroll_x = round(self.scroll_x)
        if scroll_x or strip.cell_length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, base)

    def _render_row(self, row: int, base: Style, cursor: bool, hover: bool) -> Strip:
        """One row (or the header) across the table and the rest of the widget's width."""
        if row == _HEADER:
            style = self.get_component_styles("grouped-table--header").rich_style
            cells: Sequence[Text] = [label for label, _ in self._columns]
        else:
            style = base
            cells = self._cells[row]
        extra = _NULL
        if hover:
            extra += self.get_component_rich_style("grouped-table--hover")
            if row == _HEADER:
                extra += self.get_component_rich_style("grouped-table--header-hover")
        if cursor:
            extra += self.get_component_rich_style("grouped-table--cursor")
        style += extra
        post = Style.from_color(extra.color) if extra.color is not None else None  # cursor colour wins
        console = self.app.console
        segments: list[Segment] = []
        table_width = 0
        for index, (_, width) in enumerate(self._columns):
            cell = cells[index] if index < len(cells) else None
            _cell_segments(segments, cell, width, style, post, console)
            table_width += width + 2
        room = max(self.size.width, table_width) - table_width
        if room:
            segments.append(Segment(" " * room, style))
        return Strip(segments).simplify()


def _header(label: Text) -> Text:
    """A column's title: one narrower than the column ends in "…" (``widgets.columns``), never cut."""
    label = label.copy()
    label.overflow = "ellipsis"
    return label


def _cell_segments(
    out: list[Segment], cell: Text | None, width: int, style: Style, post: Style | None, console: Console
) -> None:
    """Append a cell ``width`` wide plus one cell of padding each side, on one line, cut with
    an ellipsis (or as the Text's own overflow says): what DataTable draws for a Text cell."""
    if cell is None or not cell.plain:
        out.append(Segment(" " * (width + 2), style))
        return
    out.append(Segment(" ", style))
    overflow = cell.overflow or "fold"  # Rich's default: one line, so cut
    if cell.spans or "\n" in cell.plain:  # the general case: let Rich cut and style it
        line = cell.split("\n")[0] if "\n" in cell.plain else cell.copy()
        line.end = ""
        line.truncate(width, overflow=overflow, pad=True)
        for segment in line.render(console):
            seg_style = style + segment.style if segment.style else style
            out.append(Segment(segment.text, seg_style + post if post is not None else seg_style))
        out.append(Segment(" ", style))
        return
    plain = cell.plain
    length = cell_len(plain)
    if length > width:
        plain = clip(plain, width) if overflow == "ellipsis" else set_cell_size(plain, width)
        length = cell_len(plain)
    cell_style = style + console.get_style(cell.style, default=_NULL) if cell.style else style
    if post is not None:
        cell_style += post
    out.append(Segment(plain, cell_style))
    out.append(Segment(" " * (width - length + 1), style))
