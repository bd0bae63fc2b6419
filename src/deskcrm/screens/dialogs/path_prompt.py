"""One path typed for one thing done with it: the file to import, the import screen's mapping
file to save or load, its CV folder. A path box (``~`` allowed, ``tab`` completes, the
completion greyed as you type: ``widgets.path_complete``; the entries that fit listed under it,
as in the Attach dialog: ``widgets.path_list``); ``enter`` runs ``act(path)`` in a worker and
dismisses with what it returns; a failure (the store's one-line message naming the file) stays
under the box with what was typed. ``esc`` cancels (None); an answer that comes after it is
dropped (``screens.still_up``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.screens.still_up import call_back
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.path_list import PathList
from deskcrm.widgets.path_complete import PathBox, PathSuggester, given_path, take_completion
from deskcrm.widgets.safe_input import SafeInput


class PathPrompt(DialogScreen["object | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "OK", priority=True, id="path_prompt.done"),
        Binding("tab", "complete", "Complete", priority=True, id="path_prompt.complete"),
        Binding("escape", "cancel", "Cancel", id="path_prompt.cancel"),
    ]
    HELP_TITLE = "A file or folder"
    EMPTY = "Type a path."  # said when enter finds the box empty
    DEFAULT_CSS = """
    PathPrompt { align: center middle; }
    PathPrompt > Vertical {
        width: 90; max-width: 100%; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    PathPrompt SafeInput, PathPrompt SafeInput:focus { border: none; height: 1; padding: 0 1; }
    PathPrompt #path-note { height: auto; margin-top: 1; color: $foreground 70%; }
    PathPrompt #path-error { height: auto; margin-top: 1; color: $error; }
    """

    def __init__(self, title: str, note: str, act: Callable[[str], Any], *, value: str = "",
                 placeholder: str = "A path (~ is your home)") -> None:
        super().__init__()
        self._title, self._note, self._act, self._value, self._placeholder = title, note, act, value, placeholder
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            yield PathBox(self._value, placeholder=self._placeholder, suggester=PathSuggester(), id="path-box")
            yield PathList(id="path-list")
            yield Static(text.safe(self._note), id="path-note")
            yield Static(id="path-error")
        yield KeyBar()

    @property
    def box(self) -> SafeInput:
        return self.query_one("#path-box", SafeInput)

    def on_mount(self) -> None:
        self.box.focus()
        self.query_one(PathList).follow(self.box.value)

    def on_input_changed(self, event: SafeInput.Changed) -> None:
        self.query_one(PathList).follow(event.value)  # the entries that fit, as the Attach dialog lists them

    def action_complete(self) -> None:
        after_typed_keys(self, lambda: take_completion(self.box))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        after_typed_keys(self, self._done)

    def _done(self) -> None:
        path = given_path(self.box.value)
        if self._busy:
            return
        if not path:
            self._say(self.EMPTY)
            return
        if self.box.problem:
            self._say(self.box.problem)
            return
        self._busy = True
        self._say("")

        def work() -> None:
            from deskcrm.store.errors import StoreError

            try:
                result = self._act(path)
            except (StoreError, OSError, ValueError) as exc:
                call_back(self, self._failed, str(exc))
                return
            call_back(self, self.dismiss, result)  # not when esc closed the dialog meanwhile

        self.run_worker(work, thread=True, exclusive=True, group="path-prompt", name="path-prompt")

    def _failed(self, message: str) -> None:
        self._busy = False
        self._say(message)

    def _say(self, message: str) -> None:
        self.query_one("#path-error", Static).update(text.safe(message))
