"""The pure rules a pipeline move applies (no database)."""

from datetime import date

import pytest

from deskcrm.domain.pipeline_rules import (
    PlacementInput,
    checkin_dates,
    effective_fee,
    fee_amount,
    guarantee_end,
    needs_confirmation,
    next_stage,
    placement_errors,
)


def test_fee_from_percent_rounded_to_cents():
    assert fee_amount(85_000, 20, None) == 17_000.0
    assert fee_amount(83_333.33, 17.5, None) == 14_583.33


def test_flat_fee_wins():
    assert fee_amount(85_000, 20, 12_000) == 12_000.0


def test_no_terms_no_fee():
    assert fee_amount(85_000, None, None) == 0.0


def test_override_wins_over_agreement():
    assert effective_fee(20, None, None, None) == (20, None)
    assert effective_fee(20, None, 25, None) == (25, None)
    assert effective_fee(20, None, None, 9_000) == (None, 9_000)


def test_guarantee_end_and_checkins():
    start = date(2026, 12, 1)
    assert guarantee_end(start, 90) == date(2027, 3, 1)
    assert checkin_dates(start) == (date(2026, 12, 31), date(2027, 1, 30), date(2027, 3, 1))


def _p(**kw) -> PlacementInput:
    values = {"offer_accepted_on": date(2026, 11, 18), "start_date": date(2026, 12, 1), "salary": 85_000.0,
              "currency": "EUR", "fee_percent": 20.0, "flat_fee": None}
    return PlacementInput(**{**values, **kw})


def test_valid_placement_has_no_errors():
    assert placement_errors(_p()) == {}
    assert placement_errors(_p(fee_percent=None, flat_fee=10_000.0)) == {}
    assert placement_errors(_p(start_date=date(2026, 11, 18))) == {}  # starting the day of the offer


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": date(2026, 11, 1)}, "start_date"),
        ({"salary": -1.0}, "salary"),
        ({"salary": 0.0}, "salary"),
        ({"fee_percent": 120.0}, "fee_percent"),
        ({"fee_percent": -5.0}, "fee_percent"),
        ({"fee_percent": None, "flat_fee": -10.0}, "flat_fee"),
        ({"fee_percent": None, "flat_fee": None}, "fee_percent"),
        ({"currency": "euro"}, "currency"),
    ],
)
def test_placement_errors_name_the_field(changes, field):
    errors = placement_errors(_p(**changes))
    assert list(errors) == [field]
    assert errors[field]


def test_fee_over_100_says_so():
    assert "over 100%" in placement_errors(_p(fee_percent=101.0))["fee_percent"]


def test_next_stage_walks_forward_stages_only():
    assert next_stage("submission", "sourced", +1) == "contacted"
    assert next_stage("submission", "contacted", -1) == "sourced"
    assert next_stage("submission", "sourced", -1) is None
    assert next_stage("submission", "offered", +1) == "placed"
    assert next_stage("submission", "placed", +1) is None  # exits are not "one stage on"
    assert next_stage("submission", "rejected_by_us", -1) is None
    assert next_stage("placement", "started", +1) == "guarantee_passed"


def test_terminal_stages_need_confirmation():
    assert needs_confirmation("submission", "placed")
    assert needs_confirmation("job", "closed_lost")
    assert needs_confirmation("placement", "fell_off")
    assert needs_confirmation("placement", "guarantee_failed")
    assert not needs_confirmation("submission", "interviewing")
    assert not needs_confirmation("job", "sourcing")


def test_a_contract_placement_without_rates_asks_for_the_rates_not_the_unit():
    """The form keeps no unit while no rate is typed (its choice box always shows one): asking
    for "per hour or per day" beside "Per day" chosen read as a bug; the rates are what is missing."""
    errors = placement_errors(_p(placement_type="contract", fee_percent=None, salary=None))
    assert set(errors) == {"bill_rate", "pay_rate"}
    typed = placement_errors(_p(placement_type="contract", fee_percent=None, salary=None, bill_rate=800.0,
                                pay_rate=600.0))
    assert typed == {"rate_unit": "say per hour or per day"}  # rates typed with no unit (the CLI): asked
    assert placement_errors(_p(placement_type="contract", fee_percent=None, salary=None, bill_rate=800.0,
                               pay_rate=600.0, rate_unit="day")) == {}
