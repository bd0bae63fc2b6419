"""What the import screen says once its import has landed: the one-line result (what was
imported, updated, skipped, the CVs attached — ``ctrl+z`` undoes it) and, in a warning that
stays, each CV not attached and why (the screen and its dry run are gone by then; the files were
only read at the import). Everything through ``deskcrm.text``."""

from __future__ import annotations

from typing import Any

from deskcrm import text


def kind_word(kind: str, n: int) -> str:
    if kind in ("people", "contacts"):
        return "person" if n == 1 else "people"
    return kind if n != 1 else {"companies": "company", "activities": "activity"}.get(kind, kind[:-1])


def done_message(file_name: str, kind: str, done: Any, cvs: Any = None) -> str:
    c = done.counts
    new = c.get("new", 0)
    from deskcrm.screens.import_work import plural

    skipped = f", {plural(c['duplicate'], 'likely duplicate')} skipped" if c.get("duplicate") else ""
    with_cvs = ""
    if cvs is not None:
        from deskcrm.screens.import_work import cv_summary, cv_trouble

        trouble = " (each one not attached is said below)" if cv_trouble(cvs.outcomes()) else ""
        with_cvs = f"; {cv_summary(cvs.outcomes(), written=True)}{trouble}"
    return (f"Imported {new:,} {kind_word(kind, new)} from {file_name} (batch #{done.batch_id}): "
            f"{c.get('update', 0):,} updated{skipped}{with_cvs} — ctrl+z undoes it")


def said_cvs(app: Any, cvs: Any) -> None:
    """After the import: each CV not attached and why, in a warning that stays (the import
    screen and its dry run are gone; the files were only read at the import)."""
    from deskcrm.screens.import_work import cv_trouble

    lines = cv_trouble(cvs.outcomes())
    if lines:
        text.notify(app, "\n".join(lines), title="CVs not attached", severity="warning", timeout=60)
