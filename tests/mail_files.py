"""Email messages and Maildir folders built by the tests (``deskcrm mail log`` / ``mail sync``)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path


def message(*, sender: str = "Dev Patel <dev@example.com>", to: str = "Sam Reed <sam@desk.example>",
            cc: str | None = None, subject: str = "Re: the backend role", date: str | None = "Tue, 17 Nov 2026 09:15:00 +0100",
            message_id: str | None = "<m1@mail.example>", body: str = "Thanks, Thursday works.\nDev",
            html: str | None = None, attachments: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    if date:
        msg["Date"] = date
    if message_id:
        msg["Message-ID"] = message_id
    if html is not None and not body:
        msg.set_content(html, subtype="html")
    else:
        msg.set_content(body)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    for name, data in attachments:
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


# Headers the modern parser trips on, an unknown charset and Latin-1 bytes in a UTF-8-less body.
MALFORMED = (b"From: =?x-unknown?Q?Dev?= <dev@example.com>\r\nTo: <<broken@@, sam@desk.example\r\n"
             b"Subject: caf\xe9 \xff =?utf-8?B?not base64?=\r\nDate: the day after tomorrow\r\n"
             b"Message-ID: <bad@mail.example>\r\nContent-Type: text/plain; charset=klingon\r\n\r\n"
             b"M\xfcller sagt gr\xfc\xdf Gott\r\n")


def maildir(root: Path, new: dict[str, bytes] = {}, cur: dict[str, bytes] = {}) -> Path:  # noqa: B006
    for sub in ("new", "cur", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for sub, files in (("new", new), ("cur", cur)):
        for name, data in files.items():
            (root / sub / name).write_bytes(data)
    return root
