"""Pipeline moves on a seeded desk: every rule, one transaction each, undo restores everything."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from moves_helpers import add_job, add_submission, placement, tables

from deskcrm.domain import clock
from deskcrm.domain.due import DueSettings
from deskcrm.work.due_list import compute_for
from deskcrm.store import db, journal
from deskcrm.store.errors import Conflict, Invalid, StoreError
from deskcrm.store.moves import (
    move_job,
    move_placement,
    move_submission,
    placement_defaults,
)


@pytest.fixture
def desk(seeded_store):
    return seeded_store


def _row(conn, table, key):
    return journal.row(conn, table, key)


def _activities(conn, txn):
    return conn.execute(
        "SELECT a.kind, a.body, a.person_id, a.company_id, a.job_id, a.placement_id, a.submission_id FROM activity a"
        " JOIN event e ON e.entity = 'activity' AND e.entity_id = a.id WHERE e.txn = ? ORDER BY a.id", (txn,)
    ).fetchall()


def test_placed_creates_the_placement_with_agreement_fee_dates_and_recruiter(desk):
    conn, ids, _ = desk
    defaults = placement_defaults(conn, ids["sub_dev"])
    assert (defaults.fee_percent, defaults.flat_fee, defaults.guarantee_days) == (20.0, None, 90)  # Northwind
    result = move_submission(conn, ids["sub_dev"], "placed", expected_version=1,
                             placement=placement(fee_percent=defaults.fee_percent, flat_fee=defaults.flat_fee))
    pl = _row(conn, "placement", result.placement_id)
    assert pl["fee_amount"] == 18_000.0 and pl["fee_percent"] == 20.0
    assert pl["start_date"] == "2026-12-01" and pl["offer_accepted_on"] == "2026-11-18"
    assert pl["guarantee_days"] == 90 and pl["guarantee_end"] == "2027-03-01"
    assert (pl["checkin_30"], pl["checkin_60"], pl["checkin_90"]) == ("2026-12-31", "2027-01-30", "2027-03-01")
    assert pl["recruiter_id"] == 1 and pl["company_id"] == ids["northwind"] and pl["job_id"] == ids["job_backend"]
    assert (pl["status"], pl["fee_status"], pl["submission_id"]) == ("offer_accepted", "not_invoiced", ids["sub_dev"])
    assert _row(conn, "submission", ids["sub_dev"])["stage"] == "placed"
    assert _row(conn, "candidate_profile", ids["dev"])["status"] == "placed"
    assert "EUR 18,000" in result.message


def test_fee_from_job_override_percent_and_flat(desk):
    conn, ids, _ = desk
    pct_job = add_job(conn, ids["acme"], pct=25.0)
    flat_job = add_job(conn, ids["acme"], "Flat Role", flat=9_000.0)
    d1 = placement_defaults(conn, add_submission(conn, ids["george"], pct_job))
    d2 = placement_defaults(conn, sub := add_submission(conn, ids["george"], flat_job))
    assert (d1.fee_percent, d1.flat_fee) == (25.0, None)
    assert (d2.fee_percent, d2.flat_fee) == (None, 9_000.0)
    result = move_submission(conn, sub, "placed", expected_version=1,
                             placement=placement(fee_percent=d2.fee_percent, flat_fee=d2.flat_fee))
    pl = _row(conn, "placement", result.placement_id)
    assert (pl["fee_amount"], pl["fee_percent"]) == (9_000.0, None)


def test_placement_currency_defaults_from_the_job_not_the_candidate(desk):
    """A GBP client's job: the placement is in GBP (the job's currency, from the fee agreement),
    even for a candidate whose desired salary is in EUR; the EUR figure is not offered as the
    salary (it would be read as pounds) but named in a note."""
    conn, ids, _ = desk
    with db.write(conn):
        conn.execute("UPDATE company SET fee_currency = 'GBP' WHERE id = ?", (ids["acme"],))
        conn.execute("UPDATE candidate_profile SET desired_salary = 70000, salary_currency = 'EUR' WHERE person_id = ?",
                     (ids["george"],))
    job = add_job(conn, ids["acme"], pct=20.0)
    with db.write(conn):
        conn.execute("UPDATE job_order SET currency = 'GBP', comp_max = 85000 WHERE id = ?", (job,))
    sub = add_submission(conn, ids["george"], job)
    d = placement_defaults(conn, sub)
    assert (d.currency, d.salary) == ("GBP", 85_000.0)  # the top of the job's range, in the job's currency
    assert "EUR 70,000" in d.salary_note
    result = move_submission(conn, sub, "placed", expected_version=1,
                             placement=placement(salary=d.salary, currency=d.currency, fee_percent=d.fee_percent))
    pl = _row(conn, "placement", result.placement_id)
    assert (pl["currency"], pl["fee_amount"]) == ("GBP", 17_000.0)
    # a desired salary in the job's currency is the default as before
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET salary_currency = 'GBP' WHERE person_id = ?", (ids["george"],))
    d2 = placement_defaults(conn, add_submission(conn, ids["george"], add_job(conn, ids["acme"], "Other")))
    assert (d2.currency, d2.salary) == ("EUR", 100_000.0)  # that job is in EUR
    assert "GBP 70,000" in d2.salary_note
    job3 = add_job(conn, ids["acme"], "Third")
    with db.write(conn):
        conn.execute("UPDATE job_order SET currency = 'GBP' WHERE id = ?", (job3,))
    d3 = placement_defaults(conn, add_submission(conn, ids["george"], job3))
    assert (d3.currency, d3.salary, d3.salary_note) == ("GBP", 70_000.0, "")


def test_guarantee_days_come_from_the_client(desk):
    conn, ids, _ = desk
    conn.execute("UPDATE company SET guarantee_days = 60 WHERE id = ?", (ids["northwind"],))
    result = move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    pl = _row(conn, "placement", result.placement_id)
    assert (pl["guarantee_days"], pl["guarantee_end"]) == (60, "2027-01-30")


def test_job_with_two_openings_fills_on_the_second(desk, today):
    conn, ids, _ = desk
    job = add_job(conn, ids["acme"], openings=2)
    first = move_submission(conn, add_submission(conn, ids["george"], job), "placed", expected_version=1,
                            placement=placement())
    assert not first.job_filled and _row(conn, "job_order", job)["stage"] == "submitting"
    second = move_submission(conn, add_submission(conn, ids["farah"], job), "placed", expected_version=1,
                             placement=placement())
    assert second.job_filled and "job filled" in second.message
    j = _row(conn, "job_order", job)
    assert (j["stage"], j["closed_on"]) == ("placed", today.isoformat())


def test_fall_off_reopens_the_opening(desk):
    conn, ids, _ = desk
    result = move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    assert result.job_filled
    pid = result.placement_id
    fell = move_placement(conn, pid, "fell_off", expected_version=1, reason="Counter-offer")
    assert fell.job_reopened
    j = _row(conn, "job_order", ids["job_backend"])
    assert (j["stage"], j["closed_on"]) == ("submitting", None)
    pl = _row(conn, "placement", pid)
    assert (pl["status"], pl["fail_reason"]) == ("fell_off", "Counter-offer")
    assert _row(conn, "candidate_profile", ids["dev"])["status"] == "active"
    assert _activities(conn, fell.txn)[0][:2] == ("stage_change", "Moved to Fell off before start (Counter-offer)")


def test_guarantee_failed_records_what_is_owed(desk):
    conn, ids, _ = desk
    result = move_placement(conn, ids["p2"], "guarantee_failed", expected_version=1, reason="Left", owed="refund")
    pl = _row(conn, "placement", ids["p2"])
    assert (pl["status"], pl["fail_reason"], pl["owed"]) == ("guarantee_failed", "Left", "refund")
    assert result.job_reopened and _row(conn, "job_order", ids["job_finance"])["stage"] == "submitting"
    with pytest.raises(Invalid) as err:
        move_placement(conn, ids["p3"], "guarantee_failed", expected_version=1, owed="cash")
    assert "owed" in err.value.field_errors


def test_other_open_submissions_withdrawn_only_when_asked(desk):
    conn, ids, _ = desk
    other = add_submission(conn, ids["dev"], add_job(conn, ids["acme"]), stage="submitted")
    move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    assert _row(conn, "submission", other)["stage"] == "submitted"

    eva_other = add_submission(conn, ids["eva"], add_job(conn, ids["globex"], "Other"), stage="qualified")
    assert placement_defaults(conn, ids["sub_eva"]).other_open_submissions == 1
    result = move_submission(conn, ids["sub_eva"], "placed", expected_version=1, placement=placement(),
                             withdraw_others=True)
    s = _row(conn, "submission", eva_other)
    assert (s["stage"], s["exit_reason"]) == ("candidate_withdrew", "Placed at Northwind Logistics")
    assert "1 other submission withdrawn" in result.message


def test_undo_of_placed_with_withdrawals_is_named_by_the_placement(desk):
    """"Undone: …" after placing a candidate named a withdrawn submission, not the placement."""
    from deskcrm.store import records

    conn, ids, _ = desk
    add_submission(conn, ids["eva"], add_job(conn, ids["globex"], "Other"), stage="qualified")
    result = move_submission(conn, ids["sub_eva"], "placed", expected_version=1, placement=placement(),
                             withdraw_others=True)
    assert records.describe_txn(conn, result.txn) == "Moved to Placed"


def test_undo_of_a_reorder_names_the_moved_card(desk):
    """ "Undone: last change to job order" after J/K: a reorder is named by the card moved, even
    when moving it down leaves its own rank alone in the cheapest swap, and when ties re-space."""
    from deskcrm.store import records
    from deskcrm.store.reorder import reorder

    conn, ids, _ = desk
    jobs = [add_job(conn, ids["acme"], f"Job {k}", stage="sourcing") for k in range(4)]
    with db.write(conn):  # distinct ranks: one row changes
        conn.executemany("UPDATE job_order SET rank = ? WHERE id = ?", [(float(k), j) for k, j in enumerate(jobs)])
    down = reorder(conn, "job", jobs[1], +1, expected_version=1)  # J
    assert records.describe_txn(conn, down.txn) == "reorder of Job 1"
    up = reorder(conn, "job", jobs[3], -1, expected_version=1)  # K
    assert records.describe_txn(conn, up.txn) == "reorder of Job 3"
    tied = [add_job(conn, ids["acme"], f"Tied {k}", stage="intake") for k in range(3)]  # all rank 0
    assert records.describe_txn(conn, reorder(conn, "job", tied[0], +1, expected_version=1).txn) == "reorder of Tied 0"
    result = reorder(conn, "submission", ids["sub_dev"], +1, expected_version=1)  # Dev, then Eva
    assert records.describe_txn(conn, result.txn) == "reorder of Dev Patel"


def test_undo_restores_every_table(desk):
    conn, ids, _ = desk
    add_submission(conn, ids["dev"], add_job(conn, ids["acme"]), stage="submitted")
    before = tables(conn)
    result = move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement(),
                             withdraw_others=True)
    assert result.job_filled and tables(conn) != before
    with db.write(conn):
        journal.undo(conn, result.txn)
    assert tables(conn) == before


def test_undo_of_a_fall_off_refills_the_job(desk):
    conn, ids, _ = desk
    placed = move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    before = tables(conn)
    fell = move_placement(conn, placed.placement_id, "fell_off", expected_version=1)
    with db.write(conn):
        journal.undo(conn, fell.txn)
    assert tables(conn) == before


def test_stale_move_is_refused_and_changes_nothing(desk):
    conn, ids, _ = desk
    before = tables(conn)
    with pytest.raises(Conflict, match="changed elsewhere"):
        move_submission(conn, ids["sub_dev"], "offered", expected_version=0)
    with pytest.raises(Conflict):
        move_job(conn, ids["job_backend"], "offer", expected_version=7)
    with pytest.raises(Conflict):
        move_placement(conn, ids["p1"], "guarantee_passed", expected_version=2)
    assert tables(conn) == before


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"start": date(2026, 11, 1)}, "start_date"),
        ({"salary": -5.0}, "salary"),
        ({"fee_percent": 150.0}, "fee_percent"),
    ],
)
def test_invalid_placement_raises_with_field_names(desk, bad, field):
    conn, ids, _ = desk
    before = tables(conn)
    with pytest.raises(Invalid) as err:
        move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement(**bad))
    assert field in err.value.field_errors and field in str(err.value)
    assert isinstance(err.value, StoreError)
    assert tables(conn) == before


def test_placed_without_placement_and_interview_without_time_are_invalid(desk):
    conn, ids, _ = desk
    with pytest.raises(Invalid, match="placement"):
        move_submission(conn, ids["sub_lena_backend"], "placed", expected_version=1)
    with pytest.raises(Invalid) as err:
        move_submission(conn, ids["sub_lena_backend"], "interviewing", expected_version=1)
    assert list(err.value.field_errors) == ["interview_at"]


def test_move_to_interviewing_stores_the_time_and_logs_an_activity(desk):
    conn, ids, _ = desk
    at = datetime(2026, 11, 25, 14, 0)
    result = move_submission(conn, ids["sub_lena_backend"], "interviewing", expected_version=1, interview_at=at)
    s = _row(conn, "submission", ids["sub_lena_backend"])
    assert (s["stage"], s["interview_at"], s["version"]) == ("interviewing", "2026-11-25 14:00:00.000000", 2)
    assert _activities(conn, result.txn) == [
        ("stage_change", "Moved to Interviewing", ids["lena"], ids["northwind"], ids["job_backend"], None,
         ids["sub_lena_backend"])
    ]
    assert conn.execute("SELECT count(*) FROM event WHERE txn = ?", (result.txn,)).fetchone()[0] == 2


def test_exit_records_its_reason_and_leaving_the_exit_clears_it(desk):
    conn, ids, _ = desk
    move_submission(conn, ids["sub_eva"], "rejected_by_client", expected_version=1, exit_reason="Too junior")
    assert _row(conn, "submission", ids["sub_eva"])["exit_reason"] == "Too junior"
    move_submission(conn, ids["sub_eva"], "offered", expected_version=2)
    assert _row(conn, "submission", ids["sub_eva"])["exit_reason"] is None


def test_a_live_placement_pins_its_submission(desk):
    conn, ids, _ = desk
    with pytest.raises(StoreError, match="placement"):
        move_submission(conn, ids["sub_ana"], "offered", expected_version=1)


def test_job_close_and_reopen(desk, today):
    conn, ids, _ = desk
    move_job(conn, ids["job_backend"], "closed_lost", expected_version=1, reason="Client hired direct")
    j = _row(conn, "job_order", ids["job_backend"])
    assert (j["stage"], j["closed_on"], j["close_reason"]) == ("closed_lost", today.isoformat(), "Client hired direct")
    move_job(conn, ids["job_backend"], "sourcing", expected_version=2)
    j = _row(conn, "job_order", ids["job_backend"])
    assert (j["stage"], j["closed_on"], j["close_reason"]) == ("sourcing", None, None)


def test_unknown_stage_is_invalid(desk):
    conn, ids, _ = desk
    with pytest.raises(Invalid, match="stage"):
        move_submission(conn, ids["sub_dev"], "hired", expected_version=1)
    with pytest.raises(Invalid):
        move_job(conn, ids["job_backend"], "done", expected_version=1)


def test_new_placement_is_due_on_its_checkin_dates(desk):
    conn, ids, path = desk
    result = move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    key = f"checkin30:p{result.placement_id}"
    day = date(2026, 12, 31)
    clock.freeze(day)
    items = compute_for(path, day, DueSettings())
    assert any(i.key == key and i.bucket == "today" and i.placement_id == result.placement_id for i in items)
    day60 = day + timedelta(days=30)
    assert any(i.key == f"checkin60:p{result.placement_id}" for i in compute_for(path, day60, DueSettings()))


def test_a_failure_midway_leaves_nothing_behind(desk, monkeypatch):
    """All of a move lands or none of it: a failure after the placement was inserted rolls back."""
    from deskcrm.store import moves

    conn, ids, _ = desk
    before = tables(conn)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(moves, "_withdraw_others", boom)
    with pytest.raises(RuntimeError):
        move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement(),
                        withdraw_others=True)
    assert tables(conn) == before
    assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == 0
