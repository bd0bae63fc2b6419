"""Import, step 1: which file. A path box (``~`` allowed); ``tab`` completes a folder or file
name (the completion is shown greyed as you type). ``enter`` opens the file in a worker — only
its first rows are read — and dismisses with the :class:`~deskcrm.screens.import_work.Preview`;
a wrong path or a malformed file is one line under the box, and what was typed stays.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput

_LISTED = 2000  # entries of a folder looked at for a completion


def complete(value: str) -> str | None:
    """``value`` completed to the first folder or file (folders first, by name) whose name
    starts with what follows its last ``/``; a folder ends in ``/``. None: nothing to add."""
    if not value:
        return None
    head, _, stem = value.rpartition("/")
    folder = Path(os.path.expanduser(head + "/" if head or value.startswith("/") else "."))
    try:
        with os.scandir(folder) as it:
            names = []
            for n, entry in enumerate(it):
                if n >= _LISTED:
                    break
                if entry.name.startswith(stem) and (stem.startswith(".") or not entry.name.startswith(".")):
                    names.append((not entry.is_dir(), entry.name))
    except OSError:
        return None
    if not names:
        return None
    is_file, name = min(names)
    done = (head + "/" if head or value.startswith("/") else "") + name + ("" if is_file else "/")
    return done if done != value else None


def given_path(value: str) -> str:
    """The path in the box as a file manager drops or a shell copies it: ``'…'`` / ``"…"`` quotes
    and a ``file://`` URL taken off."""
    path = value.strip()
    if len(path) >= 2 and path[0] == path[-1] and path[0] in "'\"":
        path = path[1:-1]
    if path.startswith("file://"):
        from urllib.parse import unquote, urlparse

        path = unquote(urlparse(path).path)
    return path


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value)


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
            done = complete(self.box.value)
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
