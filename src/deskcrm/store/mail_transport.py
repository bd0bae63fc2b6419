"""Build a draft into an email and hand it over: SMTP, a sendmail-compatible command, or a file.

    message = build(draft, settings)          # email.message.EmailMessage, From/To/Cc/Subject/Date/Message-ID
    refused = deliver(message, draft, settings)  # addresses the server refused while taking the rest

Every failure — no ``[mail]`` settings, the login refused, every recipient refused, a timeout, a
connection refused, the command missing or exiting non-zero, a folder that cannot be written — is
``SendFailed`` with one line saying what happened and what to do. Nothing here touches the desk.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import subprocess
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from deskcrm.domain.mail import METHODS, Draft, MailSettings
from deskcrm.store.errors import StoreError

PASSWORD_HINT = "the password comes from the system keyring (keyring set deskcrm USER) or $DESKCRM_SMTP_PASSWORD"


class SendFailed(StoreError):
    """The message was not sent; ``str(err)`` is one line saying why and what to do."""


NOT_SET_UP = ("mail is not set up — add a [mail] table with method = \"smtp\", \"command\" or \"file\" "
              "(see the README's Mail section)")


def build(draft: Draft, settings: MailSettings) -> EmailMessage:
    if settings.method not in METHODS:
        raise SendFailed(f"{settings.where}: {NOT_SET_UP}")
    if not settings.from_address:
        raise SendFailed(f"{settings.where}: [mail] from is not set — add from = \"you@agency.com\"")
    msg = EmailMessage()
    msg["From"] = settings.from_address
    msg["To"] = ", ".join(draft.to)
    if draft.cc:
        msg["Cc"] = ", ".join(draft.cc)
    msg["Subject"] = draft.subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=settings.from_address.rpartition("@")[2] or None)
    msg.set_content(draft.body)
    if draft.html:
        msg.add_alternative(draft.html, subtype="html")
    for name, content_type, data in draft.attachments:
        maintype, subtype, params = _content_type(content_type)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name, params=params)
    if draft.ics is not None:  # UTF-8 text: without the charset a reader takes it as ASCII ("—" garbled)
        msg.add_attachment(draft.ics, maintype="text", subtype="calendar", filename="invite.ics",
                           params={"method": "REQUEST", "charset": "utf-8"})
    return msg


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    """``"text/plain; charset=utf-8"`` -> ("text", "plain", {"charset": "utf-8"})."""
    kind, *rest = (value or "application/octet-stream").split(";")
    maintype, _, subtype = kind.strip().partition("/")
    params = dict(p.strip().partition("=")[::2] for p in rest if "=" in p)
    return maintype or "application", subtype or "octet-stream", {k.lower(): v.strip('"') for k, v in params.items()}


def deliver(message: EmailMessage, draft: Draft, settings: MailSettings) -> tuple[str, ...]:
    """Send ``message``; the addresses refused while the others took it (SMTP only) are returned."""
    if settings.method == "smtp":
        return _smtp(message, (*draft.to, *draft.cc), settings)
    if settings.method == "command":
        _command(message, settings)
    elif settings.method == "file":
        _file(message, settings)
    else:
        raise SendFailed(f"{settings.where}: {NOT_SET_UP}")
    return ()


def _one_line(text: object, limit: int = 160) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _smtp(message: EmailMessage, recipients: tuple[str, ...], s: MailSettings) -> tuple[str, ...]:
    if not s.host:
        raise SendFailed(f"{s.where}: [mail] host is not set — add host = \"smtp.example.com\"")
    where = f"{s.host}:{s.smtp_port()}"
    try:
        if s.security == "tls":
            server: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.smtp_port(), timeout=s.timeout,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(s.host, s.smtp_port(), timeout=s.timeout)
        with server:
            if s.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if s.user:
                if s.password is None:
                    raise SendFailed(f"no SMTP password for {s.user}: {PASSWORD_HINT}")
                server.login(s.user, s.password)
            refused = server.send_message(message, from_addr=s.from_address, to_addrs=list(recipients))
    except SendFailed:
        raise
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, (socket.timeout, TimeoutError)):  # smtplib's word for a silent server
            raise _timed_out(where, s) from None
        raise SendFailed(f"{where} closed the connection ({_one_line(exc)}): check [mail] host, port and "
                         "security, or try again") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise SendFailed(f"{where} refused the login of {s.user} ({exc.smtp_code} {_one_line(exc.smtp_error)}): "
                         f"check [mail] user; {PASSWORD_HINT}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        said = "; ".join(f"{a} ({code} {_one_line(text, 60)})" for a, (code, text) in exc.recipients.items())
        raise SendFailed(f"{where} refused the recipient: {said} — check the address") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendFailed(f"{where} refused the sender {exc.sender} ({exc.smtp_code} {_one_line(exc.smtp_error)}): "
                         "check [mail] from") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise SendFailed(f"{where} does not support this ({_one_line(exc)}): check [mail] security "
                         "(starttls, tls or none)") from None
    except smtplib.SMTPResponseException as exc:
        raise SendFailed(f"{where} did not take the message ({exc.smtp_code} {_one_line(exc.smtp_error)})") from None
    except (socket.timeout, TimeoutError):
        raise _timed_out(where, s) from None
    except ssl.SSLError as exc:
        raise SendFailed(f"{where}: the secure connection failed ({_one_line(exc)}): check [mail] security "
                         "and port") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"cannot reach the mail server {where} ({_one_line(exc) or type(exc).__name__}): "
                         "check [mail] host and port, or the network") from None
    return tuple(refused)


def _timed_out(where: str, s: MailSettings) -> SendFailed:
    return SendFailed(f"{where} did not answer within {s.timeout:g} s: check [mail] host and port, or try again")


def _command(message: EmailMessage, s: MailSettings) -> None:
    if not s.command:
        raise SendFailed(f"{s.where}: [mail] command is not set — e.g. command = \"msmtp -t\"")
    shown = " ".join(s.command)
    try:
        done = subprocess.run(list(s.command), input=message.as_bytes(), capture_output=True,
                              timeout=s.timeout, check=False)
    except FileNotFoundError:
        raise SendFailed(f"the mail command {s.command[0]!r} was not found: check [mail] command") from None
    except subprocess.TimeoutExpired:
        raise SendFailed(f"the mail command `{shown}` did not finish within {s.timeout:g} s") from None
    except OSError as exc:
        raise SendFailed(f"the mail command `{shown}` could not run ({_one_line(exc)})") from None
    if done.returncode != 0:
        said = _one_line(done.stderr or done.stdout) or "no message"
        raise SendFailed(f"the mail command `{shown}` failed (exit code {done.returncode}: {said})")


def _file(message: EmailMessage, s: MailSettings) -> None:
    from deskcrm import files

    if not s.folder:
        raise SendFailed(f"{s.where}: [mail] folder is not set — e.g. folder = \"~/mail/outgoing\"")
    folder = Path(s.folder).expanduser()
    if (why := files.missing_folder(folder)) is not None:  # a typo must not make a folder mail sits unread in
        raise SendFailed(f"{s.where}: [mail] folder: {why}")
    stamp = make_msgid().strip("<>").split("@")[0]
    try:
        files.write_private(folder / f"{stamp}.eml", message.as_bytes())
    except OSError as exc:
        raise SendFailed(f"{folder}: cannot write the message ({_one_line(exc)}): check [mail] folder") from None
