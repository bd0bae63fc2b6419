"""A draft as the text a recruiter edits (in ``$EDITOR`` or the in-app editor), and back.

    To: jane@example.com
    Cc:
    Subject: Your interview with Northwind

    Hi Jane, ...

``as_text(draft)`` writes it; ``from_text(text, draft)`` reads the edited text back into a draft
(recipients, subject, body; what it is about and its attachments kept). A header line that is not
To / Cc / Subject, a bad address or no subject is ``validate.Invalid`` naming the line: the caller
keeps the text, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import replace

from deskcrm.domain import validate
from deskcrm.domain.mail import Draft, addresses

HEADERS = ("to", "cc", "subject")


def as_text(draft: Draft) -> str:
    return (f"To: {', '.join(draft.to)}\nCc: {', '.join(draft.cc)}\nSubject: {draft.subject}\n\n"
            f"{draft.body.rstrip(chr(10))}\n")


def from_text(text: str, draft: Draft) -> Draft:
    head, sep, body = text.replace("\r\n", "\n").partition("\n\n")
    if not sep:
        head, body = text, ""
    found: dict[str, str] = {}
    for n, line in enumerate(head.split("\n"), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        key = name.strip().lower()
        if not colon or key not in HEADERS:
            raise validate.Invalid(f"line {n}: {line.strip()[:40]!r} — the lines before the first blank line are "
                                   "To:, Cc: and Subject:; the message starts after the blank line")
        found[key] = value.strip()
    try:
        to = addresses(found.get("to", ""))
        cc = addresses(found.get("cc", ""))
    except validate.Invalid as exc:
        raise validate.Invalid(f"To/Cc: {exc}") from None
    if not to:
        raise validate.Invalid("To: who is it for? Add an address on the To: line")
    subject = found.get("subject", "")
    if not subject:
        raise validate.Invalid("Subject: a subject is needed on the Subject: line")
    return replace(draft, to=to, cc=cc, subject=subject, body=body.strip("\n") + "\n")
