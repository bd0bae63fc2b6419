"""A one-line text box that keeps what was typed and never hands the terminal a control
sequence (DESIGN.md §6).

- The value is exactly what was typed or pasted. Textual's ``Input`` types only characters
  that ``str.isprintable()`` accepts, so a zero-width joiner, a direction mark or a no-break
  space typed on the keyboard was dropped (a paste kept it); this box types every character
  but a control (``deskcrm.text.typed``).
- A paste of several lines keeps them all, joined with a space (``deskcrm.text.pasted``:
  "Python" and "Berlin" copied from an email search for both; ``Input`` kept the first line).
- A control character or a bidi override that arrives (a paste) stays in the value, so nothing
  is lost; ``problem`` says why it cannot be saved, and a form shows that at the field.
- The box *draws* its value through ``deskcrm.text.shown`` (one visible stand-in per
  character: ESC as ␛), so the raw bytes never reach the terminal.

Use it for every box that can hold user data (``safe_text_area.SafeTextArea`` for several lines).
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.widgets import Input

from deskcrm import text


class _Shown(Highlighter):
    """What the box draws: its value with the controls made visible, one stand-in for each.

    ``Input`` hands its highlighter the value as a rich ``Text``, which has already dropped
    BEL, BS, VT, FF and CR; so the line is made again from the box's own value (the same
    length as the value: the cursor and the selection stay where they are)."""

    def __init__(self, box: Input) -> None:
        self.box = box

    def highlight(self, line: Text) -> None:
        line.plain = text.shown(self.box.value)


class SafeInput(Input):
    def __init__(self, value: str | None = None, *args, **kwargs) -> None:
        super().__init__(value, *args, **kwargs)
        self.highlighter = _Shown(self)

    @property
    def problem(self) -> str | None:
        """Why the value cannot be saved (a control character, a bidi override), or None."""
        return text.problem(self.value)

    def _on_paste(self, event: events.Paste) -> None:
        """``Input``'s paste, with every line of it (``text.pasted``), not only the first."""
        event.stop()
        event.prevent_default()  # not Input's own as well
        if not event.text:
            return
        line = text.pasted(event.text)
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return text.typed(character) is not None

    async def _on_key(self, event: events.Key) -> None:
        """Type what ``Input`` would drop (ZWJ, RLM, NBSP …); it types the rest itself. The
        box's own keys (backspace, ctrl+u, ctrl+k …) edit this box: see :meth:`_own_key`."""
        if event.is_printable:
            return
        character = text.typed(event.character)
        if character is None:
            await self._own_key(event)
            return
        event.stop()
        event.prevent_default()
        if self.selection.is_empty:
            self.insert_text_at_cursor(character)
        else:
            self.replace(character, *self.selection)

    async def _own_key(self, event: events.Key) -> None:
        """Run the box's own binding for ``event`` here, in the order the keys were typed.

        Left to bubble, the key reaches the app, which looks its binding up from the widget
        focused *then*: after a burst like ``ctrl+u 2 0 tab f r i`` (a fast typist, tmux) the
        ``tab`` has already moved the focus, so the ctrl+u cleared the next box — and the
        "fri" typed there."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
