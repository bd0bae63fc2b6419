"""Import in the TUI (issue 12): the palette's "Import…" and the empty desk's ``i``.

    open_import(app)   # the file (dialogs/import_file), then this screen

:class:`ImportScreen` shows what was found — the format, the kind, how the file was read — and
the mapping as a table: each column of the file, what it is imported as, and the cells of the
first rows (through ``deskcrm.text``: never markup). ``up``/``down`` (``j``/``k``) move,
``enter`` changes the column's target (a pick list of the kind's targets, "ignore", "custom"),
``t`` cycles the kind (the columns are recognised again for it); ``pgdn``/``pgup`` page the list
that has the focus (``tab``: the next one). ``r`` runs the dry run in a worker — the counts, the likely duplicates with their reasons (a table: ``tab`` to it), the
updates of the desk's records field by field (a table: what changes from → to, what is kept) and the
errors with their line and column (a scrollable list). The duplicates are resolved by a rule for
all — ``u``: skip them, import them as new people, or update the desk's person each resembles
(its empty fields filled) — and row by row (``space`` on a row: skip / new / update); the counts
follow both (``import_work.decided_counts``). ``c`` picks a CV folder (a people file): the dry run
lists the CV each row gets, the import reads them in a worker first, then attaches them in its
batch (``store.imports.cv_import``). ``s`` saves the mapping shown to a TOML file, ``o`` loads one
(``dialogs.path_prompt``: a wrong file is one line under its box). ``ctrl+s`` imports: ONE write through the app's write queue (``DeskScreen.write``: the
batch's txn is the section's ``ctrl+z``, which undoes the batch — ``import_work.undo_if_import``);
a row in error refuses the whole file. A progress bar shows once a dry run or an import has
taken a second. ``esc`` closes, after a yes when a mapping changed, a dry run, decisions or a CV
folder would be lost.

Every call into the store goes through ``screens.import_work``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, ProgressBar, Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.import_files import ImportFiles
from deskcrm.screens.import_keys import PAGE, ImportKeys
from deskcrm.screens.import_said import done_message, said_cvs
from deskcrm.screens.import_map import MappingTable
from deskcrm.screens.import_report import DryRunReport
from deskcrm.screens.still_up import call_back
from deskcrm.widgets.fit_table import FitColumn, FitTable
from deskcrm.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from deskcrm.screens.import_work import DryRun, Preview

SHOW_PROGRESS_AFTER_S = 1.0
_IGNORE, _CUSTOM = "(ignore)", "(custom)"  # the pick list's two extra choices


def open_import(app: Any, value: str = "") -> None:
    """Ask for the file, then show the import screen for it. The write goes through the
    section's screen the flow was opened from (its ``ctrl+z`` undoes the import)."""
    from deskcrm.screens.base import DeskScreen
    from deskcrm.screens.dialogs.import_file import ImportFileDialog

    opener = next((s for s in reversed(app.screen_stack) if isinstance(s, DeskScreen)), None)

    def chosen(found: Preview | None) -> None:
        if found is not None:
            app.push_screen(ImportScreen(found, opener))

    app.push_screen(ImportFileDialog(value), chosen)


