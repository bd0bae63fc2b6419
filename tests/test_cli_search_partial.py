"""`deskcrm search` when no one matches it all (issue 17 item 3): the best partial matches under a
header line, a Missing column, what to do next — exit 0, never a bare "No matches"."""

from __future__ import annotations

import json

import pytest
from clirun import run
from seed import TODAY, search_demo

from deskcrm.domain.search_query import parse
from deskcrm.store import db
from deskcrm.store.search import SqliteSearch
from deskcrm.store.search_partial import dead_end


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return search_demo(tmp_path_factory.mktemp("search-partial") / "desk.db")


def store_dead_end(path, text: str):
    conn = db.connect(path)
    try:
        return dead_end(SqliteSearch(conn, TODAY), parse(text, typing=False), limit=20)
    finally:
        conn.close()


def test_the_table_has_a_header_a_missing_column_and_advice(demo):
    expected = store_dead_end(demo, "python zzzq")
    result = run("search", "--db", str(demo), "python", "zzzq")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "No one matches both words — " + expected.headline.split(" — ")[1]
    assert lines[1].split()[:3] == ["Missing", "ID", "Name"]
    assert len(lines) == 2 + len(expected.rows) + 1 and expected.rows
    assert all(line.startswith("no zzzq ") for line in lines[2:-1])
    assert [int(line.split()[2]) for line in lines[2:-1]] == [p.row.id for p in expected.rows]
    assert lines[-1].startswith("Nothing in the desk has “zzzq”")


def test_json_is_partial_with_missing_per_row_and_the_filters_removed(demo):
    result = run("search", "--db", str(demo), "--json", "python salary<1k status:placed")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    expected = store_dead_end(demo, "python salary<1k status:placed")
    assert out["partial"] is True
    assert out["filters_removed"] == expected.filters_removed
    assert set(out["filters_removed"]) == {"salary<1k", "status:placed"}
    removed = list(out["filters_removed"].values())
    assert removed == sorted(removed, reverse=True) and removed[0] > 0  # the most first
    assert [p["id"] for p in out["people"]] == [p.row.id for p in expected.rows]
    assert all(p["missing"] and set(p["missing"]) <= {"python", "salary<1k", "status:placed"} for p in out["people"])
    assert out["headline"].startswith("No one matches “python” and the filters")


def test_nothing_anywhere_says_which_word_and_what_to_do(demo):
    result = run("search", "--db", str(demo), "zzzq", "qqqx")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "No one matches both words",
        "Nothing in the desk has “zzzq” or “qqqx” — check the spelling or try another word"]
    empty = json.loads(run("search", "--db", str(demo), "--json", "zzzq").stdout)
    assert empty["people"] == [] and empty["nowhere"] == ["zzzq"]


def test_hostile_labels_reach_the_terminal_as_text(demo):
    result = run("search", "--db", str(demo), "python tag:[/]\x1b[2Jx")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "no tag:[/]" in result.stdout
