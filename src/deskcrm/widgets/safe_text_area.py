"""A multi-line text box that never hands the terminal a control sequence (DESIGN.md §6).

Like ``safe_input.SafeInput`` for a ``TextArea``: every edit (typed, pasted, loaded) goes through
``deskcrm.text.clean`` (line breaks kept). A module of its own so screens with no text area
don't import TextArea's machinery on the launch path.
"""

from __future__ import annotations

from textual.document._edit import Edit
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult

from deskcrm import text


class SafeTextArea(TextArea):
    def __init__(self, value: str = "", **kwargs) -> None:
        super().__init__(text.clean(value, multiline=True), **kwargs)

    def edit(self, edit: Edit) -> EditResult:
        edit.text = text.clean(edit.text, multiline=True)
        return super().edit(edit)
