"""Typed confirmations of an erasure: the words to type shown, ``enter`` with them typed (case and
spaces aside) dismisses, anything else stays, saying why under the box; ``esc`` cancels (None).
Names and the warning are shown literally, never as markup.

- :class:`EraseConfirm` — one person: their name typed again; dismisses with what was typed.
- ``erase_count.EraseCount`` — the marked candidates of the retention review: "erase N"; dismisses True.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput


def same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


class TypedConfirm(DialogScreen["object | None"]):
    """The dialog both confirmations share; a subclass says what to show, what to type and what
    a wrong answer is told (``BOX``: the id of the box, ``#BOX-error`` the line under it)."""

    DEFAULT_CSS = """
    TypedConfirm { align: center middle; }
    TypedConfirm > Vertical {
        width: 72; max-width: 100%; height: auto; border: round $error; background: $surface; padding: 0 1;
    }
    TypedConfirm SafeInput, TypedConfirm SafeInput:focus { border: none; height: 1; padding: 0 1; margin-top: 1; }
    TypedConfirm .typed-error { height: auto; margin-top: 1; color: $error; }
    """
    BOX = "erase-box"

    def __init__(self, title: str, warning: str, expected: str) -> None:
        super().__init__()
        self._title, self._warning, self.expected = title, warning, expected

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            yield Static(text.safe(self._warning, multiline=True))
            yield SafeInput(placeholder=self.expected, id=self.BOX)
            yield Static(id=f"{self.BOX}-error", classes="typed-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(f"#{self.BOX}", SafeInput).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        after_typed_keys(self, self._done)

    def _done(self) -> None:
        typed = self.query_one(f"#{self.BOX}", SafeInput).value
        if same_name(typed, self.expected):
            self.dismiss(self.answer(typed))
            return
        self.query_one(f"#{self.BOX}-error", Static).update(text.safe(self.refusal(typed)))

    def answer(self, typed: str) -> object:
        return typed

    def refusal(self, typed: str) -> str:
        raise NotImplementedError


class EraseConfirm(TypedConfirm):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Erase", priority=True, id="erase_confirm.done"),
        Binding("escape", "cancel", "Cancel", id="erase_confirm.cancel"),
    ]
    HELP_TITLE = "Erase a person"

    def __init__(self, person_id: int, name: str) -> None:
        super().__init__(f"Erase {name} (#{person_id})",
                         f"This erases {name} for good: the record, CVs, activities, consent ledger and journal "
                         "entries; placements and fees stay, anonymised. It cannot be undone.\n"
                         "Type their name to confirm:", name)
        self.person_id, self.person_name = person_id, name

    def refusal(self, typed: str) -> str:
        return ("Type their name to erase them (esc cancels)." if not typed.strip() else
                "That is not their name: nothing erased (esc cancels).")
