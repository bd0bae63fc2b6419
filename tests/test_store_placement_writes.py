"""Fee status, check-ins, reorder and new job orders: one journaled write each."""

from __future__ import annotations

import random
from datetime import date

import pytest
from moves_helpers import add_job, tables
from seed import seed

from deskcrm.store import db, journal
from deskcrm.store.boards import column_cards
from deskcrm.store.errors import Conflict, Invalid, StoreError
from deskcrm.store.moves import create_job, reorder, set_fee_status, tick_checkin
from deskcrm.store.reorder import _new_ranks


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


def test_invoiced_sets_invoice_due_from_payment_terms(desk):
    conn, ids = desk
    conn.execute("UPDATE company SET payment_terms_days = 45 WHERE id = ?", (ids["globex"],))
    conn.execute("UPDATE placement SET fee_status = 'not_invoiced' WHERE id = ?", (ids["p1"],))
    result = set_fee_status(conn, ids["p1"], "invoiced", expected_version=1, on=date(2026, 11, 20))
    pl = journal.row(conn, "placement", ids["p1"])
    assert (pl["fee_status"], pl["invoice_date"], pl["invoice_due"]) == ("invoiced", "2026-11-20", "2027-01-04")
    assert "due 4 Jan 2027" in result.message
    set_fee_status(conn, ids["p1"], "paid", expected_version=2)
    pl = journal.row(conn, "placement", ids["p1"])
    assert (pl["fee_status"], pl["paid_on"]) == ("paid", "2026-11-18")


def test_fee_status_stale_or_unknown(desk):
    conn, ids = desk
    with pytest.raises(Conflict):
        set_fee_status(conn, ids["p2"], "paid", expected_version=3)
    with pytest.raises(Invalid, match="fee_status"):
        set_fee_status(conn, ids["p2"], "lost", expected_version=1)


def test_tick_checkin_ticks_the_next_open_one_and_undo_unticks(desk):
    conn, ids = desk
    before = tables(conn)
    result = tick_checkin(conn, ids["p3"], expected_version=1)  # 30 done, 60 not
    pl = journal.row(conn, "placement", ids["p3"])
    assert pl["checkin_60_done_at"] is not None and pl["checkin_90_done_at"] is None
    assert "60-day check-in done" in result.message
    with db.write(conn):
        journal.undo(conn, result.txn)
    assert tables(conn) == before


def test_tick_a_named_checkin_and_all_done(desk):
    conn, ids = desk
    tick_checkin(conn, ids["p1"], expected_version=1, which=90)
    with pytest.raises(StoreError, match="every check-in"):
        tick_checkin(conn, ids["p1"], expected_version=2)
    with pytest.raises(Invalid):
        tick_checkin(conn, ids["p1"], expected_version=2, which=45)


def _order(conn, stage="sourcing"):
    return [c.id for c in column_cards(conn, "jobs", stage, offset=0, limit=100)]


def test_reorder_swaps_with_the_neighbour_and_undoes(desk):
    conn, ids = desk
    jobs = [add_job(conn, ids["acme"], f"Job {i}", stage="sourcing") for i in range(5)]
    assert _order(conn) == jobs
    before = tables(conn)
    result = reorder(conn, "job", jobs[3], -1, expected_version=1)
    assert _order(conn) == [jobs[0], jobs[1], jobs[3], jobs[2], jobs[4]]
    reorder(conn, "job", jobs[0], +1, expected_version=1)
    assert _order(conn) == [jobs[1], jobs[0], jobs[3], jobs[2], jobs[4]]
    with pytest.raises(StoreError, match="first"):
        reorder(conn, "job", jobs[1], -1, expected_version=journal.row(conn, "job_order", jobs[1])["version"])
    with pytest.raises(Conflict):
        reorder(conn, "job", jobs[4], -1, expected_version=9)
    with db.write(conn):
        journal.undo(conn, journal.last_txn(conn))
        journal.undo(conn, result.txn)
    assert tables(conn) == before


