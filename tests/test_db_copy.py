"""`deskcrm db copy`: a desk moved from a file to a PostgreSQL server and back keeps every row
(counts, checksums, and the values themselves: hostile and non-ASCII text, dates, timestamps,
booleans, floats, NULLs); a target that holds a desk with data, a source that is no desk (or an
older one), an unreachable server are one line each; a failure or Ctrl-C leaves the target as it was.

The tests that name ``pg_url`` / ``pg_desk`` need the test server (tests/pgserver.py)."""

from __future__ import annotations

import re

import sqlite3
from pathlib import Path

import pytest

from clirun import assert_one_line_error, run
from seed import Names, seed

from deskcrm.store.schema import HEAD
from deskcrm.store import copy_build, copy_sql, db, migrate, server
from deskcrm.store.search_sql import index_text
from deskcrm.store.copy import TABLES, CopyFailed, copy_desk
from deskcrm.store.errors import NewerDatabase, NotADatabase, StoreError, Unreachable

HOSTILE = "\u202e[@click=app.quit]Zoë \x1b[2J[Acme Ltd] 'o''k' \"q\" 100% ? :name \\N \\. \t\r\n ünï 😀 Ωμέγα"
SECRET = "s3cr3t-Pa55"


def _source(path: Path, names: Names | None = None) -> Path:
    """The seeded desk (tests/seed.py) with its search index built and one odd value of each kind."""
    from deskcrm.store.search_index import rebuild_person_index

    seed(path, names)
    conn = db.connect(path)
    try:
        with db.write(conn):
            conn.execute("UPDATE person SET notes = NULL, headline = ? WHERE id = (SELECT min(id) FROM person)",
                         ("Ünïcödé — 東京 ✓",))
            conn.execute("UPDATE placement SET salary = 98765.4321, fee_percent = 0.1 + 0.2 WHERE id = "
                         "(SELECT min(id) FROM placement)")
            conn.execute("INSERT INTO due_state (key, done_at, snoozed_until, updated_at) VALUES "
                         "('ÿ-key', NULL, '2026-12-01', '2026-11-18 09:30:00.123456'), "
                         "('Z-key', '2026-11-17 08:00:00.000000', NULL, '2026-11-17 08:00:00.000000')")
            rebuild_person_index(conn)
    finally:
        conn.close()
    return path


def _table(target, table: str) -> list[tuple]:  # noqa: ANN001 - a path or a URL
    """Every row of ``table`` as the store reads it, columns in one order on both engines."""
    conn = db.connect(target)
    try:
        cols = sorted(copy_sql.columns(conn, table), key=lambda c: c.name)
        rows = conn.execute(f"SELECT {', '.join(c.expr for c in cols)} FROM {table}").fetchall()
    finally:
        conn.close()
    if table == copy_sql.SEARCH_TABLE:  # a server's index holds its text folded (copy_sql.as_indexed), and
        # so does a file copied back from one: the index's words are what must survive the copy
        rows = [[v if c.name == "person_id" else index_text(v) for c, v in zip(cols, r)] for r in rows]
    return sorted((tuple(r) for r in rows), key=repr)


def _everything(target) -> dict[str, list[tuple]]:  # noqa: ANN001
    return {t: _table(target, t) for t in TABLES}


