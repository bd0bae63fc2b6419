"""How an import's plan is said, in ONE place for the CLI's dry run (``cli.import_cli``) and the
TUI's (``screens.import_report``): a field an update fills (``old -> new``) or keeps (``old kept
(file: new)``), an update's fields on one line.

    change_text(change)     # "city: London kept (file: Porto)"
    changes_text(changes)   # the fields of one update, "; " between them

Plain strings (no markup); a screen still shows them through ``deskcrm.text``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def shown(value: Any) -> str:
    """A field's value as the dry run says it."""
    return "(empty)" if value in (None, "", "[]") else str(value)


def change_text(change: Any) -> str:
    """One field of an update (a ``plan.Change``): filled, or kept with the file's value beside it."""
    if change.kept:
        return f"{change.field}: {shown(change.old)} kept (file: {shown(change.new)})"
    return f"{change.field}: {shown(change.old)} -> {shown(change.new)}"


def changes_text(changes: Iterable[Any]) -> str:
    return "; ".join(change_text(c) for c in changes)
