"""The filled Art. 14 notice, ready to copy: ``c`` copies it (the terminal's clipboard), ``esc``
closes, ``f1``/``?`` the keys. The text is the user's template filled with their data: shown
literally (deskcrm.text), never markup; the border names the template file to edit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.key_bar import KeyBar


class NoticeView(DialogScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", "Copy", tooltip="Copy the notice to paste it in an email or a letter", id="notice.copy"),
        Binding("escape", "close", "Close", id="notice.close"),
    ]
    HELP_TITLE = "Art. 14 notice"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    NoticeView { align: center middle; }
    NoticeView > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    NoticeView VerticalScroll { height: auto; max-height: 1fr; }
    NoticeView #notice-where { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, name: str, notice: str, template: str) -> None:
        super().__init__()
        self._name = name
        self._notice = notice
        self._template = template

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"Art. 14 notice — {text.clean(self._name)}")
            with VerticalScroll():
                yield Static(text.safe(self._notice, multiline=True), id="notice-text")
            yield Static(text.safe(f"Template: {self._template} (edit it to change every notice)"), id="notice-where")
        yield KeyBar()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._notice)
        text.notify(self.app, "Notice copied: paste it in an email or a letter")

    def action_close(self) -> None:
        self.dismiss(None)
