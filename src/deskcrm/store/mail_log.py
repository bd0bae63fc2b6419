"""Logging a message from mail on the people it concerns (``deskcrm mail log`` / ``mail sync``).

    mail = mail_parse.parse(raw)
    done = log_mail(conn, mail)                    # NoKnownPerson: nobody in From/To/Cc is on the desk
    done.already, done.people, done.activity_ids   # already: this Message-ID was logged before
    log_mail(conn, mail, data_dir=d, save_cvs=True)  # a CV attached to it saved on the person

The people are found by their email (``person.email_norm``, indexed: the address the person
screen and the duplicate check use; an address kept among a person's other contacts is not
looked up). Each gets one email activity (``at``: the message's Date, else now): the subject,
From / To, the attachments by name (not stored), then the body text. A client contact with one
current company has it linked too (the company's last contact). A person's last contact moves
to the message's date only forwards (an old message logged late does not make them look
recently touched... unless it is newer than what they had).

One message is one journalled transaction: the activities, the people's last contact, the
``mail_message`` row (its Message-ID, unique; migration 0017) and, with ``save_cvs``, the CVs
(``attachments.record_in``) — all or nothing, undone together. A Message-ID already in
``mail_message`` writes nothing (``already``), and so does a race with a second logger (the
unique constraint, read as "already").
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deskcrm.domain import clock
from deskcrm.store import attachments, db, journal
from deskcrm.store.db import Connection
from deskcrm.store.errors import StoreError
from deskcrm.store.last_contact import refresh_companies
from deskcrm.store.mail_parse import Mail, Part
from deskcrm.store.search_index import index_people
from deskcrm.store.values import parse_ts, ts

CV_SUFFIXES = (".pdf", ".docx", ".rtf", ".txt", ".odt")


class NoKnownPerson(StoreError):
    """Nobody in the message's From/To/Cc is on the desk; ``str()`` names the addresses."""


@dataclass(frozen=True, slots=True)
class Known:
    person_id: int
    name: str
    email: str
    company_id: int | None  # their one current company (a client contact), else None


@dataclass(frozen=True, slots=True)
class Logged:
    message_id: str
    already: bool  # logged before: nothing written
    people: tuple[Known, ...]
    activity_ids: tuple[int, ...]
    cvs: tuple[str, ...]  # "Attached CV x.pdf to Jane Roe: 300 words of text", one per CV saved
    txn: str | None


def known_people(conn: Connection, addresses: tuple[str, ...] | list[str]) -> list[Known]:
    """The people (not erased) whose email is one of ``addresses``, in the addresses' order."""
    wanted = [a for a in dict.fromkeys(addresses) if a]
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    rows = conn.execute(f"SELECT id, name, email_norm FROM person WHERE email_norm IN ({marks}) "
                        "AND erased_at IS NULL ORDER BY id", tuple(wanted)).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    companies: dict[int, set[int]] = {}
    for pid, cid in conn.execute(
            f"SELECT person_id, company_id FROM contact_role WHERE left_at IS NULL "
            f"AND person_id IN ({', '.join('?' for _ in ids)})", tuple(ids)).fetchall():
        companies.setdefault(pid, set()).add(cid)
    order = {a: i for i, a in enumerate(wanted)}
    found = [Known(r[0], r[1], r[2], _only(companies.get(r[0]))) for r in rows]
    return sorted(found, key=lambda k: (order[k.email], k.person_id))


def _only(ids: set[int] | None) -> int | None:
    return next(iter(ids)) if ids and len(ids) == 1 else None


def logged_ids(conn: Connection) -> set[str]:
    """Every Message-ID logged on this desk (a Maildir re-scan skips these unread)."""
    return {r[0] for r in conn.execute("SELECT message_id FROM mail_message").fetchall()}


def is_logged(conn: Connection, message_id: str) -> bool:
    return conn.execute("SELECT 1 FROM mail_message WHERE message_id = ?", (message_id,)).fetchone() is not None


def forget_activities(conn: Connection, activity_ids: list[int]) -> None:
    """Take deleted activities (an erasure's) out of the logged messages' lists, inside the
    caller's transaction; the Message-ID stays, so the message is not logged again on the others."""
    gone = set(activity_ids)
    if not gone:
        return
    for row_id, listed in conn.execute("SELECT id, activity_ids FROM mail_message").fetchall():
        ids = json.loads(listed or "[]")
        if gone.intersection(ids):
            conn.execute("UPDATE mail_message SET activity_ids = ? WHERE id = ?",
                         (json.dumps([i for i in ids if i not in gone]), row_id))


def log_mail(conn: Connection, mail: Mail, *, data_dir: Path | None = None, save_cvs: bool = False) -> Logged:
    """Log ``mail`` on every known person it names (module docstring), in one transaction."""
    people = tuple(known_people(conn, mail.addresses))
    if not people:
        shown = ", ".join(mail.addresses[:6]) + (" …" if len(mail.addresses) > 6 else "")
        raise NoKnownPerson(f"no known person in From/To/Cc: {shown or 'no addresses in it'}")
    if is_logged(conn, mail.message_id):
        return Logged(mail.message_id, True, people, (), (), None)
    owner = cv_owner(mail, people) if save_cvs and data_dir is not None else None
    prepared, refused = _prepare_cvs(mail.attachments, data_dir) if owner and data_dir else ([], [])
    try:
        done = _write(conn, mail, people, owner, prepared)
    except Exception:
        _discard(prepared)
        if _logged_meanwhile(conn, mail.message_id):  # another logger wrote the same Message-ID first
            return Logged(mail.message_id, True, people, (), (), None)
        raise
    except BaseException:
        _discard(prepared)
        raise
    return Logged(done.message_id, done.already, people, done.activity_ids, (*done.cvs, *refused), done.txn)


