"""Yes or no, for moves that end something (Placed, Closed, Fell off, …) and for questions
like "withdraw 2 other open submissions?". ``y``/``enter`` yes, ``n`` no, ``esc`` cancel (or
what ``cancel`` names it: "not now"), ``f1``/``?`` the keys; the footer says the same as the line
under the question.
Dismisses with True, False, or None (cancelled). The question is plain text, never markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.key_bar import KeyBar


class ConfirmDialog(DialogScreen[bool | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(None)", "Cancel", id="confirm.cancel"),
    ]
    HELP_TITLE = "Confirm"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 64; max-width: 100%; height: auto; border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog Static { width: 1fr; }
    ConfirmDialog #confirm-keys { color: $foreground-muted; margin-top: 1; }
    """

    def __init__(self, title: str, question: str, *, no: bool = False, cancel: str = "cancel") -> None:
        super().__init__()
        self._title, self._question, self._no = title, question, no
        self._cancel = cancel  # what esc does, as the key hint says it

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            yield Static(text.safe(self._question, multiline=True))
            keys = f"y yes · n no · esc {self._cancel}" if self._no else f"y / enter yes · esc {self._cancel}"
            yield Static(text.safe(keys), id="confirm-keys")
        yield KeyBar()

    def binding_label(self, binding: Binding) -> str | None:
        """The footer says what the question's own line says: ``esc`` as ``cancel`` names it ("Not
        now"); ``n`` only where it differs from ``esc`` (``no=True``)."""
        if binding.id == "confirm.cancel":
            return self._cancel[:1].upper() + self._cancel[1:]
        if binding.id == "confirm.no" and not self._no:
            return ""
        return None

    def action_answer(self, answer: bool | None) -> None:
        if answer is False and not self._no:
            answer = None
        self.dismiss(answer)
