"""Text boxes that never hand the terminal a control sequence (DESIGN.md §6).

Textual draws an ``Input``'s value and a ``TextArea``'s text as they are: a pasted ESC
sequence or bidi override would reach the terminal. These clean every value that enters
them (typed, pasted or set by code) with ``deskcrm.text.clean`` — control characters become
visible stand-ins. Use them for every box that can hold user data.
"""

from __future__ import annotations

from textual.document._edit import Edit
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult

from deskcrm import text


class SafeInput(Input):
    def validate_value(self, value: str) -> str:
        return text.clean(value)


class SafeTextArea(TextArea):
    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(text.clean(value, multiline=True), **kwargs)

    def edit(self, edit: Edit) -> EditResult:
        edit.text = text.clean(edit.text, multiline=True)
        return super().edit(edit)