def _logged_meanwhile(conn: Connection, message_id: str) -> bool:
    try:
        return is_logged(conn, message_id)
    except Exception:  # noqa: BLE001 - the desk itself failed: the first error is the one to say
        return False


def _write(conn: Connection, mail: Mail, people: tuple[Known, ...], owner: Known | None,
           prepared: list[attachments.Prepared]) -> Logged:
    txn = journal.new_txn()
    at = ts(mail.at or clock.utcnow())
    saved = {p.file_name for p in prepared}
    body = activity_body(mail, saved)
    cvs: list[str] = []
    with db.write(conn):
        if is_logged(conn, mail.message_id):
            return Logged(mail.message_id, True, people, (), (), None)
        ids = [journal.insert(conn, txn, "activity", {
            "kind": "email", "body": body, "at": at, "person_id": p.person_id, "company_id": p.company_id,
        }) for p in people]
        for p in people:
            _touched(conn, txn, p.person_id, at)
        refresh_companies(conn, [p.company_id for p in people])
        journal.insert(conn, txn, "mail_message", {
            "message_id": mail.message_id, "activity_ids": json.dumps(ids), "logged_at": ts(clock.utcnow()),
        })
        if owner is not None and prepared:
            for item in prepared:
                name, _aid, became = attachments.record_in(conn, txn, owner.person_id, item, kind="cv")
                cvs.append(attachments.Attached(txn, _aid, owner.person_id, name, "cv", item.file_name,
                                                item.extracted.words, item.extracted.note, became).message)
            index_people(conn, [owner.person_id])
    return Logged(mail.message_id, False, people, tuple(ids), tuple(cvs), txn)


def _touched(conn: Connection, txn: str, person_id: int, at: str) -> None:
    """The person's last contact moves forward to ``at`` (never back); a first contact is noted."""
    person = journal.row(conn, "person", person_id, lock=True)
    if person is None:
        return
    last = person.get("last_contact_at")
    last_at = parse_ts(str(last)) if isinstance(last, str) else last
    if last_at is None or _aware(last_at) < parse_ts(at):  # type: ignore[operator]
        journal.update(conn, txn, "person", person_id, {"last_contact_at": at, "updated_at": ts(clock.utcnow())})
    for (consent_id,) in conn.execute(
            "SELECT id FROM consent WHERE person_id = ? AND first_contact_at IS NULL", (person_id,)).fetchall():
        journal.update(conn, txn, "consent", consent_id, {"first_contact_at": at[:10]})


def _aware(value: datetime) -> datetime:
    from datetime import timezone

    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def activity_body(mail: Mail, saved: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """What the timeline holds: subject, who from / to, the attachments by name, the body."""
    lines = [mail.subject or "(no subject)"]
    if mail.senders:
        lines.append("From: " + ", ".join(_who(a.name, a.email) for a in mail.senders))
    if mail.recipients:
        lines.append("To: " + ", ".join(_who(a.name, a.email) for a in mail.recipients))
    kept = [p.file_name for p in mail.attachments if p.file_name in saved]
    named = [p.file_name for p in mail.attachments if p.file_name not in saved]
    if named:
        lines.append("Attachments (not stored): " + ", ".join(named))
    if kept:
        lines.append("Saved as CV: " + ", ".join(kept))
    return "\n".join(lines) + ("\n\n" + mail.body if mail.body else "")


def _who(name: str, email: str) -> str:
    return f"{name} <{email}>" if name else email


def cv_owner(mail: Mail, people: tuple[Known, ...]) -> Known | None:
    """Whose CV an attachment is: the known sender; else the one known person it names."""
    senders = {a.email for a in mail.senders}
    from_them = [p for p in people if p.email in senders]
    if len(from_them) == 1:
        return from_them[0]
    return people[0] if len(people) == 1 else None


def looks_like_cv(part: Part) -> bool:
    return Path(part.file_name).suffix.lower() in CV_SUFFIXES and bool(part.data)


def _prepare_cvs(parts: tuple[Part, ...], data_dir: Path) -> tuple[list[attachments.Prepared], list[str]]:
    """Each CV-like attachment written to a private temp file under its own name and prepared
    (copied into the data directory, its text read); one that cannot be is said, not saved."""
    from deskcrm.store.cv_text import CvRefused

    done: list[attachments.Prepared] = []
    refused: list[str] = []
    with tempfile.TemporaryDirectory(prefix="deskcrm-mail-") as tmp:
        for part in parts:
            if not looks_like_cv(part):
                continue
            path = Path(tmp) / part.file_name
            try:
                path.write_bytes(part.data)
                done.append(attachments.prepare(path, data_dir))
            except (CvRefused, OSError) as exc:
                why = str(exc) if isinstance(exc, CvRefused) else f"{part.file_name}: {exc.strerror}"
                refused.append(f"CV not saved: {why}")
            except BaseException:
                _discard(done)
                raise
    return done, refused


def _discard(prepared: list[attachments.Prepared]) -> None:
    for item in prepared:
        attachments.discard(item)
