"""The kanban's drawing surface: one focusable Line API widget that holds the board state,
answers the board keys and draws every visible column (``kanban_paint``). Owned by
``Kanban`` (``kanban.py``), which it posts its messages through.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widget import Widget

from deskcrm.widgets import kanban_paint as paint
from deskcrm.widgets.kanban_model import BoardState

if TYPE_CHECKING:
    from deskcrm.widgets.kanban import Kanban

# Actions (of this widget or of the screen around it) that open a box, a dialog or a screen.
OPENING_ACTIONS = {"filter", "move_to", "open", "new", "new_job", "log", "submittal"}
HOLD_SECONDS = 0.15  # when nothing opened after all (e.g. enter on an empty column)
SETTLE_SECONDS = 1.0  # the most a held key waits for a screen just opened to be mounted and focused
_MOVE = Binding.Group("Move")  # the footer shows H and L as one entry: "H/L Move"


class BoardView(Widget, can_focus=True):
    """The columns themselves (focusable); the bindings live here."""

    HELP_TITLE = "On the board"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="kanban.open"),
        Binding("H", "move(-1)", "◀ Move", tooltip="Move the card back one stage", group=_MOVE, id="kanban.move_back"),
        Binding("L", "move(1)", "Move ▶", tooltip="Move the card on one stage", group=_MOVE, id="kanban.move_on"),
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
        self._held: list[tuple[str, str | None]] | None = None  # a burst after an opening key
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
            self.kanban.post_message(self.kanban.Open(self.kanban, *found))

    def action_move(self, step: int) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(self.kanban.MoveStep(self.kanban, *found, step))

    def action_reorder(self, step: int) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(self.kanban.Reorder(self.kanban, *found, step))

    def action_move_to(self) -> None:
        if (found := self._card()) is not None:
            self.kanban.post_message(self.kanban.MoveTo(self.kanban, *found))

    def action_filter(self) -> None:
        self.kanban.open_filter()

    def _ask_more(self) -> None:
        if self.state.wants_more():
            column = self.state.column
            self.kanban.post_message(self.kanban.NeedMore(self.kanban, column.key, len(column.cards)))

    def on_click(self, event: events.Click) -> None:
        self.focus()

    # ------------------------------------------------------------------ type-ahead

    def _on_key(self, event: events.Key) -> None:
        """A key that opens something (``/``, ``m``, ``enter``, a screen's ``n``/``a``) runs
        only once the keys after it have already reached this widget: a fast typist's "/acme"
        or "m" + "plac" would run "a", "c", "l" as board keys (``i`` marks a fee invoiced).
        So after such a key the rest of the burst is held, and handed on once the box, dialog
        or screen has focus (or, if nothing opened after all, to the board a moment later)."""
        queue = _typeahead(self.app)
        replayed = getattr(event, "_kanban_replayed", False)
        if not replayed and (self._held is not None or queue.running):
            event.stop()
            event.prevent_default()
            (self._held if self._held is not None else queue.pending).append((event.key, event.character))
        elif self._opens_something(event.key):
            self._held = []
            self.set_timer(HOLD_SECONDS, self._release)

    def _opens_something(self, key: str) -> bool:
        for _node, bindings in self.screen._binding_chain:  # the live bindings, keymap applied
            for binding in bindings.key_to_bindings.get(key, ()):
                if binding.action.partition("(")[0] in OPENING_ACTIONS:
                    return True
        return False

    def _release(self) -> None:
        held, self._held = self._held, None
        if held is None or not self.is_attached:
            return
        queue = _typeahead(self.app)
        queue.pending.extend(held)
        if queue.pending and not queue.running:
            queue.running = True
            self.app.run_worker(_replay(self.app, queue), group="kanban-replay", exit_on_error=False)


    # ------------------------------------------------------------------ drawing

    def changed(self, *, content: bool = False) -> None:
        if content:
            self.painter.clear()
        card = self._card()
        if card is not None:
            self.kanban.post_message(self.kanban.Highlighted(self.kanban, *card))
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
        if self._held is not None:
            self.call_later(self._release)

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
            self.state, y, self.window, styles, self.has_focus, self.app.console, self.size.width,
            self._empty_hint() if paint.HEADER <= y < paint.HEADER + 2 else "",
        )

    def _empty_hint(self) -> str:
        """"empty — h/l to move": the keys that leave an empty column, as bound now (keymap)."""
        keys: dict[str, str] = {}
        for active in self.screen.active_bindings.values():
            if active.node is self and active.binding.action in ("column(-1)", "column(1)"):
                keys.setdefault(active.binding.action, self.app.get_key_display(active.binding))
        shown = "/".join(k for k in (keys.get("column(-1)"), keys.get("column(1)")) if k)
        return f"empty — {shown} to move" if shown else "empty"


class _Typeahead:
    """Keys held after an opening key, per app, handed on in order (fresh keys queue behind)."""

    def __init__(self) -> None:
        self.pending: deque[tuple[str, str | None]] = deque()
        self.running = False


def _typeahead(app) -> _Typeahead:
    queue = getattr(app, "_kanban_typeahead", None)
    if queue is None:
        queue = app._kanban_typeahead = _Typeahead()
    return queue


async def _settled(app) -> None:
    """Wait until the screen on top has been mounted and had its focus set (at most
    :data:`SETTLE_SECONDS`): a dialog an opening key pushed is on the stack at once but focuses its
    box only once composed and mounted — on a busy box after the hold ran out, and the held keys
    then reached the dialog itself, not its box ("m" + "sour" lost "sour"). A mounted screen with
    nothing focused (a yes/no question) is not waited for."""
    from textual._wait import wait_for_idle

    waited = 0.0
    while app.focused is None and app.screen_stack and not app.screen.is_mounted and waited < SETTLE_SECONDS:
        await asyncio.sleep(0.01)
        waited += 0.01
    if app.focused is None:
        await wait_for_idle(0)  # a focus asked for in its on_mount is set by a message still queued


async def _replay(app, queue: _Typeahead) -> None:
    """Hand the held keys, in order, to whatever has focus as each one goes (text runs straight
    into a box; after a key that may move focus, wait until it has moved)."""
    from textual._wait import wait_for_idle

    try:
        while queue.pending:
            if not app.screen_stack:  # shutting down
                queue.pending.clear()
                return
            await _settled(app)
            target = app.focused or app.screen
            if isinstance(target, BoardView) and target._held is not None:
                target._held.extend(queue.pending)  # a board waiting for what it opened
                queue.pending.clear()
                return
            key, character = queue.pending.popleft()
            event = events.Key(key, character)
            event._kanban_replayed = True  # type: ignore[attr-defined]
            target._forward_event(event)  # as the app hands a key on
            if isinstance(target, BoardView) or not (character and character.isprintable()):
                await wait_for_idle(0)
    finally:
        queue.running = False
