"""What a list of people with marks does the same everywhere (a pool's people, a job's matches):
``space`` marks the person under the cursor and moves on, ``enter`` opens the person, and an
action takes the marked people — or, none marked, the one under the cursor.

A mixin for a ``DeskScreen`` whose ``table`` is a ``PagedTable`` keyed by person id; the screen
redraws its count line in ``marks_changed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskcrm.widgets.paged_table import PagedTable


class MarkedPeople:
    table: PagedTable

    def marks_changed(self) -> None:
        """The marks changed: say how many (the screen's count line)."""

    def action_mark(self) -> None:
        if self.table.cursor_key is not None:
            self.table.toggle_mark()
            self.table.action_cursor_down()
            self.marks_changed()

    def chosen(self) -> list[int]:
        """The marked people, else the one under the cursor."""
        key = self.table.cursor_key
        return [int(k) for k in self.table.marked] or ([int(key)] if key is not None else [])  # type: ignore[arg-type]

    def unmark(self, _done: object = None) -> None:
        self.table.clear_marks()
        self.marks_changed()

    def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        from deskcrm.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(int(event.row_key)))  # type: ignore[attr-defined, arg-type]
