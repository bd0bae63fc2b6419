"""The command contract, run as a user runs it: a real process, real exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import assert_one_line_error, run

from deskcrm.store import db, migrate


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run("demo", "--db", str(path), "--candidates", "300", "--seed", "7", "--no-open")
    assert result.returncode == 0, result.stderr
    assert "Demo database:" in result.stdout and str(path) in result.stdout
    return path


@pytest.fixture
def seeded(desk_path):
    """The seeded desk (tests/seed.py: items overdue, today and coming up), on each engine in
    $DESKCRM_TEST_ENGINES: a file, or a server's URL. The due commands are about the desk, not
    the file."""
    from seed import seed

    seed(desk_path)
    return desk_path


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "due", "paths", "backup"):
        assert command in result.stdout


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("deskcrm ")


def test_paths_follow_platform_dirs_and_overrides(tmp_path):
    result = run("paths")
    assert result.returncode == 0
    home = os.environ["XDG_DATA_HOME"]
    assert f"database:     {home}/deskcrm/deskcrm.db" in result.stdout
    assert os.environ["XDG_CONFIG_HOME"] in result.stdout and "themes" in result.stdout
    env_db = tmp_path / "team.db"
    assert str(env_db) in run("paths", env={"DESKCRM_DB": str(env_db)}).stdout


def test_demo_builds_a_populated_database(demo_db):
    conn = sqlite3.connect(demo_db)
    assert conn.execute("SELECT count(*) FROM candidate_profile").fetchone()[0] == 300
    for table in ("company", "job_order", "submission", "placement", "activity", "consent"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


def test_demo_refuses_to_overwrite_an_existing_database(demo_db):
    before = demo_db.stat().st_size
    result = run("demo", "--db", str(demo_db), "--candidates", "10", "--no-open")
    assert_one_line_error(result, str(demo_db), "already exists")
    assert demo_db.stat().st_size == before


def test_due_json_has_the_promised_fields(seeded):
    result = run("due", "--db", str(seeded), "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert items, "the seeded desk must have items due"
    for item in items:
        assert {"kind", "due_date", "title", "person", "company", "person_id", "company_id", "bucket"} <= item.keys()
    assert [i["bucket"] for i in items] == sorted(
        (i["bucket"] for i in items), key=("overdue", "today", "upcoming").index
    )


def test_due_text_groups_and_counts(seeded):
    result = run("due", "--db", str(seeded))
    assert result.returncode == 0
    assert result.stdout.startswith("Due on ")
    assert "Overdue (" in result.stdout or "Today (" in result.stdout


def test_due_for_a_given_date(seeded):
    result = run("due", "--db", str(seeded), "--date", "2030-01-01", "--json")
    assert result.returncode == 0
    assert isinstance(json.loads(result.stdout), list)


def test_due_uses_env_database(seeded):
    result = run("due", "--json", env={"DESKCRM_DB": str(seeded)})
    assert result.returncode == 0 and json.loads(result.stdout)


def test_due_creates_and_migrates_the_default_database_on_first_run():
    result = run("due", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    default = Path(os.environ["XDG_DATA_HOME"]) / "deskcrm" / "deskcrm.db"
    conn = db.connect(default)
    assert migrate.current_revision(conn) == migrate.HEAD


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("due", "--date", "2026-13-40"), ("--date 2026-13-40: no such date", "year-month-day")),
        (("due", "--date", "soonish"), ("--date soonish: not a date", "tomorrow")),
        (("due", "--db", "/no/such/dir/x.db"), ("/no/such/dir", "does not exist")),
        (("demo", "--db", "/no/such/dir/x.db", "--no-open"), ("/no/such/dir", "does not exist")),
        (("due", "--bogus"), ("--bogus",)),
        (("demo", "--candidates", "lots", "--no-open"), ("--candidates",)),
        (("demo", "--candidates", "0", "--no-open"), ("--candidates",)),
        (("nonsense",), ("nonsense",)),
    ],
)
def test_bad_input_is_one_line_and_non_zero(args, fragments):
    assert_one_line_error(run(*args), *fragments)


def test_missing_database_file_is_a_clear_error(tmp_path):
    assert_one_line_error(run("due", "--db", str(tmp_path / "missing.db")), "no such database file")


def test_non_database_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 20)
    before = path.read_bytes()
    assert_one_line_error(run("due", "--db", str(path)), str(path), "not a deskcrm database")
    assert path.read_bytes() == before


def test_newer_database_is_refused(db_path):
    conn = db.connect(db_path)
    with db.write(conn):
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    assert_one_line_error(run("due", "--db", str(db_path)), "newer deskcrm")


def test_broken_config_file_is_named(demo_db):
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "deskcrm" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "deskcrm-dark"\n[due]\nnurture_days = "soon"\n')
    assert_one_line_error(run("due", "--db", str(demo_db)), str(config), "nurture_days")


def test_backup_writes_a_verified_copy(demo_db, tmp_path):
    dest = tmp_path / "copy.db"
    result = run("backup", str(dest), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM person").fetchone()[0] > 300
    assert_one_line_error(run("backup", str(dest), "--db", str(demo_db)), "already exists")


def test_hot_invocations_take_the_fast_path():
    """`deskcrm [--db X]` and `deskcrm due [...]` skip Typer (DESIGN.md §4 budgets)."""
    from deskcrm.cli.entry import fast_path

    assert fast_path([]) == (None, {})
    assert fast_path(["--db", "x.db"]) == (None, {"--db": "x.db"})
    assert fast_path(["--db=x.db"]) == (None, {"--db": "x.db"})
    assert fast_path(["due", "--json", "--db", "x.db", "--date", "2026-11-22"]) == (
        "due", {"--json": True, "--db": "x.db", "--date": "2026-11-22"}
    )
    # anything unusual goes to Typer, which owns help and error messages
    for args in (["due", "--help"], ["--db", "--help"], ["due", "--db"], ["due", "--json=1"],
                 ["due", "--db", "a", "--db", "b"], ["demo"], ["--version"], ["due", "extra"]):
        assert fast_path(args) is None, args
    code = (
        "import sys; import deskcrm.cli.entry, deskcrm.cli.launch, deskcrm.cli.due_report, deskcrm.store.due_store,"
        " deskcrm.store.migrate;"
        "bad = [m for m in ('typer', 'sqlmodel', 'sqlalchemy', 'alembic', 'textual') if m in sys.modules];"
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_due_through_typer_matches_the_fast_path(seeded):
    """`due` reached through Typer (an option order the fast path leaves alone) prints the same."""
    fast = run("due", "--db", str(seeded), "--json")
    via_typer = run("due", "--json", "--db", str(seeded), "--date", "bad")
    assert_one_line_error(via_typer, "--date")
    from deskcrm.cli.entry import _typer

    assert fast.returncode == 0
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _typer(["due", "--db", str(seeded), "--json"])
    assert out.getvalue() == fast.stdout
