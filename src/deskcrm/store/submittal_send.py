"""A submittal sent from a job's pipeline (issue 15 item 4): the pack (``store.submittal_pack``)
mailed to the hiring manager through the outbox (``store.outbox``), then the candidates moved to
Submitted — the send first, nothing moved if it failed.

    done = send_submittal(conn, job_id, {submission_id: version, ...}, to=("bo@client.example",),
                          subject="…", anonymised=True, settings=mail_settings, data_dir=data_dir)
    done.message, done.txn, done.outbox_id

Before anything goes, each submission must be as the board showed it (its version): a card a
colleague moved meanwhile is a ``Conflict`` and nothing is sent. The message is rendered from the
``submittal`` template around the pack's summaries (``draft_of``) with the CVs attached; the outbox logs it as an email
on the hiring manager and the client, and its row names the candidates too (an erasure of one
removes it, sent or kept to retry). Each candidate gets an email activity saying what was sent
about them, to whom — not a touch: the candidate was not contacted (their last contact stays);
sent under their name, it makes their Art. 14 notice due now (DESIGN §6: "earlier at first contact
or first CV sent to a client").
Then ONE journalled transaction moves every candidate still before Submitted (Sourced, Contacted,
Qualified) to Submitted, each with its stage-change activity. ``ctrl+z`` takes the moves back; the
message has gone, and its activities stay.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.domain.mail import Attachment, Draft, MailSettings
from deskcrm.domain.stages import PIPELINES, stage_label
from deskcrm.store import db, journal, outbox
from deskcrm.store.db import Connection
from deskcrm.store.errors import Conflict
from deskcrm.store.mail_transport import SendFailed
from deskcrm.store.move_base import activity, fetch, move_logged, now
from deskcrm.store.submittal_files import cv_files, template_fields
from deskcrm.store.submittal_pack import Pack, PackCandidate, build_pack
from deskcrm.store.values import ds

SUBMITTED = "submitted"
_BEFORE = tuple(s.key for s in PIPELINES["submission"][: [s.key for s in PIPELINES["submission"]].index(SUBMITTED)])


@dataclass(frozen=True, slots=True)
class SubmittalSent:
    txn: str | None  # the moves' transaction (ctrl+z); None: nobody was before Submitted
    message: str
    outbox_id: int
    moved: int  # submissions moved to Submitted
    refused: tuple[str, ...] = ()  # recipients the server refused while it took the others


def send_submittal(conn: Connection, job_id: int, submissions: Mapping[int, int], *, to: tuple[str, ...],
                   subject: str | None, anonymised: bool, settings: MailSettings, data_dir: Path,
                   region: str | None = None) -> SubmittalSent:
    """Send the pack of ``submissions`` (id → the version the board showed) and move them."""
    people = _people(conn, job_id, submissions)
    pack = build_pack(conn, job_id, people, anonymised=anonymised, region=region)
    draft = draft_of(conn, pack, to, subject, settings.signature, data_dir)
    subject = draft.subject
    try:
        sent = outbox.send(conn, draft, settings)
    except SendFailed:
        _concerns(conn, _kept(conn, draft), people)  # kept to retry: an erasure of a candidate removes it
        raise
    _concerns(conn, sent.outbox_id, people)
    txn, moved = record_submittal(conn, pack, to, subject)
    n = len(pack.candidates)
    said = f"Submittal sent to {', '.join(to)}: {n} candidate{'s' if n != 1 else ''}"
    said += f", {moved} moved to {stage_label('submission', SUBMITTED)}" if moved else ""
    if sent.refused:
        said += f" (refused by the server: {', '.join(sent.refused)})"
    return SubmittalSent(txn if moved else None, said, sent.outbox_id, moved, sent.refused)


def draft_of(conn: Connection, pack: Pack, to: tuple[str, ...], subject: str | None, signature: str,
             data_dir: Path) -> Draft:
    """The message from the ``submittal`` template (``mail_templates/submittal.txt``: the subject,
    the words around the candidates' summaries, the signature; a ``submittal.html`` beside it is
    the HTML part, every value escaped), the CVs attached; ``subject`` typed in the dialog wins
    over the template's. It concerns the hiring manager and the client (the candidates get their
    own activity: :func:`record_submittal`)."""
    from deskcrm.store.mail_fields import About, fields
    from deskcrm.store.mail_templates import render

    values = fields(conn, About(job_id=pack.job.id, contact_id=pack.job.manager_id), signature=signature)
    rendered = render(data_dir, "submittal", {**values, **template_fields(pack)})
    attached = tuple(Attachment(name, _content_type(name, pack.anonymised), data)
                     for name, data in cv_files(pack, data_dir))
    manager = (pack.job.manager_id,) if pack.job.manager_id is not None else ()
    return Draft(to=to, subject=(subject or "").strip() or rendered.subject, body=rendered.body, html=rendered.html,
                 attachments=attached, person_ids=manager, company_id=pack.job.company_id, job_id=pack.job.id,
                 template="submittal")


def _content_type(name: str, anonymised: bool) -> str:
    """An anonymised CV is its text in UTF-8 (said, or a reader takes it as ASCII: "München" garbled);
    a CV file goes as it is."""
    if anonymised:
        return "text/plain; charset=utf-8"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def record_submittal(conn: Connection, pack: Pack, to: tuple[str, ...], subject: str) -> tuple[str, int]:
    """What was sent, on each candidate's timeline (its own transaction: ``ctrl+z`` of the moves
    leaves the record that the message went); then the moves, in ONE transaction. Returns
    (the moves' txn, how many moved)."""
    what = "anonymised profile" if pack.anonymised else "profile"
    logged = journal.new_txn()
    with db.write(conn):
        for c in pack.candidates:
            cv = f", CV attached ({c.cv.file_name})" if c.cv is not None else f" ({c.cv_note})"
            activity(conn, logged, "email", f"Submittal sent to {', '.join(to)}: {subject}\n"
                                            f"Their {what} as {c.label}{cv}", **_links(pack, c))
            if not pack.anonymised:
                _art14_due_now(conn, logged, c.person_id)
    txn = journal.new_txn()
    moved = 0
    label = stage_label("submission", SUBMITTED)
    with db.write(conn):
        for c in pack.candidates:
            sub = fetch(conn, "submission", c.submission_id)
            if sub["stage"] in _BEFORE:
                move_logged(conn, txn, "submission", sub, {"stage": SUBMITTED, "stage_changed_at": now(),
                                                            "exit_reason": None}, f"Moved to {label}", **_links(pack, c))
                moved += 1
    return txn, moved


def _art14_due_now(conn: Connection, txn: str, person_id: int) -> None:
    """Their CV went to a client under their name: the Art. 14 notice is due now, not a month after
    sourcing (DESIGN §6) — the due rule reads ``first_contact_at`` as that moment."""
    for (consent_id,) in conn.execute("SELECT id FROM consent WHERE person_id = ? AND first_contact_at IS NULL",
                                      (person_id,)).fetchall():
        journal.update(conn, txn, "consent", consent_id, {"first_contact_at": ds(clock.today())})


def _links(pack: Pack, c: PackCandidate) -> dict[str, int]:
    return {"person_id": c.person_id, "company_id": pack.job.company_id, "job_id": pack.job.id,
            "submission_id": c.submission_id}


def _concerns(conn: Connection, outbox_id: int | None, people: list[int]) -> None:
    """The outbox row names the candidates too (``outbox.people``: what an erasure looks for), though
    the draft's ``person_ids`` — who gets the outbox's email activity, a touch — is the manager alone."""
    if outbox_id is None:
        return
    with db.write(conn):
        found = conn.execute("SELECT people FROM outbox WHERE id = ?", (outbox_id,)).fetchone()
        listed = [p for p in (found[0] if found and found[0] else ",").split(",") if p]
        merged = list(dict.fromkeys([*listed, *(str(p) for p in people)]))
        conn.execute("UPDATE outbox SET people = ? WHERE id = ?", ("," + "".join(f"{p}," for p in merged), outbox_id))


def _kept(conn: Connection, draft: Draft) -> int | None:
    """The outbox row a failed send of ``draft`` left (the newest unsent one holding it as written)."""
    wanted = draft.to_json()
    for key, kept in conn.execute("SELECT id, draft FROM outbox WHERE state <> 'sent' AND subject = ? "
                                  "ORDER BY id DESC LIMIT 20", (draft.subject,)):
        if kept == wanted:
            return int(key)
    return None


def _people(conn: Connection, job_id: int, submissions: Mapping[int, int]) -> list[int]:
    """The candidates of ``submissions``, each as the board showed it — else ``Conflict``."""
    people = []
    for submission_id, version in submissions.items():
        found = conn.execute("SELECT s.person_id, s.version, s.job_id, p.name FROM submission s"
                             " JOIN person p ON p.id = s.person_id WHERE s.id = ?", (submission_id,)).fetchone()
        if found is None or found[2] != job_id or found[1] != version:
            who = found[3] if found is not None else f"submission {submission_id}"
            raise Conflict(f"{who} was changed elsewhere; the board has been refreshed — nothing was sent, "
                           "check the candidates and make the submittal again")
        people.append(found[0])
    return people
