"""CSV exports: every text cell that a spreadsheet would run as a formula (starting with
``= + - @``, a tab, CR or LF) is neutralised with a leading ``'`` (DESIGN.md §6); numbers are
written as numbers. Control characters are left to the CSV quoting, never to a terminal."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_RISKY = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(_RISKY) else text


def write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([cell(v) for v in row])
    return out.getvalue()
