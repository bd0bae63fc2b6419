"""Board reads: columns in stage order with counts and fee totals, LIMIT per column, filters."""

from __future__ import annotations

from datetime import date

import pytest
from moves_helpers import add_job
from seed import Names, seed

from deskcrm.domain.stages import keys
from deskcrm.store import db
from deskcrm.store.boards import column_cards, job_board, job_pipeline, placement_board


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


def test_job_board_columns_counts_and_cards(desk):
    conn, ids = desk
    board = job_board(conn)
    assert [c.stage for c in board.columns] == ["intake", "sourcing", "submitting", "interviewing", "offer", "placed"]
    interviewing = board.column("interviewing")
    assert (interviewing.count, interviewing.totals, interviewing.label) == (1, (("EUR", 1, 18_000.0),), "Interviewing")
    card = interviewing.cards[0]
    assert (card.id, card.title, card.company, card.owner, card.openings, card.filled, card.submissions) == (
        ids["job_backend"], Names.job_backend, Names.northwind, "SR", 1, 0, 3)
    assert (card.urgency, card.fee_estimate, card.currency, card.opened_on) == (2, 18_000.0, "EUR", date(2026, 7, 21))
    assert board.column("placed").cards[0].filled == 1


def test_closed_jobs_only_when_asked(desk):
    conn, _ = desk
    assert job_board(conn, include_closed=True).column("closed_filled").count == 1
    assert job_board(conn).column("closed_filled") is None


def test_filters_by_client_owner_and_words(desk):
    conn, _ = desk
    board = job_board(conn, text="acme")
    assert [c.count for c in board.columns if c.count] == [1]
    assert job_board(conn, text="backend northwind").column("interviewing").count == 1
    assert job_board(conn, text="zzz").column("placed").count == 0
    assert job_board(conn, owner="sr").column("placed").count == 3
    assert job_board(conn, owner="XX").column("placed").count == 0
    assert job_board(conn, text="100%").column("placed").count == 0  # LIKE wildcards are literal


def test_long_column_pages(desk):
    conn, ids = desk
    made = [add_job(conn, ids["globex"], f"Role {i}", stage="sourcing") for i in range(7)]
    column = job_board(conn, per_column=3).column("sourcing")
    assert column.count == 7 and [c.id for c in column.cards] == made[:3]
    assert [c.id for c in column_cards(conn, "jobs", "sourcing", offset=3, limit=3)] == made[3:6]


def test_job_pipeline_header_and_columns(desk):
    conn, ids = desk
    header, board = job_pipeline(conn, ids["job_backend"])
    assert (header.title, header.company, header.fee_percent, header.flat_fee, header.filled) == (
        Names.job_backend, Names.northwind, 20.0, None, 0)
    assert [c.stage for c in board.columns] == list(keys("submission"))
    interviewing = board.column("interviewing")
    assert [c.candidate for c in interviewing.cards] == [Names.dev, Names.eva]
    assert interviewing.cards[0].interview_at.isoformat() == "2026-11-19T10:30:00"
    _, finance = job_pipeline(conn, ids["job_finance"])
    assert finance.column("rejected_by_client").cards[0].exit_reason == Names.exit_reason
    _, bare = job_pipeline(conn, ids["job_finance"], include_exits=False)
    assert bare.column("rejected_by_client") is None


def test_placement_board(desk):
    conn, ids = desk
    board = placement_board(conn)
    assert [c.stage for c in board.columns] == ["offer_accepted", "started", "guarantee_passed"]
    started = board.column("started")
    assert started.count == 3 and started.totals == (("EUR", 3, 20_900 + 16_400 + 16_200),)
    p1 = next(c for c in started.cards if c.id == ids["p1"])
    assert (p1.guarantee_days_left, p1.next_checkin, p1.fee_status) == (7, date(2026, 11, 25), "paid")
    passed = board.column("guarantee_passed").cards[0]
    assert (passed.guarantee_days_left, passed.next_checkin) == (None, None)
    by_order = [c.id for c in started.cards]
    assert [c.id for c in column_cards(conn, "placements", "started", offset=1, limit=1)] == by_order[1:2]
    assert [c.id for c in column_cards(conn, "placements", "started", offset=0, limit=5, text="SR")] == by_order
    assert placement_board(conn, text="silva").column("started").count == 1
    assert placement_board(conn, include_exits=True).column("fell_off").count == 0


def test_a_placement_not_started_yet_has_its_whole_guarantee_left(desk):
    conn, ids = desk
    with db.write(conn):  # starts in 20 days on a 60-day guarantee
        conn.execute("UPDATE placement SET status = 'offer_accepted', start_date = '2026-12-08',"
                     " guarantee_end = '2027-02-06' WHERE id = ?", (ids["p1"],))
    card = next(c for c in placement_board(conn).column("offer_accepted").cards if c.id == ids["p1"])
    assert card.guarantee_days_left == 60  # not 80 (today → guarantee end)


def test_hostile_strings_come_back_verbatim(desk_path, today):
    hostile = "[@click=app.quit] Jane [Acme Ltd] [/]"
    path = desk_path
    seed(path, Names.every(hostile))
    conn = db.connect(path)
    card = job_board(conn).column("interviewing").cards[0]
    assert card.title == hostile and card.company == hostile
    assert job_board(conn, text="[/]").column("interviewing").count == 1
    conn.close()


def test_column_totals_are_per_currency_never_summed_across_currencies(desk):
    """Issue 9 item 5: EUR, GBP and CHF fees are three totals, not one number."""
    conn, ids = desk
    with db.write(conn):
        conn.execute("UPDATE placement SET currency = 'GBP' WHERE id = ?", (ids["p2"],))
        conn.execute("UPDATE job_order SET currency = 'CHF' WHERE id = ?", (ids["job_backend"],))
    started = placement_board(conn).column("started")
    assert started.count == 3
    assert started.totals == (("EUR", 2, 20_900 + 16_200), ("GBP", 1, 16_400))  # most cards first
    assert placement_board(conn, text="nowhere").column("started").totals == ()
    assert job_board(conn).column("interviewing").totals == (("CHF", 1, 18_000.0),)
    _, pipeline = job_pipeline(conn, ids["job_backend"])
    assert all(c.totals == () for c in pipeline.columns)  # a pipeline has no fees
