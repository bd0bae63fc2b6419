"""The database file from the command line, follow-ups of issue 9: a database in a read-only
folder says why even a read fails; a killed backup's leftovers are cleaned by the next backup.
Real processes, real exit codes, one line on stderr."""

from __future__ import annotations

import sqlite3

import pytest
from clirun import assert_one_line_error, modes_bind, run_unprivileged
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
