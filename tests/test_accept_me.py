"""Acceptance of launch with a bad --me (issue 10): one line, cleaned, and it suggests a
`recruiter add` only for initials that command would take."""

from __future__ import annotations

import pytest
from clirun import assert_one_line_error, run


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    assert run("init", str(path)).returncode == 0
    assert run("recruiter", "add", "Sam Reed", "--initials", "SR", "--db", str(path)).returncode == 0
    return path


def test_unknown_initials_suggest_adding_them(desk):
    result = run("--db", str(desk), "--me", "zz")
    assert_one_line_error(result, "--me ZZ: is no recruiter of this database; known: SR",
                          "(add one: deskcrm recruiter add NAME --initials ZZ)")


@pytest.mark.parametrize("me", ["[@click=app.quit]", "\x1b[31mX", "A\u202eB", "[/]", "ABCDE"])
def test_initials_no_recruiter_could_have_are_named_not_suggested(desk, me):
    result = run("--db", str(desk), "--me", me)
    assert_one_line_error(result, "initials are 1 to 4 letters, e.g. AM; known: SR")
    assert result.returncode == 2
    line = result.stderr.strip()
    assert "recruiter add" not in line and "\x1b" not in line and "\u202e" not in line
