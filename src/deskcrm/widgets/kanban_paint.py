"""Drawing the kanban, one terminal line at a time (Textual's Line API).

A board is one widget: line ``y`` is the ``y``-th line of every visible column side by side.
Each column is ``HEADER`` lines (title and count; total; a rule), then ``slots`` cards of
``card_lines`` lines and a blank line each, then a "+N more" line. Only the cards on screen are
ever turned into segments, and each card line is cached, so a board of 500 cards costs what a
screenful costs.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.strip import Strip

from deskcrm.widgets.columns import clip
from deskcrm.widgets.kanban_model import BoardState, Card, ColumnState

HEADER = 3  # title + count, total, rule
FOOTER = 1  # "+N more"


@dataclass(frozen=True, slots=True)
class Styles:
    base: Style
    header: Style
    header_focus: Style
    card: Style
    cursor: Style  # the focused card while the board has focus
    cursor_blur: Style
    dim: Style


@dataclass(frozen=True, slots=True)
class Window:
    first: int  # first visible column
    count: int  # visible columns
    width: int  # cells per column (the last one is the separator)


def window(state: BoardState, width: int, min_width: int, first: int) -> Window:
    """The columns that fit, keeping the focused one in view (horizontal scroll follows it)."""
    total = len(state.columns)
    count = max(1, min(total, width // max(min_width, 8))) if total else 1
    if state.col < first:
        first = state.col
    elif state.col >= first + count:
        first = state.col - count + 1
    first = max(0, min(first, max(total - count, 0)))
    return Window(first, count, max(width // count, 4))


def slots(height: int, card_lines: int) -> int:
    return max((height - HEADER - FOOTER) // (card_lines + 1), 1)


def _fit(plain: str, width: int) -> str:
    plain = clip(plain, width)  # a line that does not fit ends in "…" (widgets.columns)
    return plain + " " * (width - cell_len(plain))


def _width(line: object) -> int:
    if isinstance(line, Content):
        return line.cell_length
    if isinstance(line, Text):
        return line.cell_len
    return cell_len(str(line))


def fitting(line: object, width: int) -> object:
    """A card line, or for a tuple of variants (fullest first) the first that fits ``width``
    cells, else the last (the shortest, cut with an ellipsis)."""
    if not isinstance(line, tuple):
        return line
    if not line:
        return ""
    return next((variant for variant in line if _width(variant) <= width), line[-1])


def _variants(total: object) -> tuple:
    return total if isinstance(total, tuple) else (total or "",)


def total_level(state: BoardState, inner: int) -> int:
    """The fullest level of the column totals that fits every column (variants line up by level
    across columns, e.g. all in full / all short / one currency and "+N cur"): the board draws
    the same level everywhere. ``inner``: a column's cells; "↑N" beside a total takes its room."""
    totals = [(_variants(c.total), _total_room(c, inner)) for c in state.columns if c.total]
    deepest = max((len(v) for v, _room in totals), default=1) - 1
    return next((level for level in range(deepest + 1)
                 if all(_width(v[min(level, len(v) - 1)]) <= room for v, room in totals)), deepest)


def _total_room(column: ColumnState, inner: int) -> int:
    return max(inner - 1 - cell_len(_above(column)), 0)


def _above(column: ColumnState) -> str:
    return f"↑{column.top} " if column.top else ""


def _text_segments(line: object, width: int, style: Style, console) -> list[Segment]:
    line = fitting(line, width)
    if isinstance(line, Content):
        segments = line.truncate(width, ellipsis=True, pad=True).render_segments(style)
        return list(Segment.adjust_line_length(segments, width, style))
    if not isinstance(line, Text):  # plain str: literal, never markup
        return [Segment(_fit(str(line), width), style)]
    text = line.copy()
    text.truncate(width, overflow="ellipsis", pad=True)
    segments = list(Segment.apply_style(text.render(console, end=""), style))
    return list(Segment.adjust_line_length(segments, width, style))


