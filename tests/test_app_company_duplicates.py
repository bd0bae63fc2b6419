"""Issue 9 item 6 in the TUI: a new company (n on Clients) or a renamed one (e on its account)
with a name or website already on file opens the duplicates dialog — o opens the existing
account, m merges (preview, one write, ctrl+z undoes), c creates anyway (remembered)."""

from __future__ import annotations

import pytest
from seed import keys, query, run_app, screen_text, seed, settle

from deskcrm.screens.account import AccountScreen
from deskcrm.screens.dialogs.duplicates import DuplicatesDialog
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.merge import MergeDialog

COMPANIES = "SELECT count(*) FROM company"


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    return path, seed(path)


async def _new_company(pilot, name: str) -> None:
    await keys(pilot, "3", "n")
    assert isinstance(pilot.app.screen, FormDialog)
    await pilot.press(*name)
    await keys(pilot, "ctrl+s")


def test_a_second_company_of_one_name_is_caught_and_create_anyway_remembered(desk):
    path, ids = desk
    before = query(path, COMPANIES)[0][0]

    async def body(app, pilot):
        await _new_company(pilot, "ACME limited")
        assert isinstance(app.screen, DuplicatesDialog)
        shown = screen_text(app)
        assert "1 existing company may be “ACME limited”" in shown
        assert "Acme Ltd" in shown and "Why: same name" in shown
        await keys(pilot, "escape")  # back to the form, nothing typed lost
        assert isinstance(app.screen, FormDialog) and "it may be a duplicate" in screen_text(app)
        name = app.screen.focused
        assert name.id == "field-name" and name.selection.is_empty  # the next key must not wipe the name
        assert name.cursor_position == len("ACME limited")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, DuplicatesDialog)
        await keys(pilot, "c")
        assert isinstance(app.screen, AccountScreen)
        assert query(path, COMPANIES)[0][0] == before + 1
        new = query(path, "SELECT max(id) FROM company")[0][0]
        assert query(path, "SELECT company_a, company_b FROM company_not_duplicate") == [(ids["acme"], new)]

    run_app(path, body)


def test_open_shows_the_existing_account_and_saves_nothing(desk):
    path, ids = desk
    before = query(path, COMPANIES)[0][0]

    async def body(app, pilot):
        await _new_company(pilot, "Globex Inc.")
        await keys(pilot, "o")
        assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["globex"]
        assert query(path, COMPANIES)[0][0] == before

    run_app(path, body)


def test_merging_a_new_entry_updates_the_existing_account_and_undo_restores_it(desk):
    path, ids = desk
    row = "SELECT name, fee_percent, version FROM company WHERE id = ?"
    before, companies = query(path, row, ids["globex"]), query(path, COMPANIES)[0][0]

    async def body(app, pilot):
        await _new_company(pilot, "Globex Inc.")
        await keys(pilot, "m")
        assert isinstance(app.screen, MergeDialog)
        shown = screen_text(app)
        assert "Keep Globex #" in shown and "merge in Globex Inc. (what you typed)" in shown
        await keys(pilot, "l", "ctrl+s")  # the first row, Name: take the typed one
        assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["globex"]
        assert query(path, COMPANIES)[0][0] == companies
        assert query(path, row, ids["globex"])[0][0] == "Globex Inc."
        await keys(pilot, "ctrl+z")
        assert query(path, row, ids["globex"]) == before

    run_app(path, body)


def test_renaming_an_account_into_another_merges_it_and_undo_brings_it_back(desk):
    path, ids = desk
    placements = "SELECT company_id FROM placement WHERE id = ?"

    async def body(app, pilot):
        app.push_screen(AccountScreen(ids["globex"]))
        await settle(pilot)
        await keys(pilot, "e")
        name = app.screen.query_one("#field-name")
        name.value = ""
        await pilot.press(*"Acme Ltd.")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, DuplicatesDialog)
        assert "save anyway" in screen_text(app)
        await keys(pilot, "m")
        assert isinstance(app.screen, MergeDialog)
        assert "Moves to the kept record:" in screen_text(app) and "1 placement" in screen_text(app)
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["acme"]
        assert query(path, placements, ids["p1"]) == [(ids["acme"],)]
        assert query(path, "SELECT count(*) FROM company WHERE id = ?", ids["globex"]) == [(0,)]
        assert "Ana Silva" in screen_text(app)  # Globex's placement is on Acme's account now
        await keys(pilot, "ctrl+z")
        assert query(path, placements, ids["p1"]) == [(ids["globex"],)]
        assert query(path, "SELECT name FROM company WHERE id = ?", ids["globex"]) == [("Globex",)]

    run_app(path, body)


def test_a_hostile_company_name_is_shown_literally(desk):
    path, ids = desk
    hostile = "Jane [Acme Ltd] [@click=app.quit]\x1b]0;x\x07"
    from deskcrm.store import companies_write, db

    conn = db.connect(path)
    try:
        companies_write.create_company(conn, {"name": hostile, "website": "https://jane.example"})
    finally:
        conn.close()

    async def body(app, pilot):
        await keys(pilot, "3", "n")
        await pilot.press(*"Jane", "tab", "tab", "tab", "tab", *"jane.example")  # Name, then Website
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, DuplicatesDialog)
        shown = screen_text(app)
        assert "Jane [Acme Ltd] [@click=app.quit]␛]0;x␇" in shown and "same website jane.example" in shown
        await keys(pilot, "m")
        assert isinstance(app.screen, MergeDialog) and "Jane [Acme Ltd]" in screen_text(app)

    run_app(path, body)
