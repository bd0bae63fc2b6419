"""Contract work (issue 16): bill rate, pay rate, margin and end date on job orders and
placements — stored, checked, shown in ``--json`` (both engines)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, strategies as st
from moves_helpers import add_job, add_submission, placement

from deskcrm.domain.contract_rates import Margin, margin, rate_errors, rates_text
from deskcrm.store import db, journal
from deskcrm.store.errors import Invalid
from deskcrm.store.moves import create_job, move_submission, placement_defaults, update_job


@pytest.fixture
def desk(seeded_store):
    return seeded_store


def test_margin_is_bill_less_pay_and_its_share_of_the_bill():
    assert margin(800, 600) == Margin(200.0, 25.0)
    assert margin(80.5, 60) == Margin(20.5, 25.5)
    assert margin(None, 600) is None
    assert margin(0, 0).percent is None
    assert rates_text(800, 600, "EUR", "day") == "EUR 800/day bill · 600 pay · margin 200 (25%)"


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_a_bill_rate_below_the_pay_rate_is_refused_at_the_bill_rate(bill, pay):
    errors = rate_errors("contract", bill, pay, "day")
    assert ("bill_rate" in errors) == (bill < pay)
    if bill >= pay:
        assert margin(bill, pay).amount >= 0


def test_only_a_contract_has_rates():
    assert set(rate_errors("perm", 800, None, "day")) == {"bill_rate"}
    assert rate_errors("perm", None, None, None) == {}
    assert "rate_unit" in rate_errors("contract", 800, 600, None)
    assert "end_date" in rate_errors("contract", 800, 600, "day", date(2026, 1, 1), date(2026, 2, 1))


def test_a_contract_job_keeps_its_rates_and_an_edit_is_checked(desk):
    conn, ids, _ = desk
    made = create_job(conn, ids["acme"], {"title": "Rust contractor", "job_type": "contract", "bill_rate": 800,
                                          "pay_rate": 600, "rate_unit": "day", "end_date": date(2027, 6, 30)})
    job = journal.row(conn, "job_order", made.job_id)
    assert (job["bill_rate"], job["pay_rate"], job["rate_unit"], str(job["end_date"])[:10]) == (
        800.0, 600.0, "day", "2027-06-30")
    with pytest.raises(Invalid) as refused:
        update_job(conn, made.job_id, {"bill_rate": 550}, expected_version=1)
    assert "below the pay rate 600" in refused.value.field_errors["bill_rate"]
    assert journal.row(conn, "job_order", made.job_id)["version"] == 1  # nothing written
    saved = update_job(conn, made.job_id, {"bill_rate": 850, "rate_unit": "hour"}, expected_version=1)
    assert "bill rate" in saved.message and "rate unit" in saved.message
    with pytest.raises(Invalid) as perm:  # a permanent role with rates: refused, never dropped silently
        update_job(conn, made.job_id, {"job_type": "perm"}, expected_version=2)
    assert "only a contract has rates" in perm.value.field_errors["bill_rate"]


def test_a_contract_placement_takes_the_jobs_terms_and_needs_no_salary(desk):
    conn, ids, _ = desk
    job = add_job(conn, ids["acme"], flat=0.0)
    with db.write(conn):
        conn.execute("UPDATE job_order SET job_type = 'contract', bill_rate = 700, pay_rate = 560, rate_unit = 'day',"
                     " end_date = '2027-05-31' WHERE id = ?", (job,))
    sub = add_submission(conn, ids["george"], job)
    d = placement_defaults(conn, sub)
    assert (d.job_type, d.bill_rate, d.pay_rate, d.rate_unit, d.end_date) == ("contract", 700, 560, "day",
                                                                             date(2027, 5, 31))
    # no salary from the candidate's desired one: on a contract it booked a permanent-style fee unasked
    assert d.salary is None
    terms = replace(placement(salary=None, fee_percent=None), placement_type="contract", bill_rate=700.0,
                    pay_rate=560.0, rate_unit="day", end_date=date(2027, 5, 31))
    with pytest.raises(Invalid) as low:
        move_submission(conn, sub, "placed", expected_version=1, placement=replace(terms, bill_rate=500.0))
    assert "below the pay rate" in low.value.field_errors["bill_rate"]
    with pytest.raises(Invalid) as early:
        move_submission(conn, sub, "placed", expected_version=1, placement=replace(terms, end_date=date(2026, 1, 1)))
    assert "before the start" in early.value.field_errors["end_date"]
    result = move_submission(conn, sub, "placed", expected_version=1, placement=terms)
    pl = journal.row(conn, "placement", result.placement_id)
    assert (pl["placement_type"], pl["bill_rate"], pl["pay_rate"], pl["rate_unit"]) == ("contract", 700, 560, "day")
    assert (pl["salary"], pl["fee_amount"], str(pl["end_date"])[:10]) == (0.0, 0.0, "2027-05-31")
    from deskcrm.screens.board_cards import contract_line
    from deskcrm.store.account import load_account

    shown = next(p for p in load_account(conn, ids["acme"], today=date(2026, 11, 18)).placements
                 if p.id == result.placement_id)
    assert contract_line(shown.terms, shown.currency)[0] == (
        "EUR 700/day bill · 560 pay · margin 140 (20%) · ends 31 May 2027")


def test_a_permanent_placement_stays_as_it_was(desk):
    conn, ids, _ = desk
    result = move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    pl = journal.row(conn, "placement", result.placement_id)
    assert (pl["placement_type"], pl["bill_rate"], pl["end_date"]) == ("perm", None, None)


def test_jobs_and_placements_json_carry_the_terms_and_the_margin(desk):
    from clirun import run

    conn, ids, path = desk
    made = create_job(conn, ids["acme"], {"title": "Contract QA", "job_type": "contract", "bill_rate": 90,
                                          "pay_rate": 72, "rate_unit": "hour", "end_date": date(2027, 3, 31)})
    out = run("jobs", "--json", "--all", "--db", str(path))
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    row = rows[made.job_id]
    assert (row["job_type"], row["bill_rate"], row["pay_rate"], row["rate_unit"]) == ("contract", 90, 72, "hour")
    assert (row["margin"], row["margin_percent"], row["end_date"]) == (18, 20, "2027-03-31")
    perm = next(r for r in rows.values() if r["id"] != made.job_id)
    assert (perm["bill_rate"], perm["margin"]) == (None, None)
    sub = add_submission(conn, ids["george"], made.job_id)
    terms = replace(placement(fee_percent=None, flat_fee=0.0), placement_type="contract", bill_rate=90.0,
                    pay_rate=72.0, rate_unit="hour")
    placed = move_submission(conn, sub, "placed", expected_version=1, placement=terms)
    out = run("placements", "--json", "--all", "--db", str(path))
    pl = {r["id"]: r for r in json.loads(out.stdout)}[placed.placement_id]
    assert (pl["placement_type"], pl["margin"], pl["margin_percent"], pl["end_date"]) == ("contract", 18, 20, None)


def _contract_placement(conn, ids, offer: date, bill: float, pay: float, unit: str = "day") -> int:
    job = add_job(conn, ids["acme"], f"Contract {offer} {bill}", flat=0.0)
    sub = add_submission(conn, ids["george"], job)
    terms = replace(placement(offer=offer, start=offer, salary=None, fee_percent=None), placement_type="contract",
                    bill_rate=bill, pay_rate=pay, rate_unit=unit)
    return move_submission(conn, sub, "placed", expected_version=1, placement=terms).placement_id


def test_the_revenue_report_sums_contract_margin_per_month_and_unit_and_drills_to_the_placements(desk):
    from deskcrm.domain.periods import Period
    from deskcrm.store.reports import DEFINITIONS, records, revenue

    conn, ids, _ = desk
    a = _contract_placement(conn, ids, date(2026, 10, 5), 800, 600)
    b = _contract_placement(conn, ids, date(2026, 10, 20), 700, 630)
    c = _contract_placement(conn, ids, date(2026, 11, 2), 95, 75, "hour")
    report = revenue(conn, Period(date(2026, 10, 1), date(2026, 11, 30)), today=date(2026, 11, 18))
    october, november = report.buckets
    (unit, (oct_eur,)), = october.margin
    assert (unit, oct_eur.currency, oct_eur.amount, oct_eur.count) == ("day", "EUR", 270.0, 2)  # 200 + 70
    assert dict(november.margin)["hour"][0].amount == 20.0 and "day" not in dict(november.margin)
    assert {r.id for r in records(conn, oct_eur.trace)} == {a, b}
    assert [r.id for r in records(conn, dict(november.margin)["hour"][0].trace)] == [c]
    assert "bill rate − pay rate" in DEFINITIONS["contract_margin"]
    with db.write(conn):
        conn.execute("UPDATE placement SET status = 'fell_off' WHERE id = ?", (b,))  # fell off: not counted
    october = revenue(conn, Period(date(2026, 10, 1), date(2026, 10, 31)), today=date(2026, 11, 18)).buckets[0]
    assert dict(october.margin)["day"][0].amount == 200.0


def test_deskcrm_move_places_a_contract_with_its_rates_and_refuses_bill_below_pay_in_one_line(desk):
    from clirun import assert_one_line_error, run

    conn, ids, path = desk
    made = create_job(conn, ids["acme"], {"title": "Contract SRE", "job_type": "contract", "bill_rate": 800,
                                          "pay_rate": 600, "rate_unit": "day", "flat_fee": 0})
    sub = add_submission(conn, ids["george"], made.job_id)
    base = ("move", "submission", str(sub), "placed", "--db", str(path), "--offer", "2026-11-18",
            "--start", "2026-12-01")
    low = run(*base, "--bill-rate", "550")
    assert_one_line_error(low, "--bill-rate: the bill rate 550 is below the pay rate 600")
    assert_one_line_error(run(*base, "--per", "week\x1b[31m"), "--per:", "say day or hour")
    assert "\x1b" not in run(*base, "--per", "week\x1b[31m").stderr
    placed = run(*base, "--pay-rate", "650", "--end", "2027-06-30", "--json")
    assert placed.returncode == 0, placed.stderr
    pl = journal.row(conn, "placement", json.loads(placed.stdout)["placement_id"])
    assert (pl["placement_type"], pl["bill_rate"], pl["pay_rate"], pl["rate_unit"], str(pl["end_date"])[:10]) == (
        "contract", 800.0, 650.0, "day", "2027-06-30")


def test_a_contract_earns_by_its_rates_not_a_fee_in_the_figures(desk):
    """A contract job without fee terms of its own has no expected fee (the board's estimate, the
    weighted pipeline), and a contract placement without a fee is not "not yet invoiced"."""
    from clirun import run

    from deskcrm.domain.periods import Period
    from deskcrm.store.reports import revenue

    conn, ids, path = desk
    before = revenue(conn, Period(date(2026, 11, 1), date(2026, 11, 30)), today=date(2026, 11, 18))
    made = create_job(conn, ids["acme"], {"title": "Contract SRE", "job_type": "contract", "bill_rate": 800,
                                          "pay_rate": 600, "rate_unit": "day", "comp_min": 90000, "comp_max": 110000})
    row = {r["id"]: r for r in json.loads(run("jobs", "--json", "--all", "--db", str(path)).stdout)}[made.job_id]
    assert row["fee_estimate"] is None
    _contract_placement(conn, ids, date(2026, 11, 2), 800, 600)
    after = revenue(conn, Period(date(2026, 11, 1), date(2026, 11, 30)), today=date(2026, 11, 18))
    assert after.weighted_pipeline == before.weighted_pipeline
    assert after.not_invoiced == before.not_invoiced