def _with_password(url: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{SECRET}@", 1)


# --- the tables ---------------------------------------------------------------------------


def _references(conn, table: str) -> set[str]:  # noqa: ANN001
    if db.engine(conn) == "sqlite":
        return {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()}
    return {r[0] for r in conn.execute(
        "SELECT ccu.table_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
        "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ?", (table,)).fetchall()}


def test_the_copy_names_every_table_of_a_desk_in_foreign_key_order(db_path):
    conn = db.connect(db_path)
    try:
        assert copy_sql.tables(conn) == set(TABLES)
        for i, table in enumerate(TABLES):
            assert _references(conn, table) - {table} <= set(TABLES[:i]), table
        search = [c.name for c in copy_sql.columns(conn, "person_fts")]
        assert search == ["person_id", "name", "headline", "skills", "employer", "location", "notes", "resume"]
    finally:
        conn.close()


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("names", [Names(), Names.every(HOSTILE)], ids=["plain", "hostile"])
def test_file_to_server_to_file_keeps_every_row(tmp_path, pg_url, names):
    source = _source(tmp_path / "desk.db", names)
    back = tmp_path / "back.db"
    there = copy_desk(source, pg_url)
    home = copy_desk(pg_url, back)

    assert [(t.table, t.rows, t.checksum) for t in there.tables] == [(t.table, t.rows, t.checksum) for t in home.tables]
    counts = {t.table: t.rows for t in there.tables}
    assert counts["person"] == 12 and counts["person_fts"] == 12 and counts["due_state"] == 2
    original = _everything(source)
    # every value, exactly (the search index's text as the server holds it: folded; _table)
    assert _everything(back) == original
    assert _everything(pg_url) == original  # read from the server as the store reads it: the same values

    # a few records, directly
    conn = db.connect(pg_url)
    try:
        assert conn.execute("SELECT active FROM recruiter").fetchall() == [(1,)]
        assert sorted(conn.execute("SELECT is_hiring_manager, is_billing FROM contact_role").fetchall()) == \
            sorted(sqlite3.connect(source).execute("SELECT is_hiring_manager, is_billing FROM contact_role").fetchall())
        first = conn.execute("SELECT name, notes, headline, created_at, next_touch_on FROM person "
                             "ORDER BY id LIMIT 1").fetchone()
        assert first[0] == names.ana and first[1] is None and first[2] == "Ünïcödé — 東京 ✓"
        assert conn.execute("SELECT salary, fee_percent FROM placement ORDER BY id LIMIT 1").fetchone() == \
            (98765.4321, 0.1 + 0.2)
        assert conn.execute("SELECT snoozed_until, updated_at FROM due_state WHERE key = 'ÿ-key'").fetchone() == \
            ("2026-12-01", "2026-11-18 09:30:00.123456")
    finally:
        conn.close()
    assert migrate.current_revision(db.connect(back)) == HEAD


def test_the_search_index_answers_on_each_engine_after_the_copy(tmp_path, pg_url):
    source = _source(tmp_path / "desk.db")
    copy_desk(source, pg_url)
    back = tmp_path / "back.db"
    copy_desk(pg_url, back)
    lena = sqlite3.connect(source).execute("SELECT id FROM person WHERE name = 'Lena Hoffmann'").fetchone()[0]
    conn = db.connect(pg_url)
    try:
        found = conn.execute("SELECT person_id FROM person_fts "
                             "WHERE doc @@ to_tsquery('simple', 'hoffmann')").fetchall()
    finally:
        conn.close()
    assert found == [(lena,)]
    assert sqlite3.connect(back).execute(
        "SELECT rowid FROM person_fts WHERE person_fts MATCH 'hoffmann'").fetchall() == [(lena,)]


def test_the_servers_filters_find_the_copied_people(tmp_path, pg_url):
    """A file's index keeps text as saved ("London GB"); the server's filters test folded text:
    copied without folding, `city:london` found nobody on the server."""
    from datetime import date

    from deskcrm.domain.search_query import parse
    from deskcrm.store.search import SqliteSearch

    source = _source(tmp_path / "desk.db")
    copy_desk(source, pg_url)
    found = {}
    for where in (source, pg_url):
        conn = db.connect(where)
        try:
            search = SqliteSearch(conn, date(2026, 11, 18), correct=False)
            found[str(where)] = [sorted(r.id for r in search.search(parse(q, typing=False), limit=100).rows)
                                 for q in ("city:london", "skill:python", "london python")]
        finally:
            conn.close()
    assert found[str(pg_url)] == found[str(source)] and all(found[str(source)])


def test_ids_on_the_server_continue_after_the_copied_ones(tmp_path, pg_url):
    copy_desk(_source(tmp_path / "desk.db"), pg_url)
    conn = db.connect(pg_url)
    try:
        top = conn.execute("SELECT max(id) FROM company").fetchone()[0]
        with db.write(conn):
            conn.execute("INSERT INTO recruiter (name, initials, active) VALUES ('New One', 'NO', TRUE)")
            conn.execute("INSERT INTO company (name, name_norm, bd_stage, fee_currency, payment_terms_days, "
                         "guarantee_days, prorata_rule, created_at, updated_at, version, rank) VALUES "
                         "('Fresh', 'fresh', 'target', 'GBP', 30, 90, 'none', '2026-11-18 10:00:00', "
                         "'2026-11-18 10:00:00', 1, 0)")
        assert conn.execute("SELECT max(id) FROM company").fetchone()[0] == top + 1
        assert conn.execute("SELECT id FROM recruiter WHERE initials = 'NO'").fetchone()[0] == 2
    finally:
        conn.close()


def test_server_to_server(tmp_path, pg_url, pg_desk_copy):
    source = _source(tmp_path / "desk.db", Names.every(HOSTILE))
    first = copy_desk(source, pg_url)
    second = copy_desk(pg_url, pg_desk_copy)
    assert second.tables == first.tables
    assert _everything(pg_desk_copy) == _everything(source)


def test_the_copy_has_planner_statistics_and_a_merged_search_index(tmp_path, pg_url):
    copy_desk(_source(tmp_path / "desk.db"), pg_url)
    copy_desk(pg_url, tmp_path / "back.db")
    conn = db.connect(pg_url)
    try:
        assert conn.execute("SELECT reltuples FROM pg_class WHERE relname = 'person'").fetchone()[0] == 12
        # vacuumed: index-only scans (the reports' counts) need not read the table
        assert conn.execute("SELECT relallvisible FROM pg_class WHERE relname = 'activity'").fetchone()[0] > 0
    finally:
        conn.close()
    file = sqlite3.connect(tmp_path / "back.db")
    assert {r[0] for r in file.execute("SELECT tbl FROM sqlite_stat1")} >= {"person", "placement", "activity"}
    assert file.execute("SELECT count(*) FROM person_fts_data").fetchone()[0] <= 3  # one segment (+ structure)


def test_file_to_file(tmp_path):
    source = _source(tmp_path / "desk.db", Names.every(HOSTILE))
    copy_desk(source, tmp_path / "copy.db")
    assert _everything(tmp_path / "copy.db") == _everything(source)
    assert (tmp_path / "copy.db").stat().st_mode & 0o077 == 0  # private, as every desk file


def test_file_to_file_never_imports_the_server_driver(tmp_path):
    import subprocess
    import sys

    source = _source(tmp_path / "desk.db")
    code = ("import sys; from deskcrm.store.copy import copy_desk; "
            f"copy_desk({str(source)!r}, {str(tmp_path / 'copy.db')!r}); "
            "assert 'psycopg' not in sys.modules, 'psycopg imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


# --- what a target may be -----------------------------------------------------------------


def test_an_empty_desk_is_a_target(tmp_path, pg_desk):
    source = _source(tmp_path / "desk.db")
    made = run("init", str(tmp_path / "empty.db"))
    assert made.returncode == 0, made.stderr
    for target in (tmp_path / "empty.db", pg_desk):
        copy_desk(source, target)
        assert _everything(target) == _everything(source)


def test_a_target_holding_a_desk_with_data_is_refused_and_left_alone(tmp_path, pg_desk):
    source = _source(tmp_path / "desk.db")
    seed(pg_desk)
    other = _source(tmp_path / "other.db")
    for target in (other, pg_desk):
        before = _everything(target)
        with pytest.raises(StoreError, match=r"already holds a deskcrm desk with data \(12 people"):
            copy_desk(source, target)
        assert _everything(target) == before


def test_a_target_that_cannot_be_one_is_refused(tmp_path, pg_url):
    source = _source(tmp_path / "desk.db")
    with pytest.raises(NotADatabase, match="is a directory"):
        copy_desk(source, tmp_path)
    with pytest.raises(NotADatabase, match=f"no folder {tmp_path / 'nowhere'}: create it first"):
        copy_desk(source, tmp_path / "nowhere" / "x.db")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)")
    with pytest.raises(NotADatabase, match="another program"):
        copy_desk(source, foreign)
    raw = db.connect(pg_url)
    raw.execute("CREATE TABLE theirs (x integer)")
    raw.close()
    with pytest.raises(NotADatabase, match="tables of another program"):
        copy_desk(source, pg_url)


# --- what a source may be -----------------------------------------------------------------


def test_a_source_that_is_no_desk_of_this_schema_is_refused(tmp_path, pg_url):
    target = tmp_path / "target.db"
    with pytest.raises(NotADatabase, match="no such desk file"):
        copy_desk(tmp_path / "missing.db", target)
    (tmp_path / "junk.db").write_text("not a database at all, but long enough to be read as one " * 40)
    with pytest.raises(NotADatabase):
        copy_desk(tmp_path / "junk.db", target)
    with pytest.raises(NotADatabase, match="holds no deskcrm desk to copy"):
        copy_desk(pg_url, target)
    older = tmp_path / "older.db"
    db.connect(older, create=True).close()
    migrate.upgrade(str(older), "0009")
    with pytest.raises(StoreError, match=rf"older deskcrm \(schema 0009; this one copies schema {HEAD}\); open it "
                                         r"with this deskcrm first — e\.g\. deskcrm due --db"):
        copy_desk(older, target)
    assert migrate.current_revision(db.connect(older)) == "0009"  # never changed
    newer = _source(tmp_path / "newer.db")
    sqlite3.connect(newer, isolation_level=None).execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerDatabase, match="schema 9999"):
        copy_desk(newer, target)
    with pytest.raises(StoreError, match="name the same desk"):
        copy_desk(newer, newer)
    assert not target.exists()


