"""The database file from the command line (issue 9, items 9-18): which file `--db` names,
refusing files that are missing, empty, damaged, locked or read-only, `init`, `backup`,
`restore`. Real processes, real exit codes, one line on stderr, no tracebacks."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import assert_one_line_error, modes_bind, run, run_unprivileged


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run("demo", "--db", str(path), "--candidates", "300", "--seed", "7", "--no-open")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def desk(demo, tmp_path) -> Path:
    """A private copy of the demo database."""
    path = tmp_path / "desk.db"
    shutil.copy(demo, path)
    return path


def damage(path: Path) -> None:
    """What the issue did: overwrite 40 KB in the middle of the file."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(random.Random(40).randbytes(40 * 1024))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_db() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "deskcrm" / "deskcrm.db"


def job_stage(path: Path, job_id: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT stage FROM job_order WHERE id = ?", (job_id,)).fetchone()[0]
    finally:
        conn.close()


def open_job(path: Path) -> tuple[int, str]:
    """An open job and a stage to move it to that is no exit (needs no --reason)."""
    conn = sqlite3.connect(path)
    try:
        job_id, stage = conn.execute("SELECT id, stage FROM job_order WHERE stage = 'intake' ORDER BY id").fetchone()
    finally:
        conn.close()
    return job_id, "sourcing"


# --------------------------------------------------------------------------- item 9: --db everywhere

@pytest.mark.parametrize("command", [
    ("jobs",), ("placements",), ("due", "--json"), ("due",), ("search", "python", "--json"), ("client", "1"),
])
def test_db_before_the_command_is_the_same_as_after_it(desk, command):
    after = run(*command, "--db", str(desk))
    before = run("--db", str(desk), *command)
    assert after.returncode == 0, after.stderr
    assert before.returncode == 0, before.stderr
    assert before.stdout == after.stdout
    assert not default_db().exists()  # the default database was never opened instead


def test_db_before_paths_is_the_one_shown(desk):
    result = run("--db", str(desk), "paths")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"database:     {desk}  (--db")
    assert run("paths", "--db", str(desk)).stdout == result.stdout


def test_db_before_writing_commands(desk, tmp_path):
    job_id, to = open_job(desk)
    moved = run("--db", str(desk), "move", "job", str(job_id), to)
    assert moved.returncode == 0, moved.stderr
    assert job_stage(desk, job_id) == to
    copy = tmp_path / "copy.bak"
    assert run("--db", str(desk), "backup", str(copy)).returncode == 0
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM person").fetchone()[0] > 300
    new = tmp_path / "new.db"
    made = run("--db", str(new), "init")
    assert made.returncode == 0, made.stderr
    assert new.exists()
    built = run("--db", str(tmp_path / "demo2.db"), "demo", "--candidates", "5", "--no-open")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "demo2.db").exists()
    assert not default_db().exists()


def test_two_different_db_options_are_refused(desk, tmp_path):
    other = tmp_path / "other.db"
    result = run("--db", str(desk), "jobs", "--db", str(other))
    assert_one_line_error(result, str(desk), str(other), "--db")
    assert result.returncode == 2
    assert_one_line_error(run("--db", str(desk), "due", "--db", str(other)), str(other))
    same = run("--db", str(desk), "jobs", "--db", str(desk))
    assert same.returncode == 0, same.stderr


def test_fast_path_takes_db_before_due():
    from deskcrm.cli import fast_path

    assert fast_path(["--db", "x.db", "due", "--json"]) == ("due", {"--db": "x.db", "--json": True})
    assert fast_path(["--db=x.db", "due"]) == ("due", {"--db": "x.db"})
    assert fast_path(["--db", "x.db", "due", "--db", "y.db"]) is None  # Typer says which one


# --------------------------------------------------------------------------- item 10: no silent new files

def _tui(monkeypatch, capsys, *args: str) -> tuple[int, str, list[Path]]:
    """`deskcrm ARGS` in-process with the TUI itself replaced by a recorder."""
    from deskcrm import cli, launch

    opened: list[Path] = []
    monkeypatch.setattr(launch, "run_tui", opened.append)
    with pytest.raises(SystemExit) as exit_:
        cli.main(list(args))
    return exit_.value.code, capsys.readouterr().err, opened


