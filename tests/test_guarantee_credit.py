"""Issue 9 item 7: a failed guarantee applies the client's agreement — none: nothing owed back;
full: the whole fee credited (refund) or a replacement owed; pro-rata: fee × days not worked /
guarantee days credited — written on the placement, shown on the account and by `deskcrm
client`; undo restores the fee as it was.

Seed: P1 Ana at Globex started 83 days ago (2026-08-27), fee EUR 20,900 paid; P2 Ben at
Northwind started 30 days ago, fee EUR 16,400 invoiced; 90-day guarantees."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from clirun import assert_one_line_error, run
from hypothesis import given
from hypothesis import strategies as st
from moves_helpers import tables
from seed import TODAY, seed

from deskcrm.domain.guarantee_rules import guarantee_outcome
from deskcrm.store import account, db, journal
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.moves import move_placement, set_fee_status

START_P1 = TODAY - timedelta(days=83)
FEE_P1 = 20_900.0


@pytest.fixture
def desk(seeded_store):
    conn, ids, _path = seeded_store
    return conn, ids


def _rule(conn, company_id, rule):
    with db.write(conn):
        conn.execute("UPDATE company SET prorata_rule = ? WHERE id = ?", (rule, company_id))


def _pl(conn, key):
    return journal.row(conn, "placement", key)


def _globex(conn, ids):
    return account.load_account(conn, ids["globex"], today=TODAY)


def test_rule_none_owes_nothing_back(desk):
    conn, ids = desk
    _rule(conn, ids["globex"], "none")
    result = move_placement(conn, ids["p1"], "guarantee_failed", expected_version=1, reason="Left", owed="refund",
                            left_on=START_P1 + timedelta(days=20))
    pl = _pl(conn, ids["p1"])
    assert (pl["fee_status"], pl["credited_amount"], pl["owed"], pl["owed_rule"]) == ("paid", 0.0, None, "none")
    assert "nothing owed back" in result.message
    assert _globex(conn, ids).money.lifetime_value == FEE_P1


def test_rule_full_credits_the_whole_fee(desk):
    conn, ids = desk
    _rule(conn, ids["globex"], "full")
    before = tables(conn)
    result = move_placement(conn, ids["p1"], "guarantee_failed", expected_version=1, reason="Left", owed="refund",
                            left_on=START_P1 + timedelta(days=60))
    pl = _pl(conn, ids["p1"])
    assert (pl["fee_status"], pl["credited_amount"], pl["owed"], pl["left_on"]) == (
        "credited", FEE_P1, "refund", (START_P1 + timedelta(days=60)).isoformat())
    assert "EUR 20,900 credited: full refund" in result.message
    a = _globex(conn, ids)
    assert a.money.lifetime_value == 0 and a.money.credits == FEE_P1
    assert "full refund" in a.placements[0].guarantee.explain
    with db.write(conn):
        journal.undo(conn, result.txn)
    assert tables(conn) == before  # the fee as it was: paid, nothing credited


def test_rule_prorata_credits_the_days_not_worked(desk):
    conn, ids = desk
    _rule(conn, ids["globex"], "prorata")
    result = move_placement(conn, ids["p1"], "guarantee_failed", expected_version=1, reason="Left", owed="refund",
                            left_on=START_P1 + timedelta(days=72))
    pl = _pl(conn, ids["p1"])
    assert (pl["fee_status"], pl["credited_amount"], pl["owed"]) == ("paid", 4180.0, "refund")  # 20,900 × 18/90
    assert "EUR 4,180 credited: pro-rata refund, EUR 20,900 × 18/90 days not worked (left on day 72 of 90)" \
        in result.message
    a = _globex(conn, ids)
    assert a.money.lifetime_value == FEE_P1 - 4180  # paid fees less credits
    assert a.placements[0].credited == 4180 and a.placements[0].left_on == START_P1 + timedelta(days=72)
    # moving it back takes the credit back
    move_placement(conn, ids["p1"], "started", expected_version=2)
    pl = _pl(conn, ids["p1"])
    assert (pl["fee_status"], pl["credited_amount"], pl["owed"], pl["left_on"]) == ("paid", 0.0, None, None)


def test_replacement_is_an_obligation_not_a_credit(desk):
    conn, ids = desk
    result = move_placement(conn, ids["p1"], "guarantee_failed", expected_version=1, reason="Left",
                            owed="replacement", left_on=START_P1 + timedelta(days=40))
    pl = _pl(conn, ids["p1"])
    assert (pl["fee_status"], pl["credited_amount"], pl["owed"]) == ("paid", 0.0, "replacement")
    assert "replacement owed" in result.message
    a = _globex(conn, ids)
    assert a.money.replacements_owed == 1 and a.money.lifetime_value == FEE_P1
    assert a.placements[0].guarantee.summary == "replacement owed"


def test_a_credit_on_an_unpaid_fee_lowers_what_is_owed_and_survives_paid(desk):
    conn, ids = desk
    move_placement(conn, ids["p2"], "guarantee_failed", expected_version=1, reason="Left", owed="refund",
                   left_on=TODAY)  # Northwind: pro-rata, day 30 of 90: 16,400 × 60/90
    a = account.load_account(conn, ids["northwind"], today=TODAY)
    pl = _pl(conn, ids["p2"])
    assert (pl["fee_status"], pl["credited_amount"]) == ("invoiced", 10933.33)
    assert a.money.outstanding == pytest.approx(16400 - 10933.33)
    paid = set_fee_status(conn, ids["p2"], "paid", expected_version=2)
    assert "less EUR 10,933.33 credited" in paid.message
    assert _pl(conn, ids["p2"])["credited_amount"] == 10933.33
    a = account.load_account(conn, ids["northwind"], today=TODAY)
    assert a.money.lifetime_value == pytest.approx(17600 + 16400 - 10933.33)


def test_a_fee_credited_in_full_by_the_guarantee_cannot_be_marked_paid(desk):
    conn, ids = desk
    _rule(conn, ids["globex"], "full")
    move_placement(conn, ids["p1"], "guarantee_failed", expected_version=1, reason="Left", owed="refund",
                   left_on=TODAY)
    with pytest.raises(StoreError, match="whole fee was credited when the guarantee failed"):
        set_fee_status(conn, ids["p1"], "paid", expected_version=2)


@pytest.mark.parametrize(("days", "words"), [(-1, "before the start date"), (91, "after the guarantee ended")])
def test_a_last_day_outside_the_guarantee_is_refused_at_the_field(desk, days, words):
    conn, ids = desk
    with pytest.raises(Invalid) as err:
        move_placement(conn, ids["p1"], "guarantee_failed", expected_version=1, reason="Left", owed="refund",
                       left_on=START_P1 + timedelta(days=days))
    assert words in err.value.field_errors["left_on"]
    assert _pl(conn, ids["p1"])["status"] == "started"


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False), st.integers(1, 365), st.integers(0, 365))
def test_prorata_credit_is_between_nothing_and_the_fee(fee, days, worked):
    worked = min(worked, days)
    start = date(2026, 1, 1)
    out = guarantee_outcome("prorata", "refund", fee=fee, currency="EUR", guarantee_days=days, start=start,
                            left_on=start + timedelta(days=worked))
    assert 0 <= out.credit <= round(fee, 2)
    assert out.credit == pytest.approx(fee * (days - worked) / days, abs=0.006)


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def cli_desk(tmp_path):
    path = tmp_path / "desk.db"
    return path, seed(path)


def test_cli_refund_writes_the_credit_and_client_shows_it(cli_desk):
    path, ids = cli_desk
    left = (START_P1 + timedelta(days=72)).isoformat()
    result = run("move", "placement", str(ids["p1"]), "guarantee failed", "--db", str(path), "--reason", "Left",
                 "--owed", "refund", "--left", left)
    assert result.returncode == 0, result.stderr
    assert "EUR 4,180 credited: pro-rata refund" in result.stdout
    shown = run("client", "--db", str(path), str(ids["globex"]), "--date", TODAY.isoformat())
    assert shown.returncode == 0, shown.stderr
    assert "Lifetime value EUR 16,720 (paid fees less credits) · credited EUR 4,180" in shown.stdout
    assert "EUR 20,900 paid (EUR 4,180 credited)" in shown.stdout
    assert f"left {left} · EUR 4,180 credited: pro-rata refund" in shown.stdout
    data = json.loads(run("client", "--db", str(path), str(ids["globex"]), "--json", "--date",
                          TODAY.isoformat()).stdout)
    placed = data["placements_recent"][0]
    assert (placed["credited_amount"], placed["owed"], placed["left_on"]) == (4180.0, "refund", left)


def test_cli_bad_last_day_is_one_line(cli_desk):
    path, ids = cli_desk
    assert_one_line_error(run("move", "placement", str(ids["p1"]), "guarantee failed", "--db", str(path),
                              "--reason", "Left", "--owed", "refund", "--left", "someday"), "--left")
    assert_one_line_error(run("move", "placement", str(ids["p1"]), "guarantee failed", "--db", str(path),
                              "--reason", "Left", "--owed", "refund", "--left", "2020-01-01"),
                          "--left", "before the start date")
