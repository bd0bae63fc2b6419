"""A multi-line text box that keeps what was typed and never hands the terminal a control
sequence (DESIGN.md §6).

Like ``safe_input.SafeInput`` for a ``TextArea``: the text is exactly what was typed, pasted or
loaded (ZWJ, RLM and the like typed on the keyboard too, ``deskcrm.text.typed``); a control
character or a bidi override stays in it and ``problem`` says why it cannot be saved; each line
is drawn through ``deskcrm.text.shown`` (``get_line``, the hook TextArea offers for it). Line
breaks of any kind (CR LF, CR, VT, FF, NEL, U+2028 …) become the document's line break, as
TextArea's document splits lines. The cursor starts at the end of a pre-filled note, so typing
adds to it. A module of its own so screens with no text area don't import TextArea's
machinery on the launch path.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import TextArea

from deskcrm import text


class SafeTextArea(TextArea):
    @property
    def problem(self) -> str | None:
        """Why the text cannot be saved (a control character, a bidi override), or None."""
        return text.problem(self.text, multiline=True)

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)

    def get_line(self, line_index: int) -> Text:
        return Text(text.shown(self.document.get_line(line_index)), end="", no_wrap=True)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return text.typed(character) is not None

    def _on_key(self, event: events.Key) -> None:
        """Type what ``TextArea`` would drop (ZWJ, RLM, NBSP …); it types the rest itself."""
        if event.is_printable or self.read_only:
            return
        character = text.typed(event.character)
        if character is None:
            return
        event.stop()
        event.prevent_default()
        self.replace(character, *self.selection, maintain_selection_offset=False)
