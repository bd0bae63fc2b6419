"""Hostile strings in every field the Clients list, the account screen and `deskcrm client` show:
company names, cities, notes, contacts' names/titles/phones, job titles, candidates, activity bodies.
The app stays up, each string is shown literally, nothing but colour codes reaches the terminal."""

from __future__ import annotations

import asyncio

import pytest
from seed import Names, index, screen_text, seed, settle
from test_hostile import HOSTILE, assert_safe

from deskcrm import text
from deskcrm.app import DeskApp
from deskcrm.screens.account import AccountScreen
from deskcrm.config.settings import Settings


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_in_clients_and_account(tmp_path, today, hostile):
    path = tmp_path / "desk.db"
    ids = seed(path, Names.every(hostile))
    index(path)
    literal = text.clean(hostile)

    async def go():
        app = DeskApp(path, Settings(me="SR"))
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            shown = screen_text(app)
            assert "8 companies" in shown and literal[:10] in shown
            assert_safe(app, shown)
            await pilot.press("slash", *"[/]")  # the filter box too
            await settle(pilot)
            assert_safe(app, screen_text(app))
            await pilot.press("escape", "escape")
            await settle(pilot)
            for key in ("northwind", "acme"):
                app.push_screen(AccountScreen(ids[key]))
                await settle(pilot)
                shown = screen_text(app)
                assert app.is_running and literal[:8] in shown
                assert_safe(app, shown)
                await pilot.press("a")  # the activity dialog shows the company's name
                await pilot.pause()
                assert_safe(app, screen_text(app))
                await pilot.press("escape", "escape")
                await settle(pilot)
            await pilot.press("3", "enter")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)
            assert_safe(app, screen_text(app))
            await pilot.press("escape", "b", "x")  # the BD board, exits shown
            await settle(pilot)
            shown = screen_text(app)
            assert "Business development" in shown and literal[:6] in shown
            assert_safe(app, shown)
            await pilot.press("m")  # the move-to picker names the company
            await pilot.pause()
            assert_safe(app, screen_text(app))

    asyncio.run(go())


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_in_the_add_contact_matches(tmp_path, today, hostile):
    """Names, cities, emails, titles, employers and companies of the people found: literal."""
    from deskcrm.screens.dialogs.find_person import FindPersonDialog
    from deskcrm.store import companies_write, db

    path = tmp_path / "desk.db"
    seed(path, Names.every(hostile))
    literal = text.clean(hostile)
    conn = db.connect(path)
    try:
        with db.write(conn):
            conn.execute("UPDATE person SET city = ?, headline = ?", (hostile, hostile))
            conn.execute("UPDATE candidate_profile SET current_title = ?, current_employer = ?", (hostile, hostile))
            conn.execute("UPDATE contact_role SET title = ?", (hostile,))
        people = companies_write._matches(conn, [r[0] for r in conn.execute("SELECT id FROM person LIMIT 8")])
    finally:
        conn.close()

    async def go():
        app = DeskApp(path, Settings(me="SR"))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            dialog = FindPersonDialog(hostile)
            app.push_screen(dialog)
            await settle(pilot)
            dialog._typed, dialog._people = hostile, people
            dialog._show()
            await pilot.press("down")
            await pilot.pause()
            shown = screen_text(app)
            assert app.is_running and literal[:8] in shown
            assert_safe(app, shown)

    asyncio.run(go())
