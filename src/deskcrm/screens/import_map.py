"""The import screen's mapping table (``import_flow.ImportScreen`` mixes it in): each column of
the file, what it is imported as, and the cells of its first rows — as many of them (up to
``SHOWN_ROWS``) as fit the screen's width side by side, each cut with "…" to its share rather
than pushed off the right edge; drawn again at a new size. Cells go through ``deskcrm.text``."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import DataTable

from deskcrm import text

SHOWN_ROWS = 3  # the first rows of the file shown beside its columns, where they fit
MIN_CELL = 12  # a row's column narrower than this is not worth showing
_CHROME = 8  # the box's border and padding, the table's scrollbar
# the file's column and its target at most this share of the screen's width, cut with "…" beyond
# (the pick list names the target in full)
HEADER_SHARE, TARGET_SHARE = 1 / 6, 3 / 10


def row_widths(width: int, fixed: int, cells: list[int]) -> list[int]:
    """The widths of the first rows' columns on a ``width``-wide screen whose other columns take
    ``fixed`` (their padding in): as many rows as fit at ``MIN_CELL`` or more (one at least),
    each as wide as its longest cell or its share of the room, whichever is less."""
    shown = min(SHOWN_ROWS, len(cells))
    room = width - _CHROME - fixed
    while shown > 1 and room // shown - 2 < MIN_CELL:
        shown -= 1
    if not shown:
        return []
    share = max(MIN_CELL, room // shown - 2)
    return [max(1, min(share, c)) for c in cells[:shown]]


class MappingTable:
    """Needs of the screen: ``found``, ``mapping``, ``table``, ``app``."""

    found: Any
    mapping: Any
    table: DataTable
    app: Any

    def _fill_map(self, keep: int) -> None:
        from deskcrm.screens.import_work import target_label

        m, found = self.mapping, self.found
        table = self.table
        table.clear(columns=True)
        labels = [target_label(m.columns.get(h, "")) for h in found.header]
        width = self.app.size.width
        firsts = min(int(width * HEADER_SHARE), max([6, *(len(text.clean(h)) for h in found.header)]))
        targets = min(int(width * TARGET_SHARE), max([11, *(len(t) for t in labels)]))
        longest = [max((len(text.clean(r.get(h, ""))) for h in found.header), default=1) for r in found.rows]
        widths = row_widths(width, firsts + targets + 4, longest)
        table.add_column("Column", width=firsts)  # every width given: the table lays out once
        table.add_column("Imported as", width=targets)
        for n, w in enumerate(widths, 1):
            table.add_column(f"Row {n}", width=max(w, len(f"Row {n}")))
        for header, label in zip(found.header, labels):
            cells = [_cut(row.get(header, ""), w) for row, w in zip(found.rows, widths)]
            table.add_row(_cut(header, firsts, "bold"), _cut(label, targets, "" if m.columns.get(header) else "dim"),
                          *cells, key=header)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def on_resize(self, event: events.Resize) -> None:
        self._fill_map(keep=self.table.cursor_row)


def _cut(value: str, width: int, style: str = "") -> Any:
    """A cell cut to ``width`` with "…" (never wrapped, never markup)."""
    shown = text.clean(value)
    return text.cell(shown if len(shown) <= width else shown[:max(0, width - 1)] + "…", style)