class Painter:
    """Turns the board state into strips; caches card lines until ``clear``."""

    def __init__(self, card_lines: int) -> None:
        self.card_lines = card_lines
        self._cache: dict[tuple[Hashable, int, int, int], list[Segment]] = {}

    def clear(self) -> None:
        self._cache.clear()

    def line(self, state: BoardState, y: int, win: Window, styles: Styles, focus: bool, console, total_width: int,
             empty: str = "empty") -> Strip:
        """Line ``y`` of the board. ``empty``: what the focused column says when it has no card
        (so the cursor is never invisible)."""
        segments: list[Segment] = []
        n_slots = None
        level = total_level(state, win.width - 1) if y == 1 else 0
        for i in range(win.first, min(win.first + win.count, len(state.columns))):
            column = state.columns[i]
            focused = i == state.col
            inner = win.width - 1
            if y < HEADER:
                segments += self._header(state, column, y, i, win, inner, styles, focused, level)
            else:
                n_slots = n_slots or state.slots
                segments += self._body(column, y - HEADER, n_slots, inner, styles, focused, focus, console, empty)
            segments.append(Segment("┼" if y == HEADER - 1 else "│", styles.dim))
        strip = Strip(segments)
        return strip.adjust_cell_length(total_width, styles.base).simplify()

    def _header(self, state, column: ColumnState, y, i, win: Window, inner, styles: Styles, focused,
                level: int) -> list[Segment]:
        style = styles.header_focus if focused else styles.header
        if y == 0:
            left = "◀ " if i == win.first and win.first > 0 else ""
            right = " ▶" if i == win.first + win.count - 1 and i < len(state.columns) - 1 else ""
            count = f" {column.count}"
            room = max(inner - 1 - cell_len(left + count + right), 0)
            title = _fit(column.title, room).rstrip()
            pad = inner - 1 - cell_len(left + title + count + right)
            return [Segment(" " + left + title, style), Segment(" " * max(pad, 0), style), Segment(count + right, style)]
        if y == 1:
            variants = _variants(column.total)
            room = _total_room(column, inner)
            total = _fit(str(variants[min(level, len(variants) - 1)]), room)
            return [Segment(" " + total, styles.dim), Segment(_above(column), styles.dim)]
        return [Segment("─" * inner, style if focused else styles.dim)]  # the focused column's rule is lit

    def _body(self, column: ColumnState, y, n_slots, inner, styles: Styles, focused, focus, console,
              empty: str) -> list[Segment]:
        height = self.card_lines + 1
        slot, row = divmod(y, height)
        if focused and not column.cards and y < 2:  # no card to put the cursor on: say so, where it would be
            room = max(inner - 1, 0)
            lines = [empty] if cell_len(empty) <= room else empty.split(" — ")  # narrow: "empty", then the keys
            line = lines[y] if y < len(lines) else ""
            edge = styles.cursor if focus else styles.cursor_blur
            return [Segment("▌" if line else " ", Style(color=edge.bgcolor)), Segment(_fit(line, room), styles.dim)]
        if slot >= n_slots:
            if slot == n_slots and row == 0:
                below = column.count - min(column.top + n_slots, len(column.cards))
                label = f"+{below} more" if below > 0 else ""
                return [Segment(_fit(" " + label, inner), styles.dim)]
            return [Segment(" " * inner, styles.base)]
        index = column.top + slot
        if index >= len(column.cards) or row == self.card_lines:
            return [Segment(" " * inner, styles.base)]
        card = column.cards[index]
        cursor = 2 if focused and focus and index == column.cursor else 1 if focused and index == column.cursor else 0
        key = (card.id, row, inner, cursor)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._card_line(card, row, inner, styles, cursor, console)
        return cached

    def _card_line(self, card: Card, row: int, inner: int, styles: Styles, cursor: int, console) -> list[Segment]:
        style = styles.cursor if cursor == 2 else styles.cursor_blur if cursor == 1 else styles.card
        line = card.lines[row] if row < len(card.lines) else ""
        edge = Segment("▌" if cursor else " ", style)
        body = _text_segments(line, max(inner - 2, 0), style, console)
        if cursor:  # the cursor's colours win over the card text's own
            body = list(Segment.apply_style(body, post_style=Style(bgcolor=style.bgcolor)))
        return [edge, *body, Segment(" ", style)]
