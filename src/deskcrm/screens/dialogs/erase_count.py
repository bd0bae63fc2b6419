"""The typed confirmation of a bulk erasure: "erase N" with the number marked, typed exactly
(case and spaces aside). ``enter`` with it dismisses True; anything else stays, saying why.
``esc`` cancels (None). The dialog is ``erase_confirm.TypedConfirm``."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from deskcrm.screens.dialogs.erase_confirm import TypedConfirm


def phrase(count: int) -> str:
    return f"erase {count}"


class EraseCount(TypedConfirm):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Erase", priority=True, id="erase_count.done"),
        Binding("escape", "cancel", "Cancel", id="erase_count.cancel"),
    ]
    HELP_TITLE = "Erase the marked candidates"
    BOX = "erase-count-box"

    def __init__(self, count: int) -> None:
        super().__init__(f"Erase {count} candidates",
                         f"This erases the {count} marked candidates for good: records, CVs, activities, consent "
                         "ledgers and journal entries; placements and fees stay, anonymised. It cannot be undone.\n"
                         f"Type “{phrase(count)}” to confirm:", phrase(count))
        self.count = count

    def answer(self, typed: str) -> object:
        return True

    def refusal(self, typed: str) -> str:
        return f"Type “{phrase(self.count)}” to erase them: nothing erased (esc cancels)."
