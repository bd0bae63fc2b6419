"""Import, step 1: which file. The path box of :class:`PathPrompt` (``~`` allowed; ``tab``
completes a folder or file name, the completion shown greyed as you type). ``enter`` opens the
file in a worker — only its first rows are read — and dismisses with the
:class:`~deskcrm.screens.import_work.Preview`; a wrong path or a malformed file is one line
under the box (naming the file, not the path the box already shows), and what was typed stays.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType

from deskcrm.screens.dialogs.path_prompt import PathPrompt
from deskcrm.widgets.path_complete import completion, given_path

complete = completion  # the name the import flow's tests know
__all__ = ["ImportFileDialog", "complete", "given_path"]

_NOTE = ("LinkedIn Connections.csv, Bullhorn and OpenCATS exports, or any sheet with a header row. "
         "Nothing is written until you confirm.")


def _preview(path: str):  # noqa: ANN202 - an import_work.Preview
    from deskcrm.screens import import_work
    from deskcrm.store.errors import StoreError

    try:
        return import_work.preview(path)
    except (StoreError, OSError, ValueError) as exc:  # BadFile: one line naming the file and where
        said, full = str(exc), str(Path(path).expanduser())
        if said.startswith(full):  # the box shows the path: the message names the file
            raise ValueError(Path(full).name + said[len(full):]) from None
        raise


class ImportFileDialog(PathPrompt):
    """Dismisses with a Preview of the chosen file, or None on ``esc``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Open", priority=True, id="import_file.open"),
        Binding("tab", "complete", "Complete", priority=True, id="import_file.complete"),
        Binding("escape", "cancel", "Cancel", id="import_file.cancel"),
    ]
    HELP_TITLE = "Import: the file"
    EMPTY = "Type the path of the file to import."

    def __init__(self, value: str = "") -> None:
        super().__init__("Import a file", _NOTE, _preview, value=value,
                         placeholder="Path of a CSV, TSV or XLSX file (~ is your home)")
