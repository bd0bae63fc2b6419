"""The business-development board: store reads and moves (journaled, activity, stale = Conflict,
Active client needs a fee agreement), and a Pilot test pressing the board's keys."""

from __future__ import annotations

import asyncio

import pytest
from seed import TODAY, index, query, screen_text, seed, settle

from deskcrm.app import DeskApp
from deskcrm.screens.account import AccountScreen
from deskcrm.screens.bd_board import BDBoardScreen
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.config.settings import Settings
from deskcrm.store import bd_board, db, journal
from deskcrm.store.errors import Conflict, Invalid


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    return path, ids


def test_board_columns_counts_and_filter(desk):
    path, _ids = desk
    conn = db.connect(path)
    board = bd_board.bd_board(conn)
    assert [(c.stage, c.count) for c in board.columns] == [
        ("target", 1), ("contacted", 1), ("meeting", 1), ("terms_sent", 1), ("active_client", 3)]
    assert [c.name for c in board.column("active_client").cards] == ["Acme Ltd", "Globex", "Northwind Logistics"]
    meeting = board.column("meeting").cards[0]
    assert meeting.last_contact == TODAY.replace(day=12) and not meeting.fee_agreed
    with_exits = bd_board.bd_board(conn, include_exits=True)
    assert [c.stage for c in with_exits.columns][-2:] == ["dormant", "lost"]
    assert with_exits.column("dormant").count == 1
    assert [c.count for c in bd_board.bd_board(conn, text="umbrella labs").columns] == [0, 1, 0, 0, 0]
    conn.close()


def test_moves_are_journaled_and_active_client_needs_a_fee(desk):
    path, ids = desk
    conn = db.connect(path)
    r = bd_board.move_company(conn, ids["bd_target"], "contacted", expected_version=1)
    assert query(path, "SELECT bd_stage, version FROM company WHERE id = ?", ids["bd_target"]) == [("contacted", 2)]
    assert query(path, "SELECT kind, body FROM activity WHERE company_id = ? ORDER BY id DESC LIMIT 1",
                 ids["bd_target"]) == [("stage_change", "Moved to Contacted")]
    with pytest.raises(Conflict):
        bd_board.move_company(conn, ids["bd_target"], "meeting", expected_version=1)
    with pytest.raises(Invalid) as err:
        bd_board.move_company(conn, ids["bd_meeting"], "active_client", expected_version=1)
    assert "fee_percent" in err.value.field_errors
    with pytest.raises(Invalid):
        bd_board.move_company(conn, ids["bd_meeting"], "active_client", expected_version=1, fee={"fee_percent": 140.0})
    done = bd_board.move_company(conn, ids["bd_meeting"], "active_client", expected_version=1,
                                 fee={"fee_percent": 18.0, "fee_currency": "GBP"})
    assert query(path, "SELECT bd_stage, fee_percent FROM company WHERE id = ?", ids["bd_meeting"]) == [
        ("active_client", 18.0)]
    bd_board.move_company(conn, ids["bd_terms_sent"], "active_client", expected_version=1)  # has 15 %
    with db.write(conn):
        journal.undo(conn, done.txn)
        journal.undo(conn, r.txn)
    assert query(path, "SELECT bd_stage, fee_percent FROM company WHERE id = ?", ids["bd_meeting"]) == [("meeting", None)]
    assert query(path, "SELECT bd_stage FROM company WHERE id = ?", ids["bd_target"]) == [("target",)]
    conn.close()


