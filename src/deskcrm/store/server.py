"""A desk on a PostgreSQL server (psycopg 3): reaching it, reading its schema version, creating
it and bringing it to this version's schema.

What a desk on a server can do in this version: be created (``deskcrm init postgresql://…``) and
upgraded; the screens and the other commands still run on SQLite only (the command line says so
in one line). The schema is the one every SQLite desk has, from the same Alembic revisions
(``store/migrations/dialect.py`` lists what differs).

No backup before an upgrade here, unlike a desk file: PostgreSQL runs the pending revisions in
one transaction (its DDL is transactional), so a failed upgrade leaves the desk as it was, and a
server's data is what the server's own backups (``pg_dump``, base backups) are for — a ``pg_dump``
from the recruiter's machine would need a client of the server's major version and the rights to
read every table, and would put a copy of the agency's data wherever deskcrm happened to run.

A URL's password is never shown (:func:`deskcrm.dburl.shown`) and never stored: give it in
``~/.pgpass`` or ``$PGPASSWORD`` (libpq's own places) rather than in the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deskcrm import dburl
from deskcrm.store import migrate
from deskcrm.store.errors import NotADatabase, StoreError, Unreachable
from deskcrm.store.schema import HEAD

CONNECT_TIMEOUT_S = 10  # libpq's connect_timeout, unless the URL names its own


@dataclass(frozen=True)
class Found:
    """What a server database holds: deskcrm's schema revision (None: no desk), and how many
    tables of its own it has (a desk's, or another program's)."""

    revision: str | None
    tables: int


def inspect(url: str) -> Found:
    """Connect and read the schema revision; ``Unreachable`` when the server cannot be reached or
    refuses the login."""
    conn = connect_raw(url)
    try:
        return _found(conn)
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - a driver error, said as one line
        raise StoreError(f"{dburl.shown(url)}: cannot read the database ({_first_line(url, exc)})") from None
    finally:
        conn.close()


def ensure_current(url: str, *, create: bool = False, announce: Callable[[str], None] | None = None) -> Found:
    """Create (``create``) or upgrade the desk at ``url``; refuse one written by a newer deskcrm
    (``NewerDatabase``, the same line as for a file), a database with no desk (unless ``create``)
    and one holding another program's tables. Returns what was there before."""
    where = dburl.shown(url)
    found = inspect(url)
    if found.revision is None and not create:
        raise NotADatabase(f"{where}: holds no deskcrm desk; to create one there: deskcrm init {_q(where)}")
    if found.revision is None and found.tables:
        raise NotADatabase(f"{where}: the database holds {found.tables} tables of another program; give deskcrm "
                           "a database of its own (CREATE DATABASE on the server, or createdb)")
    if not migrate.check_revision(where, found.revision, "database"):
        return found
    if found.revision is not None and announce is not None:
        announce(f"upgrading {where} to this version of deskcrm (schema {found.revision} -> {HEAD}), in one "
                 "transaction; deskcrm takes no backup on a server: the server's own backups apply")
    migrate.upgrade(url)
    return found


def connect_raw(url: str):  # noqa: ANN202 - psycopg.Connection
    """A psycopg connection to ``url`` (autocommit), or ``Unreachable`` in one line."""
    import psycopg

    options = {} if "connect_timeout" in url else {"connect_timeout": CONNECT_TIMEOUT_S}
    try:
        return psycopg.connect(dburl.libpq_url(url), autocommit=True, **options)
    except psycopg.Error as exc:
        raise unreachable(url, exc) from None


def _found(conn) -> Found:  # noqa: ANN001 - psycopg.Connection
    tables = conn.execute(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
    ).fetchone()[0]
    if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
        return Found(None, tables)
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return Found(row[0] if row else None, tables)


def unreachable(url: str, exc: BaseException) -> Unreachable:
    """One line for a failed connection: the server (password hidden), why, what to do."""
    where = dburl.shown(url)
    text = str(exc)
    lower = text.lower()
    if "password authentication failed" in lower or "no password supplied" in lower:
        return Unreachable(f"{where}: the server refused the login (wrong or missing password); give the "
                           "password in ~/.pgpass or $PGPASSWORD (deskcrm stores none)")
    if "database" in lower and "does not exist" in lower:
        name = dburl.database(url) or "(the user's own)"
        missing = Unreachable(f"{where}: the server has no database {name}; create it (createdb, or CREATE "
                              f"DATABASE on the server), then: deskcrm init {_q(where)}")
        missing.missing = name
        return missing
    if "role" in lower and "does not exist" in lower:
        return Unreachable(f"{where}: the server knows no such user; check the user name in the URL "
                           "(the server's administrator adds users)")
    if type(exc).__name__ == "ProgrammingError" or "invalid connection option" in lower:  # libpq could not read it
        return Unreachable(f"{where}: not a PostgreSQL URL libpq can read ({_first_line(url, exc)}); "
                           "write it as postgresql://user@host:port/dbname")
    return Unreachable(f"{where}: cannot reach the PostgreSQL server ({_first_line(url, exc)}); check that it "
                       "is running and that the host, port or socket in the URL are right")


def _q(where: str) -> str:
    import shlex

    return shlex.quote(where)


def _first_line(url: str, exc: BaseException) -> str:
    """The driver's reason, short: its first line without libpq's "connection failed:"
    prefixes, and never the URL's password."""
    line = next((part.strip() for part in str(exc).splitlines() if part.strip()), type(exc).__name__)
    for prefix in ("connection failed:", "connection is bad:"):
        if line.lower().startswith(prefix):
            line = line[len(prefix):].strip()
    for written in (url, dburl.libpq_url(url)):  # libpq quotes a URL it cannot read
        line = line.replace(written, dburl.shown(url))
    secret = dburl.password(url)
    if secret:  # as a token of its own: a password "p" must not turn "port" into "***ort"
        import re

        line = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", "***", line)
    return line if len(line) <= 160 else line[:159] + "…"