def test_reorder_submissions_stay_within_their_job(desk):
    conn, ids = desk
    reorder(conn, "submission", ids["sub_eva"], -1, expected_version=1)
    cards = column_cards(conn, "pipeline", "interviewing", offset=0, limit=10, job_id=ids["job_backend"])
    assert [c.id for c in cards] == [ids["sub_eva"], ids["sub_dev"]]


def test_new_ranks_always_swap_exactly_the_pair():
    rng = random.Random(4)
    for _ in range(400):
        n = rng.randint(2, 9)
        ranks = sorted(rng.choice([0.0, 0.0, 1.0, 2.0, 2.5]) for _ in range(n))
        order = list(enumerate(ranks, 1))
        i = rng.randrange(n - 1)
        mover = rng.randrange(2)
        new = dict(order)
        changed = _new_ranks(order, i, mover)
        assert order[i + mover][0] in changed, (order, i, mover)  # the moved card names the undo
        new.update(changed)
        got = [k for k, _ in sorted(new.items(), key=lambda kv: (kv[1], kv[0]))]
        want = [k for k, _ in order]
        want[i], want[i + 1] = want[i + 1], want[i]
        assert got == want, (order, i, mover)


def test_create_job_fee_defaults_from_the_agreement(desk, today):
    conn, ids = desk
    same = create_job(conn, ids["acme"], {"title": "QA Lead", "fee_percent": 18.0, "openings": 2})
    job = journal.row(conn, "job_order", same.job_id)
    assert (job["fee_percent_override"], job["flat_fee_override"]) == (None, None)  # follows the agreement
    assert (job["stage"], job["opened_on"], job["openings"], job["owner_id"]) == ("intake", today.isoformat(), 2, 1)
    other = create_job(conn, ids["acme"], {"title": "CTO", "flat_fee": 30_000})
    assert journal.row(conn, "job_order", other.job_id)["flat_fee_override"] == 30_000.0
    kinds = conn.execute("SELECT kind, body FROM activity WHERE job_id = ?", (same.job_id,)).fetchall()
    assert kinds == [("system", "Job order opened: QA Lead")]


def test_create_job_invalid_names_fields(desk):
    conn, ids = desk
    with pytest.raises(Invalid) as err:
        create_job(conn, ids["acme"], {"title": " ", "openings": 0, "fee_percent": 140})
    assert set(err.value.field_errors) == {"title", "openings", "fee_percent"}


def test_create_job_refuses_both_a_fee_percent_and_a_flat_fee(desk):
    """A flat fee silently won over the % the recruiter had just typed; now it is an error at the field."""
    conn, ids = desk
    with pytest.raises(Invalid) as err:
        create_job(conn, ids["acme"], {"title": "QA Lead", "fee_percent": 20.0, "flat_fee": 5_000})
    assert set(err.value.field_errors) == {"flat_fee"}
    assert "percentage OR a flat amount" in err.value.field_errors["flat_fee"]
    assert conn.execute("SELECT count(*) FROM job_order WHERE title = 'QA Lead'").fetchone() == (0,)


def test_credited_and_back_to_not_invoiced(desk):
    conn, ids = desk
    set_fee_status(conn, ids["p3"], "credited", expected_version=1)
    pl = journal.row(conn, "placement", ids["p3"])
    assert (pl["fee_status"], pl["credited_amount"]) == ("credited", pl["fee_amount"])
    set_fee_status(conn, ids["p3"], "not_invoiced", expected_version=2)
    pl = journal.row(conn, "placement", ids["p3"])
    assert (pl["fee_status"], pl["invoice_date"], pl["invoice_due"], pl["credited_amount"]) == (
        "not_invoiced", None, None, 0.0)
    kinds = conn.execute("SELECT kind FROM activity WHERE placement_id = ? AND kind = 'system'", (ids["p3"],))
    assert len(kinds.fetchall()) == 2
