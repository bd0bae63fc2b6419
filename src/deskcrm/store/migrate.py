"""Bring a database file to the current schema, safely.

- A database written by a newer deskcrm (an unknown revision) is refused and not touched.
- A database with data gets a verified backup (SQLite backup API) before the first DDL: one per
  version (``desk.db.pre-0005.bak``), replaced by the next attempt, never one per attempt.
  A damaged file is not migrated (the backup refuses it).
- Each migration runs inside one transaction: it lands whole or not at all. A failure is one
  line naming the migration, what went wrong and the backup to restore.

``current_revision`` and ``needs_upgrade`` use sqlite3 only, so launch stays fast; Alembic
is imported only when there is work to do.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from deskcrm.store.db import Connection, DRIVER_ERRORS
from deskcrm.store import db
from deskcrm.store.errors import MigrationFailed, NewerDatabase
from deskcrm.store.schema import HEAD, KNOWN_REVISIONS


def current_revision(conn: Connection) -> str | None:
    """The desk's schema revision (None: no desk schema yet), on either engine."""
    has = conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_name = 'alembic_version'"
        if db.engine(conn) == "postgresql" else
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def check_revision(path: str | os.PathLike[str], rev: str | None, what: str = "file") -> bool:
    """True when an upgrade is needed; raises NewerDatabase for an unknown revision. ``path``
    is what the message names (a server's URL with its password hidden), ``what`` the noun."""
    if rev == HEAD:
        return False
    if rev is not None and rev not in KNOWN_REVISIONS:
        raise NewerDatabase(
            f"{path}: was written by a newer deskcrm (schema {rev}; this one knows up to {HEAD}). "
            f"Upgrade deskcrm to open it; the {what} was not changed."
        )
    return True


def ensure_current(path: str | os.PathLike[str], *, create: bool = True,
                   announce: Callable[[str], None] | None = None) -> Path | None:
    """Create or upgrade the database at ``path``. Returns the backup taken, if any.
    ``announce`` hears one line before an upgrade of an existing file starts (the backup of a
    big file takes a while: the user is told what is happening). A ``postgresql://`` URL is
    ``store.server.ensure_current``'s (no backup there: its DDL is transactional)."""
    if db.is_server(path):
        from deskcrm.store import server

        server.ensure_current(str(path), create=create, announce=announce)
        return None
    conn = db.connect(path, create=create)
    try:
        rev = current_revision(conn)
        if not check_revision(path, rev):
            return None
        taken = None
        if rev is not None:
            from deskcrm.store.backup import backup, pre_migration_path

            if announce is not None:
                announce(f"upgrading {path} to this version of deskcrm; a verified backup first, "
                         f"{pre_migration_path(path, HEAD).name} (a big file takes a minute) …")
            taken = backup(conn, pre_migration_path(path, HEAD), replace=True)
    except DRIVER_ERRORS as exc:
        raise db.translate(exc, path) or MigrationFailed(f"{path}: cannot read its schema version ({exc})") from None
    finally:
        conn.close()
    upgrade(str(path), backup=taken)
    return taken


def alembic_config(url: str | None = None):  # noqa: ANN201 - alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "deskcrm.store:migrations")
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


# PostgreSQL: the advisory lock two deskcrm processes upgrading one server desk take in turn
# (the second then finds the schema current). "DSKC", as db.APPLICATION_ID.
UPGRADE_LOCK = 0x44534B43


def upgrade(url_or_path: str, target: str = "head", *, backup: Path | None = None) -> None:
    """Run the pending revisions, all in one transaction (SQLite or a PostgreSQL URL)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import text

    from deskcrm import dburl
    from deskcrm.store.orm import make_engine

    engine = make_engine(url_or_path)
    cfg = alembic_config()
    applied: list[str] = []
    cfg.attributes["on_version_apply"] = lambda step, **_: applied.append(step.up_revision_id)
    start = None
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
            start = MigrationContext.configure(connection).get_current_revision()
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, target)
    except Exception as exc:  # the transaction has rolled back
        where = dburl.shown(url_or_path) if dburl.is_url(url_or_path) else url_or_path
        raise MigrationFailed(_failed(cfg, where, start, applied, exc, backup)) from exc
    finally:
        engine.dispose()


def _failed(cfg, where: str, start: str | None, applied: list[str], exc: Exception, backup: Path | None) -> str:  # noqa: ANN001
    """One line: which migration, why (the driver's first line, no SQL, no URL), what to restore."""
    import shlex

    pending = list(KNOWN_REVISIONS[KNOWN_REVISIONS.index(start) + 1:] if start in KNOWN_REVISIONS else KNOWN_REVISIONS)
    failed = pending[len(applied)] if len(applied) < len(pending) else HEAD
    try:
        from alembic.script import ScriptDirectory

        doc = (ScriptDirectory.from_config(cfg).get_revision(failed).doc or "").strip().splitlines()[0]
    except Exception:  # noqa: BLE001 - the name is a courtesy; the message must still be made
        doc = ""
    cause = getattr(exc, "orig", None) or exc
    first = " ".join((str(cause).strip().splitlines() or [""])[0].split())
    first = first if len(first) <= 120 else first[:119] + "…"
    why = f"{type(cause).__name__}: {first}" if first else type(cause).__name__
    named = f"migration {failed}" + (f" ({doc})" if doc else "")
    restore = (f"; the backup from before it is {backup} (to go back to it: deskcrm restore "
               f"{shlex.quote(str(backup))} --db {shlex.quote(where)})") if backup else ""
    return f"{where}: {named} failed and was rolled back, the database is unchanged ({why}){restore}"
