"""`deskcrm db copy` onto a server loads first, then builds (``store.copy_build``): the target
ends with every index, unique constraint, foreign key and trigger the migrations make (validated),
as a freshly migrated desk has them; a row of the source pointing at nothing fails the copy in
one line naming the table, and leaves the target as it was — indexes and keys included.

The tests that name ``pg_url`` / ``pg_desk`` need the test server (tests/pgserver.py)."""

from __future__ import annotations

import re

import sqlite3

import pytest

from clirun import run
from test_db_copy import _everything, _source, _stop_at

from deskcrm.store import copy_build, db, migrate, server
from deskcrm.store.copy import CopyFailed, copy_desk

ORPHAN = 999_999


def _pg_catalog(url: str) -> dict[str, set[tuple]]:
    """Everything a migration makes besides tables and columns, as the server's catalog says it."""
    conn = db.connect(url)
    try:
        return {
            "indexes": set(conn.execute("SELECT tablename, indexname, indexdef FROM pg_indexes "
                                        "WHERE schemaname = current_schema()").fetchall()),
            "constraints": set(conn.execute(
                "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid), convalidated "
                "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace").fetchall()),
            "triggers": set(conn.execute("SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                                         "WHERE NOT tgisinternal").fetchall()),
        }
    finally:
        conn.close()


def _file_catalog(path) -> set[tuple]:  # noqa: ANN001
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                "WHERE type IN ('index', 'trigger')").fetchall())
    finally:
        conn.close()


def test_the_target_ends_with_every_index_and_foreign_key_the_migrations_make(tmp_path, pg_url, pg_desk_copy):
    fresh = _pg_catalog(pg_desk_copy)  # a desk at head, straight from the migrations
    keys = {c for c in fresh["constraints"] if c[2] == "f"}
    assert len(keys) >= 30 and len(fresh["indexes"]) >= 90 and fresh["triggers"]  # the test means something
    source = _source(tmp_path / "desk.db")

    copy_desk(source, pg_url)  # a database with no desk: the copy makes it
    assert _pg_catalog(pg_url) == fresh  # same names, definitions, and every key validated
    assert _everything(pg_url) == _everything(source)

    file = tmp_path / "back.db"
    copy_desk(pg_url, file)
    made = tmp_path / "fresh.db"
    migrate.ensure_current(made, create=True)
    assert _file_catalog(file) == _file_catalog(made)


def test_a_copy_stopped_while_it_builds_leaves_the_empty_desk_with_its_indexes(tmp_path, pg_desk, pg_desk_copy):
    source = _source(tmp_path / "desk.db")
    fresh = _pg_catalog(pg_desk_copy)
    with pytest.raises(KeyboardInterrupt):  # every row in, the indexes dropped, none built yet
        copy_desk(source, pg_desk, _stop_at(copy_build.INDEXES, KeyboardInterrupt()))
    assert _pg_catalog(pg_desk) == fresh
    assert all(rows == [] for rows in _everything(pg_desk).values())
    seen: list[tuple[str, int, int]] = []
    copy_desk(source, pg_desk, lambda *step: seen.append(step))  # and the next copy takes it
    assert _pg_catalog(pg_desk) == fresh
    built = [s for s in seen if s[0] == copy_build.INDEXES]
    checked = [s for s in seen if s[0] == copy_build.KEYS]
    assert built[0][1] == 0 and built[-1][1] == built[-1][2] == len(built) - 1  # one step per index, in order
    assert checked[-1][1] == checked[-1][2] == len({c for c in fresh["constraints"] if c[2] == "f"})
    assert seen.index(built[-1]) < seen.index(checked[0])  # after the rows: indexes, then keys
    assert seen.index(("person_fts", 12, 12)) < seen.index(built[0])


def _orphaned(source):  # noqa: ANN001, ANN202
    """A row made by hand that points at no one (SQLite checks no foreign key unless asked)."""
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("INSERT INTO activity (kind, body, at, person_id) VALUES ('note', 'orphan', "
                 "'2026-11-18 10:00:00.000000', ?)", (ORPHAN,))
    conn.close()
    return source


def test_a_row_pointing_at_nothing_fails_the_copy_in_one_line_and_leaves_the_target_as_it_was(
        tmp_path, pg_url, pg_desk_copy):
    source = _orphaned(_source(tmp_path / "desk.db"))
    empty_desk = pg_desk_copy
    fresh = _pg_catalog(empty_desk)

    with pytest.raises(CopyFailed) as failed:  # a database with no desk: the desk it made is gone again
        copy_desk(source, pg_url)
    message = str(failed.value)
    assert "\n" not in message
    assert ("checking the foreign key activity_person_id_fkey of activity failed, nothing was copied (a row of "
            f"activity refers to nothing: Key (person_id)=({ORPHAN}) is not present in table \"person\"; fix or "
            "remove it on the source, then copy again)") in message
    assert server.inspect(pg_url) == server.Found(None, 0)

    with pytest.raises(CopyFailed, match=r"foreign key activity_person_id_fkey of activity failed"):
        copy_desk(source, empty_desk)  # an empty desk: as it was, its indexes and keys back with the rollback
    assert _pg_catalog(empty_desk) == fresh
    assert all(rows == [] for rows in _everything(empty_desk).values())

    with pytest.raises(CopyFailed, match=r"copying activity failed, nothing was copied \(.*FOREIGN KEY"):
        copy_desk(source, tmp_path / "copy.db")  # a file checks each row as it goes in
    assert not (tmp_path / "copy.db").exists()

    hostile = source.rename(tmp_path / "\u202e[@click=app.quit] \x1b[31mdesk.db")  # the message names the source
    cli = run("db", "copy", "--from", str(hostile), "--to", pg_url)
    assert cli.returncode == 1 and "Traceback" not in cli.stderr and cli.stdout == ""
    assert "\x1b" not in cli.stderr and "\u202e" not in cli.stderr
    *progress, last = cli.stderr.strip().splitlines()  # the tables' progress lines, then the one error
    assert "deskcrm: copied activity: 19 rows" in progress
    assert progress[-3].startswith("deskcrm: building ") and progress[-2].startswith("deskcrm: built ")
    assert re.fullmatch(r"deskcrm: checking \d+ foreign keys…", progress[-1])
    assert last.startswith("deskcrm: ") and "of activity failed, nothing was copied (a row of activity refers to " \
        "nothing" in last
    assert server.inspect(pg_url) == server.Found(None, 0)

