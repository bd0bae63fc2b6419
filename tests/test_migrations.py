"""Migrations from empty, pragmas, refusal of newer databases, backup before any DDL."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

from deskcrm.store import db, migrate, schema
from deskcrm.store.errors import MigrationFailed, NewerDatabase, NotADatabase

TABLES = {
    "recruiter", "person", "candidate_profile", "contact_role", "company", "job_order", "submission",
    "placement", "activity", "consent", "event", "due_state", "alembic_version", "person_fts",
}


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.fixture
def file_db(tmp_path) -> Path:
    """A migrated desk FILE: these tests are about the file (bytes, pragmas, backups)."""
    path = tmp_path / "desk.db"
    migrate.ensure_current(path)
    return path


def _revision(path) -> str | None:  # noqa: ANN001 - a file or a server URL
    conn = db.connect(path)
    try:
        return migrate.current_revision(conn)
    finally:
        conn.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrates_from_empty_to_head(tmp_path):
    path = tmp_path / "new.db"
    assert migrate.ensure_current(path) is None  # nothing to back up in a new file
    assert TABLES <= _tables(path)
    conn = db.connect(path)
    assert migrate.current_revision(conn) == schema.HEAD
    assert (path.stat().st_mode & 0o777) == 0o600


def test_head_constant_matches_alembic_scripts():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_current_head() == schema.HEAD
    assert [s.revision for s in reversed(list(scripts.walk_revisions()))] == list(schema.KNOWN_REVISIONS)


def test_second_open_is_a_no_op(file_db):
    before = _digest(file_db)
    assert migrate.ensure_current(file_db) is None
    assert _digest(file_db) == before


def test_connection_pragmas(file_db):
    conn = db.connect(file_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID


def test_orm_engine_uses_same_pragmas_and_begin_immediate(file_db):
    from sqlalchemy import text

    from deskcrm.store.orm import make_engine, session

    engine = make_engine(str(file_db))
    with session(engine) as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA secure_delete")).scalar() == 1
        # BEGIN IMMEDIATE took the write lock: a second writer is refused at once
        other = sqlite3.connect(file_db, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    engine.dispose()


def test_newer_database_is_refused_and_untouched(file_db):
    conn = sqlite3.connect(file_db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = _digest(file_db)
    with pytest.raises(NewerDatabase, match="newer deskcrm"):
        migrate.ensure_current(file_db)
    assert _digest(file_db) == before


@pytest.mark.parametrize(
    "content, message",
    [(b"hello, I am a text file\n" * 10, "not a deskcrm database")],
)
def test_non_database_file_is_refused(tmp_path, content, message):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(NotADatabase, match=message):
        migrate.ensure_current(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabase, match="another program"):
        migrate.ensure_current(path)
    assert _tables(path) == {"photos"}


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(NotADatabase, match="does not exist"):
        migrate.ensure_current(tmp_path / "nope" / "x.db")


# --- a real second revision: backup before DDL, rollback on failure ------------------------

def _scripts_with_0002(tmp_path: Path, body: str) -> Path:
    src = Path(str(resources.files("deskcrm.store") / "migrations"))
    dest = tmp_path / "migrations"
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "versions" / "0099_test.py").write_text(
        textwrap.dedent(
            '''
            from alembic import op
            import sqlalchemy as sa

            revision = "0099"
            down_revision = "{head}"
            branch_labels = None
            depends_on = None


            def upgrade():
            '''
        )
        .replace("{head}", schema.HEAD)
        + textwrap.indent(textwrap.dedent(body), "    ")
        + "\n\ndef downgrade():\n    pass\n"
    )
    return dest


@pytest.fixture
def with_0002(monkeypatch, tmp_path):
    def install(body: str) -> None:
        scripts = _scripts_with_0002(tmp_path, body)
        original = migrate.alembic_config

        def config(url=None):
            cfg = original(url)
            cfg.set_main_option("script_location", str(scripts))
            return cfg

        monkeypatch.setattr(migrate, "alembic_config", config)
        monkeypatch.setattr(migrate, "HEAD", "0099")
        monkeypatch.setattr(migrate, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, "0099"))

    return install


def _add_recruiter(path: Path) -> None:
    conn = db.connect(path)
    conn.execute("INSERT INTO recruiter (name, initials, active) VALUES ('Alex Morgan', 'AM', TRUE)")
    conn.close()


def test_upgrade_takes_verified_backup_before_ddl(file_db, with_0002, today):
    _add_recruiter(file_db)
    with_0002(
        """
        with op.batch_alter_table("recruiter") as batch:
            batch.add_column(sa.Column("phone", sa.String(), nullable=True))
        """
    )
    taken = migrate.ensure_current(file_db)
    assert taken is not None and taken.exists()
    assert (taken.stat().st_mode & 0o777) == 0o600
    backup = sqlite3.connect(taken)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema.HEAD
    assert backup.execute("SELECT name FROM recruiter").fetchall() == [("Alex Morgan",)]
    assert backup.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn = db.connect(file_db)
    assert migrate.current_revision(conn) == "0099"
    assert conn.execute("SELECT name, phone FROM recruiter").fetchall() == [("Alex Morgan", None)]


def test_failed_migration_rolls_back_whole(file_db, with_0002, today):
    _add_recruiter(file_db)
    with_0002(
        """
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        raise RuntimeError("boom")
        """
    )
    with pytest.raises(MigrationFailed, match="rolled back"):
        migrate.ensure_current(file_db)
    conn = db.connect(file_db)
    assert migrate.current_revision(conn) == schema.HEAD
    assert "half_done" not in _tables(file_db)
    assert conn.execute("SELECT count(*) FROM recruiter").fetchone()[0] == 1


# --- ensure_current on either engine (a file, or a postgresql:// URL routed to store.server) --


def test_ensure_current_on_a_current_desk_changes_nothing(db_path):
    assert migrate.ensure_current(db_path) is None
    assert _revision(db_path) == schema.HEAD


def test_ensure_current_creates_a_desk_on_an_empty_server_database(pg_url):
    assert migrate.ensure_current(pg_url) is None  # no backup on a server: its DDL is transactional
    assert _revision(pg_url) == schema.HEAD


def test_ensure_current_refuses_a_newer_desk_on_either_engine(db_path):
    conn = db.connect(db_path)
    with db.write(conn):
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    with pytest.raises(NewerDatabase, match="newer deskcrm"):
        migrate.ensure_current(db_path)
    assert _revision(db_path) == "9999"


def test_a_failed_migration_leaves_either_desk_as_it_was(db_path, with_0002, today):
    _add_recruiter(db_path)
    with_0002(
        """
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        raise RuntimeError("boom")
        """
    )
    with pytest.raises(MigrationFailed, match="0099.*rolled back"):
        migrate.ensure_current(db_path)
    assert _revision(db_path) == schema.HEAD
    conn = db.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM recruiter").fetchone()[0] == 1
        with pytest.raises(db.DRIVER_ERRORS):
            conn.execute("SELECT * FROM half_done")
    finally:
        conn.close()


def test_migrations_render_for_postgresql():
    """The same revisions compile to PostgreSQL DDL (offline mode; no server needed)."""
    import io

    from alembic import command

    out = io.StringIO()
    cfg = migrate.alembic_config("postgresql://deskcrm@localhost/deskcrm")
    cfg.output_buffer = out
    command.upgrade(cfg, "head", sql=True)
    sql = out.getvalue()
    assert "CREATE TABLE placement" in sql
    # The search index on PostgreSQL (store/migrations/dialect.py): tsvector + GIN, pg_trgm, no FTS5.
    assert "CREATE TABLE person_fts (person_id integer PRIMARY KEY" in sql
    assert "CREATE INDEX ix_person_fts_doc ON person_fts USING gin (doc)" in sql
    assert "CREATE EXTENSION IF NOT EXISTS pg_trgm" in sql
    assert "fts5" not in sql and "person_fts_config" not in sql and "ANALYZE" not in sql
    assert "TIMESTAMP WITH TIME ZONE" in sql


def test_store_imports_neither_textual_nor_rich():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import deskcrm.store as store
        for mod in pkgutil.walk_packages(store.__path__, "deskcrm.store."):
            if ".migrations" in mod.name:
                continue
            importlib.import_module(mod.name)
        bad = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "rich"})
        assert not bad, bad
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_failed_migration_is_one_line_naming_it_and_the_backup(file_db, with_0002, today):
    """Issue 9 item 15: no SQLAlchemy text or URL; one pre-migration backup per version."""
    _add_recruiter(file_db)
    with_0002('op.execute("INSERT INTO no_such_table VALUES (1)")\n')
    for _attempt in range(3):
        with pytest.raises(MigrationFailed) as failed:
            migrate.ensure_current(file_db)
    message = str(failed.value)
    assert "\n" not in message
    assert "[SQL" not in message and "sqlalche.me" not in message and "sqlite://" not in message
    assert "migration 0099" in message and "no_such_table" in message and "rolled back" in message
    backups = sorted(p.name for p in file_db.parent.iterdir() if ".bak" in p.name)
    assert backups == [f"{file_db.name}.pre-0099.bak"]
    assert str(file_db.parent / backups[0]) in message and "deskcrm restore" in message
    assert (file_db.parent / backups[0]).stat().st_mode & 0o777 == 0o600


def test_a_damaged_database_is_not_migrated(file_db, with_0002, today):
    _add_recruiter(file_db)
    conn = sqlite3.connect(file_db)
    conn.execute("CREATE TABLE filler (x TEXT)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 400)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = file_db.stat().st_size
    with open(file_db, "r+b") as f:  # garble pages in the middle of the file
        f.seek(size // 2)
        f.write(b"\xa5" * 40 * 1024)
    with_0002('op.execute("SELECT 1")\n')
    from deskcrm.store.errors import Corrupt

    with pytest.raises(Corrupt, match="damaged"):
        migrate.ensure_current(file_db)
    assert not [p for p in file_db.parent.iterdir() if ".bak" in p.name]


def test_an_upgrade_says_what_it_does_before_the_backup_starts(tmp_path):
    """A big file's verified backup takes a minute: the user is told, in one line, before it starts."""
    from clirun import run

    path = tmp_path / "old.db"
    db.connect(path, create=True).close()
    migrate.upgrade(str(path), "0005")
    got = run("--db", str(path), "due", "--json")
    assert got.returncode == 0, got.stderr
    first = got.stderr.splitlines()[0]
    assert first.startswith("deskcrm: upgrading ") and f"{path.name}.pre-{schema.HEAD}.bak" in first, got.stderr
    again = run("--db", str(path), "due", "--json")
    assert again.returncode == 0 and again.stderr == ""  # current now: nothing to say
