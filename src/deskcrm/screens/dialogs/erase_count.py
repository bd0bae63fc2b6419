"""The typed confirmation of a bulk erasure: "erase N" with the number marked, typed exactly
(case and spaces aside). ``enter`` with it dismisses True; anything else stays, saying why.
``esc`` cancels (None)."""

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


def phrase(count: int) -> str:
    return f"erase {count}"


def typed_right(typed: str, count: int) -> bool:
    return " ".join(typed.split()).casefold() == phrase(count)


class EraseCount(DialogScreen["bool | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Erase", priority=True, id="erase_count.done"),
        Binding("escape", "cancel", "Cancel", id="erase_count.cancel"),
    ]
    HELP_TITLE = "Erase the marked candidates"
    DEFAULT_CSS = """
    EraseCount { align: center middle; }
    EraseCount > Vertical {
        width: 72; max-width: 100%; height: auto; border: round $error; background: $surface; padding: 0 1;
    }
    EraseCount SafeInput, EraseCount SafeInput:focus { border: none; height: 1; padding: 0 1; margin-top: 1; }
    EraseCount #erase-count-error { height: auto; margin-top: 1; color: $error; }
    """

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Erase {self.count} candidates"
            yield Static(text.safe(
                f"This erases the {self.count} marked candidates for good: records, CVs, activities, consent "
                "ledgers and journal entries; placements and fees stay, anonymised. It cannot be undone.\n"
                f"Type “{phrase(self.count)}” to confirm:", multiline=True))
            yield SafeInput(placeholder=phrase(self.count), id="erase-count-box")
            yield Static(id="erase-count-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#erase-count-box", SafeInput).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        after_typed_keys(self, self._done)

    def _done(self) -> None:
        typed = self.query_one("#erase-count-box", SafeInput).value
        if typed_right(typed, self.count):
            self.dismiss(True)
            return
        said = f"Type “{phrase(self.count)}” to erase them: nothing erased (esc cancels)."
        self.query_one("#erase-count-error", Static).update(text.safe(said))
