"""What the mail automations propose (``domain.mail_automations``): drafts ready to send.

    interview_proposals(conn, data_dir, submission_id, options)  # prep to the candidate, confirmation
                                                                # to the hiring manager, each + the invite
    checkin_proposals(conn, data_dir, placement_id, options)     # the client check-in to the hiring manager
    with_invite(conn, draft, about, options)                     # E's prep / confirmation + the invite

Each draft is written from its template (``store.mail_compose``) for the records; the interview
ones carry the interview's invitation (``calendar_events.interview_invite``, from the ``[mail]``
from address when one is set, else the job owner's email). A draft whose recipient has no email
address is not proposed (nothing to send it to); a submission without an interview time, or a
placement gone, proposes nothing. Sending is ``store.outbox.send`` (logged once it went).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from deskcrm.domain.ics import Attendee
from deskcrm.domain.mail import Draft, MailSettings
from deskcrm.store import calendar_events
from deskcrm.store.db import Connection
from deskcrm.store.mail_compose import compose
from deskcrm.store.mail_fields import About

LABELS = {"interview_prep": "Interview prep", "interview_confirmation": "Interview confirmation",
          "client_checkin": "Client check-in"}


@dataclass(frozen=True, slots=True)
class Proposal:
    automation: str  # domain.mail_automations.AUTOMATIONS key
    label: str  # "Interview prep", ...
    draft: Draft


def interview_proposals(conn: Connection, data_dir: Path, submission_id: int, options: MailSettings) -> list[Proposal]:
    found = conn.execute("SELECT person_id, job_id, interview_at FROM submission WHERE id = ?",
                         (submission_id,)).fetchone()
    if found is None or found[2] is None:
        return []
    invite = _invite(conn, submission_id, options)
    about = About(person_id=found[0], job_id=found[1])
    drafts = [replace(compose(conn, data_dir, name, about, signature=options.signature), ics=invite)
              for name in ("interview_prep", "interview_confirmation")]
    return [Proposal("interview_prep", LABELS[d.template or ""], d) for d in drafts if d.to]


def with_invite(conn: Connection, draft: Draft, about: About, options: MailSettings) -> Draft:
    """An interview email written with ``E`` (prep or confirmation) carries the invite as the
    proposal's does, when the candidate's interview on that job has a time."""
    if draft.template not in ("interview_prep", "interview_confirmation") or None in (about.person_id, about.job_id):
        return draft
    found = conn.execute("SELECT id FROM submission WHERE person_id = ? AND job_id = ? AND interview_at IS NOT NULL",
                         (about.person_id, about.job_id)).fetchone()
    return draft if found is None else replace(draft, ics=_invite(conn, found[0], options))


def checkin_proposals(conn: Connection, data_dir: Path, placement_id: int, options: MailSettings) -> list[Proposal]:
    found = conn.execute("SELECT company_id, job_id FROM placement WHERE id = ?", (placement_id,)).fetchone()
    if found is None:
        return []
    draft = compose(conn, data_dir, "client_checkin", About(company_id=found[0], job_id=found[1]),
                    signature=options.signature)
    return [Proposal("client_checkin", LABELS["client_checkin"], draft)] if draft.to else []


def _invite(conn: Connection, submission_id: int, options: MailSettings) -> bytes:
    return calendar_events.interview_invite(conn, submission_id, organizer=_organizer(conn, options))


def _organizer(conn: Connection, options: MailSettings) -> Attendee | None:
    """Who the invite is from: the ``[mail]`` from address (with the signed-in recruiter's name),
    else None (``interview_invite`` then uses the job owner's email)."""
    if not options.from_address:
        return None
    from deskcrm.store import db

    me = db.actor(conn)
    row = conn.execute("SELECT name FROM recruiter WHERE id = ?", (me,)).fetchone() if me is not None else None
    return Attendee(row[0] if row else "", options.from_address)