def test_an_unreachable_server_is_one_line_without_the_password(tmp_path):
    url = f"postgresql://postgres:{SECRET}@/deskcrm?host={tmp_path}/no-server"
    for source, target in ((url, tmp_path / "t.db"), (_source(tmp_path / "desk.db"), url)):
        with pytest.raises(Unreachable) as caught:
            copy_desk(source, target)
        assert SECRET not in str(caught.value) and "cannot reach the PostgreSQL server" in str(caught.value)
    assert not (tmp_path / "t.db").exists()


# --- a failure leaves the target as it was ------------------------------------------------


def test_a_row_the_server_refuses_rolls_the_whole_copy_back(tmp_path, pg_url):
    source = _source(tmp_path / "desk.db")
    sqlite3.connect(source, isolation_level=None).execute(
        "UPDATE activity SET body = ? WHERE id = (SELECT max(id) FROM activity)", ("nul \x00 inside",))
    with pytest.raises(CopyFailed, match=r"copying activity failed, nothing was copied "
                                         r"\(database error: .*NUL.* \(the row with id \d+\)\)"):
        copy_desk(source, pg_url)
    assert server.inspect(pg_url) == server.Found(None, 0)  # the desk it made is gone again


def _stop_at(table: str, exc: BaseException):  # noqa: ANN202
    def progress(name: str, done: int, total: int) -> None:
        if name == table:
            raise exc
    return progress


