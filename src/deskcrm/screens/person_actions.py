"""What a recruiter does to a person from the person screen or a search result, with one key:

- ``t`` / ``v`` / ``u`` — a call outcome (talked / left voicemail / no answer): logs the call
  now and schedules the next touch (``deskcrm.domain.touch``; days from the config's ``[touch]``).
- ``a`` right after an outcome writes the note OF that call (the dialog opens on the call's
  kind; pick another kind and it is a new activity instead); otherwise ``a`` logs as usual.
- ``s`` — submit to a job order: a picker of open job orders, then the submission at Sourced.

Both are one write each through the app's write queue, so ``ctrl+z`` undoes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding

from deskcrm.domain import clock, touch
from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen
    from deskcrm.screens.activity_subject import ActivitySubject


@dataclass(frozen=True, slots=True)
class Logged:
    """A call outcome that landed: its txn (for ctrl+z) and the activity a note can go on."""

    txn: str
    activity_id: int
    person_id: int
    kind: str


def bindings(prefix: str) -> list[Binding]:
    """The outcome keys and ``s``, with ids under ``prefix`` (``person`` / ``search``)."""
    found = [
        Binding(
            o.key, f"outcome('{o.kind}')", o.label,
            tooltip=f"Log a call ({o.label.lower()}); next touch in [touch] {o.setting} days",
            id=f"{prefix}.{o.kind}",
        )
        for o in touch.OUTCOMES
    ]
    found.append(Binding("s", "submit", "Submit", tooltip="Put this person on an open job order, at the first stage",
                         id=f"{prefix}.submit"))
    return found


def unless_do_not_contact(screen: DeskScreen, dnc: bool, name: str, what: str, then) -> None:
    """Run ``then()`` at once, or, for a person marked do not contact, only once the recruiter says
    so in a dialog that names them and ``what`` is about to happen."""
    if not dnc:
        then()
        return
    from deskcrm.screens.dialogs.confirm import ConfirmDialog

    question = f"{name} is marked do not contact.\n{what}"
    screen.app.push_screen(ConfirmDialog("Do not contact", question), lambda yes: then() if yes else None)


def log_outcome(screen: DeskScreen, kind: str, person_id: int, name: str, company_id: int | None = None,
                *, dnc: bool = False) -> None:
    """Log the call with this outcome on the person and set their next touch (one write). A person
    marked do not contact is asked about first and gets no next touch."""
    unless_do_not_contact(screen, dnc, name, "Log this call anyway? No next touch will be set.",
                          lambda: _log_outcome(screen, kind, person_id, name, company_id, dnc=dnc))


def _log_outcome(screen: DeskScreen, kind: str, person_id: int, name: str, company_id: int | None,
                 *, dnc: bool = False) -> None:
    from deskcrm.config.settings import touch_settings
    from deskcrm.store.due_store import ACTIVITY_KINDS

    today = clock.today()
    nxt = None if dnc else touch.next_touch(kind, today, touch_settings(screen.desk.settings))

    def op(conn):
        from deskcrm.store import due_store

        txn = due_store.log_activity(conn, kind, "", person_id=person_id, company_id=company_id, next_touch_on=nxt)
        (activity_id,) = conn.execute(
            "SELECT entity_id FROM event WHERE txn = ? AND entity = 'activity'", (txn,)
        ).fetchone()
        return Logged(txn, activity_id, person_id, kind)

    def landed(done: Logged) -> None:
        screen.last_call = done  # type: ignore[attr-defined]

    nxt_text = f"next touch {touch.when(nxt, today)}" if nxt else "no next touch" + (" (do not contact)" if dnc else "")
    screen.write(op, f"{ACTIVITY_KINDS[kind]} — {name} · {nxt_text} (a: add a note · ctrl+z: undo)",
                 on_success=landed)


def log_or_note(screen: DeskScreen, subject: ActivitySubject) -> None:
    """``a``: the note of the call just logged on this person, else a new activity."""
    from dataclasses import replace

    from deskcrm.screens.dialogs.activity import ActivityDialog, ActivityResult
    from deskcrm.store.due_store import ACTIVITY_KINDS

    last: Logged | None = getattr(screen, "last_call", None)
    if last is None or last.person_id != subject.person_id:
        screen.log_activity(subject)  # type: ignore[arg-type]
        return
    drafts = screen.desk.drafts
    key = f"call:{last.activity_id}"
    what = ACTIVITY_KINDS[last.kind]

    def chosen(result: ActivityResult | None) -> None:
        if result is None:
            return
        if result.cancelled:
            if result.body.strip():
                drafts[key] = ActivityResult(last.kind, result.body)
                text.notify(screen.app, "Draft kept: press a again to finish it")
            else:
                drafts.pop(key, None)
            return
        screen.last_call = None  # type: ignore[attr-defined]
        if result.kind != last.kind:  # another kind picked: a new activity after all
            drafts.pop(key, None)
            _log_new(screen, subject, result)
            return

        def op(conn):
            from deskcrm.store import due_store

            return due_store.add_note(conn, last.activity_id, result.body)

        screen.write(op, f"Note added to {what}", on_success=lambda _txn: drafts.pop(key, None))

    note_on = replace(subject, title=f"Note on the call just logged ({what})", person=subject.title)
    screen.app.push_screen(ActivityDialog(note_on, drafts.get(key) or ActivityResult(last.kind, "")), chosen)  # type: ignore[arg-type]


def _log_new(screen: DeskScreen, subject: ActivitySubject, result) -> None:
    from deskcrm.config.settings import touch_settings
    from deskcrm.store.due_store import ACTIVITY_KINDS

    nxt = touch.next_touch(result.kind, clock.today(), touch_settings(screen.desk.settings))

    def op(conn):
        from deskcrm.store import due_store

        return due_store.log_activity(conn, result.kind, result.body, person_id=subject.person_id,
                                      company_id=subject.company_id, next_touch_on=nxt)

    screen.write(op, f"Logged {ACTIVITY_KINDS[result.kind]}")


def submit_to_job(screen: DeskScreen, person_id: int, name: str, *, dnc: bool = False) -> None:
    """Pick an open job order, then create the submission at the first stage (one write). A person
    marked do not contact is asked about first."""
    unless_do_not_contact(screen, dnc, name, "Submit them to a job order anyway?",
                          lambda: _pick_job(screen, person_id, name))


def _pick_job(screen: DeskScreen, person_id: int, name: str) -> None:
    from deskcrm.screens.dialogs.job_picker import JobPicker

    def chosen(job_id: int | None) -> None:
        if job_id is None:
            return

        def op(conn):
            from deskcrm.store.submissions_write import submit

            return submit(conn, person_id, job_id)

        from deskcrm.domain.stages import PIPELINES

        first = PIPELINES["submission"][0].label
        screen.write(
            op, lambda done: f"Submitted {done.person} to {done.job} at {done.client} ({first}) · ctrl+z: undo"
        )

    screen.app.push_screen(JobPicker(screen.desk.db_path, person_id, name), chosen)
