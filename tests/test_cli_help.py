"""Help texts (issue 9, item 21): `deskcrm --help` cut every description ("a fresh temp file
by..."), and `demo --help` said its default was $DESKCRM_DB though the demo never writes there."""

from __future__ import annotations

import re

import pytest
from clirun import run

COMMANDS = ("demo", "due", "paths", "init", "backup", "restore", "search", "jobs", "placements", "submissions", "move", "attach",
            "submittal", "client", "import", "db", "recruiter", "report", "pool", "mail", "privacy", "calendar")


def _help(*args: str) -> str:
    result = run(*args, "--help", env={"COLUMNS": "80"})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def test_the_command_list_shows_every_description_whole_at_80_columns():
    out = _help()
    rows = out[out.index("Commands:"):].splitlines()[1:]
    assert [r.split()[0] for r in rows] == list(COMMANDS)  # one line each: nothing wrapped
    for row in rows:
        assert len(row) <= 80 and row.rstrip().endswith(".") and "..." not in row, row


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_fits_80_columns_and_names_its_values(command):
    out = _help(command)
    assert all(len(line) <= 80 for line in out.splitlines()), out
    options = out.split("Options:")[1]
    assert "<str>" not in options and "<int>" not in options, out  # every option names its value


@pytest.mark.parametrize("group", ("import", "db", "recruiter", "report", "pool", "mail", "mail outbox", "privacy",
                                   "calendar"))
def test_each_subcommand_list_shows_every_description_whole_at_80_columns(group):
    """`deskcrm privacy --help` said "notice  Print the Art." (click cuts at the first full stop)
    and "erase  Erase a person for good (the right to erasure); it cannot be..."."""
    out = _help(*group.split())
    if "Commands:" not in out:
        return
    for row in out[out.index("Commands:"):].splitlines()[1:]:
        assert len(row) <= 80 and row.rstrip().endswith(".") and "..." not in row, row
        assert not re.search(r"\b(Art|e\.g|i\.e|etc|vs|no)\.$", row.rstrip()), row


def test_demo_help_says_where_the_demo_goes():
    out = _help("demo")
    assert "$DESKCRM_DB" not in out and "temp" not in out
    assert "cache" in out and "replaced" in out and "keep" in out


def test_search_help_says_how_to_search_for_a_leading_dash():
    assert "deskcrm search -- -2+3" in " ".join(_help("search").split())
