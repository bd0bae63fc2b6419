"""The import screen's files beside the one imported (``import_flow.ImportScreen`` mixes it in):
``c`` the CV folder (a people file: the dry run lists each row's CV; at ``ctrl+s`` the files are
read in a worker BEFORE the write is queued, so the batch never waits on a PDF), ``s`` the
mapping shown saved to a TOML file (as ``--save-map``), ``o`` a mapping file loaded (as
``--map``: laid over the file's header, the columns either side lacks said). Each asks for its
path with ``dialogs.path_prompt`` (a wrong one is one line under the box, naming the file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.still_up import call_back


class ImportFiles:
    """Needs of the screen: ``found``, ``mapping``, ``cvs``, ``rule``, ``_busy``, ``table``,
    ``_draw``, ``_failed``, ``_write``, ``progress``, ``query_one``, ``run_worker``, ``app``."""

    found: Any
    mapping: Any
    cvs: Path | None
    rule: str
    _busy: str | None
    table: Any
    app: Any
    query_one: Any
    run_worker: Any
    _draw: Any
    _failed: Any
    _write: Any
    progress: Any

    def _read_cvs(self) -> None:
        path, mapping, folder = self.found.path, self.mapping, self.cvs
        self.query_one("#import-counts", Static).update(text.safe("Reading the CVs…", "italic"))

        def work() -> None:  # the files read BEFORE the write: the batch never waits on a PDF
            from deskcrm.screens import import_work
            from deskcrm.screens.cv_actions import data_dir
            from deskcrm.store.errors import StoreError
            from deskcrm.work.writes import error_message

            try:
                cvs = import_work.read_cvs(path, mapping, folder, data_dir(), self.progress)
            except (StoreError, OSError, ValueError) as exc:
                call_back(self, self._failed, error_message(exc))
                return
            call_back(self, self._write, cvs)

        self.run_worker(work, thread=True, exclusive=True, group="import-cvs", name="import-cvs")

    def action_cvs(self) -> None:
        from deskcrm.screens.dialogs.path_prompt import PathPrompt
        from deskcrm.screens.import_work import cv_folder

        if self._busy:
            return
        if self.mapping.kind != "people":
            text.notify(self.app, f"CVs come with a people file, not {self.mapping.kind} (t: the kind)")
            return

        def chosen(folder: Any) -> None:
            if folder is None:
                return
            self.cvs = folder
            self._draw(keep=self.table.cursor_row)
            text.notify(self.app, "CVs will come from that folder: r shows which CV each row gets")

        note = ("Each person gets the file their cv_file column names, else the one file named after them "
                "(Jana Smith.pdf, jana-smith.docx) or their email (jana@example.com.pdf). Ambiguous or missing "
                "ones are listed by the dry run, never guessed.")
        self.app.push_screen(PathPrompt("CVs from a folder", note, cv_folder, value=str(self.cvs or ""),
                                        placeholder="The folder of the CVs (~ is your home)"), chosen)

    def action_save_map(self) -> None:
        from deskcrm.screens.dialogs.path_prompt import PathPrompt
        from deskcrm.screens.import_work import save_mapping

        if self._busy:
            return
        mapping = self.mapping

        def saved(path: Any) -> None:
            if path is not None:
                text.notify(self.app, f"Mapping saved to {path} (o loads it; deskcrm import --map uses it)")

        self.app.push_screen(PathPrompt("Save the mapping", "A TOML file you can edit; an existing file is "
                                        "replaced.", lambda value: save_mapping(mapping, value),
                                        placeholder="The mapping file to write, e.g. ~/linkedin.toml"), saved)

    def action_load_map(self) -> None:
        from deskcrm.screens.dialogs.path_prompt import PathPrompt
        from deskcrm.screens.import_work import load_mapping

        if self._busy:
            return
        found = self.found

        def loaded(result: Any) -> None:
            if result is None:
                return
            self.found, notes = result
            self.rule = "skip"
            self._draw(keep=self.table.cursor_row)
            said = "Mapping loaded" + (": " + "; ".join(notes[:3]) if notes else "")
            more = f" (and {len(notes) - 3} more)" if len(notes) > 3 else ""
            text.notify(self.app, said + more)

        self.app.push_screen(PathPrompt("Load a mapping", "A mapping file saved here or with --save-map: "
                                        "its columns replace the ones shown.", lambda value: load_mapping(found, value),
                                        placeholder="The mapping file, e.g. ~/linkedin.toml"), loaded)
