"""A row-cursor table split into titled groups; the cursor never rests on a group title.

Data-agnostic: callers hand over ready-made cells (rich ``Text``, built with
``deskcrm.text.cell``) and keys; the table knows nothing of the store or of screens.
Keyboard: ``j``/``k`` and arrows move, ``g``/``G`` jump to the first/last row, ``enter``
posts ``DataTable.RowSelected`` for the row under the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable

_HEADER_PREFIX = "\x00group:"  # row keys of title rows; never a caller's key


@dataclass(frozen=True, slots=True)
class Group:
    title: Text
    rows: Sequence[tuple[str, Sequence[Text]]] = field(default_factory=tuple)  # (key, cells)


class GroupedTable(DataTable, inherit_bindings=False):
    """A DataTable of groups. ``set_groups`` replaces the content and keeps the cursor near."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="list.open"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="list.up"),
        Binding("home,g", "scroll_top", "First row", show=False, id="list.first"),
        Binding("end,G", "scroll_bottom", "Last row", show=False, id="list.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
    ]

    HELP_TITLE = "In the list"

    DEFAULT_CSS = """
    GroupedTable {
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id, classes=classes, cursor_type="row", zebra_stripes=False, show_row_labels=False
        )
        self._titles: set[int] = set()  # row indexes of group titles
        self._keys: list[str | None] = []  # row index -> caller key (None for titles)

    # ------------------------------------------------------------------ content

    def set_groups(
        self,
        columns: Sequence[tuple[Text, int]],
        groups: Sequence[Group],
        *,
        keep: str | None = None,
        near: int | None = None,
    ) -> None:
        """Replace everything. The cursor goes to row ``keep`` if it is still there, else to
        the row now at index ``near`` (clamped), else to the first row."""
        self.clear(columns=True)
        for label, width in columns:
            self.add_column(label, width=width)
        self._titles = set()
        self._keys = []
        blank = [Text("")] * (len(columns) - 1)
        for n, group in enumerate(groups):
            index = len(self._keys)
            self._titles.add(index)
            self._keys.append(None)
            self.add_row(group.title, *blank, key=f"{_HEADER_PREFIX}{n}")
            for key, cells in group.rows:
                self._keys.append(key)
                self.add_row(*cells, key=key)
        target = None
        if keep is not None and keep in self._keys:
            target = self._keys.index(keep)
        elif near is not None:
            target = near
        self.move_cursor(row=self._nearest_row(target or 0, 1), animate=False)

    @property
    def cursor_key(self) -> str | None:
        """The caller key of the row under the cursor (None when there are no rows)."""
        row = self.cursor_row
        if 0 <= row < len(self._keys):
            return self._keys[row]
        return None

    @property
    def has_rows(self) -> bool:
        return any(key is not None for key in self._keys)

    # ------------------------------------------------------------------ cursor

    def _nearest_row(self, row: int, step: int) -> int:
        """The first non-title row from ``row`` going ``step``; the other way if none."""
        count = len(self._keys)
        if count == 0:
            return 0
        row = max(0, min(row, count - 1))
        for direction in (step, -step):
            probe = row
            while 0 <= probe < count:
                if probe not in self._titles:
                    return probe
                probe += direction
        return row

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        value = super().validate_cursor_coordinate(value)
        if value.row in self._titles:
            step = -1 if value.row < self.cursor_coordinate.row else 1
            value = Coordinate(self._nearest_row(value.row, step), value.column)
        return value

    def action_scroll_top(self) -> None:
        super().action_scroll_top()
        if self.cursor_row == self._nearest_row(0, 1):
            self.scroll_home(animate=False)  # show the first group's title too