def test_tui_refuses_a_missing_db_path(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "typo.db"
    code, err, opened = _tui(monkeypatch, capsys, "--db", str(missing))
    assert code == 2 and opened == []
    assert err.count("\n") == 1 and str(missing) in err and f"deskcrm init {missing}" in err
    assert not missing.exists()


def test_tui_refuses_an_empty_file(tmp_path, monkeypatch, capsys):
    empty = tmp_path / "empty.db"
    empty.touch()
    code, err, opened = _tui(monkeypatch, capsys, "--db", str(empty))
    assert code == 2 and opened == []
    assert "empty" in err and f"deskcrm init {empty}" in err
    assert empty.stat().st_size == 0


def test_env_db_that_is_missing_is_refused_too(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "team.db"
    monkeypatch.setenv("DESKCRM_DB", str(missing))
    code, err, opened = _tui(monkeypatch, capsys)
    assert code == 2 and opened == [] and not missing.exists()


def test_tui_creates_only_the_default_database(monkeypatch, capsys):
    code, err, opened = _tui(monkeypatch, capsys)
    assert code == 0, err
    assert opened == [default_db()] and default_db().stat().st_size > 0


def test_cli_refuses_an_empty_file(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for command in (("due",), ("jobs",), ("search", "x"), ("move", "job", "1", "sourcing")):
        assert_one_line_error(run(*command, "--db", str(empty)), str(empty), "empty", "deskcrm init")
    assert empty.stat().st_size == 0


def test_init_creates_an_empty_private_database(tmp_path):
    path = tmp_path / "new.db"
    result = run("init", str(path))
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    assert path.stat().st_mode & 0o777 == 0o600
    due = run("due", "--db", str(path), "--json")
    assert due.returncode == 0 and json.loads(due.stdout) == []
    jobs = run("jobs", "--db", str(path))
    assert jobs.returncode == 0 and "0 job orders" in jobs.stdout


def test_init_adopts_an_empty_file_and_refuses_an_existing_database(desk, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    empty.chmod(0o644)
    assert run("init", str(empty)).returncode == 0
    assert empty.stat().st_mode & 0o777 == 0o600
    assert run("due", "--db", str(empty)).returncode == 0
    before = digest(desk)
    assert_one_line_error(run("init", str(desk)), str(desk), "already exists")
    assert digest(desk) == before
    assert_one_line_error(run("init", str(tmp_path / "no" / "x.db")), "does not exist")


# --------------------------------------------------------------------------- item 11: damaged files

@pytest.mark.parametrize("command", [("due",), ("due", "--json"), ("search", "python"), ("jobs",)])
def test_reads_of_a_damaged_database_warn_and_fail(desk, command):
    damage(desk)
    result = run(*command, "--db", str(desk))
    assert_one_line_error(result, "damaged", "deskcrm restore", "deskcrm backup")


def test_move_on_a_damaged_database_writes_nothing(desk):
    job_id, to = open_job(desk)
    damage(desk)
    before = digest(desk)
    result = run("move", "job", str(job_id), to, "--db", str(desk))
    assert_one_line_error(result, str(desk), "damaged", "nothing will be written", "deskcrm restore")
    assert digest(desk) == before


def test_backup_of_a_damaged_database_is_one_line(desk, tmp_path):
    damage(desk)
    dest = tmp_path / "b.bak"
    assert_one_line_error(run("backup", str(dest), "--db", str(desk)), "damaged", "deskcrm restore")
    assert not dest.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".b.bak")]


def test_the_check_runs_again_only_when_the_file_changed(desk, monkeypatch, tmp_path):
    from deskcrm.store import health

    calls = []
    real = health.quick_check
    monkeypatch.setattr(health, "quick_check", lambda conn: calls.append(1) or real(conn))
    stamps = health.Stamps(tmp_path / "checks")
    assert health.check(desk, stamps) is None
    assert health.check(desk, stamps) is None
    assert len(calls) == 1  # unchanged: the stamp is enough
    (stamp_file,) = (tmp_path / "checks").iterdir()
    assert stamp_file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "checks").stat().st_mode & 0o777 == 0o700
    damage(desk)
    problem = health.check(desk, stamps)
    assert problem is not None and "damaged" in str(problem)
    assert len(calls) == 2
    assert health.check(desk, stamps) is not None  # a damaged file is never remembered as clean
    assert len(calls) == 3


# --------------------------------------------------------------------------- item 11: restore

def test_restore_puts_a_verified_backup_back_and_keeps_the_damaged_file(desk, tmp_path):
    backup = tmp_path / "desk.bak"
    assert run("backup", str(backup), "--db", str(desk)).returncode == 0
    damage(desk)
    damaged = digest(desk)
    result = run("restore", str(backup), "--db", str(desk))
    assert result.returncode == 0, result.stderr
    (aside,) = [p for p in tmp_path.iterdir() if p.name.startswith("desk.db.damaged.") and p.name[-4:] not in ("-wal", "-shm")]
    assert digest(aside) == damaged and aside.stat().st_mode & 0o777 == 0o600
    assert str(aside) in result.stdout
    assert desk.stat().st_mode & 0o777 == 0o600
    jobs = run("jobs", "--db", str(desk))
    assert jobs.returncode == 0 and jobs.stderr == ""
    job_id, to = open_job(desk)
    assert run("move", "job", str(job_id), to, "--db", str(desk)).returncode == 0


def test_restore_refuses_a_bad_backup_and_changes_nothing(desk, tmp_path):
    before = digest(desk)
    damaged = tmp_path / "damaged.bak"
    assert run("backup", str(damaged), "--db", str(desk)).returncode == 0
    damage(damaged)
    assert_one_line_error(run("restore", str(damaged), "--db", str(desk)), str(damaged))
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    assert_one_line_error(run("restore", str(text), "--db", str(desk)), str(text), "not")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.commit()
    conn.close()
    assert_one_line_error(run("restore", str(other), "--db", str(desk)), "not a deskcrm backup")
    newer = tmp_path / "newer.bak"
    shutil.copy(desk, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert_one_line_error(run("restore", str(newer), "--db", str(desk)), "newer deskcrm")
    assert_one_line_error(run("restore", str(tmp_path / "none.bak"), "--db", str(desk)), "no such backup")
    assert digest(desk) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "desk.db." in p.name) == []


def test_restore_refuses_while_another_program_has_the_database_open(desk, tmp_path):
    backup = tmp_path / "desk.bak"
    assert run("backup", str(backup), "--db", str(desk)).returncode == 0
    other = sqlite3.connect(desk, isolation_level=None)  # a deskcrm window, say: WAL mode, idle
    other.execute("SELECT count(*) FROM person").fetchall()
    assert not other.in_transaction
    try:
        assert_one_line_error(run("restore", str(backup), "--db", str(desk)), "open in another program")
        other.execute("BEGIN")  # a reader in a transaction
        other.execute("SELECT count(*) FROM person").fetchall()
        assert_one_line_error(run("restore", str(backup), "--db", str(desk)), "open in another program")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert run("restore", str(backup), "--db", str(desk)).returncode == 0


# --------------------------------------------------------------------------- items 12, 14: locks and permissions

def test_locked_database_says_locked(desk):
    conn = sqlite3.connect(desk, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")  # a rollback journal: a writer blocks readers
    conn.execute("BEGIN EXCLUSIVE")
    try:
        result = run("jobs", "--db", str(desk))
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert_one_line_error(result, str(desk), "locked by another program", "try again")
    assert "not a deskcrm database" not in result.stderr


def test_move_while_another_program_writes_says_locked(desk):
    job_id, to = open_job(desk)
    conn = sqlite3.connect(desk, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        result = run("move", "job", str(job_id), to, "--db", str(desk))
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert_one_line_error(result, "locked by another program", "try again")
    assert job_stage(desk, job_id) == "intake"


@pytest.fixture
def unprivileged(tmp_path):
    if not modes_bind(tmp_path):
        pytest.skip("cannot make a process obey file modes here")


def test_move_on_a_read_only_file_is_one_line(desk, unprivileged):
    job_id, to = open_job(desk)
    desk.chmod(0o444)
    result = run_unprivileged("move", "job", str(job_id), to, "--db", str(desk))
    desk.chmod(0o600)
    assert_one_line_error(result, str(desk), "read-only")
    assert job_stage(desk, job_id) == "intake"


def test_read_only_directory_is_named_as_such(desk, tmp_path, unprivileged):
    job_id, to = open_job(desk)
    tmp_path.chmod(0o555)
    try:
        moved = run_unprivileged("move", "job", str(job_id), to, "--db", str(desk))
        created = run_unprivileged("init", str(tmp_path / "new.db"))
    finally:
        tmp_path.chmod(0o700)
    assert_one_line_error(moved, "read-only")
    assert "not a deskcrm database" not in moved.stderr
    assert_one_line_error(created, "read-only", str(tmp_path))
    assert job_stage(desk, job_id) == "intake"


# --------------------------------------------------------------------------- item 16: a killed backup

def test_a_killed_backup_does_not_block_the_next(desk, tmp_path):
    dest = tmp_path / "nightly.bak"
    code = (
        "import os, signal, sys\n"
        "from deskcrm.store import backup\n"
        "backup._table_counts = lambda conn: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from deskcrm.cli import main\n"
        f"main(['backup', {str(dest)!r}, '--db', {str(desk)!r}])\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert not dest.exists()  # nothing half-written under the name asked for
    again = run("backup", str(dest), "--db", str(desk))
    assert again.returncode == 0, again.stderr
    assert sqlite3.connect(dest).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert dest.stat().st_mode & 0o777 == 0o600


# --------------------------------------------------------------------------- item 18: private files

def test_first_run_creates_private_directories(tmp_path):
    data = tmp_path / "x" / "y" / "data"
    result = run("due", "--json", env={"XDG_DATA_HOME": str(data), "XDG_CACHE_HOME": str(tmp_path / "c" / "d")})
    assert result.returncode == 0, result.stderr
    for directory in (tmp_path / "x", tmp_path / "x" / "y", data, data / "deskcrm", tmp_path / "c",
                      tmp_path / "c" / "d", tmp_path / "c" / "d" / "deskcrm" / "checks"):
        assert directory.stat().st_mode & 0o777 == 0o700, directory
    assert (data / "deskcrm" / "deskcrm.db").stat().st_mode & 0o777 == 0o600


def test_theme_save_writes_config_0600_in_0700_directories(tmp_path):
    from deskcrm import settings

    config = tmp_path / "a" / "b" / "config.toml"
    settings.save_theme("deskcrm-light", config)
    assert config.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
    config.write_text('me = "AM"\ntheme = "x"\n[due]\nnurture_days = 30\n')
    config.chmod(0o644)
    settings.save_theme("deskcrm-dark", config)
    assert config.read_text() == 'me = "AM"\ntheme = "deskcrm-dark"\n[due]\nnurture_days = 30\n'
    assert config.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]  # no temp file left
