"""`deskcrm jobs`, `deskcrm placements`, `deskcrm move`: real processes, real exit codes."""

from __future__ import annotations

import json

import pytest
from engines import sqlite_only
from clirun import assert_one_line_error, run
from seed import Names, row, seed

from deskcrm.config import paths


@pytest.fixture
def desk(desk_path):
    """The seeded desk, on each engine in $DESKCRM_TEST_ENGINES: a file, or a server's URL."""
    path = desk_path
    ids = seed(path)
    return path, ids


def test_jobs_json_lists_open_jobs(desk):
    path, ids = desk
    result = run("jobs", "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    jobs = json.loads(result.stdout)
    assert [j["id"] for j in jobs] == [ids["job_backend"], ids["job_finance"], ids["job_analyst"], ids["job_pm"]]
    backend = jobs[0]
    assert backend | {"opened_on": None} == backend | {
        "stage": "interviewing", "stage_label": "Interviewing", "title": Names.job_backend,
        "company": Names.northwind, "owner": "SR", "openings": 1, "filled": 0, "submissions": 3,
        "fee_estimate": 18000.0, "currency": "EUR", "urgency": 2, "version": 1, "opened_on": None}


def test_jobs_table_and_stage_filter_by_label_any_case(desk):
    path, _ = desk
    result = run("jobs", "--db", str(path), "--stage", "closed: FILLED")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ID") and Names.job_data in lines[1] and lines[-1] == "1 job order"


def test_placements_json_and_stage(desk):
    path, ids = desk
    live = json.loads(run("placements", "--db", str(path), "--json").stdout)
    assert sorted(p["id"] for p in live) == sorted([ids["p1"], ids["p2"], ids["p3"]])
    passed = json.loads(run("placements", "--db", str(path), "--stage", "guarantee_passed", "--json").stdout)
    assert [p["id"] for p in passed] == [ids["p4"]] and passed[0]["fee_status"] == "paid"
    table = run("placements", "--db", str(path))
    assert table.returncode == 0 and table.stdout.splitlines()[-1] == "3 placements"


def test_move_submission_to_placed_uses_the_agreement_fee(desk):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_dev"]), "Placed", "--db", str(path), "--offer", "2026-11-18",
                 "--start", "2026-12-01", "--salary", "90k", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["job_filled"] is True
    pl = row(path, "placement", out["placement_id"])
    assert (pl["fee_amount"], pl["guarantee_end"], pl["checkin_30"]) == (18000.0, "2027-03-01", "2026-12-31")
    assert row(path, "job_order", ids["job_backend"])["stage"] == "placed"


def test_move_with_a_flat_fee(desk):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_eva"]), "placed", "--db", str(path), "--offer", "2026-11-18",
                 "--start", "2026-12-01", "--salary", "90000", "--fee", "12k")
    assert result.returncode == 0, result.stderr
    assert "EUR 12,000" in result.stdout


@sqlite_only  # parsing typed input: the same on either engine
@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--start", "2026-11-01", "--offer", "2026-11-10", "--salary", "90k"), ("--start", "before the offer")),
        (("--start", "2026-12-01", "--salary", "90k", "--fee", "120%"), ("--fee", "100")),
        (("--start", "2026-12-01", "--salary=-5k"), ("--salary", "negative")),
        (("--start", "2026-12-01"), ("--salary",)),
    ],
)
def test_bad_placement_input_is_one_line(desk, args, fragments):
    path, ids = desk
    result = run("move", "submission", str(ids["sub_dev"]), "placed", "--db", str(path), *args)
    assert_one_line_error(result, *fragments)
    assert row(path, "submission", ids["sub_dev"])["stage"] == "interviewing"


def test_move_job_and_placement(desk):
    path, ids = desk
    result = run("move", "job", str(ids["job_backend"]), "on hold", "--db", str(path), "--reason", "Budget freeze")
    assert result.returncode == 0, result.stderr
    job = row(path, "job_order", ids["job_backend"])
    assert (job["stage"], job["close_reason"]) == ("on_hold", "Budget freeze")
    result = run("move", "placement", str(ids["p2"]), "guarantee failed", "--db", str(path), "--owed", "replacement",
                 "--reason", "Left in week 6")
    assert result.returncode == 0, result.stderr
    assert "opening is open again" in result.stdout
    assert row(path, "placement", ids["p2"])["owed"] == "replacement"


