"""A reusable kanban board: columns of cards, driven from the keyboard. Knows nothing of the
store; it shows what the caller hands over and posts messages saying what the user asked for.

- ``set_columns([ColumnData(key, title, count, cards, total)], keep=card_id)``: cards are
  ``Card(id, lines)`` with lines already made safe (``deskcrm.text.cell`` / ``safe``; never
  markup), or ``LazyCard(id, make)`` whose lines are made when first drawn. ``count`` is
  every card in the column; only the loaded ones are drawn and the rest shows as "+N more". ``keep`` keeps that card focused after a reload, wherever it now is.
- Keys: ``h``/``l`` column, ``j``/``k`` card, ``g``/``G`` first/last, ``H``/``L`` post
  ``MoveStep`` (one stage), ``J``/``K`` post ``Reorder``, ``m`` posts ``MoveTo`` (the owner asks
  which stage), ``enter`` posts ``Open``, ``/`` opens a filter box that posts ``FilterChanged``
  as you type (the owner re-queries; ``esc`` in the box clears it, and so does ``clear_filter``).
- Reaching the last loaded card of a longer column posts ``NeedMore``; answer with
  ``add_cards``. ``replace_card`` redraws one card (a mark). ``move_card``/``swap_card`` apply a move at once (before the database says so)
  so the board repaints within a frame; the owner reloads after the write.

One Line API widget draws the whole board (``kanban_paint``): no widget per card, and a narrow
terminal shows fewer columns, scrolling sideways to follow the focused one. The focused column's
title and rule are lit; an empty one says "empty — h/l to move" where the cursor would be.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from deskcrm.widgets.kanban_model import Card, ColumnData, LazyCard
from deskcrm.widgets.kanban_view import BoardView
from deskcrm.widgets.safe_input import SafeInput

__all__ = ["Card", "ColumnData", "Kanban", "LazyCard"]


class _CardMessage(Message):
    def __init__(self, kanban: Kanban, card_id: Hashable, column: str) -> None:
        super().__init__()
        self.kanban, self.card_id, self.column = kanban, card_id, column

    @property
    def control(self) -> Kanban:
        return self.kanban


class Kanban(Vertical):
    DEFAULT_CSS = """
    Kanban { height: 1fr; }
    Kanban > #kanban-filter, Kanban > #kanban-filter:focus { display: none; height: 1; border: none; padding: 0 1; }
    Kanban.-filtering > #kanban-filter, Kanban.-filtering > #kanban-filter:focus { display: block; }
    """

    class Open(_CardMessage):
        """``enter`` on a card."""

    class MoveTo(_CardMessage):
        """``m``: the owner asks which stage and moves the card there."""

    class Highlighted(_CardMessage):
        """The cursor is on a card."""

    class MoveStep(_CardMessage):
        """``H`` (step -1) / ``L`` (step +1): move the card one stage."""

        def __init__(self, kanban: Kanban, card_id: Hashable, column: str, step: int) -> None:
            super().__init__(kanban, card_id, column)
            self.step = step

    class Reorder(MoveStep):
        """``K`` (step -1) / ``J`` (step +1): swap the card with its neighbour in the column."""

    class FilterChanged(Message):
        def __init__(self, kanban: Kanban, value: str) -> None:
            super().__init__()
            self.kanban, self.value = kanban, value

        @property
        def control(self) -> Kanban:
            return self.kanban

    class NeedMore(Message):
        """The cursor reached the last loaded card of a column that has more."""

        def __init__(self, kanban: Kanban, column: str, loaded: int) -> None:
            super().__init__()
            self.kanban, self.column, self.loaded = kanban, column, loaded

        @property
        def control(self) -> Kanban:
            return self.kanban

    def __init__(self, *, card_lines: int = 3, min_width: int = 22, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view = BoardView(self, card_lines, min_width)
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="Filter cards: client, owner, words… (esc clears)", id="kanban-filter")
        yield self.view

    def focus(self, scroll_visible: bool = True) -> Kanban:
        self.view.focus(scroll_visible)
        return self

    # ------------------------------------------------------------------ content

    def set_columns(self, columns: Sequence[ColumnData], *, keep: Hashable | None = None) -> None:
        self.view.state.set_columns(columns, keep)
        self.view.changed(content=True)

    def add_cards(self, column: str, cards: Sequence[Card], count: int | None = None) -> None:
        self.view.state.add_cards(column, cards, count)
        self.view.changed(content=True)

    def replace_card(self, card: Card) -> None:
        """Draw ``card`` instead of the card with its id (a mark set or cleared), where it is."""
        self.view.state.replace_card(card)
        self.view.changed(content=True)

    def move_card(self, card_id: Hashable, to_column: str) -> bool:
        moved = self.view.state.move_card(card_id, to_column)
        if moved:
            self.view.changed()  # cards keep their cached lines: only places change
        return moved

    def swap_card(self, card_id: Hashable, step: int) -> bool:
        swapped = self.view.state.swap(card_id, step)
        if swapped:
            self.view.changed()
        return swapped

    def focus_card(self, card_id: Hashable) -> bool:
        found = self.view.state.focus_card(card_id)
        self.view.changed()
        return found

    @property
    def columns(self) -> list[ColumnData]:
        return self.view.state.snapshot()

    @property
    def deepest(self) -> int:
        """The most cards loaded in any column (read on with ``j`` past a page)."""
        return max((len(c.cards) for c in self.view.state.columns), default=0)

    @property
    def column_keys(self) -> list[str]:
        return [c.key for c in self.view.state.columns]

    @property
    def focused(self) -> tuple[Hashable | None, str | None]:
        """(card id, column key) under the cursor."""
        state = self.view.state
        if not state.columns:
            return None, None
        card = state.card
        return (card.id if card else None), state.column.key

    # ------------------------------------------------------------------ filter

    def open_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#kanban-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.filter_text:
            self.filter_text = event.value
            self.post_message(self.FilterChanged(self, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.remove_class("-filtering")
        self.view.focus()

    def clear_filter(self) -> None:
        """Empty and hide the filter box (posts ``FilterChanged("")`` when there was a filter)."""
        self.query_one("#kanban-filter", Input).value = ""
        self.remove_class("-filtering")

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#kanban-filter", Input).has_focus:
            event.stop()
            event.prevent_default()
            self.clear_filter()
            self.view.focus()