@pytest.mark.parametrize("where", ["new file", "empty file", "empty desk file", "server", "empty server desk"])
def test_ctrl_c_mid_copy_leaves_the_target_as_it_was(tmp_path, where, request):
    source = _source(tmp_path / "desk.db")
    if where == "new file":
        target, check = tmp_path / "new.db", lambda t: not t.exists()
    elif where == "empty file":
        target = tmp_path / "empty.db"
        target.write_bytes(b"")
        check = lambda t: t.stat().st_size == 0  # noqa: E731
    elif where == "empty desk file":
        target = tmp_path / "init.db"
        migrate.ensure_current(target, create=True)
        check = lambda t: all(v == [] for v in _everything(t).values())  # noqa: E731
    elif where == "server":
        target = request.getfixturevalue("pg_url")
        check = lambda t: server.inspect(t) == server.Found(None, 0)  # noqa: E731
    else:
        target = request.getfixturevalue("pg_desk")
        check = lambda t: all(v == [] for v in _everything(t).values())  # noqa: E731
    with pytest.raises(KeyboardInterrupt):
        copy_desk(source, target, _stop_at("activity", KeyboardInterrupt()))
    assert check(target)
    if isinstance(target, Path):
        assert not Path(f"{target}-wal").exists() or target.exists()
    copy_desk(source, target)  # and the next copy takes it
    assert _everything(target) == _everything(source)


