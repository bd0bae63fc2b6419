"""How ``deskcrm demo`` uses two cores (issue 10, item 7): a big demo's rows are generated in a
child process while this one writes them, and the search index is built by a thread of its own
while the writer makes the secondary indexes. The work is checked, never the wall clock
(``bench/demo.py`` prints that)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date

import pytest

from seed import traced_statements

from deskcrm.store import db
from deskcrm.store.demo import build_demo
from deskcrm.store.errors import StoreError

TODAY = date(2026, 11, 18)
TABLES = ("recruiter", "company", "person", "candidate_profile", "contact_role", "job_order", "submission",
          "placement", "activity", "consent", "person_fts")


def _dump(path) -> dict[str, list[tuple]]:
    c = sqlite3.connect(path)
    try:
        return {t: c.execute(f'SELECT * FROM "{t}" ORDER BY 1, 2').fetchall() for t in TABLES}
    finally:
        c.close()


def test_a_big_demos_rows_come_from_a_child_process_and_build_the_same_database(tmp_path, monkeypatch):
    from deskcrm.store.demo import _Demo, source

    monkeypatch.setattr(source, "CHILD_FROM", 100)  # 300 candidates count as big

    def not_here(self, lo, hi):  # noqa: ANN001
        raise AssertionError("candidates generated in the writing process")

    with monkeypatch.context() as m:
        m.setattr(_Demo, "_candidates", not_here)
        child = build_demo(tmp_path / "child.db", candidates=300, seed=1, today=TODAY)
    monkeypatch.setattr(source, "CHILD_FROM", 10**9)
    here = build_demo(tmp_path / "here.db", candidates=300, seed=1, today=TODAY)
    assert child.rows == here.rows and child.activities == here.activities
    assert _dump(child.path) == _dump(here.path)


def test_a_child_that_dies_is_one_clear_error_and_leaves_no_file(tmp_path, monkeypatch):
    from deskcrm.store.demo import source

    from deskcrm.store import migrate

    monkeypatch.setattr(source, "CHILD_FROM", 100)
    monkeypatch.setattr(source, "make_schema", lambda path, n: migrate.ensure_current(path))
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the child exits at once, having sent nothing
    with pytest.raises(StoreError, match=r"^demo: the process generating the rows stopped \(exit status 1\)$"):
        build_demo(tmp_path / "gone.db", candidates=300, seed=1, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_the_search_index_is_built_beside_the_writer_and_equals_a_rebuild(tmp_path, monkeypatch):
    from deskcrm.store.demo import build as build_mod
    from deskcrm.store.search_index import index_shape, rebuild_person_index

    monkeypatch.setattr(build_mod, "_RANGE_MIN", 50)  # 300 candidates: ranges of 50 ...
    monkeypatch.setattr(build_mod._Demo, "chunk", 25)  # ... generated 25 at a time
    connect = db.connect
    statements = traced_statements(monkeypatch)
    report = build_demo(tmp_path / "demo.db", candidates=300, seed=1, today=TODAY)
    monkeypatch.setattr(db, "connect", connect)
    load = statements[:next(i for i, s in enumerate(statements) if s.startswith("CREATE INDEX ix_"))]
    ranges = [s for s in load if s.startswith("INSERT INTO search_stage.candidate_profile") and "<=" in s]
    assert len(ranges) == 6  # staged while the next candidates were generated, not after the load
    assert not [s for s in statements if s.startswith("INSERT INTO person_fts (rowid")]  # tokenised elsewhere
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]  # the staging file is gone

    c = db.connect(report.path)
    try:
        assert index_shape(c).segments == 1
        words = ["pyth", "ja", "berl", "lon", "sen", "eng", "man", "ac", "data", "sal"]
        found = {w: c.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ? ORDER BY rowid",
                              (f'"{w}"*',)).fetchall() for w in words}
        content = c.execute("SELECT rowid, * FROM person_fts ORDER BY rowid").fetchall()
        with db.write(c):
            rebuild_person_index(c)
        assert content == c.execute("SELECT rowid, * FROM person_fts ORDER BY rowid").fetchall()
        assert found == {w: c.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH ? ORDER BY rowid",
                                      (f'"{w}"*',)).fetchall() for w in words}
        assert all(found.values())
    finally:
        c.close()


def test_a_search_index_build_that_fails_is_one_clear_error_and_leaves_no_file(tmp_path, monkeypatch):
    import threading

    from deskcrm.store import search_index

    finish = search_index.finish_bulk_index

    def full(conn):  # noqa: ANN001 - fails in the thread that builds the demo's index (not in a migration)
        if threading.current_thread() is not threading.main_thread():
            raise sqlite3.OperationalError("database or disk is full")
        finish(conn)

    monkeypatch.setattr(search_index, "finish_bulk_index", full)
    with pytest.raises(StoreError, match=r"^demo: building the search index failed \(database or disk is full\)$"):
        build_demo(tmp_path / "full.db", candidates=60, seed=1, today=TODAY)
    assert list(tmp_path.iterdir()) == []  # neither the demo nor the staging file


def test_a_stale_staging_file_from_a_killed_build_is_replaced(tmp_path):
    stale = tmp_path / ".demo.db.search-build"
    stale.write_bytes(b"left by a build that was killed")
    report = build_demo(tmp_path / "demo.db", candidates=60, seed=1, today=TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]
    c = sqlite3.connect(report.path)
    try:
        assert c.execute("SELECT count(*) FROM person_fts").fetchone()[0] == c.execute(
            "SELECT count(*) FROM person").fetchone()[0]
    finally:
        c.close()