def test_moving_a_company_on_the_board_with_keys(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3", "b")
            await settle(pilot)
            board = app.screen
            assert isinstance(board, BDBoardScreen)
            assert "Business development · 4 in play · 3 active clients" in screen_text(app)
            await pilot.press("L")  # Umbrella Co: Target → Contacted
            await settle(pilot)
            assert query(path, "SELECT bd_stage FROM company WHERE id = ?", ids["bd_target"]) == [("contacted",)]
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert query(path, "SELECT bd_stage FROM company WHERE id = ?", ids["bd_target"]) == [("target",)]
            await pilot.press("l", "l", "L")  # Umbrella Bio: Meeting → Terms sent
            await settle(pilot)
            await pilot.press("L")  # → Active client: no fee agreement, so the form asks for one
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert "No fee agreement on file" in screen_text(app)
            await pilot.press(*["backspace"] * 2, *"17.5", "ctrl+s")
            await settle(pilot)
            assert app.screen is board
            assert query(path, "SELECT bd_stage, fee_percent FROM company WHERE id = ?", ids["bd_meeting"]) == [
                ("active_client", 17.5)]
            await pilot.press("enter")  # the moved card keeps the focus: open its account
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["bd_meeting"]

    asyncio.run(go())


def test_j_and_k_reorder_a_column_and_ctrl_z_puts_it_back(desk):
    path, _ids = desk
    order = "SELECT name FROM company WHERE bd_stage = 'active_client' ORDER BY rank, name_norm, id"

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3", "b")
            await settle(pilot)
            await pilot.press("l", "l", "l", "l")  # Active client: Acme, Globex, Northwind (by name)
            await settle(pilot)
            assert [r[0] for r in query(path, order)] == ["Acme Ltd", "Globex", "Northwind Logistics"]
            await pilot.press("J")  # Acme one down
            await settle(pilot)
            assert [r[0] for r in query(path, order)] == ["Globex", "Acme Ltd", "Northwind Logistics"]
            assert [c.name for c in bd_board.bd_board(db.connect(path)).column("active_client").cards] == [
                "Globex", "Acme Ltd", "Northwind Logistics"]
            await pilot.press("J", "K")  # down past Northwind, then back up
            await settle(pilot)
            assert [r[0] for r in query(path, order)] == ["Globex", "Acme Ltd", "Northwind Logistics"]
            for _ in range(3):
                await pilot.press("ctrl+z")
                await settle(pilot)
            assert [r[0] for r in query(path, order)] == ["Acme Ltd", "Globex", "Northwind Logistics"]

    asyncio.run(go())


def test_a_long_column_pages_in_more_cards(desk, monkeypatch):
    """"+N more": going past the loaded cards reads the next page from the BD store (the shared
    board paging knows only jobs, pipeline and placements — it crashed the app here)."""
    path, _ids = desk
    monkeypatch.setattr(BDBoardScreen, "PER_COLUMN", 2)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3", "b")
            await settle(pilot)
            await pilot.press("l", "l", "l", "l")  # Active client: Acme, Globex (+1 more)
            await settle(pilot)
            assert "+1 more" in screen_text(app)
            await pilot.press("j", "j")
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, BDBoardScreen)
            assert "Northwind Logistics" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)

    asyncio.run(go())


def test_the_header_counts_with_thousands_separators():
    from deskcrm.screens.bd_board import board_header
    from deskcrm.store.board_cards import Board, Column

    board = Board((Column("target", 600, (), ()), Column("contacted", 1234, (), ()),
                   Column("active_client", 1100, (), ())), "client")
    assert board_header(board, False).plain == (
        "Business development · 1,834 in play · 1,100 active clients · Dormant and Lost hidden (x shows)")


def test_a_card_moved_past_the_loaded_page_keeps_the_focus(desk, monkeypatch):
    """1,100 active clients: a company made a client (the fee form) lands in name order far past
    the cards loaded; the column reads on to it and the cursor stays on it."""
    path, ids = desk
    monkeypatch.setattr(BDBoardScreen, "PER_COLUMN", 2)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3", "b")
            await settle(pilot)
            board = app.screen
            await pilot.press("l", "l", "L")  # Umbrella Bio: Meeting → Terms sent
            await settle(pilot)
            await pilot.press("L")  # → Active client (Acme, Globex +1 more): the fee form first
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await pilot.press(*["backspace"] * 2, *"17.5", "ctrl+s")
            await settle(pilot, 8)
            assert app.screen is board
            assert board.kanban.focused == (ids["bd_meeting"], "active_client")
            assert "Umbrella Bio" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["bd_meeting"]

    asyncio.run(go())


def test_the_board_header_is_whole_at_80x24(desk):
    """Acceptance of issue 9: at 80 columns the BD board's header ended "Dormant and Lost hidden…"
    — the key that shows them was cut. A header too long for the line goes on to a second one."""
    path, _ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("3", "b")
            await settle(pilot)
            assert isinstance(app.screen, BDBoardScreen)
            top = " ".join(line.strip() for line in screen_text(app).splitlines()[1:3])
            assert "Dormant and Lost hidden (x shows)" in top and "…" not in top, top
            assert screen_text(app).splitlines()[3].lstrip().startswith("Target"), "the board follows"

    asyncio.run(go())
