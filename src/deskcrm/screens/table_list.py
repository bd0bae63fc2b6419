"""What a screen that lists rows in one table shares (the retention review, the Outbox): the table
built from ``(label, width)`` columns or ``FitColumn``s (a column that may narrow says how far: the
table fits its width, ``widgets.fit_table``), focused on mount with the first read started, and the row
under the cursor (``current``). The rows are ``self._rows``, in the table's order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable

from deskcrm.screens.base import DeskScreen
from deskcrm.widgets.fit_table import FitColumn, FitTable


class TableListScreen(DeskScreen):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Any] = []

    @staticmethod
    def list_table(table_id: str, columns: Sequence[FitColumn | tuple[str, int]]) -> DataTable:
        return FitTable(columns, cursor_type="row", id=table_id)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    @property
    def current(self) -> Any:  # noqa: ANN401 - the row under the cursor, or None
        table = self.query_one(DataTable)
        if not self._rows or table.cursor_row < 0 or table.cursor_row >= len(self._rows):
            return None
        return self._rows[table.cursor_row]
