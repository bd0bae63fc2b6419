"""The hot commands without Typer (issue 10, item 6): `due`, `search`, `jobs`, `placements`,
`submissions` and `client` read by one table (``hot_commands.HOT``) print exactly what the Typer
commands print — every byte, every message, every exit status — and never import Typer.

The other CLI tests run the fast path; to run them all through Typer instead:
``DESKCRM_NO_FAST_PATH=1 .venv/bin/pytest tests/test_cli*.py``."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from seed import Names, seed

from deskcrm.cli import entry as cli, hot_commands
from deskcrm.cli.hot_commands import FLAG, HOT, NUMBER, TEXT


def _typer_commands():
    from typer.main import get_command

    from deskcrm.cli.commands import app

    return get_command(app)


def _kind(param) -> str:  # noqa: ANN001 - a Typer (Click) option
    if param.is_flag:
        return FLAG
    return NUMBER if param.type.name in ("int", "integer") else TEXT


@pytest.mark.parametrize("name", [n for n in HOT if n is not None])
def test_the_table_says_what_the_typer_command_declares(name):
    """Every option of the Typer command is in the table, with its parameter, kind and default,
    and nothing else; the argument too; the function both call takes exactly those parameters."""
    command = _typer_commands().commands[name]
    hot = HOT[name]
    options = {p.opts[0]: (p.name, _kind(p), p.default) for p in command.params if p.param_type_name == "option"}
    assert all(len(p.opts) == 1 and not p.secondary_opts for p in command.params)
    assert options == {o.name: (o.param, o.kind, o.default) for o in hot.options}
    arguments = [(p.name, p.nargs == -1) for p in command.params if p.param_type_name == "argument"]
    assert all(p.required for p in command.params if p.param_type_name == "argument")
    assert arguments == ([(hot.argument.param, hot.argument.many)] if hot.argument else [])
    module, _, function = hot.target.partition(":")
    target = getattr(__import__(module, fromlist=[function]), function)
    assert set(inspect.signature(target).parameters) == {p.name for p in command.params}
    assert set(inspect.signature(command.callback).parameters) == {p.name for p in command.params}


def test_the_root_takes_db_me_and_version_only_version_is_typers():
    root = {p.opts[0] for p in _typer_commands().params}
    assert root == {"--db", "--me", "--version"}
    assert [o.name for o in HOT[None].options] == ["--db", "--me"]


def test_me_before_a_command_that_takes_none_goes_to_typer():
    assert cli.fast_path(["--me", "AM"]) == (None, {"--me": "AM"})
    assert cli.fast_path(["--me", "AM", "search", "owner:me"]) == ("search", {"--me": "AM", "query": ["owner:me"]})
    assert cli.fast_path(["--me", "AM", "due"]) is None


def test_hot_command_lines_are_read_by_the_table():
    read = cli.fast_path
    assert read(["search", "python", "--json", "city:berlin"]) == (
        "search", {"--json": True, "query": ["python", "city:berlin"]})
    assert read(["search", "--limit", "5", "--", "-2+3", "--json"]) == (
        "search", {"--limit": "5", "query": ["-2+3", "--json"]})
    assert read(["--db", "x.db", "client", "acme", "--date=2026-11-18"]) == (
        "client", {"--db": "x.db", "--date": "2026-11-18", "name_or_id": "acme"})
    assert read(["jobs", "--all", "--pretty", "--json", "--stage", "offer"]) == (
        "jobs", {"--all": True, "--pretty": True, "--json": True, "--stage": "offer"})
    assert read(["submissions", "--job=7", "--limit", "3"]) == ("submissions", {"--job": "7", "--limit": "3"})
    assert hot_commands.params("submissions", {"--job": "7"}) == {
        "db": None, "job": 7, "person": None, "stage": None, "every": False, "as_json": False, "pretty": False,
        "limit": None}


@pytest.mark.parametrize("args", [
    ["search"], ["client"], ["client", "a", "b"], ["jobs", "extra"], ["search", "-x"], ["search", "py", "-"],
    ["jobs", "--limit", "-1"], ["jobs", "--limit", "1e3"], ["jobs", "--limit", "٣"], ["jobs", "--limit", ""],
    ["jobs", "--json=yes"], ["jobs", "--json", "--json"], ["jobs", "--stage"], ["jobs", "-h"],
    ["search", "python", "--help"], ["--db", "a", "jobs", "--db", "b"], ["jobs", "--no-json"], ["move", "job"],
    ["--version"], ["search", "--limit"],
])
def test_anything_unusual_is_left_to_typer(args):
    assert cli.fast_path(args) is None


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    return path, seed(path)


def _lines(path: Path, ids: dict[str, int]) -> list[list[str]]:
    db = ["--db", str(path)]
    job, person = str(ids["job_backend"]), str(ids["lena"])
    return [
        ["due", *db], ["due", *db, "--json"], ["due", *db, "--json", "--pretty"], ["due", *db, "--pretty"],
        ["due", *db, "--date", "bad"], ["due", *db, "--date", "2026-11-25", "--json"],
        ["search", *db, "Backend"], ["search", *db, "--json", "Backend"], ["search", *db, "--json", "--pretty", "a"],
        ["search", *db, "skill:python", "city:berlin", "--json"], ["search", *db, "salary<abc"],
        ["search", *db, "owner:me"], ["search", *db, "owner:me", "--me", "sr", "--json"],
        ["search", *db, "x", "--limit", "0"], ["search", *db, "--limit", "1", "--", "-2+3"], ["search", *db, ""],
        ["jobs", *db], ["jobs", *db, "--json"], ["jobs", *db, "--json", "--pretty"], ["jobs", *db, "--limit", "1"],
        ["jobs", *db, "--limit", "2", "--json"], ["jobs", *db, "--all"], ["jobs", *db, "--limit", "1", "--all"],
        ["jobs", *db, "--limit", "0"], ["jobs", *db, "--stage", "nope"], ["jobs", *db, "--stage", "Closed: filled"],
        ["jobs", *db, "--pretty"],
        ["placements", *db], ["placements", *db, "--json", "--limit", "1"], ["placements", *db, "--stage", "bogus"],
        ["placements", *db, "--stage", "guarantee_passed", "--json", "--pretty"], ["placements", *db, "--limit", "1"],
        ["submissions", *db], ["submissions", *db, "--all"], ["submissions", *db, "--all", "--limit", "2"],
        ["submissions", *db, "--job", "999"], ["submissions", *db, "--person", person, "--json"],
        ["submissions", *db, "--stage", "placed", "--all"], ["submissions", *db, "--job", job, "--limit", "1"],
        ["submissions", *db, "--limit", "1", "--json", "--pretty"],
        ["client", *db, "northwind"], ["client", *db, str(ids["northwind"]), "--json"],
        ["client", *db, "northwind", "--json", "--pretty"], ["client", *db, "zzz"], ["client", *db, " "],
        ["client", *db, "o"], ["client", *db, "northwind", "--date", "bad"],
        ["jobs", "--db", str(path.parent / "missing.db")], ["--db", str(path), "jobs", "--json"],
        ["--db", str(path), "client", "--json", "acme"],
    ]


def _main(args: list[str], capsys) -> tuple[int, str, str]:  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_fast_path_prints_what_typer_prints_byte_for_byte(desk, capsys, monkeypatch):
    path, ids = desk
    for args in _lines(path, ids):
        assert cli.fast_path(args) is not None, args  # every line here is one the fast path takes
        monkeypatch.delenv("DESKCRM_NO_FAST_PATH", raising=False)
        fast = _main(args, capsys)
        monkeypatch.setenv("DESKCRM_NO_FAST_PATH", "1")
        typer = _main(args, capsys)
        assert fast == typer, args
        assert fast[1] or fast[2], args


def test_hot_commands_never_import_typer_or_textual(desk):
    path, ids = desk
    code = (
        "import sys; from deskcrm.cli import entry as cli\n"
        "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('typer', 'click', 'deskcrm.cli.commands', 'textual', 'sqlalchemy', 'sqlmodel', 'alembic',"
        " 'pydantic') if m in sys.modules]\n"
        "sys.stderr.write(f'imported: {bad}')"
    )
    for args in (["due", "--json"], ["search", "Backend", "--json"], ["jobs", "--json"], ["placements"],
                 ["submissions", "--all"], ["client", "northwind", "--json"]):
        result = subprocess.run([sys.executable, "-c", code, *args, "--db", str(path)], capture_output=True, text=True,
                                timeout=120, env={k: v for k, v in os.environ.items() if k != "DESKCRM_NO_FAST_PATH"})
        assert result.stderr.endswith("imported: []"), (args, result.stderr)
        assert result.stdout, args
