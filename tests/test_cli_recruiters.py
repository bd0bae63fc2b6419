"""`deskcrm recruiter add|list|edit|retire`, `--me` and `$DESKCRM_ME` (issue 11, item 4): real
processes, real exit codes, one-line messages for bad input, nothing lost."""

from __future__ import annotations

import json

import pytest
from engines import sqlite_only
from clirun import assert_one_line_error, run
from seed import migrated, query, seed


@pytest.fixture
def fresh(desk_path):
    """A new, empty desk, on each engine in $DESKCRM_TEST_ENGINES: a file at the current schema
    (a copy of one migrated once per run: `deskcrm init` migrates from scratch, ~1 s a test;
    test_init_then_add_then_list makes its desk with `deskcrm init` itself), or a database on the test server
    (created at this schema already)."""
    migrated(desk_path)
    return desk_path


def _list(path) -> list[dict]:
    result = run("recruiter", "list", "--json", "--db", str(path))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@sqlite_only  # `deskcrm init` on a server: test_cli_server
def test_init_then_add_then_list(desk_path):
    result = run("init", str(desk_path))
    assert result.returncode == 0, result.stderr
    added = run("recruiter", "add", "Alex Morgan", "--initials", "am", "--db", str(desk_path))
    assert added.returncode == 0, added.stderr
    assert [r["initials"] for r in _list(desk_path)] == ["AM"]


def test_add_then_list_on_a_fresh_database(fresh):
    result = run("recruiter", "add", "Alex Morgan", "--initials", "am", "--target", "400k", "--email",
                 "alex@desk.example", "--db", str(fresh))
    assert result.returncode == 0, result.stderr
    assert "Alex Morgan (AM)" in result.stdout
    assert _list(fresh) == [{"id": 1, "initials": "AM", "name": "Alex Morgan", "email": "alex@desk.example",
                             "target": 400000.0, "currency": "EUR", "active": True}]
    table = run("recruiter", "list", "--db", str(fresh))
    assert table.returncode == 0 and "AM" in table.stdout and "EUR 400,000" in table.stdout


@sqlite_only  # parsing typed input: the same on either engine
@pytest.mark.parametrize("typed", ["400k", "400,000", "€400k", "EUR 400k", "400000"])
def test_targets_read_as_the_amount_parser_reads_them(fresh, typed):
    result = run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--target", typed, "--db", str(fresh))
    assert result.returncode == 0, result.stderr
    assert _list(fresh)[0]["target"] == 400000.0


def test_a_target_in_another_currency_is_refused_not_guessed(fresh):
    result = run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--target", "£400k", "--db", str(fresh))
    assert_one_line_error(result, "--target", "£400k", "EUR")
    assert result.returncode == 2 and _list(fresh) == []
    bad = run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--target", "lots", "--db", str(fresh))
    assert_one_line_error(bad, "--target", "not an amount")


def test_targets_are_in_the_configured_currency_as_the_reports_read_them(fresh, tmp_path):
    """A UK desk on its first day (no clients yet: the desk's currency would be EUR) sets
    `[report] target_currency = "GBP"`: "£400k" is its target, "€400k" is refused naming GBP."""
    import os

    config = tmp_path / "xdg" / "deskcrm" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[report]\ntarget_currency = "GBP"\n', encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    refused = run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--target", "€400k", "--db", str(fresh), env=env)
    assert_one_line_error(refused, "--target", "GBP", "[report] target_currency")
    added = run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--target", "£400k", "--db", str(fresh), env=env)
    assert added.returncode == 0, added.stderr
    listed = run("recruiter", "list", "--json", "--db", str(fresh), env=env)
    assert [(r["target"], r["currency"]) for r in json.loads(listed.stdout)] == [(400000.0, "GBP")]


def test_a_duplicate_names_the_existing_recruiter(fresh):
    assert run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--db", str(fresh)).returncode == 0
    result = run("recruiter", "add", "Amy Mills", "--initials", "am", "--db", str(fresh))
    assert_one_line_error(result, "--initials", "Alex Morgan")
    assert [r["name"] for r in _list(fresh)] == ["Alex Morgan"]


@sqlite_only  # parsing typed input: the same on either engine
@pytest.mark.parametrize("initials", ["ABCDE", "A1", "", "A.M"])
def test_bad_initials_are_one_line(fresh, initials):
    result = run("recruiter", "add", "Alex Morgan", "--initials", initials, "--db", str(fresh))
    assert_one_line_error(result, "--initials")
    assert result.returncode == 2


def test_edit_corrects_a_typo_and_retire_keeps_them(fresh):
    run("recruiter", "add", "Alx Morgan", "--initials", "AX", "--target", "300k", "--db", str(fresh))
    result = run("recruiter", "edit", "ax", "--name", "Alex Morgan", "--initials", "AM", "--target", "350k",
                 "--db", str(fresh))
    assert result.returncode == 0, result.stderr
    assert "Alex Morgan (AM)" in result.stdout
    (r,) = _list(fresh)
    assert (r["name"], r["initials"], r["target"]) == ("Alex Morgan", "AM", 350000.0)
    missing = run("recruiter", "edit", "ZZ", "--name", "Nobody", "--db", str(fresh))
    assert_one_line_error(missing, "ZZ", "AM")
    retired = run("recruiter", "retire", "AM", "--db", str(fresh))
    assert retired.returncode == 0, retired.stderr
    assert _list(fresh)[0]["active"] is False
    assert "retired" in run("recruiter", "list", "--db", str(fresh)).stdout
    back = run("recruiter", "edit", "AM", "--active", "--db", str(fresh))
    assert back.returncode == 0 and _list(fresh)[0]["active"] is True