class ImportScreen(ImportKeys, ImportFiles, MappingTable, DryRunReport, DialogScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # what a narrow footer shows first: the column's target, the dry run, the import itself, close
        Binding("enter", "target", "Import as…", priority=True, id="import.target"),
        Binding("r", "check", "Dry run", tooltip="What the import would do; nothing is written", id="import.check"),
        Binding("ctrl+s", "commit", "Import", tooltip="Import the file as one batch (ctrl+z undoes it)",
                id="import.commit"),
        Binding("escape", "close", "Close", id="import.close"),
        Binding("t", "kind", "Kind", tooltip="Cycle what the rows are: people, contacts, companies, …",
                id="import.kind"),
        Binding("u", "rule", "Duplicates", tooltip="Every likely duplicate: skipped, new, or an update of the desk's",
                id="import.rule"),
        Binding("pagedown", "page(1)", "Page down", tooltip="The list that has the focus, a page down (tab: the "
                "next list: the mapping, the duplicates, the updates, the errors and CVs)", priority=True,
                group=PAGE, id="import.page_down"),
        Binding("pageup", "page(-1)", "Page up", tooltip="The list that has the focus, a page up", priority=True,
                group=PAGE, id="import.page_up"),
        Binding("space", "decide", "Skip/new/update", tooltip="This duplicate: skipped, new, or an update",
                id="import.decide"),
        Binding("j", "move(1)", "Down", show=False, id="import.down"),
        Binding("k", "move(-1)", "Up", show=False, id="import.up"),
        Binding("c", "cvs", "CV folder", tooltip="Bring CVs from a folder: by the cv_file column, else by name or "
                                                 "email", id="import.cvs"),
        Binding("s", "save_map", "Save map", tooltip="Save this mapping to a TOML file (as --save-map)",
                id="import.save_map"),
        Binding("o", "load_map", "Load map", tooltip="Use a saved mapping file (as --map)", id="import.load_map"),
        Binding("d", "date_order", "Dates", tooltip="How a date such as 03/04/2026 reads when no cell of its column "
                "tells: as the cells say → day first → month first (date_order in a saved mapping)",
                id="import.date_order"),
    ]
    HELP_TITLE = "Import"
    QUESTION_MARK_HELP = True
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical {
        width: 100%; height: 100%; border: round $primary; background: $surface; padding: 0 1;
    }
    ImportScreen #import-found { height: auto; }
    ImportScreen #import-map { height: 1fr; margin-top: 1; }  /* before a dry run: all the room there is */
    ImportScreen.-planned #import-map { height: auto; max-height: 35%; }
    ImportScreen #import-dups, ImportScreen #import-updates { display: none; height: auto; max-height: 12; }
    ImportScreen #import-rule { display: none; height: auto; margin-top: 1; }  /* wraps at 80 columns */
    ImportScreen #import-updates-title { display: none; height: auto; margin-top: 1; }
    ImportScreen #import-progress { display: none; height: 1; }
    ImportScreen #import-counts { height: auto; margin-top: 1; }
    ImportScreen #import-report { display: none; height: 1fr; scrollbar-gutter: stable; }  /* its lists keep their
       width whether or not it scrolls: they are fitted to it (widgets.fit_table), not refitted as it overflows */
    ImportScreen.-planned #import-report { display: block; }
    ImportScreen #import-detail { display: none; height: auto; max-height: 20%; background: $boost; padding: 0 1; }
    ImportScreen #import-more { height: auto; max-height: 100%; }  /* the report's height: never cut by it */
    """

    def __init__(self, found: Preview, opener: Any = None) -> None:
        super().__init__()
        self.found = found
        self._first = found  # as opened: esc asks before closing only when there is more to lose
        self.opener = opener
        self.plan: DryRun | None = None
        self._busy: str | None = None  # "check" | "import" while one runs
        self._started = 0.0
        self.rule = "skip"  # the likely duplicates: "skip" | "new" (import_work.RULES)
        self.decisions: dict[int, str] = {}  # line -> a rule for that row against the rule for all
        self.cvs: Path | None = None  # the CV folder (c), None: no CVs

    # ------------------------------------------------------------------ drawing

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"Import {self.found.path.name}")
            yield Static(id="import-found")
            yield DataTable(id="import-map", cursor_type="row", zebra_stripes=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-counts")
            # the lists below the counts, each in a box of its own that tab reaches (the mapping,
            # the duplicates, the updates, the rest): this one only scrolls to show the focused one
            with VerticalScroll(id="import-report", can_focus=False):
                yield Static(id="import-rule")
                # fitted to the width (widgets.columns): at 80 columns the name and the why narrow, ending in "…"
                yield FitTable((("Line", 6), FitColumn("Name", 26, 12), FitColumn("Becomes", 20, 13),
                                FitColumn("Why", 50, 16)), id="import-dups", cursor_type="row")
                yield Static(id="import-updates-title")
                yield FitTable((("Line", 6), FitColumn("Name", 26, 12), ("Record", 8), FitColumn("Fields", 60, 16)),
                               id="import-updates", cursor_type="row")
                with VerticalScroll(id="import-more"):
                    yield Static(id="import-list")
            yield Static(id="import-detail")  # the highlighted duplicate's or update's whole text
        yield KeyBar()

    def on_mount(self) -> None:
        self._draw(keep=0)
        self.table.focus()

    @property
    def table(self) -> DataTable:
        return self.query_one("#import-map", DataTable)

    @property
    def mapping(self):  # noqa: ANN201 - store.imports.Mapping (through import_work)
        return self.found.mapping

    def _draw(self, keep: int) -> None:
        m = self.mapping
        cvs = ("\n", text.safe("CVs from: ", "bold"), text.safe(str(self.cvs))) if self.cvs is not None else ()
        self.query_one("#import-found", Static).update(text.join(
            text.safe("Format: ", "bold"), text.safe(m.format), "   ",
            text.safe("Kind: ", "bold"), text.safe(m.kind), "   ",
            text.safe(self.found.read_as, "italic"), *self._dates_said(), *cvs))
        self._fill_map(keep)
        self._report(None)

    def _dates_said(self) -> tuple:
        order = self.mapping.date_order
        if order is None:
            return ()
        said = "day first (03/04/2026 = 3 Apr)" if order == "dmy" else "month first (03/04/2026 = 4 Mar)"
        return ("   ", text.safe("Dates: ", "bold"), text.safe(said))

    # ------------------------------------------------------------------ the mapping

    def _column(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return self.found.header[table.cursor_row]

    def action_move(self, by: int) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else self.table
        table.move_cursor(row=table.cursor_row + by)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "target":  # enter changes a column's target in the mapping only
            return self.table.has_focus
        if action == "decide":
            return True if self.plan is not None and self.plan.duplicates else None
        return True

    def action_target(self) -> None:
        from deskcrm.screens.dialogs.pick import PickDialog
        from deskcrm.screens.import_work import TARGETS

        column = self._column()
        if column is None or self._busy:
            return
        options = [(t, t) for t in TARGETS[self.mapping.kind]]
        options += [(_IGNORE, "ignore (not imported)"), (_CUSTOM, "custom (kept in the notes)")]

        def picked(target: Any) -> None:
            if target is None:
                return
            from deskcrm.screens.import_work import with_target

            row = self.table.cursor_row
            target = {_IGNORE: "", _CUSTOM: "custom"}.get(target, target)
            self.found = _replace(self.found, mapping=with_target(self.mapping, column, target))
            self._draw(keep=row)

        self.app.push_screen(PickDialog(f"Import {column} as", options), picked)

    def action_date_order(self) -> None:
        """As the cells say → day first → month first → as the cells say (``Mapping.date_order``)."""
        if self._busy:
            return
        following = {None: "dmy", "dmy": "mdy", "mdy": None}[self.mapping.date_order]
        self.found = _replace(self.found, mapping=_replace(self.mapping, date_order=following))
        self._draw(keep=self.table.cursor_row)

    def action_kind(self) -> None:
        from deskcrm.screens.import_work import next_kind, recognised

        if self._busy:
            return
        row = self.table.cursor_row
        self.rule = "skip"  # the rules differ by kind (import-as-new: people and contacts)
        self.found = recognised(self.found, next_kind(self.mapping.kind))
        self._draw(keep=row)

    # ------------------------------------------------------------------ dry run and import

    def _begin(self, what: str) -> None:
        self._busy = what
        self._started = time.monotonic()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        self.set_timer(SHOW_PROGRESS_AFTER_S, self._show_progress)
        self.query_one("#import-counts", Static).update(
            text.safe("Checking the file…" if what == "check" else "Importing…", "italic"))

    def _show_progress(self) -> None:
        if self._busy:
            self.query_one("#import-progress", ProgressBar).display = True

    def _end(self) -> None:
        self._busy = None
        self.query_one("#import-progress", ProgressBar).display = False

    def progress(self, done: int, total: int | None) -> None:
        """From the worker thread: rows planned (or written) so far."""
        call_back(self, self._progress, done, total)

    def _progress(self, done: int, total: int | None) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def action_check(self) -> None:
        if self._busy:
            return
        self._begin("check")
        path, mapping, db_path, cvs = self.found.path, self.mapping, self.app.db_path, self.cvs
        region = getattr(getattr(self.app, "settings", None), "phone_region", None)  # the config's phone_region

        def work() -> None:
            from deskcrm.screens import import_work
            from deskcrm.store import db
            from deskcrm.store.errors import StoreError
            from deskcrm.work.writes import error_message

            try:
                with db.reading(db_path) as conn:
                    plan = import_work.dry_run(conn, path, mapping, self.progress, phone_region=region, cvs=cvs)
            except (StoreError, OSError, ValueError) as exc:
                call_back(self, self._failed, error_message(exc))
                return
            call_back(self, self._checked, plan)

        self.run_worker(work, thread=True, exclusive=True, group="import-check", name="import-check")

    def _checked(self, plan: DryRun) -> None:
        self._end()
        self._report(plan)

    def _failed(self, message: str, _exc: BaseException | None = None) -> None:
        from deskcrm.store.imports.cell_dates import ORDER_HOW

        self._end()
        self._report(None)
        key = self.key_by_id("import.date_order")
        message = message.replace(ORDER_HOW, f"press {key}: day first or month first")
        self.query_one("#import-counts", Static).update(text.safe(message, "$error"))

    def action_commit(self) -> None:
        if self._busy:
            return
        self._begin("import")
        if self.cvs is None:
            self._write(None)
            return
        self._read_cvs()

    def _write(self, cvs: Any) -> None:
        self.query_one("#import-counts", Static).update(text.safe("Importing…", "italic"))
        path, mapping, rule, decisions = self.found.path, self.mapping, self.rule, dict(self.decisions)
        region = getattr(getattr(self.app, "settings", None), "phone_region", None)

        def op(conn):  # noqa: ANN001, ANN202 - in the write worker
            from deskcrm.screens import import_work

            return import_work.commit(conn, path, mapping, self.progress, rule=rule, decisions=decisions,
                                      phone_region=region, cvs=cvs)

        def landed(_done: Any) -> None:
            self._end()
            self.dismiss(None)
            if cvs is not None:
                said_cvs(self.app, cvs)

        from deskcrm.store.imports.bulk_sql import settle  # after: in the write worker, the result shown

        message = lambda done: done_message(path.name, mapping.kind, done, cvs)  # noqa: E731
        write = getattr(self.opener, "write", None)
        if write is not None:
            write(op, message, on_success=landed, on_error=self._failed, after=settle)
        else:
            self.app.writes.submit(op, message, on_success=landed, on_error=self._failed, after=settle)


def _replace(found: Any, **changes: Any) -> Any:  # noqa: ANN401 - a Preview or its Mapping
    from dataclasses import replace

    return replace(found, **changes)
