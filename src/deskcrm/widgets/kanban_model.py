"""The kanban's state, apart from drawing: columns, the cards loaded in each, the cursor.

Pure Python (no Textual): the widget (``kanban.py``) asks it where the cursor goes and what a
key means, and draws what it holds (``kanban_paint.py``). Cards are data-agnostic: an id the
caller chose and lines of text the caller made safe (``deskcrm.text.cell`` / ``safe``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Card:
    id: Hashable
    # rich Text or textual Content, already safe (never markup); a line may be a tuple of
    # variants, fullest first: a narrow column draws the first that fits (kanban_paint.fitting)
    lines: tuple[Any, ...]


class LazyCard:
    """A card whose lines are made when it is first drawn: a board loads a page of cards per
    column (40) but a screen shows about eight of each, so the rest are never made unless the
    cursor goes down to them. ``make()`` returns the lines, as ``Card.lines``."""

    __slots__ = ("id", "_lines", "_make")

    def __init__(self, id: Hashable, make: Callable[[], tuple[Any, ...]]) -> None:
        self.id = id
        self._make: Callable[[], tuple[Any, ...]] | None = make
        self._lines: tuple[Any, ...] = ()

    @property
    def lines(self) -> tuple[Any, ...]:
        if self._make is not None:
            self._lines, self._make = tuple(self._make()), None
        return self._lines

    def __repr__(self) -> str:
        return f"LazyCard({self.id!r}, {'not made' if self._make is not None else self._lines!r})"


@dataclass(frozen=True, slots=True)
class ColumnData:
    key: str
    title: str
    count: int  # every card in the column, loaded or not ("+N more")
    cards: tuple[Card | LazyCard, ...]
    # e.g. the column's fees, formatted by the caller; a tuple of variants, fullest first, that
    # line up by level across the columns: the board draws one level in every column, the
    # fullest that fits them all (kanban_paint.total_level)
    total: str | tuple[str, ...] | None = None


@dataclass(slots=True)
class ColumnState:
    key: str
    title: str
    count: int
    total: str | tuple[str, ...] | None
    cards: list[Card] = field(default_factory=list)
    cursor: int = 0  # index of the focused card in ``cards``
    top: int = 0  # first card shown
    asked: bool = False  # NeedMore posted, cards not yet added

    @property
    def more(self) -> int:
        """Cards in the column that are not loaded."""
        return max(self.count - len(self.cards), 0)

    @property
    def card(self) -> Card | None:
        return self.cards[self.cursor] if 0 <= self.cursor < len(self.cards) else None


class BoardState:
    def __init__(self) -> None:
        self.columns: list[ColumnState] = []
        self.col = 0  # focused column
        self.slots = 1  # cards that fit in a column (set by the widget from its height)

    # ------------------------------------------------------------------ content

    def set_columns(self, columns: Sequence[ColumnData], keep: Hashable | None = None) -> None:
        """Replace everything. The cursor goes to card ``keep`` wherever it now is; failing that
        it stays in the same column (by key) at the same position."""
        old_key = self.column.key if self.columns else None
        old = {c.key: c for c in self.columns}
        self.columns = []
        for data in columns:
            state = ColumnState(data.key, data.title, data.count, data.total, list(data.cards))
            prev = old.get(data.key)
            if prev is not None:
                state.cursor, state.top = prev.cursor, prev.top
            self._clamp(state)
            self.columns.append(state)
        keys = [c.key for c in self.columns]
        if old_key is None:  # the first load: the first column with cards
            self.col = next((i for i, c in enumerate(self.columns) if c.cards), 0)
        else:
            self.col = keys.index(old_key) if old_key in keys else min(self.col, max(len(keys) - 1, 0))
        if keep is not None:
            self.focus_card(keep)

    def add_cards(self, key: str, cards: Sequence[Card], count: int | None = None) -> None:
        column = self.by_key(key)
        if column is None:
            return
        seen = {c.id for c in column.cards}
        column.cards.extend(c for c in cards if c.id not in seen)
        if count is not None:
            column.count = count
        column.count = max(column.count, len(column.cards))
        column.asked = False

    def replace_card(self, card: Card) -> None:
        for column in self.columns:
            for i, old in enumerate(column.cards):
                if old.id == card.id:
                    column.cards[i] = card

    def by_key(self, key: str) -> ColumnState | None:
        return next((c for c in self.columns if c.key == key), None)

    def find(self, card_id: Hashable) -> tuple[int, int] | None:
        for ci, column in enumerate(self.columns):
            for i, card in enumerate(column.cards):
                if card.id == card_id:
                    return ci, i
        return None

    @property
    def column(self) -> ColumnState:
        return self.columns[self.col]

    @property
    def card(self) -> Card | None:
        return self.column.card if self.columns else None

    # ------------------------------------------------------------------ cursor

    def _clamp(self, column: ColumnState) -> None:
        column.cursor = max(0, min(column.cursor, len(column.cards) - 1))
        slots = max(self.slots, 1)
        if column.cursor < column.top:
            column.top = column.cursor
        elif column.cursor >= column.top + slots:
            column.top = column.cursor - slots + 1
        column.top = max(0, min(column.top, max(len(column.cards) - slots, 0)))

    def set_slots(self, slots: int) -> None:
        self.slots = max(slots, 1)
        for column in self.columns:
            self._clamp(column)

    def focus_card(self, card_id: Hashable) -> bool:
        where = self.find(card_id)
        if where is None:
            return False
        self.col, self.column.cursor = where[0], where[1]
        self._clamp(self.column)
        return True

    def move_column(self, step: int) -> bool:
        target = self.col + step
        if not self.columns or not 0 <= target < len(self.columns):
            return False
        self.col = target
        return True

    def move_card_cursor(self, step: int) -> bool:
        if not self.columns or not self.column.cards:
            return False
        column = self.column
        before = column.cursor
        column.cursor += step
        self._clamp(column)
        return column.cursor != before

    def jump(self, last: bool) -> None:
        if self.columns and self.column.cards:
            self.column.cursor = len(self.column.cards) - 1 if last else 0
            self._clamp(self.column)

    def wants_more(self) -> bool:
        """The cursor reached the last loaded card of a column with more to load (once)."""
        column = self.column if self.columns else None
        if column is None or not column.more or column.asked:
            return False
        if column.cursor >= len(column.cards) - 1:
            column.asked = True
            return True
        return False

    # ------------------------------------------------------------------ optimistic edits

    def move_card(self, card_id: Hashable, to_key: str) -> bool:
        """Move a card to the top of another column (before the database says so); the cursor
        follows it."""
        where = self.find(card_id)
        target = self.by_key(to_key)
        if where is None or target is None:
            return False
        source = self.columns[where[0]]
        if source is target:
            return False
        card = source.cards.pop(where[1])
        source.count = max(source.count - 1, 0)
        self._clamp(source)
        target.cards.insert(0, card)
        target.count += 1
        self.col = self.columns.index(target)
        target.cursor = 0
        self._clamp(target)
        return True

    def swap(self, card_id: Hashable, step: int) -> bool:
        where = self.find(card_id)
        if where is None:
            return False
        column = self.columns[where[0]]
        i, j = where[1], where[1] + step
        if not 0 <= j < len(column.cards):
            return False
        column.cards[i], column.cards[j] = column.cards[j], column.cards[i]
        if self.columns[self.col] is column:
            column.cursor = j
            self._clamp(column)
        return True

    def snapshot(self) -> list[ColumnData]:
        return [ColumnData(c.key, c.title, c.count, tuple(c.cards), c.total) for c in self.columns]
