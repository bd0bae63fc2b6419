"""How a table's columns fit the width it has: the ONE helper of every table that sizes its
columns (``PagedTable``, ``GroupedTable``, ``FitTable``).

A column asks for a width; a column that may give way also says how narrow it may get
(``least``). When the table is wider than its room, the widest column that may give way loses a
cell, again and again, until the table fits (or none can give more: the table then scrolls
sideways); a ``DataTable`` (``FitTable``) gives room to spare to the last of them. A cell, or a
header, wider than its column ends in "…" — text is never cut without a sign that some is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def clip(plain: str, width: int) -> str:
    """``plain`` on one line in at most ``width`` cells: whole if it fits, else cut to end in "…"."""
    plain = plain.split("\n", 1)[0]
    if cell_len(plain) <= width:
        return plain
    return set_cell_size(plain, width - 1) + ELLIPSIS if width > 0 else ""


def fit_widths(wanted: Sequence[int], least: Sequence[int | None], room: int, padding: int, *,
               grow: bool = False) -> list[int]:
    """Content widths for columns that want ``wanted`` cells (each with ``padding`` more) in a
    table ``room`` cells wide. A column whose ``least`` is None keeps its width; the others give
    way, the widest first, down to their ``least``. ``grow``: room to spare goes to the last
    column that may give way (a subject, a search: the text most likely to be long)."""
    widths = list(wanted)
    excess = sum(widths) + padding * len(widths) - room
    flexible = [i for i, floor in enumerate(least) if floor is not None]
    if grow and excess < 0 and flexible:
        widths[flexible[-1]] -= excess
        return widths
    while excess > 0:
        giving = [i for i, w in enumerate(widths) if least[i] is not None and w > least[i]]  # type: ignore[operator]
        if not giving:
            break
        widest = max(giving, key=lambda i: (widths[i], i))
        widths[widest] -= 1
        excess -= 1
    return widths
