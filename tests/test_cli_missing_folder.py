"""A path typed never makes folders (issue: ``X`` to /tmp/nothere/report.csv made ``nothere``).
Every command that writes to a path refuses a folder that is not there with the one line of
``files.missing_folder`` — naming the first folder missing — and makes nothing."""

from __future__ import annotations

import re

import pytest
from clirun import assert_one_line_error, run
from seed import seed

from deskcrm import files

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_missing_folder_names_the_first_folder_that_is_not_there(tmp_path):
    assert files.missing_folder(tmp_path) is None
    assert files.missing_folder_of(tmp_path / "report.csv") is None
    assert files.missing_folder_of("report.csv") is None  # here
    said = f"no folder {tmp_path / 'nothere'}: create it first, or give another path"
    assert files.missing_folder_of(tmp_path / "nothere" / "report.csv") == said
    assert files.missing_folder(tmp_path / "nothere" / "deeper" / "still") == said
    (tmp_path / "notes.txt").write_text("x")
    assert files.missing_folder(tmp_path / "notes.txt" / "x") == f"{tmp_path / 'notes.txt'} is a file, not a folder: give another path"
    assert not (tmp_path / "nothere").exists()


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    return str(path), seed(path)


def test_every_command_writing_to_a_path_refuses_a_missing_folder_and_makes_none(desk, tmp_path):
    path, ids = desk
    gone = tmp_path / "nothere"
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAda Lovelace,ada@example.com\n", encoding="utf-8")
    commands = [
        ("backup", str(gone / "desk.bak"), "--db", path),
        ("privacy", "export", str(ids["dev"]), "--to", str(gone / "report.csv"), "--db", path),
        ("submittal", str(ids["job_backend"]), str(ids["dev"]), "--to", str(gone / "acme"), "--db", path),
        ("calendar", "export", "--to", str(gone / "desk.ics"), "--db", path),
        ("report", "weekly", "--to", str(gone / "week.html"), "--db", path),
        ("db", "copy", "--from", path, "--to", str(gone / "copy.db")),
        ("import", str(people), "--save-map", str(gone / "map.toml"), "--dry-run", "--db", path),
    ]
    backup = tmp_path / "desk.bak"
    assert run("backup", str(backup), "--db", path).returncode == 0
    commands.append(("restore", str(backup), "--db", str(gone / "desk.db")))
    for args in commands:
        result = run(*args)
        assert_one_line_error(result, f"no folder {gone}: create it first, or give another path")
        assert not gone.exists(), args


def test_a_hostile_folder_name_is_said_as_text(desk, tmp_path):
    path, _ids = desk
    gone = tmp_path / "\x1b[31m[/]\u202enothere"
    result = run("report", "weekly", "--to", str(gone / "week.md"), "--db", path)
    assert_one_line_error(result, "create it first, or give another path")
    assert not CONTROL.search(result.stderr) and "[/]" in result.stderr
    assert not gone.exists()
