"""Issue 12: `deskcrm import FILE [--kind] [--map] [--dry-run] [--overwrite] [--json]`, `import list`,
`import undo BATCH` — real processes, on each engine of ``$DESKCRM_TEST_ENGINES``; bad input is
one line and no traceback; kill -9 in the middle of an import leaves the desk as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from engines import sqlite_only
from clirun import assert_one_line_error, run
from moves_helpers import tables

from deskcrm.store import db

PEOPLE = (
    "full_name,email,company,title,city\n"
    "Ana Silva,ana@example.com,,,Porto\n"
    "Nina Brandt,nina@new.example,Acme Ltd,CTO,\n"
    "Zed Nobody,NINA@new.example,,,\n"
)


@pytest.fixture
def desk(seeded_store):
    conn, ids, path = seeded_store
    return conn, ids, str(path)


def _file(tmp_path, text: str, name: str = "people.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return str(f)


def _records(conn) -> dict:
    out = tables(conn)
    out.pop("import_batch", None)
    return out


def _everything(conn) -> dict:
    out = tables(conn)
    out["event"] = sorted(conn.execute("SELECT * FROM event").fetchall(), key=repr)
    return out


def test_dry_run_prints_the_plan_and_writes_nothing(desk, tmp_path):
    conn, ids, path = desk
    before = _everything(conn)
    result = run("import", _file(tmp_path, PEOPLE), "--dry-run", "--db", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "people.csv (generic, people): 1 new, 0 updates, 1 unchanged, 1 likely duplicate, 0 errors",
        "New:",
        "  line 3  Nina Brandt",
        "Unchanged, the desk's value kept (--overwrite replaces it):",  # not "Updates": none is one
        f"  line 2  Ana Silva (#{ids['ana']}): city: London kept (file: Porto)",
        "Likely duplicates:",
        "  line 4  Zed Nobody: same email nina@new.example as line 3 (Nina Brandt)",
        "Dry run: nothing was written.",
    ]
    assert _everything(conn) == before


def test_dry_run_json_is_one_stable_document(desk, tmp_path):
    conn, ids, path = desk
    result = run("import", _file(tmp_path, PEOPLE), "--dry-run", "--json", "--overwrite", "--db", path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["file", "read_as", "kind", "format", "counts", "new", "updates", "unchanged", "duplicates",
                         "errors"]
    assert doc["read_as"] == "read as UTF-8, comma-delimited" and doc["format"] == "generic"
    assert doc["counts"] == {"new": 1, "update": 1, "unchanged": 0, "duplicate": 1, "error": 0}
    assert doc["updates"] == [{"line": 2, "name": "Ana Silva", "record_id": ids["ana"],
                               "changes": [{"field": "city", "old": "London", "new": "Porto", "kept": False}]}]
    assert doc["duplicates"] == [{"line": 4, "name": "Zed Nobody",
                                  "reason": "same email nina@new.example as line 3 (Nina Brandt)"}]
    pretty = json.loads(run("import", _file(tmp_path, PEOPLE), "--dry-run", "--json", "--overwrite", "--pretty",
                            "--db", path).stdout)
    assert pretty == doc


def test_import_list_and_undo(desk, tmp_path):
    conn, _ids, path = desk
    before = _records(conn)
    done = run("import", _file(tmp_path, PEOPLE), "--db", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported people.csv as batch 1: 1 new, 0 updated, 1 unchanged, 1 likely duplicate not imported")
    assert conn.execute("SELECT count(*) FROM person WHERE email_norm = 'nina@new.example'").fetchone()[0] == 1
    listed = run("import", "list", "--db", path)
    assert listed.returncode == 0 and "people.csv" in listed.stdout and "done" in listed.stdout
    batches = json.loads(run("import", "list", "--json", "--db", path).stdout)
    assert [(b["batch"], b["file"], b["kind"], b["state"], b["counts"]["new"]) for b in batches] == [
        (1, "people.csv", "people", "done", 1)]
    undone = run("import", "undo", "1", "--db", path)
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout.startswith("Undid import batch 1:")
    assert _records(conn) == before
    assert json.loads(run("import", "list", "--json", "--db", path).stdout)[0]["state"] == "undone"
    assert_one_line_error(run("import", "undo", "1", "--db", path), "undone already")


def test_import_list_counts_read_as_numbers(desk, tmp_path):
    """A big batch's counts in `import list` have thousands separators, as the import said them."""
    conn, _ids, path = desk
    assert run("import", _file(tmp_path, PEOPLE), "--db", path).returncode == 0
    with db.write(conn):
        conn.execute("UPDATE import_batch SET counts = ?", (json.dumps({"new": 54368, "update": 1200, "duplicate": 7}),))
    listed = run("import", "list", "--db", path)
    assert listed.returncode == 0, listed.stderr
    assert "(54,368 new, 1,200 updated, 7 duplicates skipped)" in listed.stdout


