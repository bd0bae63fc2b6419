"""Where a desk lives, as the user names it: a file path, or a PostgreSQL URL (a team's server).

``--db``, ``$DESKCRM_DB`` and ``db =`` in the config take either. A URL is
``postgresql://user@host:port/dbname`` (libpq's form: ``?host=/run/postgresql`` for a Unix
socket, ``?sslmode=…``); ``postgres://`` and ``postgresql+psycopg://`` are read the same way.
A password is never shown: every message names the server through :func:`shown`, which puts
``***`` in its place (in the user part and in a ``password=`` parameter alike). Pure string
work (no driver, no SQLAlchemy): the launch path reads it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_USER_PASSWORD = re.compile(r"^[^:/]+://[^:/@]*:([^@]*)@")


def scheme(value: str) -> str | None:
    """The URL scheme (lower case) of ``value``, or None when it is a file path."""
    found = _SCHEME.match(str(value))
    return found.group(1).lower() if found else None


def is_url(value: object) -> bool:
    return scheme(str(value)) is not None


def is_server(value: object) -> bool:
    """True for a PostgreSQL URL."""
    return scheme(str(value)) in SERVER_SCHEMES


def shown(value: str) -> str:
    """``value`` fit to print: a password in it (``user:secret@``, ``?password=secret``) becomes
    ``***``, in a URL that does not parse too."""
    try:
        parts = urlsplit(value)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            if ":" in user:
                netloc = f"{user.split(':', 1)[0]}:***@{host}"
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(k.lower() == "password" for k, _ in pairs):
                query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in pairs], safe="/:*")
        if (netloc, query) == (parts.netloc, parts.query):
            return value  # as typed
        return (f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
                + (f"#{parts.fragment}" if parts.fragment else ""))
    except ValueError:  # libpq will say what is wrong with it; the password goes all the same
        hidden = _USER_PASSWORD.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + "***@", value, count=1)
        return re.sub(r"(?i)(password=)[^&#]*", r"\1***", hidden)


def password(value: str) -> str | None:
    """The password written in the URL, if any (to blank it out of a driver's message)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # still blank out what stands where a password stands
        found = _USER_PASSWORD.search(value)
        return found.group(1) if found and found.group(1) else None
    if parts.password:
        return parts.password
    found = [v for k, v in parse_qsl(parts.query) if k.lower() == "password"]
    return found[0] if found else None


def sqlalchemy_url(value: str) -> str:
    """The SQLAlchemy URL for a server URL: the psycopg 3 driver, ``postgresql+psycopg://``."""
    rest = _SCHEME.sub("", value, count=1)
    return f"postgresql+psycopg://{rest}"


def libpq_url(value: str) -> str:
    """The URL psycopg (libpq) takes: ``postgresql://`` whatever the user's spelling."""
    return f"postgresql://{_SCHEME.sub('', value, count=1)}"


def database(value: str) -> str:
    """The database name the URL names (empty: libpq's default, the user name)."""
    try:
        return unquote(urlsplit(value).path.lstrip("/"))
    except ValueError:
        return ""