def test_a_copy_that_does_not_match_its_source_is_rolled_back(tmp_path, monkeypatch):
    source = _source(tmp_path / "desk.db")
    real = copy_sql.write

    def lossy(conn, table, cols, batches):  # noqa: ANN001
        if table != "activity":
            return real(conn, table, cols, batches)
        return real(conn, table, cols, ([row for row in batch][1:] for batch in batches))

    monkeypatch.setattr(copy_sql, "write", lossy)
    with pytest.raises(CopyFailed, match=r"does not match its source in activity \(18 rows read, 17 written; id \d+: "
                                         r"not written\); it was rolled back"):
        copy_desk(source, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_a_value_the_server_reads_differently_is_named_and_rolled_back(tmp_path, pg_url):
    source = _source(tmp_path / "desk.db")
    sqlite3.connect(source, isolation_level=None).execute(
        "UPDATE placement SET start_date = start_date || ' 00:00:00' WHERE id = (SELECT min(id) FROM placement)")
    with pytest.raises(CopyFailed, match=r"does not match its source in placement \(4 rows read, 4 written; id \d+: "
                                         r"start_date '20\d\d-\d\d-\d\d 00:00:00' became '20\d\d-\d\d-\d\d'\)"):
        copy_desk(source, pg_url)
    assert server.inspect(pg_url) == server.Found(None, 0)


# --- the command line ---------------------------------------------------------------------


def test_cli_copies_there_and_back_and_says_verified(tmp_path, pg_url):
    source = _source(tmp_path / "desk.db", Names.every(HOSTILE))
    url = _with_password(pg_url)
    there = run("db", "copy", "--from", str(source), "--to", url)
    assert there.returncode == 0, there.stderr
    assert SECRET not in there.stdout + there.stderr
    assert "person                  12" in there.stdout
    assert there.stdout.strip().splitlines()[-1].startswith("verified: ")
    assert "postgres:***@" in there.stdout
    assert "deskcrm: copied activity: 18 rows" in there.stderr.splitlines()  # plain progress: not a terminal
    phases = [re.sub(r"\d+", "N", line) for line in there.stderr.splitlines()[-5:]]
    assert phases == [  # then each phase after the rows (N: as many as the schema has)
        "deskcrm: built N indexes", "deskcrm: checking N foreign keys…", "deskcrm: checked N foreign keys",
        "deskcrm: reading the copy back…", "deskcrm: read back N tables: each one's count and checksum"]
    assert "\x1b" not in there.stdout + there.stderr

    back = run("db", "copy", "--from", url, "--to", str(tmp_path / "back.db"))
    assert back.returncode == 0, back.stderr
    assert _everything(tmp_path / "back.db") == _everything(source)

    again = run("db", "copy", "--from", str(source), "--to", url)
    assert again.returncode == 1
    assert_one_line_error(again, "already holds a deskcrm desk with data (12 people")
    assert SECRET not in again.stderr


def test_cli_refusals_are_one_line(tmp_path):
    missing = run("db", "copy", "--from", str(tmp_path / "missing.db"), "--to", str(tmp_path / "t.db"))
    assert missing.returncode == 1
    assert_one_line_error(missing, "missing.db: no such desk file")
    given_db = run("--db", str(tmp_path / "a.db"), "db", "copy", "--from", str(tmp_path / "a.db"), "--to",
                   str(tmp_path / "t.db"))
    assert given_db.returncode == 2
    assert_one_line_error(given_db, "db copy: name the desk to copy with --from (and where to with --to), not --db")
    for args in (("db", "copy", "--from", "x.db"), ("db", "copy"), ("db",)):
        result = run(*args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr


def test_cli_a_missing_server_database_says_what_to_do_for_a_copy(tmp_path, pg_server):
    """A target database the server lacks: create it, then copy again (the copy makes the tables;
    no ``deskcrm init``); a source it lacks: check the name given to --from. Password hidden."""
    url = pg_server.replace("/postgres?", "/no_such_desk?").replace("postgresql://postgres@",
                                                                     f"postgresql://postgres:{SECRET}@")
    source = _source(tmp_path / "desk.db")
    there = run("db", "copy", "--from", str(source), "--to", url)
    assert there.returncode == 1
    assert_one_line_error(there, "the server has no database no_such_desk; create it (createdb no_such_desk, or "
                                 "CREATE DATABASE on the server), then run this copy again: it makes the tables itself")
    back = run("db", "copy", "--from", url, "--to", str(tmp_path / "back.db"))
    assert back.returncode == 1
    assert_one_line_error(back, "the server has no database no_such_desk; check the name given to --from")
    assert not (tmp_path / "back.db").exists()
    assert SECRET not in there.stderr + back.stderr and "deskcrm init" not in there.stderr + back.stderr


def test_cli_a_real_ctrl_c_mid_copy_leaves_no_file(tmp_path):
    """SIGINT to a running `deskcrm db copy` (300,000 more activities: the copy is still going
    when the signal comes, right after the first table's line)."""
    import signal
    import subprocess
    import sys

    source = _source(tmp_path / "desk.db")
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("INSERT INTO activity (kind, body, at, person_id) WITH RECURSIVE n(i) AS "
                 "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
                 "SELECT 'note', 'bulk ' || i, '2026-11-18 10:00:00.000000', "
                 "(SELECT min(id) FROM person) FROM n")
    conn.close()
    target = tmp_path / "copy.db"
    command = [sys.executable, "-m", "deskcrm", "db", "copy", "--from", str(source), "--to", str(target)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             stdin=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = child.stderr.readline()
    assert first.startswith("deskcrm: copied recruiter"), first
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert err.strip().splitlines()[-1] == ("deskcrm: db copy stopped (Ctrl-C): nothing was copied, the target is "
                                            "as it was")
    assert "Traceback" not in err and out == ""
    assert not target.exists() and not Path(f"{target}-wal").exists()


@pytest.mark.parametrize("lost", [False, True], ids=["raised", "lost in a collector's callback"])
def test_cli_ctrl_c_is_one_line(monkeypatch, capsys, tmp_path, lost):
    """``lost``: Python drops a KeyboardInterrupt raised inside a weakref callback (SQLAlchemy's, as
    the collector frees the migration's objects mid-copy): the copy stops at the next batch all the same."""
    import sys
    import types

    from deskcrm.cli import entry
    from deskcrm.store import copy as store_copy

    before = sys.unraisablehook

    def interrupted(_source, _target, progress):  # noqa: ANN001, ANN202
        if not lost:
            raise KeyboardInterrupt
        sys.unraisablehook(types.SimpleNamespace(exc_type=KeyboardInterrupt, exc_value=KeyboardInterrupt(),
                                                 exc_traceback=None, err_msg=None, object=None))
        progress("activity", 5000, 300_000)  # the next batch
        raise AssertionError("the copy went on")

    monkeypatch.setattr(store_copy, "copy_desk", interrupted)
    with pytest.raises(SystemExit) as ended:
        entry.main(["db", "copy", "--from", str(tmp_path / "a.db"), "--to", str(tmp_path / "b.db")])
    assert ended.value.code == 130
    assert capsys.readouterr().err.strip() == ("deskcrm: db copy stopped (Ctrl-C): nothing was copied, the target "
                                               "is as it was")
    assert sys.unraisablehook is before  # put back


def test_progress_on_a_terminal_is_a_bar_per_table_on_stderr(monkeypatch, capsys):
    import io
    import sys

    from deskcrm.cli import copy_cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    report, stop = copy_cli._progress()
    report("person", 0, 12_000)
    report("person", 12_000, 12_000)
    report("event", 0, 0)
    report(copy_build.INDEXES, 0, 94)
    report(copy_build.INDEXES, 40, 94)
    stop()
    shown = err.getvalue()
    assert "person" in shown and "12000/12000" in shown and "event" in shown and "0/0" in shown
    assert "building indexes" in shown and "40/94" in shown  # the phases after the rows: steps of their own
    assert capsys.readouterr().out == ""  # stdout is the table's alone

