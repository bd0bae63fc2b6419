"""A one-line text box that never hands the terminal a control sequence (DESIGN.md §6).

Textual draws an ``Input``'s value as it is: a pasted ESC sequence or bidi override would reach
the terminal. This cleans every value that enters it (typed, pasted or set by code) with
``deskcrm.text.clean`` — control characters become visible stand-ins. Use it for every box that
can hold user data (``safe_text_area.SafeTextArea`` for several lines).
"""

from __future__ import annotations

from textual.widgets import Input

from deskcrm import text


class SafeInput(Input):
    def validate_value(self, value: str) -> str:
        return text.clean(value)
