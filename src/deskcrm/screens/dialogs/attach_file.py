"""Pick a file to attach to a person: a path box that completes as you type (Textual has no file
picker; a path with completion is what a terminal user knows from the shell).

``tab`` (or ``→`` at the end) takes the completion shown after the cursor — the one entry that
fits, or what all the fitting entries share — and the entries that fit are listed under the
box (``widgets.path_list``, as in every path prompt); ``ctrl+t`` switches between a CV (its
text made searchable) and another file; ``enter`` attaches; ``esc`` cancels. Dismisses with an :class:`AttachChoice`, or None.

Names in a folder are data: a name with a control character is never offered (the completion
is drawn as it is), and the list shows every name through ``deskcrm.text``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.path_list import PathList
from deskcrm.widgets.path_complete import PathBox, PathSuggester, completion, entries, given_path, rooted, take_completion

__all__ = ["AttachChoice", "AttachDialog", "completion", "entries", "rooted", "PathSuggester"]

KIND_HINT = {"cv": "CV — its text is made searchable", "other": "another file — kept, not searched"}


@dataclass(frozen=True, slots=True)
class AttachChoice:
    path: Path
    kind: str  # cv | other


class AttachDialog(DialogScreen[AttachChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "attach", "Attach", priority=True, id="attach.attach"),
        Binding("tab", "complete", "Complete", priority=True, tooltip="Take the completion shown after the cursor",
                id="attach.complete"),
        Binding("ctrl+t", "kind", "CV / other", tooltip="Attach as a CV (text searchable) or as another file",
                id="attach.kind"),
        Binding("escape", "cancel", "Cancel", id="attach.cancel"),
    ]
    HELP_TITLE = "Attach a file"
    DEFAULT_CSS = """
    AttachDialog { align: center middle; }
    AttachDialog > Vertical {
        width: 80; max-width: 100%; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    AttachDialog #attach-who, AttachDialog #attach-kind { text-wrap: nowrap; text-overflow: ellipsis; }
    AttachDialog Input, AttachDialog Input:focus { border: none; height: 1; padding: 0 1; margin: 1 0 0 0; }
    AttachDialog #attach-problem { color: $error; height: auto; }
    """

    def __init__(self, person: str, start: str = "~/", kind: str = "cv") -> None:
        super().__init__()
        self._person = person
        self._start = start
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Attach a file"
            yield Static(text.join("To ", text.safe(self._person, "bold")), id="attach-who")
            yield Static(id="attach-kind")
            yield PathBox(self._start, placeholder="e.g. ~/Downloads/cv.pdf", suggester=PathSuggester(),
                          select_on_focus=False, id="attach-path")
            yield Static(id="attach-problem")
            yield PathList(id="attach-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_kind()
        box = self.query_one("#attach-path", Input)
        box.focus()
        box.cursor_position = len(box.value)
        self.query_one(PathList).follow(box.value)

    def _show_kind(self) -> None:
        self.query_one("#attach-kind", Static).update(
            text.join(text.safe("As ", "dim"), text.safe(KIND_HINT[self.kind]), text.safe("  (ctrl+t switches)", "dim")))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#attach-problem", Static).update("")
        self.query_one(PathList).follow(event.value)

    def action_complete(self) -> None:
        after_typed_keys(self, lambda: take_completion(self.query_one("#attach-path", Input)))

    def action_kind(self) -> None:
        self.kind = "other" if self.kind == "cv" else "cv"
        self._show_kind()

    def action_attach(self) -> None:
        after_typed_keys(self, self._attach_chosen)

    def _attach_chosen(self) -> None:
        value = self.query_one("#attach-path", Input).value.strip()
        path = Path(os.path.expanduser(given_path(value))) if value else None
        problem = None
        if path is None:
            problem = "Type the file's path (tab completes it)"
        elif path.is_dir():
            problem = "That is a folder: type the file's name in it (tab completes it)"
        elif not path.is_file():
            problem = f"No such file: {path} — check the name (tab completes it)"
        if problem is not None:
            self.query_one("#attach-problem", Static).update(text.safe(problem))
            return
        self.dismiss(AttachChoice(path, self.kind))

    def action_cancel(self) -> None:
        self.dismiss(None)
