"""A refund or a credit note follows an invoice: a fee never invoiced has nothing to refund or
credit. The acceptance tester saw a failed guarantee's refund written beside "not invoiced" (the
account and the board said both); now the store refuses it in one line saying why and what to do
(invoice it first, or a replacement), on both engines, and the CLI and the board's form say so.

Seed: P1 Ana at Globex (pro-rata), EUR 20,900 paid, started 83 days ago; 90-day guarantee."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from clirun import assert_one_line_error, run
from moves_helpers import tables
from seed import TODAY, Names, keys, query, run_app, screen_text, seed
from textual.widgets import Input

from deskcrm.domain.guarantee_rules import credit_refused
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.store import db, journal
from deskcrm.store.errors import StoreError
from deskcrm.store.moves import move_placement, set_fee_status

LEFT = TODAY - timedelta(days=83) + timedelta(days=72)  # Ana's last day: 18/90 days not worked
HOSTILE = "\x1b[31m[/]Ana [@click=app.quit]\u202eSilva"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NEVER = "the fee was never invoiced, so there is nothing to refund or credit: invoice it first"


def _never_invoiced(conn, pid: int) -> int:
    """P1 marked not invoiced (as a recruiter who never sent the invoice); its version now."""
    set_fee_status(conn, pid, "not_invoiced", expected_version=None)
    return journal.row(conn, "placement", pid)["version"]


def test_credit_refused_only_for_a_credit_on_a_fee_never_invoiced():
    assert credit_refused("not_invoiced", 10.0).startswith("the fee was never invoiced")
    assert credit_refused("not_invoiced", 0.0) is None  # a replacement, or rule none: nothing credited
    assert all(credit_refused(s, 10.0) is None for s in ("invoiced", "paid", "credited"))


def test_a_refund_or_credit_on_a_fee_never_invoiced_is_refused_and_changes_nothing(seeded_store):
    conn, ids, _path = seeded_store
    pid = ids["p1"]
    version = _never_invoiced(conn, pid)
    before = tables(conn)
    with pytest.raises(StoreError, match=f"placement {pid} \\(Ana Silva\\): {NEVER}"):
        move_placement(conn, pid, "guarantee_failed", expected_version=version, reason="Left", owed="refund",
                       left_on=LEFT)
    with pytest.raises(StoreError, match=NEVER):
        set_fee_status(conn, pid, "credited", expected_version=version)
    assert tables(conn) == before
    # invoiced first, the refund is a credit against that invoice; the invoice cannot be unsaid then
    set_fee_status(conn, pid, "invoiced", expected_version=version)
    pl = journal.row(conn, "placement", pid)
    move_placement(conn, pid, "guarantee_failed", expected_version=pl["version"], reason="Left", owed="refund",
                   left_on=LEFT)
    pl = journal.row(conn, "placement", pid)
    assert (pl["fee_status"], pl["credited_amount"]) == ("invoiced", 4180.0)
    with pytest.raises(StoreError, match="was refunded against its invoice when the guarantee failed; move it back"):
        set_fee_status(conn, pid, "not_invoiced", expected_version=pl["version"])
    assert journal.row(conn, "placement", pid)["fee_status"] == "invoiced"


def test_a_replacement_on_a_fee_never_invoiced_is_fine(seeded_store):
    conn, ids, _path = seeded_store
    pid = ids["p1"]
    version = _never_invoiced(conn, pid)
    move_placement(conn, pid, "guarantee_failed", expected_version=version, reason="Left", owed="replacement",
                   left_on=LEFT)
    pl = journal.row(conn, "placement", pid)
    assert (pl["fee_status"], pl["credited_amount"], pl["owed"]) == ("not_invoiced", 0.0, "replacement")


def test_the_cli_says_it_in_one_line(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path, Names(ana=HOSTILE))  # the candidate's name is in the line: as text
    conn = db.connect(path)
    try:
        _never_invoiced(conn, ids["p1"])
    finally:
        conn.close()
    result = run("move", "placement", str(ids["p1"]), "guarantee failed", "--db", str(path), "--reason", "Left",
                 "--owed", "refund", "--left", LEFT.isoformat())
    assert_one_line_error(result, NEVER, "or choose a replacement")
    assert not CONTROL.search(result.stderr) and "[/]" in result.stderr
    assert query(path, "SELECT status, credited_amount FROM placement WHERE id = ?", ids["p1"]) == [("started", 0.0)]


def test_the_board_form_says_it_at_the_field_and_keeps_what_was_typed(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    try:
        _never_invoiced(conn, ids["p1"])
    finally:
        conn.close()
    before = query(path, "SELECT status, fee_status, credited_amount FROM placement WHERE id = ?", ids["p1"])

    async def body(app, pilot):
        await keys(pilot, "5", "m")  # the first card: Ana (P1)
        await pilot.press(*"failed")
        await keys(pilot, "enter")
        await pilot.press(*"left for a competitor")
        await pilot.press("tab", "enter", "up", "enter")  # Owed: Refund
        box = app.screen.query_one("#field-left_on", Input)
        box.focus()
        box.value = ""
        await pilot.press(*LEFT.isoformat())
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)  # still open, the reason typed kept
        shown = screen_text(app)
        assert "The fee was never invoiced, so there is nothing to" in shown and "(esc, then i on the card)" in shown
        assert app.screen.query_one("#field-reason", Input).value == "left for a competitor"
        assert query(path, "SELECT status, fee_status, credited_amount FROM placement WHERE id = ?",
                     ids["p1"]) == before

    run_app(path, body)
