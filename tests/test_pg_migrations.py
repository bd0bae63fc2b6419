"""Both engines from the same Alembic revisions: a desk file and a desk on a real PostgreSQL
server (tests/pgserver.py) get the same tables, columns, indexes and schema version; what differs
is only what ``store/migrations/dialect.py`` lists."""

from __future__ import annotations


import sqlite3

import psycopg
import pytest
import sqlalchemy as sa

from deskcrm.store import migrate, schema, server
from deskcrm.store.errors import NewerDatabase, NotADatabase
from deskcrm.store.migrations.dialect import PERSON_SEARCH_COLUMNS

# The documented per-engine differences (store/migrations/dialect.py):
SQLITE_ONLY_TABLES = {f"person_fts_{part}" for part in ("data", "idx", "content", "docsize", "config")}
PG_ONLY_INDEXES = {"ix_person_fts_doc", "ix_person_name_trgm"}


def _broad(kind: sa.types.TypeEngine) -> str:
    for name, cls in (("bool", sa.Boolean), ("datetime", sa.DateTime), ("date", sa.Date), ("float", sa.Float),
                      ("int", sa.Integer), ("text", sa.String)):
        if isinstance(kind, cls):
            return name
    return type(kind).__name__


def _shape(url: str) -> dict:
    """Tables -> columns (name: nullable, broad type) and unique constraints; index names; the version."""
    engine = sa.create_engine(url)
    try:
        seen = sa.inspect(engine)
        tables = {}
        for table in seen.get_table_names():
            if table in SQLITE_ONLY_TABLES or table in ("person_fts", "person_fts_words", "person_prefix"):  # the search index's own
                continue
            columns = {c["name"]: (bool(c["nullable"]), _broad(c["type"])) for c in seen.get_columns(table)}
            primary = tuple(seen.get_pk_constraint(table)["constrained_columns"])
            unique = sorted(tuple(u["column_names"]) for u in seen.get_unique_constraints(table))
            foreign = sorted((tuple(f["constrained_columns"]), f["referred_table"]) for f in seen.get_foreign_keys(table))
            tables[table] = {"columns": columns, "primary": primary, "unique": unique, "foreign": foreign}
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                indexes = conn.execute(sa.text(
                    "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")).fetchall()
            else:  # every index but those behind a primary key or a unique constraint
                indexes = conn.execute(sa.text(
                    "SELECT i.indexname, i.tablename FROM pg_indexes i WHERE i.schemaname = current_schema() "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")).fetchall()
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
            search = [c["name"] for c in seen.get_columns("person_fts")]
    finally:
        engine.dispose()
    return {"tables": tables, "indexes": {tuple(row) for row in indexes}, "version": version, "search": search}


def _sqlite_url(path) -> str:
    return f"sqlite:///{path}"


def _pg_sqlalchemy(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_both_engines_reach_the_same_schema(tmp_path, pg_url):
    file = tmp_path / "desk.db"
    migrate.ensure_current(file)
    server.ensure_current(pg_url, create=True)
    lite, pg = _shape(_sqlite_url(file)), _shape(_pg_sqlalchemy(pg_url))

    assert lite["version"] == pg["version"] == [schema.HEAD]
    assert set(lite["tables"]) == set(pg["tables"])
    for table in lite["tables"]:
        assert lite["tables"][table] == pg["tables"][table], table
    assert pg["indexes"] - lite["indexes"] == {(name, table) for name, table in (
        ("ix_person_fts_doc", "person_fts"), ("ix_person_name_trgm", "person"))}
    assert lite["indexes"] - pg["indexes"] == set()
    assert len(lite["indexes"]) >= 58  # the comparison compared something
    # The search index: the same seven columns; PostgreSQL keys it by person_id and adds the tsvector.
    assert lite["search"] == list(PERSON_SEARCH_COLUMNS)
    assert pg["search"] == ["person_id", *PERSON_SEARCH_COLUMNS, "doc"]


def test_postgres_search_index_and_partial_indexes_work(pg_desk):
    with psycopg.connect(pg_desk, autocommit=True) as conn:
        assert conn.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
        conn.execute("INSERT INTO recruiter (id, name, initials, active) VALUES (1, 'Alex Morgan', 'AM', true)")
        conn.execute(
            "INSERT INTO person (id, name, other_contacts, tags, custom, created_at, updated_at, version, phone_norm) "
            "VALUES (7, 'Jana Kovářová', '[]', '[]', '{}', now(), now(), 1, '+4917223104960')")
        conn.execute("INSERT INTO person_fts (person_id, name, skills, location) "
                     "VALUES (7, 'Jana Kovářová', 'python postgres', 'Berlin DE')")
        assert conn.execute("SELECT person_id FROM person_fts WHERE doc @@ to_tsquery('simple', 'pyth:*')").fetchall() == [(7,)]
        assert conn.execute("SELECT id FROM person WHERE name % 'Jana Kovarova'").fetchall() == [(7,)]  # a typo
        assert conn.execute("SELECT id FROM person WHERE right(phone_norm, 7) = '3104960'").fetchall() == [(7,)]
        conn.execute("DELETE FROM person WHERE id = 7")  # an erased person leaves no index row
        assert conn.execute("SELECT count(*) FROM person_fts").fetchone() == (0,)


def test_an_older_postgres_desk_is_upgraded_with_a_notice(pg_url):
    migrate.upgrade(pg_url, "0005")
    said: list[str] = []
    found = server.ensure_current(pg_url, announce=said.append)
    assert found.revision == "0005"
    assert server.inspect(pg_url).revision == schema.HEAD
    assert len(said) == 1 and f"0005 -> {schema.HEAD}" in said[0] and "server's own backups apply" in said[0]
    assert server.ensure_current(pg_url, announce=said.append).revision == schema.HEAD  # a no-op now
    assert len(said) == 1


def test_a_newer_schema_is_refused_on_both_engines_with_the_same_line(tmp_path, pg_desk):
    file = tmp_path / "desk.db"
    migrate.ensure_current(file)
    conn = sqlite3.connect(file)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with psycopg.connect(pg_desk, autocommit=True) as pg:
        pg.execute("UPDATE alembic_version SET version_num = '9999'")

    with pytest.raises(NewerDatabase) as on_file:
        migrate.ensure_current(file)
    with pytest.raises(NewerDatabase) as on_server:
        server.ensure_current(pg_desk)
    tail = f"was written by a newer deskcrm (schema 9999; this one knows up to {schema.HEAD}). Upgrade deskcrm to open it;"
    assert str(on_file.value) == f"{file}: {tail} the file was not changed."
    assert str(on_server.value) == f"{pg_desk}: {tail} the database was not changed."
    assert server.inspect(pg_desk).revision == "9999"  # untouched


def test_a_database_of_another_program_is_not_made_a_desk(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(NotADatabase, match="tables of another program"):
        server.ensure_current(pg_url, create=True)
    with pytest.raises(NotADatabase, match="holds no deskcrm desk; to create one there: deskcrm init"):
        server.ensure_current(pg_url)
