"""Issue 12 item 8: a big import into an almost empty SQLite desk writes with the secondary indexes
of the tables it fills down (``store.imports.bulk_indexes``) — and means exactly what an import
with them up means: the same rows, duplicates and updates, the same indexes and statistics
after, a sound file; an error or a kill -9 while the indexes are made again leaves the desk as it
was. The thresholds are lowered here so that a small file takes that path."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_import_write import everything, records, rows

from deskcrm.store import db, health
from deskcrm.store.imports import apply as apply_mod, bulk_indexes
from deskcrm.store.imports.apply import apply_import
from deskcrm.store.imports.batches import undo_batch

def _name(i: int) -> str:
    """A made-up name of its own for each ``i`` (no close namesakes at a company)."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    return f"{syllables[i % 70].capitalize()}{syllables[i // 70 % 70]}{syllables[i * 7 % 69]} Bulk"


FILE = rows(
    {"full_name": "Nina Brandt", "email": "nina@new.example", "company": "Acme Ltd", "title": "CTO", "skills": "go"},
    {"full_name": "Omar Haddad", "company": "Brand New Co", "phone": "+49 30 1234567", "city": "Köln"},
    {"full_name": "N. Brandt", "email": "NINA@new.example"},  # the file's line 2 again
    {"full_name": "Ana S.", "email": "ana@example.com", "company": "Brand New Co", "city": "Porto"},  # unchanged:
    # her city and her employer (Initech) kept, so no role at Brand New Co
    {"full_name": "Pat Two", "email": "pat@two.example", "city": "Oslo"},  # an update of Pat (made below) ...
    {"full_name": "Unknown Caller", "phone": "+44 (0)20 7946 0001"},  # Ana's phone: a likely duplicate
    {"full_name": "Cara Dias", "company": "ACME LTD."},  # a close name at the desk's company
    {"full_name": "Lena Hoffmann", "linkedin": "https://www.linkedin.com/in/lena-hoffmann", "notes": "met"},
    *({"full_name": _name(i), "email": f"bulk{i}@big.example",
       **({"company": f"Company {i % 7}"} if i % 40 == 0 else {})} for i in range(1200)),  # more than a chunk
    {"full_name": "Pat T.", "linkedin": "linkedin.com/in/pat-two", "email": "pat@else.example",
     "headline": "[/] \x1b[31m", "company": "Acme Ltd"},  # ... and Pat again in the next chunk, by LinkedIn
)


@pytest.fixture
def desk(seeded_store):
    from deskcrm.store.search_index import rebuild_person_index

    from deskcrm.store.person_write import create_person

    conn = seeded_store[0]
    create_person(conn, {"name": "Pat Two", "source": "Referral", "email": "pat@two.example",
                         "linkedin_url": "https://www.linkedin.com/in/pat-two"})
    with db.write(conn):
        rebuild_person_index(conn)
    return seeded_store


@pytest.fixture
def down(monkeypatch):
    """Any import with a known length takes the indexes down (on SQLite)."""
    monkeypatch.setattr(bulk_indexes, "MIN_ROWS", 0)
    monkeypatch.setattr(bulk_indexes, "SHARE", 0)


def _import(conn, decide=None):
    return apply_import(conn, FILE, kind="people", file_name="big.csv", format="generic", mapping="",
                        total=len(FILE), parallel=False, decide=decide)


def _schema(conn) -> list[tuple]:
    if db.engine(conn) == "postgresql":
        return []
    stats = conn.execute("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY 1, 2").fetchall() if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() else []
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall() + stats


def _sound(conn) -> None:
    if db.engine(conn) == "sqlite":
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert health.quick_check(conn) is None


def _both_ways(conn, monkeypatch, decide=None):
    """The file imported with the indexes up, undone, then with them down (SQLite): both results."""
    if db.engine(conn) == "sqlite":
        conn.execute("ANALYZE")  # statistics, as a desk that ran `deskcrm demo` has: kept as they were
    schema, before = _schema(conn), records(conn)
    up = _import(conn, decide)
    written = records(conn)
    undo_batch(conn, up.batch_id)
    assert records(conn) == before
    monkeypatch.setattr(bulk_indexes, "MIN_ROWS", 0)
    monkeypatch.setattr(bulk_indexes, "SHARE", 0)
    if db.engine(conn) == "postgresql":  # a server keeps its indexes (and its sequences move on: other ids)
        assert not bulk_indexes.worth_it(conn, len(FILE))
        return up, None
    dropped = []
    monkeypatch.setattr(apply_mod, "take_down", lambda c: dropped.append(1) or bulk_indexes.take_down(c))
    downed = _import(conn, decide)
    assert dropped == [1]
    assert downed.counts == up.counts
    assert records(conn) == written  # the same people, profiles, roles, companies, updates, search index
    assert _schema(conn) == schema  # every index back, the planner's statistics as they were
    _sound(conn)
    return up, downed


def test_indexes_down_write_what_indexes_up_write(desk, monkeypatch):
    conn, _ids, _path = desk
    before = records(conn)
    up, downed = _both_ways(conn, monkeypatch)
    assert up.counts == {"new": 1202, "update": 2, "unchanged": 2, "duplicate": 3, "error": 0}
    if downed is None:
        return
    pat = conn.execute("SELECT city, headline, email, version FROM person WHERE name = 'Pat Two'").fetchone()
    assert pat == ("Oslo", "[/] \x1b[31m", "pat@two.example", 3)  # both lines filled her (each read fresh)
    undo_batch(conn, downed.batch_id)
    assert records(conn) == before


def test_indexes_down_for_a_file_read_apart_write_the_same(desk, monkeypatch):
    """A file read in a second process: the indexes made again after its last row — the same
    rows, search index, indexes and statistics as with them up."""
    conn = desk[0]
    if db.engine(conn) != "sqlite":
        pytest.skip("SQLite's path")
    conn.execute("ANALYZE")
    schema, before = _schema(conn), records(conn)

    def read_apart(progress=None):
        return apply_import(conn, FILE, kind="people", file_name="big.csv", format="generic", mapping="",
                            total=len(FILE), parallel=True, progress=progress)

    up = read_apart()
    written = records(conn)
    undo_batch(conn, up.batch_id)
    monkeypatch.setattr(bulk_indexes, "MIN_ROWS", 0)
    monkeypatch.setattr(bulk_indexes, "SHARE", 0)
    chunks: list[int] = []
    back: list[int] = []  # the chunks written before the indexes were made again
    monkeypatch.setattr(apply_mod, "put_back", lambda c, d: back.append(len(chunks)) or bulk_indexes.put_back(c, d))
    downed = read_apart(lambda done, total: chunks.append(done))
    assert back == [len(chunks)] and len(chunks) >= 2  # after the last chunk (1,210 rows: two)
    assert downed.counts == up.counts
    assert records(conn) == written and _schema(conn) == schema
    _sound(conn)
    undo_batch(conn, downed.batch_id)
    assert records(conn) == before


def test_likely_duplicates_merged_by_a_rule_alike(desk, monkeypatch):
    """The TUI's "update" for every likely duplicate: the desk's person each resembles, read
    from the desk held in memory while the indexes are down."""
    conn, _ids, _path = desk
    up, _downed = _both_ways(conn, monkeypatch, decide=lambda line: "update")
    assert up.counts["duplicate"] == 1  # the file's own line 2 again: skipped


def test_an_error_while_the_indexes_are_made_again_leaves_the_desk_as_it_was(desk, down, monkeypatch):
    conn, _ids, _path = desk
    if db.engine(conn) != "sqlite":
        pytest.skip("SQLite's path")
    schema, before = _schema(conn), everything(conn)

    def half_then_fail(c, dropped):
        for sql in dropped.ddl[: len(dropped.ddl) // 2]:
            c.execute(sql)
        raise OSError("disk full")

    monkeypatch.setattr(apply_mod, "put_back", half_then_fail)
    with pytest.raises(OSError):
        _import(conn)
    assert everything(conn) == before and _schema(conn) == schema
    _sound(conn)


_KILLED_MID_REBUILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from deskcrm.store import db
from deskcrm.store.imports import apply, bulk_indexes
from test_import_bulk import FILE
bulk_indexes.MIN_ROWS, bulk_indexes.SHARE = 0, 0
real = bulk_indexes.put_back

def stalled(conn, dropped):
    for sql in dropped.ddl[:3]:
        conn.execute(sql)
    Path({mark!r}).write_text("rebuilding")
    time.sleep(60)

apply.put_back = stalled
conn = db.connect(Path({desk!r}))
apply.apply_import(conn, FILE, kind="people", file_name="big.csv", format="generic", mapping="", total=len(FILE),
                   parallel=False)
"""


def test_kill_9_while_the_indexes_are_made_again(seeded_store, tmp_path):
    conn, _ids, path = seeded_store
    if db.engine(conn) != "sqlite":
        pytest.skip("a file's atomic commit")
    schema, before = _schema(conn), everything(conn)
    conn.close()
    mark = tmp_path / "rebuilding"
    code = _KILLED_MID_REBUILD.format(tests=str(Path(__file__).parent), mark=str(mark), desk=str(path))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while not mark.exists():
            assert child.poll() is None, child.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stderr.close()
    after = db.connect(path)
    try:
        assert everything(after) == before and _schema(after) == schema
        _sound(after)
    finally:
        after.close()


def test_the_writer_holds_the_cyclic_collector_and_gives_it_back_as_it_was(desk):
    """No cyclic garbage collection while an import writes (``bulk_sql.collector_held``: it walked
    the planner's growing maps again and again), back on after — after a refused import too — and
    left off when it was off (the TUI's launch holds it)."""
    import gc

    from deskcrm.store.imports.apply import ImportRefused

    conn = desk[0]
    seen: list[bool] = []
    done = apply_import(conn, FILE, kind="people", file_name="big.csv", format="generic", mapping="",
                        total=len(FILE), parallel=False, progress=lambda *_: seen.append(gc.isenabled()))
    assert done.counts["new"] > 1200 and seen and not any(seen) and gc.isenabled()
    bad = rows({"full_name": "Ok Row", "email": "ok@row.example"}, {"full_name": "Bad Row", "email": "[/]"})
    with pytest.raises(ImportRefused):
        apply_import(conn, bad, kind="people", file_name="bad.csv", format="generic", mapping="")
    assert gc.isenabled()
    gc.disable()
    try:
        apply_import(conn, rows({"full_name": "Off Row"}), kind="people", file_name="off.csv", format="generic",
                     mapping="")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_commit_leaves_the_wal_to_settle_after(desk):
    """An import's commit does not checkpoint the WAL (``bulk_sql.bulk_session``: copying 100k new
    people into the desk file took ~0.25 s of it): the batch is committed and read by everyone,
    the desk file untouched until ``settle`` — which the CLI calls once it has printed the result,
    the TUI's write worker once it has shown it. The connection's own setting comes back."""
    from deskcrm.store.imports.bulk_sql import settle

    conn, _ids, path = desk
    if db.engine(conn) == "postgresql":  # the server keeps its own log: nothing to settle
        done = _import(conn)
        settle(conn)
        assert done.counts["new"] > 1200
        return
    conn.execute("PRAGMA wal_autocheckpoint = 1")  # any commit of this connection would copy the WAL back
    before = Path(path).stat().st_size
    done = _import(conn)
    assert done.counts["new"] > 1200
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1
    assert Path(path).stat().st_size == before  # the new pages are in the WAL only
    other = db.connect(path)
    try:
        assert other.execute("SELECT count(*) FROM person WHERE email LIKE 'bulk%@big.example'").fetchone()[0] == 1200
    finally:
        other.close()
    settle(conn)
    assert Path(path).stat().st_size > before


def test_only_the_indexes_a_new_row_lands_anywhere_in_go_down(desk):
    """The indexes on each person's own keys (email, phone, LinkedIn) go down; the ones an
    import's rows all land at one place of (a shared value, ascending ids) stay up."""
    conn = desk[0]
    if db.engine(conn) != "sqlite":
        pytest.skip("SQLite's path")
    listed = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN " \
             "('person', 'candidate_profile', 'consent', 'contact_role') ORDER BY name"
    every = [n for (n,) in conn.execute(listed)]
    conn.execute("BEGIN")
    try:
        dropped = bulk_indexes.take_down(conn)
        left = [n for (n,) in conn.execute(listed)]
    finally:
        conn.execute("ROLLBACK")
    assert [n for (n,) in conn.execute(listed)] == every
    assert sorted(set(every) - set(left)) == ["ix_person_email_norm", "ix_person_linkedin_norm",
                                              "ix_person_phone_norm", "ix_person_phone_tail"]
    assert len(dropped.ddl) == 4 and "ix_consent_person_id" in left and "ix_person_owner_id" in left
