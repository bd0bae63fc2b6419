"""Money as a recruiter reads it (deskcrm.domain.amounts): totals in several currencies are never added."""

from __future__ import annotations

from deskcrm.domain.amounts import money_totals


def test_one_currency_full_then_short():
    assert money_totals([("EUR", 1_234_567.0)]) == ("EUR 1,234,567", "EUR 1.2m")
    assert money_totals([("GBP", 900.0)]) == ("GBP 900", "GBP 900")  # one level each, even when alike


def test_levels_line_up_across_columns_of_one_board():
    """Variant i is the same format in every column of a board (``most``: the busiest column's
    currencies): 0 every amount in full, 1 every amount short, then at most 2, 1 currencies."""
    one = money_totals([("EUR", 9_800_000.0)], most=3)
    three = money_totals([("EUR", 307_500.0), ("CHF", 26_800.0), ("GBP", 13_600.0)], most=3)
    assert one == ("EUR 9,800,000", "EUR 9.8m", "EUR 9.8m", "EUR 9.8m")
    assert three == (
        "EUR 307,500 · CHF 26,800 · GBP 13,600", "EUR 307.5k · CHF 26.8k · GBP 13.6k",
        "EUR 307.5k · CHF 26.8k +1 cur", "EUR 307.5k +2 cur",
    )
    two = money_totals([("EUR", 1.0), ("GBP", 2.0)], most=3)
    assert len(two) == 4 and two[2] == "EUR 1 · GBP 2" and two[3] == "EUR 1 +1 cur"


def test_several_currencies_each_on_its_own_in_the_order_given_then_shorter_variants():
    sums = [("EUR", 1_200_000.0), ("GBP", 340_000.0), ("CHF", 80_000.0)]
    assert money_totals(sums) == (
        "EUR 1,200,000 · GBP 340,000 · CHF 80,000",
        "EUR 1.2m · GBP 340k · CHF 80k",
        "EUR 1.2m · GBP 340k +1 cur",
        "EUR 1.2m +2 cur",
    )
    assert money_totals([("EUR", 1_200_000.0), ("GBP", 340_000.0)])[1] == "EUR 1.2m · GBP 340k"


def test_nothing_to_total_and_unknown_currency():
    assert money_totals([]) == ()
    assert money_totals([("", 85_500.0)]) == ("85,500", "85.5k")
