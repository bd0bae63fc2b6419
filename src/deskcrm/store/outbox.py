"""Send a draft and log it; the outbox keeps what failed, to retry or discard (issue 15).

    sent = send(conn, draft, settings)        # -> Sent(outbox_id, txn, message_id, refused)
    sent = retry(conn, outbox_id, settings)   # a failed message, sent again exactly as written
    discard(conn, outbox_id)                  # a failed message, dropped
    unsent(conn)                              # the Outbox view's rows: failed (and interrupted) messages
    waiting(conn, draft)                      # an unsent copy of this message in the outbox, or None
    send(conn, draft, settings, replaces=1)   # the new message takes the waiting #1's place

An unsent message waits in the outbox until it is retried or discarded: a new one written for the
same recipient and template or subject (or the same due item: template, person and company) is a
second copy, and retrying the first would send the client a duplicate. ``waiting`` finds it before
a new one is written; ``send(..., replaces=)`` drops it in the same transaction that keeps the new
one (refused when it was sent meanwhile: the new one would be the duplicate).

A send keeps the message in the ``outbox`` table first (state ``sending``), then hands it over
(``store.mail_transport``: SMTP, a command or a file) outside any transaction — a slow server never
holds the desk's write lock. Only when that succeeded, ONE transaction marks it ``sent`` and logs one
email activity (subject and body) on each person it was addressed to — whose email is on its To or
Cc (``mail_log.known_people``), and the one it was written to (``draft.person_ids[0]``) when a To
address is on file for nobody (typed for someone with no email, or another of theirs) — and on the
company only when one of them is its client contact. Each is a real touch (last contact, first
contact for the Art. 14 notice): a prep email to a candidate does not move the hiring manager's
last contact, nor the client's check-in. The Art. 14 notice template sent is recorded in the
consent ledger as the notice sent that day by email. When it failed, the row becomes ``failed``
with the reason and ``SendFailed`` is raised with one line naming the outbox id to retry: nothing
is logged as sent. The outbox rows are a queue, not records: written without the journal (undo of
a send would not unsend it); the activities are journaled like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from deskcrm.domain import clock
from deskcrm.domain.mail import Attachment, Draft, MailSettings, check
from deskcrm.store import db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import Invalid, NotFound, StoreError
from deskcrm.store.mail_transport import SendFailed, build, deliver
from deskcrm.store.values import parse_ts, ts

STUCK = timedelta(minutes=10)  # a message "sending" this long was interrupted: it may be tried again

__all__ = ("OutboxMessage", "Sent", "SendFailed", "discard", "draft_of", "retry", "send", "unsent", "waiting")


@dataclass(frozen=True, slots=True)
class Sent:
    outbox_id: int
    txn: str  # the activities' transaction
    message_id: str
    refused: tuple[str, ...] = ()  # recipients the server refused while it took the others


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    state: str  # failed | sending (interrupted: it may or may not have gone)
    to: str
    subject: str
    template: str | None
    error: str | None
    attempts: int
    created_at: datetime | None
    updated_at: datetime | None


def send(conn: Connection, draft: Draft, settings: MailSettings, *, replaces: int | None = None) -> Sent:
    """Send ``draft``; see the module docstring. ``Invalid`` (nothing kept) for a draft that cannot
    be sent at all: no recipient, a bad address, no subject. ``replaces``: an unsent message of the
    outbox (``waiting``) this one takes the place of — dropped as this one is kept."""
    errors = check(draft)
    if errors:
        raise Invalid(errors)
    outbox_id = _keep(conn, draft, replaces)
    return _send(conn, outbox_id, draft, settings, replaced=replaces)


def waiting(conn: Connection, draft: Draft) -> OutboxMessage | None:
    """The newest unsent message in the outbox that ``draft`` would send again: to the same
    recipients with the same template or subject, or for the same due item (the same template,
    person and company), else None."""
    to = _addresses(", ".join(draft.to))
    person = draft.person_ids[0] if draft.person_ids else None
    rows = conn.execute(
        "SELECT id, state, to_addrs, subject, template, error, attempts, created_at, updated_at, person_id, company_id "
        "FROM outbox WHERE state <> 'sent' AND (template = ? OR subject = ?) ORDER BY updated_at DESC, id DESC LIMIT 100",
        (draft.template or "", draft.subject)).fetchall()
    for r in rows:
        same_item = draft.template is not None and r[4] == draft.template and (r[9], r[10]) == (person, draft.company_id)
        if _addresses(r[2]) == to or same_item:
            return _message(r)
    return None


def _addresses(to: str) -> frozenset[str]:
    return frozenset(a.strip().lower() for a in to.split(",") if a.strip())


def retry(conn: Connection, outbox_id: int, settings: MailSettings) -> Sent:
    """Send a message from the outbox again. A sent one is refused (it went already), and so is one
    being sent right now (by this desk or a colleague's: two tries would send it twice); one left
    ``sending`` longer than :data:`STUCK` (the app was killed mid-send) may be tried again."""
    draft = draft_of(conn, outbox_id)
    with db.write(conn):
        state, updated = _state(conn, outbox_id, lock=True)
        if state == "sent":
            raise StoreError(f"outbox #{outbox_id} was sent already; nothing to retry")
        if state == "sending" and updated is not None and clock.utcnow() - updated < STUCK:
            raise StoreError(f"outbox #{outbox_id} is being sent right now; if it has not gone in "
                             f"{STUCK.seconds // 60} minutes, retry it")
        _set(conn, outbox_id, state="sending")
    return _send(conn, outbox_id, draft, settings)


def discard(conn: Connection, outbox_id: int) -> None:
    """Drop an unsent message from the outbox (a sent one stays: it is the record of what went)."""
    with db.write(conn):
        if _state(conn, outbox_id, lock=True)[0] == "sent":
            raise StoreError(f"outbox #{outbox_id} was sent; only unsent messages can be discarded")
        conn.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))


def draft_of(conn: Connection, outbox_id: int) -> Draft:
    found = conn.execute("SELECT draft FROM outbox WHERE id = ?", (outbox_id,)).fetchone()
    if found is None:
        raise NotFound(f"outbox #{outbox_id} does not exist (sent or discarded?); see `deskcrm mail outbox`", "message")
    return Draft.from_json(found[0])


def unsent(conn: Connection, limit: int = 500) -> list[OutboxMessage]:
    """Failed and interrupted messages, newest first."""
    rows = conn.execute(
        "SELECT id, state, to_addrs, subject, template, error, attempts, created_at, updated_at FROM outbox "
        "WHERE state <> 'sent' ORDER BY updated_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
    return [_message(r) for r in rows]


def _message(r: Any) -> OutboxMessage:  # noqa: ANN401 - a row: id, state, to, subject, template, error, attempts, times
    return OutboxMessage(r[0], r[1], r[2], r[3], r[4], r[5], r[6], parse_ts(_text(r[7])), parse_ts(_text(r[8])))


def _text(value: object) -> str | None:
    return None if value is None else str(value)[:26]


def _keep(conn: Connection, draft: Draft, replaces: int | None = None) -> int:
    now = ts(clock.utcnow())
    with db.write(conn):
        if replaces is not None and _state(conn, replaces, lock=True)[0] == "sent":
            raise StoreError(f"outbox #{replaces} was sent meanwhile: the new message was not sent "
                             "(it would have gone twice)")
        found = conn.execute(
            "INSERT INTO outbox (state, template, to_addrs, subject, draft, attempts, person_id, people, company_id, "
            "author_id, created_at, updated_at, version) VALUES ('sending', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1) "
            "RETURNING id",
            (draft.template, ", ".join(draft.to), draft.subject, draft.to_json(),
             draft.person_ids[0] if draft.person_ids else None, "," + "".join(f"{p}," for p in draft.person_ids),
             draft.company_id, db.actor(conn), now, now),
        ).fetchone()
        if replaces is not None:  # after the insert: the new message never takes the old one's number
            conn.execute("DELETE FROM outbox WHERE id = ?", (replaces,))
    return int(found[0])


def _send(conn: Connection, outbox_id: int, draft: Draft, settings: MailSettings, *,
          replaced: int | None = None) -> Sent:
    try:
        message = build(draft, settings)
        refused = deliver(message, draft, settings)
    except SendFailed as exc:
        with db.write(conn):
            _set(conn, outbox_id, state="failed", error=str(exc), tried=True)
        instead = f", in place of #{replaced}" if replaced is not None else ""
        raise SendFailed(f"not sent: {exc} (kept in the outbox as #{outbox_id}{instead}: retry it from the Outbox "
                         f"view or `deskcrm mail outbox retry {outbox_id}`)") from None
    txn = journal.new_txn()
    with db.write(conn):
        _set(conn, outbox_id, state="sent", error=None, tried=True, sent=True, message_id=message["Message-ID"])
        # what went is the record (the activities hold subject and body): the files' bytes are not kept twice
        light = replace(draft, attachments=tuple(Attachment(a.filename, a.content_type, b"") for a in draft.attachments),
                        ics=None)
        conn.execute("UPDATE outbox SET draft = ? WHERE id = ?", (light.to_json(), outbox_id))
        _log(conn, txn, draft)
    return Sent(outbox_id, txn, str(message["Message-ID"]), refused)


def _log(conn: Connection, txn: str, draft: Draft) -> None:
    """One email activity on each person the draft was addressed to, and on its company when one of
    them is the client's contact; an Art. 14 notice sent is also recorded in the person's consent
    ledger (sent today, by email)."""
    from deskcrm.store.due_store import insert_activity

    body = f"{draft.subject}\n\n{draft.body}".rstrip()
    logged = addressed(conn, draft)
    for person_id in logged:
        insert_activity(conn, txn, "email", body, person_id=person_id, job_id=draft.job_id)
        if draft.template == "art14_notice":
            from deskcrm.store import consent_ledger

            consent_ledger.apply(conn, txn, person_id, "notice", on_date=clock.today(), method="email")
    if draft.company_id is not None and _contacts_of(conn, draft.company_id, logged):
        insert_activity(conn, txn, "email", body, company_id=draft.company_id, job_id=draft.job_id)


def addressed(conn: Connection, draft: Draft) -> list[int]:
    """The people (not erased) ``draft`` is addressed to: whose email is on its To or Cc; and the one
    it was written to (``person_ids[0]``) when an address on To is no one's on the desk."""
    from deskcrm.store.mail_log import known_people
    from deskcrm.domain.validate import email_norm

    wanted = [email_norm(a) or "" for a in (*draft.to, *draft.cc)]
    known = known_people(conn, wanted)
    found = [k.person_id for k in known]
    on_file = {k.email for k in known}
    if draft.person_ids and any((email_norm(a) or "") not in on_file for a in draft.to):
        found += _alive(conn, "person", draft.person_ids[:1])
    return list(dict.fromkeys(found))


def _contacts_of(conn: Connection, company_id: int, people: list[int]) -> bool:
    """Whether one of ``people`` is a current contact of the company (the client written to)."""
    if not people or not _alive(conn, "company", (company_id,)):
        return False
    marks = ", ".join("?" for _ in people)
    return conn.execute(f"SELECT 1 FROM contact_role WHERE company_id = ? AND left_at IS NULL "
                        f"AND person_id IN ({marks}) LIMIT 1", (company_id, *people)).fetchone() is not None


def _alive(conn: Connection, table: str, ids: tuple[int, ...]) -> list[int]:
    """The ids still there (a person erased or merged while the message was going is skipped)."""
    out: list[int] = []
    for key in dict.fromkeys(ids):
        extra = " AND erased_at IS NULL" if table == "person" else ""
        if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?{extra}", (key,)).fetchone():
            out.append(key)
    return out


def _state(conn: Connection, outbox_id: int, *, lock: bool = False) -> tuple[str, datetime | None]:
    from deskcrm.store.locking import for_update

    found = conn.execute(f"SELECT state, updated_at FROM outbox WHERE id = ?{for_update(conn) if lock else ''}",
                         (outbox_id,)).fetchone()
    if found is None:
        raise NotFound(f"outbox #{outbox_id} does not exist (sent or discarded?); see `deskcrm mail outbox`", "message")
    return str(found[0]), parse_ts(_text(found[1]))


def _set(conn: Connection, outbox_id: int, *, state: str, error: str | None = None, tried: bool = False,
         sent: bool = False, message_id: object = None) -> None:
    now = ts(clock.utcnow())
    conn.execute(
        "UPDATE outbox SET state = ?, error = ?, attempts = attempts + ?, updated_at = ?, "
        "sent_at = COALESCE(?, sent_at), message_id = COALESCE(?, message_id), version = version + 1 WHERE id = ?",
        (state, error, 1 if tried else 0, now, now if sent else None,
         str(message_id) if message_id is not None else None, outbox_id),
    )
