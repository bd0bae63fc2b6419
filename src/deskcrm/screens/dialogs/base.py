"""What every modal dialog shares: ``f1`` lists the dialog's own keys.

Textual's modal screens do not pass the app's bindings through (the app's ``?``/``f1`` help
never reaches a dialog), and ``?`` is text in a box. So each dialog gets its own ``f1`` = help,
the same help screen as everywhere (screens/help.py: built from this dialog's live bindings,
what has the focus included), shown as "f1 Help" at the end of its footer. A dialog with no text
box (a yes/no question, a list) sets ``QUESTION_MARK_HELP`` and ``?`` opens the help too.
``esc`` (or ``f1``/``?`` again) closes the help: the dialog is as it was, nothing typed lost.

    class ConfirmDialog(DialogScreen[bool | None]):
        BINDINGS = [...]          # the dialog's own keys; the help binding is added after them
        HELP_TITLE = "Confirm"    # the help's title and the name of the group of keys
        QUESTION_MARK_HELP = True
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding
from textual.screen import ModalScreen, ScreenResultType

HELP_ID = "dialog.help"


def help_binding(question_mark: bool) -> Binding:
    """``f1`` (and ``?`` where nothing is typed): this dialog's keys. One id in every dialog, so
    remapping it in the config file's [keys] changes it everywhere."""
    if question_mark:
        return Binding("f1,question_mark", "help", "Help", tooltip="Every key here", id=HELP_ID)
    return Binding("f1", "help", "Help", tooltip="Every key here (? is text)", id=HELP_ID)


class DialogScreen(ModalScreen[ScreenResultType]):
    """A modal dialog with ``f1`` help (see the module docstring)."""

    HELP_TITLE: ClassVar[str] = "Dialog"
    QUESTION_MARK_HELP: ClassVar[bool] = False  # no text box here: ? opens the help too

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # After the dialog's own keys (Textual merges base-class bindings first): "f1 Help" comes
        # last in the footer, and stays there when the keys do not fit (KeyBar).
        own = list(cls.__dict__.get("BINDINGS", ()))
        if not any(isinstance(b, Binding) and b.id == HELP_ID for b in own):
            cls.BINDINGS = [*own, help_binding(cls.QUESTION_MARK_HELP)]
        super().__init_subclass__(**kwargs)

    def key_by_id(self, binding_id: str) -> str:
        """The key bound to ``binding_id`` here (as remapped), spelt out for a sentence: "ctrl+s",
        "esc"; "?" when nothing is bound to it."""
        found = [key for key, b in self.active_bindings.items() if b.binding.id == binding_id]
        return min(found, key=len).replace("escape", "esc") if found else "?"

    def action_help(self) -> None:
        from deskcrm.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
