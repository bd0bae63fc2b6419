"""The database file from the command line, follow-ups of issue 9: a database in a read-only
folder says why even a read fails; a killed backup's leftovers are cleaned by the next backup.
Real processes, real exit codes, one line on stderr."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import assert_one_line_error, modes_bind, run, run_unprivileged
from dbfile import demo, desk, job_stage, open_job  # noqa: F401 - fixtures

from deskcrm.store import db
from deskcrm.store.errors import ReadOnly

FOLDER = ("the folder is read-only, and deskcrm needs to write beside the database even to read it"
          " (SQLite's -wal/-shm); copy it somewhere writable, or make the folder writable")


@pytest.fixture
def unprivileged(tmp_path):
    if not modes_bind(tmp_path):
        pytest.skip("cannot make a process obey file modes here")


# --------------------------------------------------------------------------- a read-only folder


@pytest.mark.parametrize("command", [("due",), ("jobs",), ("search", "python"), ("client", "1")])
def test_a_read_in_a_read_only_folder_says_why(desk, command, unprivileged):
    folder = desk.parent
    folder.chmod(0o555)
    try:
        result = run_unprivileged(*command, "--db", str(desk))
    finally:
        folder.chmod(0o700)
    assert_one_line_error(result, str(desk), FOLDER)
    assert "nothing was saved" not in result.stderr


def test_a_move_in_a_read_only_folder_says_why(desk, unprivileged):
    job_id, to = open_job(desk)
    desk.parent.chmod(0o555)
    try:
        result = run_unprivileged("move", "job", str(job_id), to, "--db", str(desk))
    finally:
        desk.parent.chmod(0o700)
    assert_one_line_error(result, str(desk), FOLDER)
    assert job_stage(desk, job_id) == "intake"


def test_the_folder_error_is_told_apart_from_a_read_only_file(tmp_path):
    folder = sqlite3.OperationalError("attempt to write a readonly database")
    folder.sqlite_errorname = "SQLITE_READONLY_DIRECTORY"
    said = db.translate(folder, tmp_path / "desk.db")
    assert isinstance(said, ReadOnly) and str(said) == f"{tmp_path / 'desk.db'}: {FOLDER}"
    file = sqlite3.OperationalError("attempt to write a readonly database")
    file.sqlite_errorname = "SQLITE_READONLY"
    assert "cannot write to this file or its folder" in str(db.translate(file, tmp_path / "desk.db"))


# --------------------------------------------------------------------------- a killed backup's leftovers


def _kill_a_backup(desk, dest) -> None:
    """What the acceptance pass did: a backup killed half-way (here: while verifying)."""
    code = (
        "import os, signal\n"
        "from deskcrm.store import backup\n"
        "backup._table_counts = lambda conn: os.kill(os.getpid(), signal.SIGKILL)\n"
        "from deskcrm.cli.entry import main\n"
        f"main(['backup', {str(dest)!r}, '--db', {str(desk)!r}])\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL


def _hidden(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_next_backup_removes_a_killed_backups_partial_files(desk, tmp_path):
    out = tmp_path / "backups"
    out.mkdir()
    dest = out / "nightly.bak"
    _kill_a_backup(desk, dest)
    first = _hidden(out)
    assert len(first) == 1 and first[0].endswith(".partial"), first  # a full-size copy
    _kill_a_backup(desk, dest)  # the next run tidies the first one's, then is killed too
    left = _hidden(out)
    assert len(left) == 1 and left != first, left
    again = run("backup", str(dest), "--db", str(desk))
    assert again.returncode == 0, again.stderr
    assert _hidden(out) == []
    said = [line for line in again.stdout.splitlines() if "unfinished" in line]
    assert len(said) == 1 and said[0].startswith("Removed 1 unfinished backup of nightly.bak left by an earlier run (")
    assert sorted(p.name for p in out.iterdir()) == ["nightly.bak"]


def test_partial_files_of_an_older_deskcrm_are_removed_too(desk, tmp_path):
    dest = tmp_path / "b.db"
    old = tmp_path / ".b.db.k3x_9q2a.partial"  # tempfile's name, no process id in it
    old.write_bytes(b"x" * 4096)
    (tmp_path / ".b.db.k3x_9q2a.partial-journal").write_bytes(b"j")
    (tmp_path / ".b.db.zz81_abc.partial-journal").write_bytes(b"j")  # its copy already gone
    again = run("backup", str(dest), "--db", str(desk))
    assert again.returncode == 0, again.stderr
    assert _hidden(tmp_path) == []
    assert "Removed 2 unfinished backups of b.db left by earlier runs" in again.stdout


def test_a_partial_file_still_being_written_is_left_alone(desk, tmp_path):
    dest = tmp_path / "b.db"
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom deskcrm import files\n"
        f"path, fd = files.partial_beside(Path({str(dest)!r}))\n"
        "print(path, flush=True)\nsys.stdin.read()\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        busy = Path(writer.stdout.readline().strip())
        assert busy.name.startswith(".b.db.") and busy.name.endswith(".partial"), busy
        other = tmp_path / ".other.db.k3x_9q2a.partial"  # another destination's
        other.write_bytes(b"x")
        result = run("backup", str(dest), "--db", str(desk))
        assert result.returncode == 0, result.stderr
        assert busy.exists() and other.exists()
        assert "unfinished" not in result.stdout
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)


def test_the_next_restore_removes_a_killed_restores_partial_file(desk, tmp_path):
    copy = tmp_path / "copy.bak"
    assert run("backup", str(copy), "--db", str(desk)).returncode == 0
    left = desk.parent / f".{desk.name}.k3x_9q2a.partial"  # a full-size copy of a killed restore
    left.write_bytes(b"x" * 8192)
    result = run("restore", str(copy), "--db", str(desk))
    assert result.returncode == 0, result.stderr
    assert not left.exists()
    assert f"Removed 1 unfinished restore of {desk.name} left by an earlier run" in result.stdout
