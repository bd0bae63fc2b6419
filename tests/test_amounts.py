"""Money as a recruiter reads it (deskcrm.amounts): totals in several currencies are never added."""

from __future__ import annotations

from deskcrm.amounts import money_totals


def test_one_currency_full_then_short():
    assert money_totals([("EUR", 1_234_567.0)]) == ("EUR 1,234,567", "EUR 1.2m")
    assert money_totals([("GBP", 900.0)]) == ("GBP 900",)  # the short form says nothing new


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
