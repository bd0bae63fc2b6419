"""Bring a database file to the current schema, safely.

- A database written by a newer deskcrm (an unknown revision) is refused and not touched.
- A database with data gets a verified backup (SQLite backup API) before the first DDL.
- Each migration runs inside one transaction: it lands whole or not at all.

``current_revision`` and ``needs_upgrade`` use sqlite3 only, so launch stays fast; Alembic
is imported only when there is work to do.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from deskcrm.store import db
from deskcrm.store.errors import MigrationFailed, NewerDatabase
from deskcrm.store.schema import HEAD, KNOWN_REVISIONS


def current_revision(conn: sqlite3.Connection) -> str | None:
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def check_revision(path: str | os.PathLike[str], rev: str | None) -> bool:
    """True when an upgrade is needed; raises NewerDatabase for an unknown revision."""
    if rev == HEAD:
        return False
    if rev is not None and rev not in KNOWN_REVISIONS:
        raise NewerDatabase(
            f"{path}: was written by a newer deskcrm (schema {rev}; this one knows up to {HEAD}). "
            "Upgrade deskcrm to open it; the file was not changed."
        )
    return True


def ensure_current(path: str | os.PathLike[str], *, create: bool = True) -> Path | None:
    """Create or upgrade the database at ``path``. Returns the backup taken, if any."""
    conn = db.connect(path, create=create)
    try:
        rev = current_revision(conn)
        if not check_revision(path, rev):
            return None
        taken = None
        if rev is not None:
            from deskcrm.store.backup import backup, backup_path_for

            taken = backup(conn, backup_path_for(path, f"pre-{HEAD}"))
    finally:
        conn.close()
    upgrade(str(path))
    return taken


def alembic_config(url: str | None = None):  # noqa: ANN201 - alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "deskcrm.store:migrations")
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def upgrade(url_or_path: str, target: str = "head") -> None:
    from alembic import command

    from deskcrm.store.orm import make_engine

    engine = make_engine(url_or_path)
    cfg = alembic_config()
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, target)
    except Exception as exc:  # the transaction has rolled back
        raise MigrationFailed(f"{url_or_path}: migration failed and was rolled back ({exc})") from exc
    finally:
        engine.dispose()
