"""`deskcrm submissions` (issue 9, item 20): the submission ids `deskcrm move submission ID` needs,
and one spelling of a stage everywhere (`--stage closed:filled`, `move job 1 filled`)."""

from __future__ import annotations

import json

import pytest
from engines import sqlite_only
from clirun import assert_one_line_error, run
from seed import Names, query, seed

from deskcrm.domain.stages import keys
from deskcrm.store.errors import NotFound
from deskcrm.store.submission_list import list_submissions

JSON_FIELDS = {"id", "version", "stage", "stage_label", "person_id", "candidate", "job_id", "job_title",
               "company_id", "company", "stage_changed_at", "interview_at", "interview_place", "exit_reason"}


@pytest.fixture
def desk(desk_path):
    """The seeded desk, on each engine in $DESKCRM_TEST_ENGINES: a file, or a server's URL."""
    path = desk_path
    ids = seed(path)
    return path, ids


def _ids(*args: str) -> list[int]:
    result = run("submissions", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [s["id"] for s in json.loads(result.stdout)]


def test_store_lists_submissions_in_play_by_job_then_stage(seeded_store):
    conn, ids, _ = seeded_store
    rows = list_submissions(conn)  # Lena submitted, then Dev and Eva interviewing; not placed, not rejected
    assert [r.id for r in rows] == [ids["sub_lena_backend"], ids["sub_dev"], ids["sub_eva"]]
    every = list_submissions(conn, stages=keys("submission"))  # by job order, then stage
    assert [r.id for r in every] == [ids["sub_lena_backend"], ids["sub_dev"], ids["sub_eva"], ids["sub_ben"],
                                     ids["sub_lena_finance"], ids["sub_chloe"], ids["sub_ana"], ids["sub_lena_data"]]
    dev = rows[1]
    assert (dev.candidate, dev.job_title, dev.company, dev.stage) == (
        Names.dev, Names.job_backend, Names.northwind, "interviewing")
    lena = list_submissions(conn, person_id=ids["lena"], stages=("rejected_by_client",))
    assert [(r.id, r.exit_reason) for r in lena] == [(ids["sub_lena_finance"], Names.exit_reason)]
    with pytest.raises(NotFound, match="job order 999 does not exist"):
        list_submissions(conn, job_id=999)
    with pytest.raises(NotFound, match="person 99999999999999999999 does not exist"):
        list_submissions(conn, person_id=99999999999999999999)


def test_submissions_json_and_filters(desk):
    path, ids = desk
    db = ("--db", str(path))
    result = run("submissions", *db, "--job", str(ids["job_backend"]), "--json")
    assert result.returncode == 0, result.stderr
    subs = json.loads(result.stdout)
    assert [s["id"] for s in subs] == [ids["sub_lena_backend"], ids["sub_dev"], ids["sub_eva"]]
    assert set(subs[1]) == JSON_FIELDS
    assert subs[1] | {"stage_changed_at": None, "interview_at": None} == {
        "id": ids["sub_dev"], "version": 1, "stage": "interviewing", "stage_label": "Interviewing",
        "person_id": ids["dev"], "candidate": Names.dev, "job_id": ids["job_backend"],
        "job_title": Names.job_backend, "company_id": ids["northwind"], "company": Names.northwind,
        "stage_changed_at": None, "interview_at": None, "interview_place": None, "exit_reason": None}
    assert subs[1]["interview_at"] == "2026-11-19 10:30" and subs[1]["stage_changed_at"] == "2026-10-29 10:00"
    lena = (*db, "--person", str(ids["lena"]))
    assert _ids(*lena) == [ids["sub_lena_backend"]]
    assert _ids(*lena, "--all") == [ids["sub_lena_backend"], ids["sub_lena_finance"], ids["sub_lena_data"]]
    assert _ids(*lena, "--stage", "rejected-by-client") == [ids["sub_lena_finance"]]
    assert _ids(*db, "--stage", "PLACED", "--job", str(ids["job_pm"])) == [ids["sub_ana"]]
    assert _ids(*db, "--job", str(ids["job_analyst"]), "--person", str(ids["lena"])) == []


def test_submissions_table(desk):
    path, ids = desk
    result = run("submissions", "--db", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Stage", "Candidate", "Job", "Client", "Changed"]
    assert lines[2].split()[:3] == [str(ids["sub_dev"]), "Interviewing", "Dev"]
    assert Names.job_backend in lines[2] and "2026-10-29 10:00" in lines[2]
    assert lines[-1] == "3 submissions in play (--all for placed and exits too)"
    one = run("submissions", "--db", str(path), "--job", str(ids["job_finance"]), "--all")
    assert one.stdout.splitlines()[-1] == "2 submissions"


def test_an_id_from_the_list_moves_that_submission(desk):
    path, ids = desk
    (dev,) = [s for s in json.loads(run("submissions", "--db", str(path), "--json").stdout)
              if s["candidate"] == Names.dev]
    result = run("move", "submission", str(dev["id"]), "offered", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert query(path, "SELECT stage FROM submission WHERE id = ?", dev["id"]) == [("offered",)]


@sqlite_only  # parsing typed input: the same on either engine
@pytest.mark.parametrize(("args", "fragments"), [
    (("--job", "999"), ("--job 999", "job order 999 does not exist", "deskcrm jobs")),
    (("--person", "99999999999999999999999"), ("--person", "does not exist")),
    (("--job", "x"), ("--job",)),
    (("--stage", "nowhere"), ("--stage", "not a submission stage", "Sourced")),
    (("--stage", ""), ("--stage", "not a submission stage")),
    (("--stage", "placed", "--all"), ("--stage", "--all")),
])
def test_bad_input_is_one_line(desk, args, fragments):
    path, _ = desk
    result = run("submissions", "--db", str(path), *args)
    assert_one_line_error(result, *fragments)
    assert result.returncode == 2


@sqlite_only  # parsing typed input: the same on either engine
@pytest.mark.parametrize("spelling", ["closed:filled", "closed filled", "Closed: filled", "CLOSED_FILLED",
                                      "filled"])
def test_jobs_stage_takes_every_spelling(desk, spelling):
    path, _ = desk
    result = run("jobs", "--db", str(path), "--stage", spelling)
    assert result.returncode == 0, result.stderr
    assert Names.job_data in result.stdout and result.stdout.splitlines()[-1] == "1 job order"


def test_move_takes_the_same_spellings(desk):
    path, ids = desk
    result = run("move", "job", str(ids["job_backend"]), "closed:lost", "--db", str(path), "--reason", "budget")
    assert result.returncode == 0, result.stderr
    assert query(path, "SELECT stage FROM job_order WHERE id = ?", ids["job_backend"]) == [("closed_lost",)]
    result = run("move", "placement", str(ids["p2"]), "guarantee-failed", "--db", str(path), "--reason", "left",
                 "--owed", "refund")
    assert result.returncode == 0, result.stderr


def test_the_list_walks_job_orders_in_order_and_sorts_only_within_one(seeded_store):
    """Issue 10, item 6: `deskcrm submissions` prints a page of the submissions in play; the
    query walks the job order index (the order it prints) and sorts each job order's few rows,
    so LIMIT stops after the page — not every open submission sorted first (0.4 s at 1M)."""
    from deskcrm.store.submission_list import explain_submissions, submissions

    conn, ids, path = seeded_store
    if isinstance(path, str):
        pytest.skip("SQLite's query plan (EXPLAIN QUERY PLAN); the PostgreSQL planner picks its own")
    plan = " | ".join(explain_submissions(conn, limit=51))
    assert "ix_submission_job_id" in plan and "RIGHT PART OF ORDER BY" in plan, plan
    every = list(submissions(conn, stages=keys("submission")))
    assert list(submissions(conn, stages=keys("submission"), limit=3)) == every[:3]
    mine = " | ".join(explain_submissions(conn, person_id=ids["lena"], limit=51))
    assert "(person_id=?)" in mine and "SCAN" not in mine, mine  # one person's few: by their own index