def test_hostile_names_never_reach_the_terminal_raw(fresh):
    refused = run("recruiter", "add", "Evil\x1b[2J", "--initials", "EV", "--db", str(fresh))
    assert_one_line_error(refused, "NAME", "control character")
    assert "\x1b" not in refused.stderr
    markup = run("recruiter", "add", "[/]Jane [Acme Ltd]", "--initials", "JA", "--db", str(fresh))
    assert markup.returncode == 0, markup.stderr
    assert "[/]Jane [Acme Ltd] (JA)" in markup.stdout
    from deskcrm.store import db

    conn = db.connect(fresh)  # written by another program (no check on the way in): shown cleaned
    try:
        with db.write(conn):
            conn.execute("INSERT INTO recruiter (name, initials, active) VALUES (?, 'BD', TRUE)", ("Bidi\u202eevil\x07",))
    finally:
        conn.close()
    listed = run("recruiter", "list", "--db", str(fresh))
    assert listed.returncode == 0
    assert "\u202e" not in listed.stdout and "\x07" not in listed.stdout and "[/]Jane [Acme Ltd]" in listed.stdout
    assert "\\u202e" in run("recruiter", "list", "--json", "--db", str(fresh)).stdout


def test_an_unknown_me_lists_the_known_initials(fresh):
    run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--db", str(fresh))
    result = run("--me", "XX", "--db", str(fresh))
    assert_one_line_error(result, "--me XX", "AM")
    env = run("--db", str(fresh), env={"DESKCRM_ME": "QQ"})
    assert_one_line_error(env, "DESKCRM_ME", "QQ", "AM")


def test_owner_me_in_search_on_a_fresh_database(fresh):
    run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--db", str(fresh))
    from deskcrm.store import db
    from deskcrm.store.person_write import create_person

    conn = db.connect(fresh)
    create_person(conn, {"name": "Mine Person", "source": "Referral", "owner": "am"})
    create_person(conn, {"name": "Not Mine", "source": "Referral"})
    conn.close()
    nobody = run("search", "owner:me", "--db", str(fresh))
    assert_one_line_error(nobody, "owner:me", "--me")
    for env in ({"DESKCRM_ME": "am"}, {}):
        args = ("search", "owner:me", "--json", "--db", str(fresh)) + (() if env else ("--me", "AM"))
        result = run(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert [p["name"] for p in json.loads(result.stdout)] == ["Mine Person"]


def test_owner_me_from_the_remembered_choice(fresh, tmp_path):
    from deskcrm.config import whoami

    run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--db", str(fresh))
    state = tmp_path / "state"
    env = {"XDG_STATE_HOME": str(state)}
    import os

    os.environ["XDG_STATE_HOME"] = str(state)  # this process writes what the TUI would remember
    try:
        whoami.remember(fresh, "AM")
    finally:
        del os.environ["XDG_STATE_HOME"]
    result = run("search", "owner:me", "--json", "--db", str(fresh), env=env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("by", ["env", "option"])
def test_a_cli_move_is_signed_by_me(desk_path, by):
    path = desk_path
    ids = seed(path)
    args = ("move", "submission", str(ids["sub_dev"]), "rejected_by_us", "--reason", "no", "--db", str(path))
    if by == "env":
        result = run(*args, env={"DESKCRM_ME": "SR"})
    else:  # --me is no option of the move itself: never "--me applies only to …"
        result = run("--me", "SR", *args)
    assert result.returncode == 0, result.stderr
    (sr,) = query(path, "SELECT id FROM recruiter WHERE initials = 'SR'")[0]
    txn = query(path, "SELECT txn FROM event ORDER BY id DESC LIMIT 1")[0][0]
    assert query(path, "SELECT DISTINCT actor_id FROM event WHERE txn = ?", txn) == [(sr,)]
    assert query(path, "SELECT author_id FROM activity ORDER BY id DESC LIMIT 1") == [(sr,)]


def test_recruiter_help_lists_its_commands():
    result = run("recruiter", "--help")
    assert result.returncode == 0
    for word in ("add", "list", "edit", "retire"):
        assert word in result.stdout


def test_the_demo_makes_you_its_first_recruiter_so_its_launch_asks_nothing(tmp_path):
    from deskcrm.config import whoami

    path = tmp_path / "demo.db"
    result = run("demo", "--db", str(path), "--candidates", "30", "--no-open")
    assert result.returncode == 0, result.stderr
    assert "You are Alex Morgan (AM)" in result.stdout
    assert whoami.chosen(None, None, path) == ("AM", whoami.REMEMBERED)


@sqlite_only  # the messages: the same on either engine
def test_taken_initials_and_a_bad_target_are_said_together(fresh):
    """Were the target read first, its error came alone; fixed, the initials were refused next."""
    assert run("recruiter", "add", "Alex Morgan", "--initials", "AM", "--db", str(fresh)).returncode == 0
    result = run("recruiter", "add", "Zed", "--initials", "AM", "--target", "£95k", "--db", str(fresh))
    assert_one_line_error(result, "--initials", "Alex Morgan's", "--target", "£95k")
    assert [r["initials"] for r in _list(fresh)] == ["AM"]
