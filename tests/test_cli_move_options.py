"""`deskcrm move` refuses options that do not apply to the move (never ignores them), says how it
read a date or time; an empty option value (`--date ''`) is refused like an unreadable one.
Real processes, real exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from clirun import assert_one_line_error, run
from seed import row, seed

from deskcrm.domain import dates


@pytest.fixture
def desk(tmp_path):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


# --------------------------------------------------------------------------- empty values


@pytest.mark.parametrize("typed", ["", "  "])
@pytest.mark.parametrize("command", [("due",), ("due", "--json"), ("client", "northwind")])
def test_an_empty_date_is_refused_not_today(desk, command, typed):
    path, _ = desk
    result = run(*command, "--db", str(path), "--date", typed)
    assert_one_line_error(result, f"--date {typed!r}: empty")
    assert result.returncode == 2
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "option"),
    [(("--offer", ""), "--offer"), (("--currency", ""), "--currency"), (("--fee", ""), "--fee"),
     (("--start", ""), "--start")],
)
def test_an_empty_placed_option_is_refused(desk, args, option):
    path, ids = desk
    base = {"--start": "2027-01-04", "--salary": "90k"}
    base.pop(option, None)
    flat = [x for kv in base.items() for x in kv]
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), *flat, *args)
    assert_one_line_error(result, f"{option} '': empty")
    assert result.returncode == 2
    assert row(path, "submission", ids["sub_dev"])["stage"] == "interviewing"


@pytest.mark.parametrize("option", ["--salary", "--bill-rate"])
def test_an_amount_with_stray_commas_is_refused_not_read_as_another_number(desk, option):
    path, ids = desk
    rates = ("--pay-rate", "500", "--per", "day") if option == "--bill-rate" else ()
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--start", "2027-01-04",
                 option, "1,2,3", *rates)
    assert_one_line_error(result, option, "commas go between thousands")
    assert result.returncode == 2
    assert row(path, "submission", ids["sub_dev"])["stage"] == "interviewing"


@pytest.mark.parametrize(
    ("args", "said"),
    [(("--salary", "£90k"), "--salary: typed in GBP, but --currency is EUR"),
     (("--salary", "90k", "--fee", "15k USD"), "--fee: typed in USD, but --currency is EUR"),
     (("--salary", "90k GBP", "--currency", "eur"), "--salary: typed in GBP, but --currency is EUR")],
)
def test_an_amount_in_another_currency_is_refused_never_saved_in_the_jobs(desk, args, said):
    """The job is in EUR: "£90k" is not EUR 90,000 (a currency is never dropped nor converted)."""
    path, ids = desk
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--start", "2027-01-04",
                 *args)
    assert_one_line_error(result, said, "or type the amount alone")
    assert result.returncode == 2
    assert row(path, "submission", ids["sub_dev"])["stage"] == "interviewing"
    placed = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--start", "2027-01-04",
                 "--salary", "£90k", "--currency", "GBP")
    assert placed.returncode == 0, placed.stderr
    assert row(path, "submission", ids["sub_dev"])["stage"] == "placed"


def test_an_empty_interview_time_is_refused(desk):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_lena_backend"]), "interviewing", "--db", str(path),
                 "--interview-at", "")
    assert_one_line_error(result, "--interview-at '': empty")
    assert row(path, "submission", ids["sub_lena_backend"])["stage"] == "submitted"


# --------------------------------------------------------------------------- options that do not apply


@pytest.mark.parametrize(
    ("kind", "key", "stage", "args", "fragment"),
    [
        ("submission", "sub_lena_backend", "contacted", ("--salary", "85k"),
         "--salary applies only to a move to Placed"),
        ("submission", "sub_lena_backend", "contacted", ("--owed", "refund"),
         "--owed applies only to a placement's move to Guarantee failed"),
        ("submission", "sub_lena_backend", "contacted", ("--salary", "85k", "--owed", "refund"), "--salary"),
        ("submission", "sub_lena_backend", "offered", ("--interview-at", "2099-12-10 14:00"),
         "--interview-at applies only to a move to Interviewing"),
        ("submission", "sub_lena_backend", "contacted", ("--reason", "no budget"),
         "--reason applies only to a move to an exit"),
        ("submission", "sub_lena_backend", "contacted", ("--start", "2027-01-04"), "--start applies only"),
        ("submission", "sub_lena_backend", "contacted", ("--withdraw-others",), "--withdraw-others applies only"),
        ("submission", "sub_lena_backend", "contacted", ("--left", "2027-01-04"), "--left applies only"),
        ("job", "job_backend", "sourcing", ("--reason", "budget"), "--reason applies only to a move to a close"),
        ("job", "job_backend", "sourcing", ("--salary", "85k"), "--salary applies only to a submission's move to Placed"),
        ("placement", "p2", "guarantee_passed", ("--owed", "refund"),
         "--owed applies only to a move to Guarantee failed"),
        ("placement", "p2", "guarantee_passed", ("--reason", "x"), "--reason applies only"),
        ("placement", "p2", "fell_off", ("--reason", "x", "--left", "2026-01-01"), "--left applies only"),
    ],
)
def test_options_that_do_not_apply_are_refused(desk, kind, key, stage, args, fragment):
    path, ids = desk
    table = {"submission": "submission", "job": "job_order", "placement": "placement"}[kind]
    before = row(path, table, ids[key])
    result = run("move", kind, str(ids[key]), stage, "--db", str(path), *args)
    assert_one_line_error(result, fragment)
    assert result.returncode == 2
    assert row(path, table, ids[key]) == before


def test_options_that_apply_still_work(desk):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_lena_backend"]), "rejected_by_client", "--db", str(path),
                 "--reason", "went elsewhere")
    assert result.returncode == 0, result.stderr
    result = run("move", "job", str(ids["job_backend"]), "on_hold", "--db", str(path), "--reason", "budget")
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- how a date was read


def test_the_move_message_says_how_the_interview_time_was_read(desk):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_lena_backend"]), "interviewing", "--db", str(path),
                 "--interview-at", "10/12/2099 14:00")
    assert result.returncode == 0, result.stderr
    assert "moved to Interviewing — interview Thu 10 Dec 2099 14:00" in result.stdout


def test_the_move_message_says_how_start_and_offer_were_read(desk):
    path, ids = desk
    start = date.today() + timedelta(days=14)
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), "--start", "+14d",
                 "--offer", "today", "--salary", "90k")
    assert result.returncode == 0, result.stderr
    assert f"start {dates.spoken(start)}" in result.stdout
    assert f"offer accepted {dates.spoken(date.today())}" in result.stdout


def test_the_move_message_says_how_the_last_day_was_read(desk):
    path, ids = desk
    result = run("move", "placement", str(ids["p2"]), "guarantee_failed", "--db", str(path), "--reason", "left",
                 "--owed", "refund", "--left", "yesterday", "--json")
    assert result.returncode == 0, result.stderr
    said = json.loads(result.stdout)["message"]
    assert f"last day {dates.spoken(date.today() - timedelta(days=1))}" in said
