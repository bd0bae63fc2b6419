"""Issue 9 item 7 in the TUI: moving a placement to Guarantee failed on the board asks what is
owed and the last day, says how the client's agreement counts it, writes the credit, shows it on
the account; ctrl+z puts the fee back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from seed import TODAY, keys, query, run_app, screen_text, seed, settle
from textual.widgets import Input

from deskcrm.screens.account import AccountScreen
from deskcrm.screens.dialogs.form import FormDialog

START_P1 = TODAY - timedelta(days=83)  # Ana at Globex (pro-rata), EUR 20,900 paid
ROW = "SELECT status, fee_status, credited_amount, owed, left_on FROM placement WHERE id = ?"


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    return path, seed(path)


async def _to_failed(pilot, reason: str = "left for a competitor") -> None:
    await keys(pilot, "5", "m")  # the first card: Ana (P1)
    await pilot.press(*"failed")
    await keys(pilot, "enter")
    await pilot.press(*reason)


async def _type_last_day(pilot, typed: str) -> None:
    box = pilot.app.screen.query_one("#field-left_on", Input)
    box.focus()
    box.value = ""
    await pilot.press(*typed)


def test_a_prorata_refund_is_credited_shown_and_undone(desk):
    path, ids = desk
    before = query(path, ROW, ids["p1"])

    async def body(app, pilot):
        await _to_failed(pilot)
        assert isinstance(app.screen, FormDialog)
        shown = screen_text(app)
        assert "Globex's agreement: pro-rata." in shown and "× days not worked ÷ 90" in shown
        assert "started 2026-08-27" in shown
        await pilot.press("tab", "enter", "up", "enter")  # Owed: Refund
        await _type_last_day(pilot, (START_P1 + timedelta(days=72)).strftime("%-d/%-m/%Y"))
        await keys(pilot, "ctrl+s")
        assert query(path, ROW, ids["p1"]) == [("guarantee_failed", "paid", 4180.0, "refund",
                                                (START_P1 + timedelta(days=72)).isoformat())]
        said = [n.message for n in app._notifications]
        assert any("EUR 4,180 credited: pro-rata refund, EUR 20,900 × 18/90 days not worked" in m for m in said)
        app.push_screen(AccountScreen(ids["globex"]))
        await settle(pilot)
        account = screen_text(app)
        assert "EUR 4,180 credited" in account and "pro-rata: 18/90 days not worked" in account
        assert "Credited     EUR 4,180" in account and "Lifetime     EUR 16,720" in account
        await keys(pilot, "escape", "ctrl+z")
        assert query(path, ROW, ids["p1"]) == before

    run_app(path, body)


def test_a_last_day_before_the_start_is_refused_at_the_field(desk):
    path, ids = desk
    before = query(path, ROW, ids["p1"])

    async def body(app, pilot):
        await _to_failed(pilot)
        await _type_last_day(pilot, (START_P1 - timedelta(days=3)).isoformat())
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        assert "before the start date" in screen_text(app)
        assert query(path, ROW, ids["p1"]) == before

    run_app(path, body)


def test_replacement_owed_shows_on_the_account(desk):
    path, ids = desk

    async def body(app, pilot):
        await _to_failed(pilot)
        await keys(pilot, "ctrl+s")  # Owed: replacement (the default), last day today
        assert query(path, ROW, ids["p1"]) == [("guarantee_failed", "paid", 0.0, "replacement", TODAY.isoformat())]
        app.push_screen(AccountScreen(ids["globex"]))
        await settle(pilot)
        account = screen_text(app)
        assert "replacement owed" in account and "Owed         1 replacement" in account

    run_app(path, body)
