"""What a recruiter does to a person from the person screen or a search result, with one key:

- ``t`` / ``v`` / ``u`` — a call outcome (talked / left voicemail / no answer): logs the call
  now and schedules the next touch (``deskcrm.touch``; days from the config's ``[touch]``).
  A note can follow with ``a``.
- ``s`` — submit to a job order: a picker of open job orders, then the submission at Sourced.

Both are one write each through the app's write queue, so ``ctrl+z`` undoes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from deskcrm import clock, touch

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen


def bindings(prefix: str) -> list[Binding]:
    """The outcome keys and ``s``, with ids under ``prefix`` (``person`` / ``search``)."""
    found = [
        Binding(
            o.key, f"outcome('{o.kind}')", o.label,
            tooltip=f"Log a call — {o.label.lower()} — and schedule the next touch ([touch] {o.setting})",
            id=f"{prefix}.{o.kind}",
        )
        for o in touch.OUTCOMES
    ]
    found.append(Binding("s", "submit", "Submit", tooltip="Put this person on an open job order (at Sourced)",
                         id=f"{prefix}.submit"))
    return found


def log_outcome(screen: DeskScreen, kind: str, person_id: int, name: str, company_id: int | None = None) -> None:
    """Log the call with this outcome on the person and set their next touch (one write)."""
    from deskcrm.settings import touch_settings
    from deskcrm.store.due_store import ACTIVITY_KINDS

    today = clock.today()
    nxt = touch.next_touch(kind, today, touch_settings(screen.desk.settings))

    def op(conn):
        from deskcrm.store import due_store

        return due_store.log_activity(conn, kind, "", person_id=person_id, company_id=company_id, next_touch_on=nxt)

    when = touch.when(nxt, today) if nxt else "—"
    screen.write(op, f"{ACTIVITY_KINDS[kind]} — {name} · next touch {when} (a: add a note · ctrl+z: undo)")


def submit_to_job(screen: DeskScreen, person_id: int, name: str) -> None:
    """Pick an open job order, then create the submission at the first stage (one write)."""
    from deskcrm.screens.dialogs.job_picker import JobPicker

    def chosen(job_id: int | None) -> None:
        if job_id is None:
            return

        def op(conn):
            from deskcrm.store.submissions_write import submit

            return submit(conn, person_id, job_id)

        screen.write(
            op, lambda done: f"Submitted {done.person} to {done.job} at {done.client} (Sourced) · ctrl+z: undo"
        )

    screen.app.push_screen(JobPicker(screen.desk.db_path, person_id, name), chosen)
