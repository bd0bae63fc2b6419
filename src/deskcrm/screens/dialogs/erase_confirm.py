"""The typed confirmation of an erasure: the person's name, typed again (case and spaces aside).
``enter`` with the name dismisses with what was typed; anything else stays, saying why, under
the box. ``esc`` cancels (None). The name and the warning are shown literally, never as markup.
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


class EraseConfirm(DialogScreen["str | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Erase", priority=True, id="erase_confirm.done"),
        Binding("escape", "cancel", "Cancel", id="erase_confirm.cancel"),
    ]
    HELP_TITLE = "Erase a person"
    DEFAULT_CSS = """
    EraseConfirm { align: center middle; }
    EraseConfirm > Vertical {
        width: 72; max-width: 100%; height: auto; border: round $error; background: $surface; padding: 0 1;
    }
    EraseConfirm SafeInput, EraseConfirm SafeInput:focus { border: none; height: 1; padding: 0 1; margin-top: 1; }
    EraseConfirm #erase-error { height: auto; margin-top: 1; color: $error; }
    """

    def __init__(self, person_id: int, name: str) -> None:
        super().__init__()
        self.person_id, self.person_name = person_id, name

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"Erase {self.person_name} (#{self.person_id})")
            yield Static(text.safe(
                f"This erases {self.person_name} for good: the record, CVs, activities, consent ledger and journal "
                "entries; placements and fees stay, anonymised. It cannot be undone.\n"
                "Type their name to confirm:", multiline=True))
            yield SafeInput(placeholder=self.person_name, id="erase-box")
            yield Static(id="erase-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#erase-box", SafeInput).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        after_typed_keys(self, self._done)

    def _done(self) -> None:
        typed = self.query_one("#erase-box", SafeInput).value
        if same_name(typed, self.person_name):
            self.dismiss(typed)
            return
        said = "Type their name to erase them (esc cancels)." if not typed.strip() else \
            "That is not their name: nothing erased (esc cancels)."
        self.query_one("#erase-error", Static).update(text.safe(said))
