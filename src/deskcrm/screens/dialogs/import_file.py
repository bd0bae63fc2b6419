"""Import, step 1: which file. A path box (``~`` allowed); ``tab`` completes a folder or file
name (the completion is shown greyed as you type). ``enter`` opens the file in a worker — only
its first rows are read — and dismisses with the :class:`~deskcrm.screens.import_work.Preview`;
a wrong path or a malformed file is one line under the box, and what was typed stays.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.path_complete import PathSuggester, completion, given_path
from deskcrm.widgets.safe_input import SafeInput

complete = completion  # the name the import flow's tests know

class ImportFileDialog(DialogScreen["object | None"]):
    """Dismisses with a Preview of the chosen file, or None on ``esc``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True, id="import_file.open"),
        Binding("tab", "complete", "Complete", priority=True, id="import_file.complete"),
        Binding("escape", "cancel", "Cancel", id="import_file.cancel"),
    ]
    HELP_TITLE = "Import: the file"
    DEFAULT_CSS = """
    ImportFileDialog { align: center middle; }
    ImportFileDialog > Vertical {
        width: 90; max-width: 100%; height: auto; border: round $primary; background: $surface; padding: 0 1;
    }
    ImportFileDialog SafeInput, ImportFileDialog SafeInput:focus { border: none; height: 1; padding: 0 1; }
    ImportFileDialog #import-file-note { height: auto; margin-top: 1; color: $foreground 70%; }
    ImportFileDialog #import-file-error { height: auto; margin-top: 1; color: $error; }
    """

    def __init__(self, value: str = "") -> None:
        super().__init__()
        self._value = value
        self._opening = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import a file"
            yield SafeInput(self._value, placeholder="Path of a CSV, TSV or XLSX file (~ is your home)",
                            suggester=PathSuggester(), id="import-path")
            yield Static(text.safe("LinkedIn Connections.csv, Bullhorn and OpenCATS exports, or any sheet "
                                   "with a header row. Nothing is written until you confirm."), id="import-file-note")
            yield Static(id="import-file-error")
        yield KeyBar()

    @property
    def box(self) -> SafeInput:
        return self.query_one("#import-path", SafeInput)

    def on_mount(self) -> None:
        self.box.focus()

    def action_complete(self) -> None:
        def run() -> None:
            done = completion(self.box.value)
            if done is not None:
                self.box.value = done
                self.box.cursor_position = len(done)

        after_typed_keys(self, run)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        after_typed_keys(self, self._open)

    def _open(self) -> None:
        path = given_path(self.box.value)
        if self._opening:
            return
        if not path:
            self._say("Type the path of the file to import.")
            return
        if self.box.problem:
            self._say(self.box.problem)
            return
        self._opening = True
        self._say("")

        def work() -> None:
            from deskcrm.screens import import_work
            from deskcrm.store.errors import StoreError

            try:
                found = import_work.preview(path)
            except (StoreError, OSError, ValueError) as exc:  # BadFile: one line naming the file and where
                said = str(exc)
                full = str(Path(path).expanduser())
                if said.startswith(full):  # the box shows the path: the message names the file
                    said = Path(full).name + said[len(full):]
                self.app.call_from_thread(self._failed, said)
                return
            self.app.call_from_thread(self.dismiss, found)

        self.run_worker(work, thread=True, exclusive=True, group="import-open", name="import-open")

    def _failed(self, message: str) -> None:
        self._opening = False
        self._say(message)

    def _say(self, message: str) -> None:
        self.query_one("#import-file-error", Static).update(text.safe(message))
