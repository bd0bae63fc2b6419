"""A message to send (issue 15), as plain data: what the compose screen, the submittal pack and the
automations hand to ``store.outbox.send``, and how the ``[mail]`` settings say to send it.

    draft = Draft(to=("jane@example.com",), subject="Your interview", body="Hi Jane, ...",
                  attachments=(Attachment("cv.pdf", "application/pdf", data),), ics=invite_bytes,
                  person_ids=(12,), company_id=3, job_id=7, template="interview_prep")

``Draft.to_json`` / ``Draft.from_json`` keep a draft in the outbox (attachment bytes as base64), so a
failed send can be retried exactly as it was written. ``check`` says what is wrong with a draft
(no recipient, an address that is not one) in one line per field. ``TEMPLATE_TO``, ``DUE_TEMPLATES``
and ``card_templates`` say which template fits where. No I/O here.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import NamedTuple

from deskcrm.domain import validate

METHODS = ("smtp", "command", "file")
SECURITY = ("starttls", "tls", "none")


class Attachment(NamedTuple):
    """One attached file: ``(filename, content type, bytes)``, e.g. ``("cv.pdf", "application/pdf", b"...")``."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Draft:
    to: tuple[str, ...]
    subject: str
    body: str
    cc: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    ics: bytes | None = None  # an iCalendar invite (text/calendar; method=REQUEST)
    person_ids: tuple[int, ...] = ()  # who it concerns, the one written to first (an erasure of any removes it)
    company_id: int | None = None  # the client: logged on when a recipient is its contact (store.outbox)
    job_id: int | None = None  # the job order it is about (linked on the activities)
    template: str | None = None  # the template it was written from (interview_prep, ...)
    html: str | None = None  # an HTML alternative of ``body`` (already escaped by its template)

    def to_json(self) -> str:
        return json.dumps({
            "to": list(self.to), "cc": list(self.cc), "subject": self.subject, "body": self.body,
            "attachments": [[a.filename, a.content_type, _b64(a.data)] for a in self.attachments],
            "ics": _b64(self.ics) if self.ics is not None else None, "person_ids": list(self.person_ids),
            "company_id": self.company_id, "job_id": self.job_id, "template": self.template, "html": self.html,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        d = json.loads(text)
        return cls(
            to=tuple(d["to"]), cc=tuple(d.get("cc") or ()), subject=d["subject"], body=d["body"],
            attachments=tuple(Attachment(n, t, base64.b64decode(b)) for n, t, b in d.get("attachments") or ()),
            ics=base64.b64decode(d["ics"]) if d.get("ics") else None, person_ids=tuple(d.get("person_ids") or ()),
            company_id=d.get("company_id"), job_id=d.get("job_id"), template=d.get("template"), html=d.get("html"),
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def addresses(text: str) -> tuple[str, ...]:
    """``"a@x.io, b@y.io"`` (commas or semicolons) -> the addresses; a bad one raises ``validate.Invalid``."""
    out: list[str] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part:
            try:
                found = validate.email(part)
            except validate.Invalid:
                raise validate.Invalid(f"{part!r} is not an email address — e.g. jane@example.com") from None
            if found and found.lower() not in {o.lower() for o in out}:
                out.append(found)
    return tuple(out)


def check(draft: Draft) -> dict[str, str]:
    """What is wrong with ``draft`` (field -> message); empty when it can be sent."""
    errors: dict[str, str] = {}
    if not draft.to:
        errors["to"] = "a recipient is needed"
    for name, values in (("to", draft.to), ("cc", draft.cc)):
        try:
            addresses(", ".join(values))
        except validate.Invalid as exc:
            errors[name] = str(exc)
    if not draft.subject.strip():
        errors["subject"] = "a subject is needed"
    elif "\n" in draft.subject or "\r" in draft.subject:
        errors["subject"] = "one line only"
    return errors


@dataclass(frozen=True, slots=True)
class MailSettings:
    """How to send (``[mail]`` in the config file, read by ``config.mail_settings``)."""

    method: str | None = None  # smtp | command | file; None: mail is not set up
    from_address: str | None = None
    host: str | None = None
    port: int | None = None  # default: 587 for starttls, 465 for tls, 25 for none
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # from the keyring or $DESKCRM_SMTP_PASSWORD only
    command: tuple[str, ...] = ()  # sendmail-compatible, e.g. ("msmtp", "-t"); the message on stdin
    folder: str | None = None  # method "file": where the .eml files go
    timeout: float = 30.0
    signature: str = ""  # the recruiter's signature, a template field
    where: str = "the config file"  # the file the settings came from (named in messages)

    def smtp_port(self) -> int:
        return self.port or {"tls": 465, "none": 25}.get(self.security, 587)


# Who each shipped template is written to: the person (a candidate) or the client contact.
TEMPLATE_TO = {"interview_prep": "person", "interview_confirmation": "contact", "submittal": "contact",
               "client_checkin": "contact", "candidate_nurture": "person", "placement_checkin": "person",
               "art14_notice": "person", "invoice_chase": "contact"}

# The templates that fit a due item of each kind (domain.due.KINDS); none: nothing to write.
DUE_TEMPLATES = {"interview_prep": ("interview_prep", "interview_confirmation"), "nurture": ("candidate_nurture",),
                 "follow_up": ("candidate_nurture",), "client_checkin": ("client_checkin",),
                 "checkin": ("placement_checkin",), "start_confirm": ("placement_checkin",),
                 "art14_notice": ("art14_notice",), "invoice_overdue": ("invoice_chase",)}


def card_templates(stage: str | None) -> tuple[str, ...]:
    """A pipeline card's templates, the fitting one first: interviewing -> prep and confirmation."""
    if stage in ("interviewing", "offered"):
        return ("interview_prep", "interview_confirmation", "submittal", "candidate_nurture")
    return ("submittal", "interview_prep", "interview_confirmation", "candidate_nurture")
