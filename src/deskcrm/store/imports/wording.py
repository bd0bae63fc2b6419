"""How an import's plan is said, in ONE place for the CLI's dry run (``cli.import_cli``) and the
TUI's (``screens.import_report``): a field an update fills (``old -> new``) or keeps (``old kept
(file: new)``), an update's fields on one line (a note's line breaks as spaces: ``text.clean``), and every count of
an import's messages with its noun in the singular or the plural.

    change_text(change)     # "city: London kept (file: Porto)"
    changes_text(changes)   # the fields of one update, "; " between them
    plural(1, "update")     # "1 update"; plural(2, "likely duplicate") "2 likely duplicates"
    error_text(planned, column_headers(mapping.columns))  # 'line 22, Email Address "x@@y": not an email address'

Plain strings (no markup); a screen still shows them through ``deskcrm.text``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from deskcrm.store.values import loads_list
from deskcrm.text import clean


def shown(value: Any) -> str:
    """A field's value as the dry run says it: an amount as typed in a form ("116,000", not
    "116000.0"), a list of skills or tags as a list ("Payroll, DATEV", not its JSON), any text on
    one line whatever the cell held."""
    if value in (None, "", "[]"):
        return "(empty)"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            items = loads_list(value)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return clean(", ".join(items))
    return clean(value)


_FIELDS = {"owner_id": "owner"}  # a field said by another name than its column's


def change_text(change: Any) -> str:
    """One field of an update (a ``plan.Change``): filled, or kept with the file's value beside it
    (an owner by initials: the change's ``shown_old`` / ``shown_new``)."""
    field = _FIELDS.get(change.field, change.field)
    old = shown(change.shown_old if change.shown_old is not None else change.old)
    new = shown(change.shown_new if change.shown_new is not None else change.new)
    if change.kept:
        return f"{field}: {old} kept (file: {new})"
    return f"{field}: {old} -> {new}"


def changes_text(changes: Iterable[Any]) -> str:
    return "; ".join(change_text(c) for c in changes)


def column_headers(columns: dict[str, str]) -> dict[str, str]:
    """A mapping's columns (header -> target) as target -> the file's header (its first column
    for a target: the one a row reads)."""
    out: dict[str, str] = {}
    for header, target in columns.items():
        if target:
            out.setdefault(target, header)
    return out


def error_text(p: Any, headers: dict[str, str] | None = None) -> str:
    """A row in error (a ``plan.Planned``) as a refusal says it: its line, the file's column
    header (``headers``: :func:`column_headers`; else the target) and the cell as text (one line,
    cut at 60 characters), then what is wrong —
    ``line 22, Email Address "bad.emailer@@acc31": not an email address``."""
    return f"line {p.line}, {cell_error(p, headers)}"


def cell_error(p: Any, headers: dict[str, str] | None = None) -> str:
    """:func:`error_text` without its line (a list that shows the line apart)."""
    column = (headers or {}).get(p.column) or p.column
    cell = " ".join(clean(p.cell).split()) if p.cell else ""
    if len(cell) > 60:
        cell = cell[:59] + "…"
    return f'{column} "{cell}": {p.reason}' if cell else f"{column}: {p.reason}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and its noun: "1 update", "2 updates" (``many``: a plural not made with -s)."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"
