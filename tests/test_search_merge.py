"""No user write waits for an FTS5 merge (issue 10, item 2): the index settings, one segment per
save, the idle merge (results unchanged, never waiting for a writer), the migration and the CLI."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from clirun import run
from conftest import TODAY
from seed import search_demo

from deskcrm.domain.search_query import parse
from deskcrm.store import db, journal, migrate, person_write
from deskcrm.store.search import SqliteSearch

QUERIES = ("an", "python", "sen", "berl", "data engineer", "skill:java", "zz", "mar")


def _segments(conn) -> int:
    return conn.execute("SELECT count(DISTINCT segid) FROM person_fts_idx").fetchone()[0]


def _config(conn) -> dict[str, int]:
    return {k: int(v) for k, v in conn.execute("SELECT k, v FROM person_fts_config")}


def _merge(conn, pages: int = 32) -> bool:
    from deskcrm.store.search_merge import merge_step

    return merge_step(conn, pages)


def _tidy(conn, **kw):
    from deskcrm.store.search_merge import tidy

    return tidy(conn, seconds=60, **kw)


def _edit(conn, pid: int, headline: str) -> None:
    version = journal.row(conn, "person", pid)["version"]
    person_write.update_person(conn, pid, {"headline": headline}, expected_version=version)


def _results(conn, today) -> dict:
    """Everything a recruiter can see of the index: each query's pages (typed and ranked) and counts."""
    backend = SqliteSearch(conn, today, me="AM")
    out = {}
    for text in QUERIES:
        typed, entered = parse(text, typing=True), parse(text, typing=False)
        out[text] = ([r.id for r in backend.search(typed, limit=500).rows],
                     [r.id for r in backend.search(entered, limit=500, ranked=True).rows],
                     backend.count(entered))
    out["rows"] = conn.execute("SELECT rowid, * FROM person_fts ORDER BY rowid").fetchall()
    return out


@pytest.fixture
def demo(tmp_path, today):
    path = search_demo(tmp_path / "demo.db")
    conn = db.connect(path)
    yield conn, path
    conn.close()


def test_the_index_never_merges_inside_a_write(demo):
    conn, _ = demo
    config = _config(conn)
    assert config["automerge"] == 0  # FTS5's default, 4, merges inside the writer's transaction
    assert config["crisismerge"] >= 64 and config["usermerge"] == 4


def test_each_save_adds_one_segment_and_none_is_merged_until_the_idle_merge(demo):
    conn, _ = demo
    start = _segments(conn)
    for i, pid in enumerate(range(1, 41)):
        _edit(conn, pid, f"Quokka wrangler {i}")
        assert _segments(conn) == start + i + 1  # one segment per save (not two), never merged by a save
    tidied = _tidy(conn)
    assert tidied.done and tidied.steps >= 1
    assert _segments(conn) < 4
    assert not _merge(conn)  # nothing left to merge
    conn.execute("INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)")


def test_the_idle_merge_leaves_every_search_result_as_it_was(demo, today):
    conn, _ = demo
    for pid in range(1, 61):
        _edit(conn, pid, f"Senior data engineer {pid} python" if pid % 2 else f"Marine biologist {pid}")
    before = _results(conn, today)
    assert _tidy(conn).done
    assert _results(conn, today) == before


def test_single_writes_index_what_a_rebuild_indexes(demo, today):
    from deskcrm.store.search_index import rebuild_person_index

    conn, _ = demo
    created = person_write.create_person(conn, {"name": "Zora Quillfeather", "source": "Referral", "city": "Oslo",
                                                 "skills": ["Rust"]})
    for pid in (3, 4, 5):
        _edit(conn, pid, f"Lighthouse keeper {pid}")
    with db.write(conn):
        conn.execute("UPDATE person SET erased_at = '2026-11-17 10:00:00.000000', name = 'erased' WHERE id = 7")
        person_write.index_people(conn, [7, 8])
    written = _results(conn, today)
    assert created.person_id in {r[0] for r in written["rows"]} and 7 not in {r[0] for r in written["rows"]}
    with db.write(conn):
        rebuild_person_index(conn)
    assert _results(conn, today) == written