@sqlite_only  # parsing typed input: the same on either engine
@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("move", "submission", "1", "hired"), ("'hired' is not a submission stage", "Sourced")),
        (("move", "widget", "1", "placed"), ("submission, job or placement",)),
        (("move", "job", "999", "sourcing"), ("job 999 does not exist",)),
        (("move", "job", "x", "sourcing"), ("ID",)),
        (("move", "submission", "1", "interviewing"), ("--interview-at",)),
        (("move", "submission", "1", "interviewing", "--interview-at", "soonish"), ("--interview-at",)),
        (("jobs", "--stage", "nowhere"), ("--stage", "not a job stage")),
        (("placements", "--stage", "hired"), ("--stage",)),
    ],
)
def test_bad_input_is_one_clear_line(desk, args, fragments):
    path, _ = desk
    assert_one_line_error(run(*args, "--db", str(path)), *fragments)


def test_exits_need_what_the_boards_ask_for(desk):
    """The boards ask why a job closed or a placement failed (and what is owed); the CLI moved
    without a reason or an --owed and stored neither."""
    path, ids = desk
    before = row(path, "job_order", ids["job_backend"])
    assert_one_line_error(run("move", "job", str(ids["job_backend"]), "closed: lost", "--db", str(path)),
                          "--reason", "Closed: lost")
    assert_one_line_error(run("move", "job", str(ids["job_backend"]), "on hold", "--db", str(path), "--reason", " "),
                          "--reason")
    assert row(path, "job_order", ids["job_backend"]) == before
    assert_one_line_error(run("move", "placement", str(ids["p2"]), "fell off", "--db", str(path)), "--reason")
    assert_one_line_error(run("move", "placement", str(ids["p2"]), "guarantee failed", "--db", str(path),
                              "--reason", "Left in week 6"), "--owed", "refund", "replacement")
    assert row(path, "placement", ids["p2"])["status"] == "started"


def test_already_there_is_one_line(desk):
    path, ids = desk
    assert_one_line_error(run("move", "job", str(ids["job_backend"]), "interviewing", "--db", str(path)), "already")


def test_renamed_stages_from_config(desk):
    path, ids = desk
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[stages.submission]\nsubmitted = "Sent to client"\n[stages.job]\ninterviewing = "Loop"\n')
    jobs = json.loads(run("jobs", "--db", str(path), "--stage", "loop", "--json").stdout)
    assert [(j["id"], j["stage_label"]) for j in jobs] == [(ids["job_backend"], "Loop")]
    result = run("move", "submission", str(ids["sub_dev"]), "sent to client", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "moved to Sent to client" in result.stdout
    assert row(path, "submission", ids["sub_dev"])["stage"] == "submitted"


def test_misspelt_stage_in_config_is_one_line_naming_the_line(desk):
    path, _ = desk
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "deskcrm-dark"\n\n[stages.submission]\nsourced = "Longlist"\nqualifed = "Vetted"\n')
    assert_one_line_error(run("jobs", "--db", str(path)), f"{config}:5", "qualifed", "did you mean qualified")


def test_hostile_names_print_as_plain_text(desk_path):
    hostile = "Zed \x1b[31mQuux\u202e [/] [@click=app.quit]"
    path = desk_path
    ids = seed(path, Names.every(hostile))
    table = run("jobs", "--db", str(path))
    assert table.returncode == 0, table.stderr
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout and "Zed ␛[31mQuux" in table.stdout
    moved = run("move", "job", str(ids["job_backend"]), "offer", "--db", str(path))
    assert moved.returncode == 0 and "\x1b" not in moved.stdout
    data = json.loads(run("placements", "--db", str(path), "--json").stdout)
    assert data[0]["candidate"] == hostile  # JSON keeps the exact value (escaped by the encoder)
