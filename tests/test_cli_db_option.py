"""Which database file a command opens (issue 9, items 9-10): `--db` before or after every
command, missing and empty files refused, `deskcrm init` to create one on purpose."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from clirun import assert_one_line_error, run
from dbfile import default_db, demo, desk, digest, job_stage, open_job  # noqa: F401 - fixtures

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
    from deskcrm.cli.entry import fast_path

    assert fast_path(["--db", "x.db", "due", "--json"]) == ("due", {"--db": "x.db", "--json": True})
    assert fast_path(["--db=x.db", "due"]) == ("due", {"--db": "x.db"})
    assert fast_path(["--db", "x.db", "due", "--db", "y.db"]) is None  # Typer says which one


# --------------------------------------------------------------------------- item 10: no silent new files

def _tui(monkeypatch, capsys, *args: str) -> tuple[int, str, list[Path]]:
    """`deskcrm ARGS` in-process with the TUI itself replaced by a recorder."""
    from deskcrm.cli import entry as cli, launch

    opened: list[Path] = []
    monkeypatch.setattr(launch, "run_tui", lambda path, me=None: opened.append(path))
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