def test_a_merge_step_never_waits_for_a_users_write(demo):
    from deskcrm.store.errors import Locked

    conn, path = demo
    for pid in range(1, 11):
        _edit(conn, pid, f"Harbour pilot {pid}")
    user = db.connect(path)
    try:
        user.execute("BEGIN IMMEDIATE")  # a user's save in progress (another process, or the write queue)
        with pytest.raises(Locked):
            _merge(conn)
        tidied = _tidy(conn)
        assert (tidied.steps, tidied.done) == (0, False)  # gave up at once, and says it is not done
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS  # put back
        user.execute("UPDATE person SET headline = 'x' WHERE id = 1")
        user.execute("COMMIT")  # the user's write lands
    finally:
        user.close()
    assert _tidy(conn).done


def test_tidy_stops_when_asked_between_steps(demo):
    conn, _ = demo
    for pid in range(1, 41):
        _edit(conn, pid, f"Clockmaker {pid}")
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # one step, then a user is back

    tidied = _tidy(conn, stop=stop, step=lambda c: _merge(c, 1))
    assert (tidied.steps, tidied.done) == (1, False)


def test_writes_alongside_the_merger_never_fail_busy(demo):
    """The idle merge running in a thread and saves in parallel (no busy timeout at all): every
    save lands, and the merge still finishes."""
    from deskcrm.store.search_merge import Merger

    conn, path = demo
    for pid in range(1, 81):
        _edit(conn, pid, f"Glassblower {pid}")
    merger = Merger(path)
    saved = threading.Event()

    def merge() -> None:
        while not saved.is_set():
            merger.run(seconds=60)

    t = threading.Thread(target=merge)
    t.start()
    user = db.connect(path)
    user.execute("PRAGMA busy_timeout = 0")  # a merge holding the file would make a save fail at once
    try:
        for pid in range(100, 120):
            with merger.writing():
                _edit(user, pid, f"Cartographer {pid}")
    finally:
        saved.set()
        t.join()
        user.close()
    assert merger.run(seconds=60).done
    hits = conn.execute("SELECT count(*) FROM person_fts WHERE person_fts MATCH 'cartographer'").fetchone()[0]
    assert hits == 20


def test_a_write_interrupts_the_merge_step_in_progress(demo, monkeypatch):
    """A step that would run for minutes holds the file; a save pre-empts it: the step rolls
    back at once and the save lands (with no busy timeout to wait for it)."""
    from deskcrm.store import search_merge

    conn, path = demo
    running = threading.Event()

    def endless_step(c, pages=16) -> bool:
        c.execute("BEGIN IMMEDIATE")
        c.set_progress_handler(lambda: running.set(), 1000)  # the statement is under way
        try:
            c.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000000)"
                      " SELECT count(*) FROM n").fetchone()
        finally:
            c.set_progress_handler(None, 0)
            if c.in_transaction:
                c.execute("ROLLBACK")
        return True

    monkeypatch.setattr(search_merge, "merge_step", endless_step)
    merger = search_merge.Merger(path)
    results = []
    t = threading.Thread(target=lambda: results.append(merger.run(seconds=600)))
    t.start()
    assert running.wait(60)
    user = db.connect(path)
    user.execute("PRAGMA busy_timeout = 0")
    try:
        with merger.writing():
            _edit(user, 1, "Lamplighter")
    finally:
        user.close()
    t.join()
    assert results == [search_merge.Tidied(0, False, None)]  # stopped, not failed
    assert conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH 'lamplighter'").fetchall() == [(1,)]


