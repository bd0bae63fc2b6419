"""The database file from the command line (issue 9, items 11-18): damaged, locked and
read-only files, `backup`, `restore`, private files. Real processes, real exit codes, one line
on stderr, no tracebacks."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import assert_one_line_error, modes_bind, run, run_unprivileged
from dbfile import damage, demo, desk, digest, job_stage, open_job  # noqa: F401 - fixtures

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


def test_an_open_connection_does_not_change_the_stamp(desk):
    """Every open connection makes an empty -wal (new mtime): not a change worth a re-check."""
    from deskcrm.store import db, health

    before = health.stamp(desk)
    conn = db.connect(desk)
    conn.execute("SELECT count(*) FROM person").fetchall()
    assert Path(f"{desk}-wal").exists()
    assert health.stamp(desk) == before
    conn.execute("UPDATE person SET headline = 'Changed' WHERE id = (SELECT min(id) FROM person)")
    assert health.stamp(desk) != before  # a write is
    conn.close()


def test_the_integrity_check_keeps_this_process_locks_so_other_programs_cannot_pull_the_wal_away(desk, tmp_path):
    """Closing any descriptor on the database drops every POSIX lock the process holds on it:
    an integrity stamp that opened the file made the next CLI run delete the live -wal/-shm under
    an open TUI (its saves then failed with a disk I/O error) and let restore replace the file."""
    from deskcrm.store import db, health

    conn = db.connect(desk)
    conn.execute("SELECT count(*) FROM person").fetchall()
    health.check(desk, health.Stamps(tmp_path / "stamps"), conn)  # what the TUI does after launch
    assert run("due", "--db", str(desk)).returncode == 0  # another deskcrm opens and closes it
    assert Path(f"{desk}-shm").exists() and Path(f"{desk}-wal").exists()
    conn.execute("UPDATE person SET headline = 'Still saving' WHERE id = (SELECT min(id) FROM person)")
    backup = tmp_path / "desk.bak"
    assert run("backup", str(backup), "--db", str(desk)).returncode == 0
    assert_one_line_error(run("restore", str(backup), "--db", str(desk)), "open in another program")
    conn.close()


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
        "from deskcrm.cli.entry import main\n"
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
    from deskcrm.config import settings

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
