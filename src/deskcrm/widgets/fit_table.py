"""A ``DataTable`` whose columns fit its width (``widgets.columns``): at 80 columns the columns
that may give way narrow, instead of the table running past the screen's edge where its text
was cut mid-word. A title narrower than its column ends in "…".

Columns are declared once (``FitColumn``: title, width wanted, how narrow it may get, key); the
table refits them when its size changes, keeping its rows and the cursor; room to spare goes to the
last column that may narrow (the Outbox's subject, a pool's search). Cells are the
caller's: user data as ``deskcrm.text.cell`` (an ellipsis where it does not fit, never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from deskcrm.widgets.columns import clip, fit_widths


@dataclass(frozen=True, slots=True)
class FitColumn:
    label: str
    width: int  # content cells wanted
    least: int | None = None  # how narrow it may get (None: fixed)
    key: str | None = None


class FitTable(DataTable):
    BINDINGS: ClassVar[list[BindingType]] = [  # as in every list (the arrow keys: DataTable's own)
        Binding("j", "cursor_down", "Next row", show=False, id="list.down"),
        Binding("k", "cursor_up", "Previous row", show=False, id="list.up"),
    ]

    def __init__(self, columns: Sequence[FitColumn | tuple[str, int]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._wanted = [c if isinstance(c, FitColumn) else FitColumn(*c) for c in columns]
        self._widths: list[int] = []
        self._add_columns([c.width for c in self._wanted])

    def _add_columns(self, widths: list[int]) -> None:
        self._widths = widths
        for column, width in zip(self._wanted, widths):
            self.add_column(Text(clip(column.label, width)), width=width, key=column.key)

    def on_resize(self) -> None:
        room = self.size.width - self.styles.scrollbar_size_vertical
        widths = fit_widths([c.width for c in self._wanted], [c.least for c in self._wanted], room,
                            2 * self.cell_padding, grow=True)
        if widths == self._widths or not self.size.width:
            return
        rows = [(row.key, self.get_row(row.key)) for row in self.ordered_rows]
        cursor = self.cursor_coordinate
        self.clear(columns=True)
        self._add_columns(widths)
        for key, cells in rows:
            self.add_row(*cells, key=key.value)
        if rows:
            self.move_cursor(row=min(cursor.row, len(rows) - 1), column=cursor.column, scroll=True)
