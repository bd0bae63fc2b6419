"""One email message, read leniently: who it is from and to, its subject, date, body text and
attachments — whatever shape the message is in (``deskcrm mail log`` / ``mail sync``).

    mail = parse(raw_bytes)
    mail.message_id, mail.subject, mail.at      # at: aware, or None (no readable Date header)
    mail.senders, mail.recipients               # Address(name, email) — email lower case
    mail.body                                   # the text/plain part, else the HTML part's text
    mail.attachments                            # Part(file_name, content_type, data)

Parsed with the standard ``email`` package (``policy.default``). Nothing here raises on a bad
message: a header the modern parser cannot read is read again from its raw bytes, an
unknown or wrong charset is decoded by ``cv_formats.decode_text`` (UTF-8, else what
charset-normalizer finds, else cp1252), and a message without a Message-ID is known by the
SHA-256 of its bytes, so logging it twice is still found. :func:`headers_only` reads just the
headers (a Maildir re-scan skips seen messages without reading their bodies).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from html.parser import HTMLParser

MAX_BODY = 8_000  # characters of a body kept on the activity (the rest is said, not kept)


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    email: str  # lower case


@dataclass(frozen=True, slots=True)
class Part:
    file_name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Mail:
    message_id: str
    subject: str
    at: datetime | None
    senders: tuple[Address, ...]
    recipients: tuple[Address, ...]  # To and Cc
    body: str
    attachments: tuple[Part, ...]

    @property
    def addresses(self) -> tuple[str, ...]:
        """Every address it names (From, To, Cc), once each, in order."""
        return tuple(dict.fromkeys(a.email for a in (*self.senders, *self.recipients)))


def parse(raw: bytes) -> Mail:
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    return Mail(
        message_id=message_id(msg, raw),
        subject=_text_header(msg, raw, "Subject"),
        at=_date(msg, raw),
        senders=_addresses(msg, raw, "From") or _addresses(msg, raw, "Sender"),
        recipients=_addresses(msg, raw, "To", "Cc"),
        body=_cut(_body(msg)),
        attachments=tuple(_attachments(msg)),
    )


def _cut(body: str) -> str:
    if len(body) <= MAX_BODY:
        return body
    return body[:MAX_BODY] + f"\n… ({len(body) - MAX_BODY:,} more characters not kept)"


def headers_only(raw: bytes) -> tuple[str, tuple[str, ...]]:
    """(Message-ID, every From/To/Cc address) from the headers alone."""
    msg = BytesHeaderParser(policy=policy.default).parsebytes(raw)
    found = (*_addresses(msg, raw, "From"), *_addresses(msg, raw, "Sender"), *_addresses(msg, raw, "To", "Cc"))
    return message_id(msg, raw), tuple(dict.fromkeys(a.email for a in found))


def message_id(msg: Message, raw: bytes) -> str:
    value = _text_header(msg, raw, "Message-ID")
    value = "".join(value.split())  # folded over lines, or padded
    return value[:500] if value else "sha256:" + hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- headers


def _text_header(msg: Message, raw: bytes, name: str) -> str:
    """A header as text: the modern parser's reading, or — when it fails or had to replace
    bytes (Latin-1 in a header, a bad encoded word) — the raw header's (:func:`_raw_text`)."""
    try:
        value = msg.get(name)
        text = " ".join(_unescaped(str(value)).split()) if value is not None else ""
    except Exception:  # noqa: BLE001 - a header the modern parser chokes on
        text = "\ufffd"
    if "\ufffd" in text:
        text = " ".join(_raw_text(raw, name).split()) or text.replace("\ufffd", "").strip()
    return text


def _unescaped(text: str) -> str:
    """Raw 8-bit header bytes (kept by the parser as surrogates) read as UTF-8, else as cp1252;
    never a string that cannot be printed or stored (no NUL: PostgreSQL refuses it)."""
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    return _decoded(data)


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8").replace("\x00", "")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace").replace("\x00", "")


def _raw_text(raw: bytes, name: str) -> str:
    """The header ``name`` read from the message's bytes: unfolded, UTF-8 else cp1252, its
    encoded words decoded where they can be."""
    from email.header import decode_header, make_header

    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    head = re.sub(rb"\r?\n[ \t]+", b" ", head)
    key = name.lower().encode() + b":"
    found = [line[len(key):].strip() for line in head.splitlines() if line.lower().startswith(key)]
    if not found:
        return ""
    text = _decoded(found[0])
    try:
        return _unescaped(str(make_header(decode_header(text))))
    except Exception:  # noqa: BLE001 - undecodable encoded words: the header as it stands
        return text


def _date(msg: Message, raw: bytes) -> datetime | None:
    try:
        header = msg.get("Date")
        value = getattr(header, "datetime", None) if header is not None else None
    except Exception:  # noqa: BLE001
        value = None
    if value is None:
        from email.utils import parsedate_to_datetime

        try:
            value = parsedate_to_datetime(_raw_text(raw, "Date"))
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if value.tzinfo is None:  # "-0000" (no zone said) reads as UTC
        value = value.replace(tzinfo=timezone.utc)
    return value


def _addresses(msg: Message, raw: bytes, *names: str) -> tuple[Address, ...]:
    found: list[Address] = []
    for name in names:
        try:
            header = msg.get(name)
            pairs = [(a.display_name, a.addr_spec) for a in header.addresses] if header is not None else []
        except Exception:  # noqa: BLE001 - malformed: the raw header, read by getaddresses
            from email.utils import getaddresses

            pairs = getaddresses([_raw_text(raw, name)])
        for display, addr in pairs:
            addr = "".join((addr or "").split()).strip("<>").lower()
            if _EMAIL.match(addr):
                found.append(Address(" ".join(_unescaped(display or "").split()), _unescaped(addr)))
    return tuple(found)


_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")


# --------------------------------------------------------------------------- body and attachments


def _body(msg: Message) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        part = None
    if part is None:
        if msg.is_multipart() or msg.get_content_maintype() != "text":
            return ""
        part = msg
    text = part_text(part)
    if part.get_content_subtype() == "html":
        text = html_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def part_text(part: Message) -> str:
    """A text part decoded: its declared charset when that reads it cleanly, else a best guess."""
    try:
        data = part.get_payload(decode=True) or b""
    except Exception:  # noqa: BLE001
        data = b""
    if not isinstance(data, bytes):
        data = str(data).encode("utf-8", "surrogateescape")
    charset = part.get_content_charset()
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    from deskcrm.store.cv_formats import decode_text

    return decode_text(data)


def _attachments(msg: Message) -> list[Part]:
    found: list[Part] = []
    try:
        parts = list(msg.iter_attachments()) if msg.is_multipart() else []  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return found
    for part in parts:
        try:
            name = part.get_filename()
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001
            continue
        if not name or part.get_content_maintype() == "multipart":
            continue
        name = name.replace("/", "_").replace("\\", "_").strip() or "attachment"
        found.append(Part(name, part.get_content_type(), data if isinstance(data, bytes) else b""))
    return found


class _Text(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
    _HIDDEN = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)


def html_text(html: str) -> str:
    """The readable text of an HTML body: tags dropped, entities read, one blank line at most."""
    reader = _Text()
    try:
        reader.feed(html)
        reader.close()
    except Exception:  # noqa: BLE001 - broken HTML: what was read so far
        pass
    lines = [" ".join(line.split()) for line in "".join(reader.out).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
