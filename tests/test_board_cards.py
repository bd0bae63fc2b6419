"""What a placement card says (screens.board_cards), and how a narrow column picks a line's
short variant (widgets.kanban_paint.fitting)."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from deskcrm.screens.board_cards import placement_card, submission_card
from deskcrm.store.board_cards import PlacementCard, SubmissionCard
from deskcrm.widgets.kanban_paint import fitting

TODAY = date(2026, 11, 18)
NARROW = 23  # a card's text width at 80x24 (three columns)


def pcard(**kw) -> PlacementCard:
    base = {
        "id": 1, "version": 1, "stage": "offer_accepted", "rank": 1.0, "person_id": 2, "candidate": "Can Nowak",
        "company_id": 3, "company": "Orbitra Clinics AG", "job_id": 4, "job_title": "Nurse",
        "start_date": date(2026, 12, 8), "fee_amount": 13_632.5, "currency": "EUR", "fee_status": "not_invoiced",
        "guarantee_end": date(2027, 2, 6), "guarantee_days_left": 60, "next_checkin": date(2027, 1, 7),
    }
    base.update(kw)
    return PlacementCard(**base)


def lines(card, width: int) -> list[str]:
    return [fitting(line, width).plain for line in card.lines]


def test_before_the_start_the_card_says_when_it_starts_not_days_left():
    wide = lines(placement_card(pcard(), TODAY), 60)
    assert wide[2] == "starts 8 Dec · 60d guarantee"
    assert "left" not in wide[2]
    assert lines(placement_card(pcard(), TODAY), NARROW)[2] == "starts 8 Dec"


def test_after_the_start_days_left_as_before():
    card = pcard(stage="started", start_date=date(2026, 11, 6), guarantee_end=date(2027, 1, 5),
                 guarantee_days_left=48, next_checkin=date(2026, 12, 6))
    assert lines(placement_card(card, TODAY), 60)[2] == "start 6 Nov · 48d left · check 6 Dec"
    assert lines(placement_card(card, TODAY), NARROW)[2] == "48d left · check 6 Dec"
    assert lines(placement_card(card, TODAY), 20)[2] == "48d left · chk 6 Dec"  # five columns at 120
    # the start day itself: started, days left
    on_day = pcard(start_date=TODAY, guarantee_days_left=60)
    assert "60d left" in lines(placement_card(on_day, TODAY), 60)[2]


def test_narrow_cards_keep_the_fee_status_readable():
    for status, short in (("not_invoiced", "unbilled"), ("invoiced", "invoiced"), ("paid", "paid"),
                          ("credited", "credited")):
        card = placement_card(pcard(fee_status=status), TODAY)
        shown = lines(card, NARROW)[1]
        assert len(shown) <= NARROW and shown.endswith(short)  # a narrow card: whole units if need be
        assert lines(card, 14)[1] == f"EUR 13,633 · {short}"  # (cut when drawn)
    assert lines(placement_card(pcard(), TODAY), 60)[1] == "EUR 13,632.50 · not invoiced"
    passed = pcard(stage="guarantee_passed", start_date=date(2026, 9, 25), guarantee_days_left=None,
                   next_checkin=date(2026, 12, 24))
    assert lines(placement_card(passed, TODAY), NARROW)[2] == "check 24 Dec"
    assert lines(placement_card(passed, TODAY), 60)[2] == "start 25 Sep · check 24 Dec"


def test_fitting_picks_the_first_variant_that_fits():
    variants = (Text("a long variant"), Text("short"))
    assert fitting(variants, 20).plain == "a long variant"
    assert fitting(variants, 6).plain == "short"
    assert fitting(variants, 2).plain == "short"  # nothing fits: the shortest, cut when drawn
    assert fitting("plain", 2) == "plain"


def scard(**kw) -> SubmissionCard:
    base = {
        "id": 1, "version": 1, "stage": "interviewing", "rank": 1.0, "person_id": 2, "candidate": "Can Nowak",
        "headline": "Nurse", "stage_changed_at": datetime(2026, 11, 15, 9, 0),
        "interview_at": datetime(2026, 11, 20, 10, 30), "exit_reason": None,
    }
    base.update(kw)
    return SubmissionCard(**base)


def test_a_pipeline_card_shows_the_interview_only_while_interviewing():
    """Offered and Placed cards showed the (past, or even a stale future) interview time, not
    how long the candidate has been at that stage."""
    third = lambda **kw: submission_card(scard(**kw), TODAY).lines[2].plain
    assert third() == "Fri 20 Nov 10:30"
    assert third(interview_at=datetime(2026, 11, 12, 14, 0)) == "Thu 12 Nov 14:00"  # still interviewing: no outcome yet
    assert third(interview_at=None) == "3d in Interviewing"
    assert third(stage="offered") == "3d in Offered"
    assert third(stage="offered", interview_at=datetime(2026, 11, 12, 14, 0)) == "3d in Offered"
    assert third(stage="placed", stage_changed_at=datetime(2026, 11, 18, 8, 0)) == "0d in Placed"
    assert third(stage="submitted") == "3d in Submitted"
    assert third(stage="rejected_by_client", exit_reason="Culture fit") == "Culture fit"


def test_a_column_total_is_per_currency_main_currency_first_and_fits_a_narrow_column():
    """Issue 9 item 5: never "≈12m in fees" over EUR, CHF and GBP."""
    from deskcrm.screens.board_cards import columns, main_currency
    from deskcrm.store.board_cards import Board, Column

    started = Column("started", 4, (("GBP", 2, 340_000.0), ("EUR", 1, 1_200_000.0), ("CHF", 1, 80_000.0)), ())
    passed = Column("guarantee_passed", 5, (("EUR", 5, 90_000.0),), ())
    empty = Column("offer_accepted", 0, (), ())
    board = Board((empty, started, passed))
    assert main_currency(board) == "EUR"  # the most cards over the whole board
    shown = columns(board, "placement", placement_card, TODAY)
    total = shown[1].total
    assert fitting(total, 60) == "EUR 1,200,000 · GBP 340,000 · CHF 80,000"
    assert fitting(total, 24) == "EUR 1.2m +2 cur"  # a column at 80x24
    assert fitting(total, 30) == "EUR 1.2m · GBP 340k · CHF 80k"
    assert "≈" not in "".join(total)
    assert shown[0].total is None


def test_every_column_lists_the_currencies_in_one_board_wide_order():
    """Acceptance of issue 9: "CHF 26.8k · GBP 13.6k" stood next to "GBP 69,700 · CHF 82,515".
    The board's main currency comes first in every column, then the others by their total over
    the whole board (an order only: amounts in different currencies are never added)."""
    from deskcrm.screens.board_cards import columns, currency_order
    from deskcrm.store.board_cards import Board, Column

    board = Board((
        Column("offer_accepted", 25, (("EUR", 21, 307_500.0), ("CHF", 2, 26_800.0), ("GBP", 2, 13_600.0)), ()),
        Column("started", 62, (("EUR", 52, 754_315.0), ("GBP", 6, 69_700.0), ("CHF", 4, 82_515.0)), ()),
        Column("guarantee_passed", 854, (("EUR", 700, 9.8e6), ("CHF", 90, 2e6), ("GBP", 64, 1e6)), ()),
    ))
    assert currency_order(board) == ["EUR", "CHF", "GBP"]  # CHF 2.1m over the board, GBP 1.08m
    full = [c.total[0] for c in columns(board, "placement", placement_card, TODAY)]
    assert full == [
        "EUR 307,500 · CHF 26,800 · GBP 13,600",
        "EUR 754,315 · CHF 82,515 · GBP 69,700",
        "EUR 9,800,000 · CHF 2,000,000 · GBP 1,000,000",
    ]
