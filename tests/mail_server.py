"""A real SMTP server on loopback for the mail tests (aiosmtpd): it keeps what it received, can
refuse a recipient, and can require a login (plain text on loopback, no TLS)."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from deskcrm.domain.mail import MailSettings

USER, PASSWORD = "sam@desk.example", "s3cret"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Handler:
    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 Message accepted"


def _authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailServer:
    def __init__(self, *, auth: bool = False) -> None:
        self.handler = Handler()
        kwargs = {"authenticator": _authenticator, "auth_require_tls": False, "auth_required": True} if auth else {}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=_free_port(), **kwargs)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port

    def settings(self, **overrides: object) -> MailSettings:
        values: dict = {"method": "smtp", "from_address": USER, "host": "127.0.0.1", "port": self.port,
                        "security": "none", "timeout": 5.0}
        return MailSettings(**{**values, **overrides})

    @property
    def received(self) -> list[Received]:
        return self.handler.received
