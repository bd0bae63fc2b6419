"""Merge preview: field by field, which value survives; then one write (``ctrl+z`` undoes it).

Rows are ``store.merge.MergeRow``s: the kept record's value, the other one's, and the result.
``j``/``k`` move · ``h`` keep the existing value · ``l`` take the other · ``b`` both (skills,
tags, notes) · ``space`` cycles · ``ctrl+s`` merge · ``esc`` back to "Already on file?" (the
caller shows it again) · ``f1``/``?`` the keys.
Dismisses with the chosen ``{field: "keep" | "drop" | "both"}`` or ``None``.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.store.merge_plan import MergePreview, MergeRow
from deskcrm.widgets.fit_table import FitColumn, FitTable
from deskcrm.widgets.key_bar import KeyBar

_ONE = {"activities": "activity", "submissions": "submission", "placements": "placement",
        "contact roles": "contact role", "consents": "consent", "contacts": "contact", "job orders": "job order",
        "files": "file"}
_MARK = {"keep": "◀ ", "drop": "▶ ", "both": "◆ "}


class MergeDialog(DialogScreen[dict[str, str] | None]):
    HELP_TITLE = "Merge"
    QUESTION_MARK_HELP = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "choose('keep')", "Keep existing", tooltip="This row keeps the existing record's value",
                id="merge.keep"),
        Binding("l", "choose('drop')", "Take other", tooltip="This row takes the other value", id="merge.drop"),
        Binding("b", "choose('both')", "Both", tooltip="Skills, tags, notes: keep both", id="merge.both"),
        Binding("space", "cycle", "Cycle", show=False, id="merge.cycle"),
        Binding("ctrl+s", "confirm", "Merge", priority=True, id="merge.confirm"),
        Binding("escape", "cancel", "Back", tooltip="Back to \"Already on file?\" — nothing is merged",
                id="merge.cancel"),
    ]

    DEFAULT_CSS = """
    MergeDialog { align: center middle; }
    MergeDialog > Vertical {
        width: 118; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    MergeDialog #merge-title { text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    MergeDialog #merge-moves { color: $text-muted; margin-bottom: 1; }
    MergeDialog DataTable { height: auto; max-height: 1fr; background: $surface; }
    """

    def __init__(self, preview: MergePreview) -> None:
        super().__init__()
        self.preview = preview
        self.choices = {r.field: r.choice for r in preview.rows}
        self._rows = {r.field: r for r in preview.rows}
        self._room = 0  # the table's max height, fitted to the screen

    def compose(self) -> ComposeResult:
        p = self.preview
        other = f"#{p.drop_id}" if p.drop_id is not None else "what you typed"
        with Vertical() as box:
            box.border_title = "Merge"
            title = f"Keep {text.clean(p.keep_name)} #{p.keep_id}, merge in {text.clean(p.drop_name or 'the new entry')} ({other})"
            yield Static(text.safe(title), id="merge-title")
            moves = ", ".join(f"{n} {what if n != 1 else _ONE.get(what, what)}" for what, n in p.moves if n)
            gone = "the other record is removed" if p.drop_id is not None else "no new record is created"
            line = f"Moves to the kept record: {moves}; {gone}." if moves else f"Nothing else to move; {gone}."
            yield Static(text.safe(line + " ctrl+z undoes the whole merge."), id="merge-moves")
            # four columns that fit the dialog (widgets.columns): the three values narrow alike
            yield FitTable((FitColumn("Field", 17, key="field"), *(FitColumn(label, 29, 10, key) for label, key in (
                ("Existing", "kept"), ("Other", "dropped"), ("Result", "result")))),
                cursor_type="row", zebra_stripes=False, id="merge-rows")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for r in self.preview.rows:
            table.add_row(*self._cells(r), key=r.field)
        table.focus()
        self.call_after_refresh(self._fit_table)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_table)

    def _fit_table(self) -> None:
        """Bound the table by the room the dialog has on screen, so it scrolls itself (keeping the
        highlighted row in view) instead of running past the dialog's bottom edge, where it was
        cut off (80x24: after ~15 ``j`` the cursor was out of sight)."""
        table = self.query_one(DataTable)
        box = table.parent
        if box is None or not self.size.height:
            return
        above = table.region.y - box.region.y  # the top border, title and moves lines
        room = max(self.size.height - self.query_one(KeyBar).outer_size.height - above - 1, 3)  # - bottom border
        if room != self._room:
            self._room = table.styles.max_height = room
            self.call_after_refresh(table.move_cursor, row=table.cursor_row)  # in view in the new height

    def _cells(self, r: MergeRow) -> list[Text]:
        choice = self.choices[r.field]
        label = Text(_MARK[choice] + text.clean(r.label), style="bold" if r.differs else "dim")
        keep_style = "bold" if choice in ("keep", "both") and r.differs else "dim" if r.differs else ""
        drop_style = "bold" if choice in ("drop", "both") and r.differs else "dim" if r.differs else ""
        return [label, text.cell(r.kept, keep_style), text.cell(r.dropped, drop_style),
                text.cell(r.outcome(choice), "bold" if r.differs else "")]

    def _redraw(self, field: str) -> None:
        table = self.query_one(DataTable)
        for column, cell in zip(("field", "kept", "dropped", "result"), self._cells(self._rows[field])):
            table.update_cell(field, column, cell)

    @property
    def _current(self) -> MergeRow:
        table = self.query_one(DataTable)
        return self.preview.rows[table.cursor_row]

    def action_choose(self, choice: str) -> None:
        r = self._current
        if choice not in r.choices:
            text.notify(self.app, f"{r.label}: keep one value or the other", severity="warning")
            return
        self.choices[r.field] = choice
        self._redraw(r.field)

    def action_cycle(self) -> None:
        r = self._current
        options = r.choices
        self.choices[r.field] = options[(options.index(self.choices[r.field]) + 1) % len(options)]
        self._redraw(r.field)

    def action_confirm(self) -> None:
        after_typed_keys(self, self._confirm)

    def _confirm(self) -> None:
        self.dismiss(dict(self.choices))

    def action_cancel(self) -> None:
        self.dismiss(None)
