"""Stages added between the canonical ones (issue 16): on the job pipeline board, moved through,
counted, refused removal while they hold candidates, and invisible to the metrics (both engines)."""

from __future__ import annotations

import pytest
from moves_helpers import add_job, add_submission

from deskcrm.domain import pipeline_rules, stages
from deskcrm.store import journal
from deskcrm.store.boards import job_pipeline
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.moves import move_submission
from deskcrm.store.user_stages import add_stage, load, remove_stage


@pytest.fixture
def desk(seeded_store):
    yield seeded_store
    stages.set_added("submission", [])  # the registry is the process's: leave it as found


def _columns(conn, job):
    _header, board = job_pipeline(conn, job)
    return {c.stage: (c.label, [card.id for card in c.cards]) for c in board.columns}


def test_an_added_stage_is_a_column_between_the_canonical_ones_and_moves_go_through_it(desk):
    conn, ids, _ = desk
    job = add_job(conn, ids["acme"])
    sub = add_submission(conn, ids["george"], job, stage="qualified")
    tech = add_stage(conn, "Technical test", "Qualified").stage_id
    key = stages.added_key(tech)
    order = [s.key for s in stages.board("submission")]
    assert order[order.index("qualified") + 1] == key and order[order.index(key) + 1] == "submitted"
    assert pipeline_rules.next_stage("submission", "qualified", 1) == key  # L from Qualified
    assert pipeline_rules.next_stage("submission", key, 1) == "submitted"
    assert pipeline_rules.next_stage("submission", key, -1) == "qualified"  # H back
    moved = move_submission(conn, sub, key, expected_version=1)
    assert moved.message.endswith("moved to Technical test")
    row = journal.row(conn, "submission", sub)
    assert (row["stage"], row["user_stage_id"]) == ("qualified", tech)  # canonical underneath
    columns = _columns(conn, job)
    assert columns[key] == ("Technical test", [sub]) and columns["qualified"][1] == []
    assert [a.cards for a in load(conn)] == [1]
    with pytest.raises(StoreError, match="already at Technical test"):
        move_submission(conn, sub, key, expected_version=2)
    move_submission(conn, sub, "submitted", expected_version=2)
    row = journal.row(conn, "submission", sub)
    assert (row["stage"], row["user_stage_id"]) == ("submitted", None)
    assert _columns(conn, job)["submitted"][1] == [sub]


def test_removing_a_stage_that_holds_candidates_is_refused_with_the_count(desk):
    conn, ids, _ = desk
    job = add_job(conn, ids["acme"])
    tech = add_stage(conn, "Technical test", "qualified").stage_id
    subs = [add_submission(conn, person, job, stage="qualified") for person in (ids["george"], ids["dev"])]
    for sub in subs:
        move_submission(conn, sub, stages.added_key(tech), expected_version=1)
    with pytest.raises(StoreError, match="^2 candidates are at Technical test: move them first$"):
        remove_stage(conn, tech)
    move_submission(conn, subs[0], "qualified", expected_version=2)
    with pytest.raises(StoreError, match="^1 candidate is at Technical test"):
        remove_stage(conn, tech)
    move_submission(conn, subs[1], "rejected_by_us", expected_version=2, exit_reason="not a fit")
    assert journal.row(conn, "submission", subs[1])["user_stage_id"] is None  # an exit leaves the added stage
    assert remove_stage(conn, tech).message == "Stage Technical test removed"
    assert stages.added_key(tech) not in _columns(conn, job)
    assert journal.row(conn, "user_stage", tech) is None


def test_names_and_places_are_checked(desk):
    conn, _ids, _ = desk
    add_stage(conn, "Technical test", "qualified")
    with pytest.raises(Invalid) as taken:
        add_stage(conn, "technical  TEST", "submitted")
    assert "already" in taken.value.field_errors["name"]
    with pytest.raises(Invalid) as canonical:
        add_stage(conn, "submitted", "qualified")
    assert "already" in canonical.value.field_errors["name"]
    for after in ("placed", "rejected_by_us", "nowhere"):
        with pytest.raises(Invalid) as where:
            add_stage(conn, "Reference check", after)
        assert "goes after one of Sourced" in where.value.field_errors["category"]
    with pytest.raises(Invalid):
        add_stage(conn, "   ", "qualified")
    second = add_stage(conn, "Client review", "qualified")  # after the first added there
    order = [s.label for s in stages.board("submission")]
    assert order[order.index("Qualified"):order.index("Submitted") + 1] == [
        "Qualified", "Technical test", "Client review", "Submitted"]
    assert "counts as Qualified" in second.message


def test_metrics_read_the_canonical_stage(desk):
    """The funnel and the open-submission counts see a card at an added stage at its category."""
    from datetime import date

    from deskcrm.domain.periods import Period
    from deskcrm.store.board_rows import job_rows
    from deskcrm.store.reports import Scope, activity

    conn, ids, _ = desk
    job = add_job(conn, ids["acme"])
    sub = add_submission(conn, ids["george"], job, stage="qualified")
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    before = activity(conn, period, Scope()).funnel
    subs_before = next(r.submissions for r in job_rows(conn, ("submitting",)) if r.id == job)
    tech = add_stage(conn, "Technical test", "qualified").stage_id
    move_submission(conn, sub, stages.added_key(tech), expected_version=1)
    assert activity(conn, period, Scope()).funnel == before
    assert next(r.submissions for r in job_rows(conn, ("submitting",)) if r.id == job) == subs_before


def test_deskcrm_move_takes_an_added_stage_by_name(desk):
    from clirun import run

    conn, ids, path = desk
    job = add_job(conn, ids["acme"])
    sub = add_submission(conn, ids["george"], job, stage="qualified")
    tech = add_stage(conn, "Technical test", "qualified").stage_id
    moved = run("move", "submission", str(sub), "technical test", "--db", str(path))
    assert moved.returncode == 0, moved.stderr
    assert "moved to Technical test" in moved.stdout
    assert (journal.row(conn, "submission", sub)["stage"], journal.row(conn, "submission", sub)["user_stage_id"]) == (
        "qualified", tech)


def test_the_person_and_deskcrm_submissions_name_the_added_stage(desk):
    """Not its category: a candidate at Technical test reads "Technical test" on the person screen's
    submissions and in `deskcrm submissions` (the table and --json's stage_label; stage stays canonical)."""
    import json

    from clirun import run

    from deskcrm.store.people import load_person

    conn, ids, path = desk
    job = add_job(conn, ids["acme"])
    sub = add_submission(conn, ids["george"], job, stage="qualified")
    tech = add_stage(conn, "Technical test", "qualified").stage_id
    move_submission(conn, sub, stages.added_key(tech), expected_version=1)
    stages.set_added("submission", [])  # a fresh process knows no added stage: the read names it
    entry = next(s for s in load_person(conn, ids["george"]).submissions if s.id == sub)
    assert (entry.stage, entry.stage_label) == ("qualified", "Technical test")
    table = run("submissions", "--job", str(job), "--db", str(path))
    assert table.returncode == 0, table.stderr
    assert "Technical test" in table.stdout and "Qualified" not in table.stdout
    rows = json.loads(run("submissions", "--job", str(job), "--json", "--db", str(path)).stdout)
    assert [(r["stage"], r["stage_label"]) for r in rows] == [("qualified", "Technical test")]