def test_a_placements_file(desk, tmp_path):
    conn, ids, path = desk
    text = ("person,person_email,company,job,start_date,salary,fee_percent\n"
            "Ana Silva,,Northwind Logistics,Data Engineer,2026-01-05,90k,20\n"
            ",george@example.com,Brand New AG,Platform Lead,2026-12-20,100000,25\n")
    result = run("import", _file(tmp_path, text, "placements.csv"), "--kind", "placements", "--db", path)
    assert result.returncode == 0, result.stderr
    assert conn.execute("SELECT count(*) FROM placement WHERE person_id IN (?, ?)",
                        (ids["ana"], ids["george"])).fetchone()[0] >= 2
    assert conn.execute("SELECT count(*) FROM company WHERE name = 'Brand New AG'").fetchone()[0] == 1


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
@pytest.mark.parametrize(("args", "fragments"), [
    (("import", "nowhere.csv"), ("nowhere.csv: no such file",)),
    (("import", "{file}", "--kind", "pets"), ("--kind 'pets': one of people",)),
    (("import", "undo", "999"), ("no import batch #999",)),
    (("import", "undo", "abc"), ("say which batch by its number",)),
    (("import", "undo"), ("say which batch",)),
    (("import", "list", "--kind", "people"), ("--kind only go with a FILE",)),
    (("import", "{bad}"), ('bad.csv, line 3, email "', '": not an email address', "nothing was imported")),
    (("import", "{ragged}"), ("ragged.csv: line 3, column 3 (city): this row has 2 cells, the header 3",
                              "nothing was imported")),
    (("import", "{foreign}"), ("no column is one deskcrm imports as people",)),
    (("import", "{file}", "--map", "nomap.toml"), ("--map nomap.toml: cannot be read",)),
])
def test_bad_input_is_one_line(desk, tmp_path, args, fragments):
    conn, _ids, path = desk
    files = {
        "{file}": _file(tmp_path, PEOPLE),
        "{bad}": _file(tmp_path, "full_name,email\nOk Person,ok@x.example\nBad [red]Person,not-an-email\n", "bad.csv"),
        "{ragged}": _file(tmp_path, "full_name,email,city\nA,a@x.example,B\nC,c@x.example\n", "ragged.csv"),
        "{foreign}": _file(tmp_path, "Vorname,Telefon\nA,1\n", "foreign.csv"),
    }
    before = _everything(conn)
    result = run(*(files.get(a, a) for a in args), "--db", path)
    assert_one_line_error(result, *fragments)
    assert _everything(conn) == before


def test_a_mapping_file_names_the_columns(desk, tmp_path):
    conn, _ids, path = desk
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Name" = "full_name"\n"E-mail" = "email"\n"Extra" = "custom:Met at"\n')
    text = "Name,E-mail,Extra\nMia Berg,mia@new.example,a meetup\n"
    result = run("import", _file(tmp_path, text), "--map", str(mapping), "--db", path)
    assert result.returncode == 0, result.stderr
    assert conn.execute("SELECT name, notes FROM person WHERE email_norm = 'mia@new.example'").fetchone() == (
        "Mia Berg", "Met at: a meetup")
    stored = conn.execute("SELECT mapping FROM import_batch").fetchone()[0]
    assert '"Extra" = "custom:Met at"' in stored


def _writing(path: str) -> bool:
    """Whether another connection holds a write transaction on the desk right now."""
    conn = db.connect(path)
    try:
        if db.engine(conn) == "postgresql":
            return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL").fetchone()[0] > 0
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except Exception:  # noqa: BLE001 - locked: the import is writing
            return True
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def _children(parent: int) -> list[int]:
    """The pids of ``parent``'s processes reading an import's file (``store.imports.pass_process``)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"pass_process" in argv:
            found.append(int(entry))
    return found


@sqlite_only  # a file's atomic commit; on a server a killed session's transaction is rolled back by the server
def test_kill_9_mid_import_leaves_the_desk_as_it_was(desk, tmp_path):
    conn, _ids, path = desk
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as f:
        f.write("full_name,email,phone,company,title,city,skills\n")
        for i in range(150_000):
            f.write(f"Bulk Person {i},bulk{i}@big.example,+49 30 {1000000 + i},Company {i % 997},Engineer,"
                    f"Berlin,\"python, go\"\n")
    before = _everything(conn)
    conn.close()  # nothing of ours in the way of the import's lock
    child = subprocess.Popen([sys.executable, "-m", "deskcrm", "import", str(big), "--db", path],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                             env=dict(os.environ))
    try:
        deadline = time.monotonic() + 60
        while not _writing(path):
            assert child.poll() is None, f"the import ended before it was killed: {child.stderr.read()!r}"
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        time.sleep(0.5)  # well into it
        assert child.poll() is None, "the import ended before it was killed: make the file bigger"
        reading = _children(child.pid)  # the second process reading the file (a long one)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert reading, "a file this long is read in a second process"
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in reading):  # it ends with the import
        assert time.monotonic() < deadline, "the process reading the file outlived the import"
        time.sleep(0.05)
    after = db.connect(path)
    try:
        assert _everything(after) == before
        assert after.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0
    finally:
        after.close()
