"""A reusable kanban board: columns of cards, driven from the keyboard. Knows nothing of the
store; it shows what the caller hands over and posts messages saying what the user asked for.

- ``set_columns([ColumnData(key, title, count, cards, total)], keep=card_id)``: cards are
  ``Card(id, lines)`` with lines already made safe (``deskcrm.text.cell`` / ``safe``; never
  markup). ``count`` is every card in the column; only the loaded ones are drawn and the rest
  shows as "+N more". ``keep`` keeps that card focused after a reload, wherever it now is.
- Keys: ``h``/``l`` column, ``j``/``k`` card, ``g``/``G`` first/last, ``H``/``L`` post
  ``MoveStep`` (one stage), ``J``/``K`` post ``Reorder``, ``m`` posts ``MoveTo`` (the owner asks
  which stage), ``enter`` posts ``Open``, ``/`` opens a filter box that posts ``FilterChanged``
  as you type (the owner re-queries; ``esc`` in the box clears it).
- Reaching the last loaded card of a longer column posts ``NeedMore``; answer with
  ``add_cards``. ``move_card``/``swap_card`` apply a move at once (before the database says so)
  so the board repaints within a frame; the owner reloads after the write.

One Line API widget draws the whole board (``kanban_paint``): no widget per card, and a narrow
terminal shows fewer columns, scrolling sideways to follow the focused one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from deskcrm.widgets import kanban_paint as paint
from deskcrm.widgets.kanban_model import BoardState, Card, ColumnData

__all__ = ["Card", "ColumnData", "Kanban"]


class _CardMessage(Message):
    def __init__(self, kanban: Kanban, card_id: Hashable, column: str) -> None:
        super().__init__()
        self.kanban, self.card_id, self.column = kanban, card_id, column

    @property
    def control(self) -> Kanban:
        return self.kanban


class BoardView(Widget, can_focus=True):
    """The columns themselves (focusable); the bindings live here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="kanban.open"),
        Binding("H", "move(-1)", "◀ Move", tooltip="Move the card back one stage", id="kanban.move_back"),
        Binding("L", "move(1)", "Move ▶", tooltip="Move the card on one stage", id="kanban.move_on"),
        Binding("m", "move_to", "Move to…", tooltip="Move the card to any stage", id="kanban.move_to"),
        Binding("slash", "filter", "Filter", tooltip="Show only cards matching some text", id="kanban.filter"),
        Binding("J", "reorder(1)", "Reorder down", show=False, id="kanban.reorder_down"),
        Binding("K", "reorder(-1)", "Reorder up", show=False, id="kanban.reorder_up"),
        Binding("h,left", "column(-1)", "Previous column", show=False, id="kanban.left"),
        Binding("l,right", "column(1)", "Next column", show=False, id="kanban.right"),
        Binding("j,down", "card(1)", "Next card", show=False, id="kanban.down"),
        Binding("k,up", "card(-1)", "Previous card", show=False, id="kanban.up"),
        Binding("g,home", "jump(0)", "First card", show=False, id="kanban.first"),
        Binding("G,end", "jump(1)", "Last loaded card", show=False, id="kanban.last"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "kanban--header", "kanban--header-focus", "kanban--card", "kanban--cursor",
        "kanban--cursor-blur", "kanban--dim",
    }
    DEFAULT_CSS = """
    BoardView {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .kanban--header { text-style: bold; color: $foreground-muted; }
        & > .kanban--header-focus { text-style: bold; color: $accent; }
        & > .kanban--card { background: $boost; }
        & > .kanban--dim { color: $foreground-muted; }
        & > .kanban--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .kanban--cursor-blur {
            background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
        }
    }
    """

    def __init__(self, kanban: Kanban, card_lines: int, min_width: int) -> None:
        super().__init__(id="kanban-view")
        self.kanban = kanban
        self.state = BoardState()
        self.painter = paint.Painter(card_lines)
        self.card_lines, self.min_width = card_lines, min_width
        self._first = 0
        self._styles: paint.Styles | None = None

    # ------------------------------------------------------------------ keys

    def action_column(self, step: int) -> None:
        if self.state.move_column(step):
            self.changed()

    def action_card(self, step: int) -> None:
        moved = self.state.move_card_cursor(step)
        if moved:
            self.changed()
        self._ask_more()

    def action_jump(self, last: int) -> None:
        self.state.jump(bool(last))
        self.changed()
        self._ask_more()

    def _card(self) -> tuple[Hashable, str] | None:
        card = self.state.card
        return (card.id, self.state.column.key) if card is not None else None

    def action_open(self) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(Kanban.Open(self.kanban, *found))

    def action_move(self, step: int) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(Kanban.MoveStep(self.kanban, *found, step))

    def action_reorder(self, step: int) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(Kanban.Reorder(self.kanban, *found, step))

    def action_move_to(self) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(Kanban.MoveTo(self.kanban, *found))

    def action_filter(self) -> None:
        self.kanban.open_filter()

    def _ask_more(self) -> None:
        if self.state.wants_more():
            column = self.state.column
            self.kanban.post_message(Kanban.NeedMore(self.kanban, column.key, len(column.cards)))

    def on_click(self, event: events.Click) -> None:
        self.focus()

    # ------------------------------------------------------------------ drawing

    def changed(self, *, content: bool = False) -> None:
        if content:
            self.painter.clear()
        card = self._card()
        if card is not None:
            self.kanban.post_message(Kanban.Highlighted(self.kanban, *card))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.state.set_slots(paint.slots(event.size.height, self.card_lines))
        self.painter.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self.painter.clear()

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.refresh()

    def styles_for_paint(self) -> paint.Styles:
        if self._styles is None:
            base = self.rich_style
            get = self.get_component_rich_style
            self._styles = paint.Styles(
                base=base,
                header=base + get("kanban--header"),
                header_focus=base + get("kanban--header-focus"),
                card=base + get("kanban--card"),
                cursor=base + get("kanban--cursor"),
                cursor_blur=base + get("kanban--cursor-blur"),
                dim=base + get("kanban--dim"),
            )
        return self._styles

    @property
    def window(self) -> paint.Window:
        win = paint.window(self.state, self.size.width, self.min_width, self._first)
        self._first = win.first
        return win

    def render_line(self, y: int) -> Strip:
        styles = self.styles_for_paint()
        if not self.state.columns:
            return Strip.blank(self.size.width, styles.base)
        return self.painter.line(
            self.state, y, self.window, styles, self.has_focus, self.app.console, self.size.width
        )


class Kanban(Vertical):
    DEFAULT_CSS = """
    Kanban { height: 1fr; }
    Kanban > #kanban-filter { display: none; height: 1; border: none; padding: 0 1; }
    Kanban.-filtering > #kanban-filter { display: block; }
    """
    HELP_TITLE = "On the board"

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
        yield Input(placeholder="Filter cards: client, owner, words… (esc clears)", id="kanban-filter")
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

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.query_one("#kanban-filter", Input).has_focus:
            event.stop()
            event.prevent_default()
            self.query_one("#kanban-filter", Input).value = ""  # posts FilterChanged("")
            self.remove_class("-filtering")
            self.view.focus()
