"""``[mail]`` in the config file: how deskcrm sends a message (issue 15).

    [mail]
    method = "smtp"               # smtp | command | file
    from = "sam@agency.example"   # the From address (every method)
    signature = "Sam Reed · Agency Ltd · +44 20 7946 0000"   # {{ recruiter.signature }} in templates
    host = "smtp.agency.example"  # smtp: the server ...
    port = 587                    # ... (default 587 for starttls, 465 for tls, 25 for none)
    security = "starttls"         # starttls | tls | none
    user = "sam@agency.example"   # the login; the password is NEVER in this file:
                                  #   keyring set deskcrm sam@agency.example   (or $DESKCRM_SMTP_PASSWORD)
    command = "msmtp -t"          # command: sendmail-compatible, the message on stdin (no shell)
    folder = "~/mail/outgoing"    # file: each message written there as an .eml
    timeout = 30                  # seconds to wait for the server or the command

A bad entry (and any password key) is a one-line ConfigError naming the file, line and key.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path

from deskcrm.errors import ConfigError

KNOWN = ("method", "from", "signature", "host", "port", "security", "user", "command", "folder", "timeout")
PASSWORD_KEYS = ("password", "pass", "passwd", "smtp_password", "secret")
ENV_PASSWORD = "DESKCRM_SMTP_PASSWORD"
KEYRING_SERVICE = "deskcrm"


def check(path: Path, source: str, table: object, line: Callable[..., int]) -> dict:
    from deskcrm.domain.mail import METHODS, SECURITY

    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{line(source, 'mail')}: [mail] must be a table, e.g. [mail] method = \"smtp\"")
    out: dict = {}
    for key, value in table.items():
        where = f"{path}:{line(source, key, section='mail')}"
        if key.lower() in PASSWORD_KEYS:
            raise ConfigError(f"{where}: [mail] {key}: a password is never kept in the config file — delete "
                              f"this line and run `keyring set {KEYRING_SERVICE} USER` (or set ${ENV_PASSWORD})")
        if key not in KNOWN:
            raise ConfigError(f"{where}: [mail] {key} is not a setting; known: {', '.join(KNOWN)}")
        if key == "method" and value not in METHODS:
            raise ConfigError(f"{where}: [mail] method must be one of {', '.join(METHODS)}")
        elif key == "security" and value not in SECURITY:
            raise ConfigError(f"{where}: [mail] security must be one of {', '.join(SECURITY)}")
        elif key == "port" and (not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 65536):
            raise ConfigError(f"{where}: [mail] port must be a number from 1 to 65535, e.g. port = 587")
        elif key == "timeout" and (not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0):
            raise ConfigError(f"{where}: [mail] timeout must be a number of seconds over 0, e.g. timeout = 30")
        elif key == "from":
            _address(where, value)
        elif key == "command":
            out[key] = _command(where, value)
            continue
        elif key in ("signature", "host", "user", "folder") and not isinstance(value, str):
            raise ConfigError(f"{where}: [mail] {key} must be text in quotes")
        out[key] = value
    return out


def _address(where: str, value: object) -> None:
    from deskcrm.domain import validate

    try:
        if not isinstance(value, str) or not validate.email(value):
            raise validate.Invalid("")
    except validate.Invalid:
        raise ConfigError(f'{where}: [mail] from must be an email address in quotes, e.g. from = "you@agency.com"') from None


def _command(where: str, value: object) -> tuple[str, ...]:
    try:
        argv = tuple(shlex.split(value)) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        argv = ()
    if not argv or not all(isinstance(a, str) and a for a in argv):
        raise ConfigError(f'{where}: [mail] command must be a command line in quotes, e.g. command = "msmtp -t"')
    return argv


def mail_options(settings, *, password: bool = True):  # noqa: ANN001, ANN201 - Settings -> domain.mail.MailSettings
    """The settings to send with; ``password``: look the SMTP password up (only smtp with a user)."""
    from deskcrm.domain.mail import MailSettings

    mail = dict(getattr(settings, "mail", {}) or {})
    where = str(getattr(settings, "path", None) or "the config file")
    options = MailSettings(
        method=mail.get("method"), from_address=mail.get("from"), host=mail.get("host"), port=mail.get("port"),
        security=mail.get("security", "starttls"), user=mail.get("user"), command=tuple(mail.get("command", ())),
        folder=mail.get("folder"), timeout=float(mail.get("timeout", 30)), signature=mail.get("signature", ""),
        where=where,
    )
    if password and options.method == "smtp" and options.user:
        from dataclasses import replace

        return replace(options, password=smtp_password(options.user))
    return options


def smtp_password(user: str) -> str | None:
    """``$DESKCRM_SMTP_PASSWORD``, else the system keyring's entry (service "deskcrm", the user);
    None when neither has one (the send then says how to set it)."""
    if os.environ.get(ENV_PASSWORD):
        return os.environ[ENV_PASSWORD]
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # noqa: BLE001 - no keyring backend on this machine (a server, a container): no password
        return None