def test_an_interrupted_merge_leaves_the_index_whole(demo, today):
    conn, _ = demo
    for pid in range(1, 61):
        _edit(conn, pid, f"Tidewaiter {pid}" if pid % 3 else f"Senior python {pid}")
    before = _results(conn, today)
    cut = 0
    for after_ops in (10, 50, 150, 400):  # cut the merge short at different points
        calls = []
        conn.set_progress_handler(lambda: len(calls) > 0 or calls.append(1), after_ops)  # abort on the 2nd call
        try:
            _merge(conn, 1000)
        except sqlite3.OperationalError as exc:
            assert "interrupt" in str(exc)
            cut += 1
        finally:
            conn.set_progress_handler(None, 0)
        assert not conn.in_transaction
        conn.execute("INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)")
        assert _results(conn, today) == before
    assert cut == 4
    assert _tidy(conn).done
    assert _results(conn, today) == before


def test_the_merger_begins_a_new_wal_once_it_has_merged_everything(demo):
    """The first commit of a new WAL syncs its header to disk: the merger makes that commit (one
    page, nothing changed), so that the next save only appends."""
    from deskcrm.store.search_merge import Merger

    conn, path = demo
    for pid in range(1, 21):
        _edit(conn, pid, f"Thatcher {pid}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    assert Merger(path).run(seconds=60).done
    assert conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1] == 1  # one page in a new WAL
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version


def test_migration_0008_applies_the_settings_to_an_existing_database(tmp_path):
    from deskcrm.store.search_index import SETTINGS, index_shape

    path = tmp_path / "old.db"
    db.connect(path, create=True).close()
    migrate.upgrade(str(path), "0005")
    conn = db.connect(path)
    try:
        assert "automerge" not in _config(conn)  # FTS5's defaults: merging inside writes
        conn.close()
        migrate.ensure_current(path)
        conn = db.connect(path)
        assert index_shape(conn).settings == SETTINGS == {"automerge": 0, "crisismerge": 64, "usermerge": 4}
    finally:
        conn.close()


def test_a_cli_move_merges_what_saves_left(demo):
    conn, path = demo
    for pid in range(1, 31):
        _edit(conn, pid, f"Beekeeper {pid}")
    before = _segments(conn)
    sid, version = conn.execute("SELECT id, version FROM submission WHERE stage = 'sourced' LIMIT 1").fetchone()
    result = run("move", "submission", str(sid), "contacted", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert _segments(conn) < before
    assert journal.row(conn, "submission", sid)["version"] == version + 1



def test_undo_rewrites_an_index_row_only_when_its_words_change(demo):
    from datetime import timedelta

    from deskcrm.domain.pipeline_rules import PlacementInput
    from deskcrm.store import moves

    conn, _ = demo
    sid, version, pid = conn.execute(
        "SELECT id, version, person_id FROM submission WHERE stage = 'offered' LIMIT 1").fetchone()
    placed = moves.move_submission(conn, sid, "placed", expected_version=version, withdraw_others=True,
                                   placement=PlacementInput(TODAY, TODAY + timedelta(days=30), 85_000.0, "EUR",
                                                            20.0, None))
    assert journal.row(conn, "candidate_profile", pid)["status"] == "placed"
    start = _segments(conn)
    with db.write(conn):
        journal.undo(conn, placed.txn)  # status, stages, a placement: none of it is in the index
    assert _segments(conn) == start
    _edit(conn, pid, "Saddler")
    edit = journal.last_txn(conn)
    with db.write(conn):
        journal.undo(conn, edit)  # the headline is: the person's row is rewritten
    assert _segments(conn) == start + 2
    assert conn.execute("SELECT count(*) FROM person_fts WHERE person_fts MATCH 'saddler'").fetchone()[0] == 0


def test_an_empty_desk_has_nothing_to_merge_on_either_engine(db_path):
    """On PostgreSQL (a GIN index, merged by autovacuum) the merge upkeep never has anything to do."""
    from deskcrm.store.search_merge import Merger, merge_step, tidy

    conn = db.connect(db_path)
    try:
        assert merge_step(conn) is False
        tidied = tidy(conn, seconds=1)
        assert tidied.done and tidied.problem is None
    finally:
        conn.close()
    ran = Merger(db_path).run(seconds=1)
    assert ran.done and ran.problem is None
