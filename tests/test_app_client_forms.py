"""Pilot tests of the account forms: a contact who is an existing candidate (no duplicate), a
new company, the fee agreement with validation, a stale save shown as a conflict, who left."""

from __future__ import annotations

import asyncio

import pytest
from seed import index, query, screen_text, seed, settle
from textual import events

from deskcrm.app import DeskApp
from deskcrm.screens.account import AccountScreen
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.config.settings import Settings

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return path, ids


async def open_account(pilot, company_id: int) -> AccountScreen:
    await settle(pilot)
    screen = AccountScreen(company_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def test_adding_a_contact_who_is_an_existing_candidate_creates_no_duplicate(desk):
    path, ids = desk
    people = query(path, "SELECT count(*) FROM person")[0][0]

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_account(pilot, ids["globex"])
            await pilot.press("n", *"Ana Silva")
            await settle(pilot)
            shown = screen_text(app)
            assert "Ana Silva" in shown and "+ New person: Ana Silva" in shown
            await pilot.press("enter", "enter")  # to the matches, pick the first: the candidate
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert "Ana Silva — contact at Globex" in screen_text(app)
            await pilot.press(*"Product Lead", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            ana = next(c for c in screen.account.contacts if c.person_id == ids["ana"])
            assert ana.alumni and ana.title == "Product Lead"
            assert "alumni" in screen_text(app)

    asyncio.run(go())
    assert query(path, "SELECT count(*) FROM person")[0][0] == people
    assert query(path, "SELECT person_id, title FROM contact_role WHERE company_id = ? AND person_id = ?",
                 ids["globex"], ids["ana"]) == [(ids["ana"], "Product Lead")]


def test_down_from_the_query_lands_on_the_first_match(desk):
    """``down`` moves to the matches WITH the first one highlighted, so ``down``, ``enter`` picks
    it (a second ``down`` is the second match, as the eye expects) — not a list with no cursor."""
    path, ids = desk
    people = query(path, "SELECT count(*) FROM person")[0][0]

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_account(pilot, ids["globex"])
            await pilot.press("n", *"Ana Silva")
            await settle(pilot)
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert "Ana Silva — contact at Globex" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(go())
    assert query(path, "SELECT count(*) FROM person")[0][0] == people


def _namesake(path, ids) -> int:
    """A second Ana Silva (a contact at Acme) and where the first one lives and works."""
    from deskcrm.store import companies_write, db

    conn = db.connect(path)
    try:
        with db.write(conn):
            conn.execute("UPDATE person SET city = 'Lisbon', email = 'ana@example.com' WHERE id = ?", (ids["ana"],))
            conn.execute("UPDATE candidate_profile SET current_title = 'Product Manager', current_employer = 'Initech'"
                         " WHERE person_id = ?", (ids["ana"],))
        return companies_write.add_contact(conn, ids["acme"], name="Ana Silva", email="a.silva@acme.example",
                                           title="CFO").person_id
    finally:
        conn.close()


def test_namesakes_show_where_they_live_their_email_job_and_roles(desk):
    path, ids = desk
    _namesake(path, ids)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await open_account(pilot, ids["globex"])
            await pilot.press("n", *"Ana Silva")
            await settle(pilot)
            shown = screen_text(app)
            assert "Ana Silva  ·  Lisbon  ·  ana@example.com" in shown
            assert "candidate (placed) · Product Manager at Initech" in shown
            assert "Ana Silva  ·  a.silva@acme.example" in shown
            assert "contact at Acme Ltd — CFO" in shown

    asyncio.run(go())


def test_the_footer_and_help_name_the_keys(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await open_account(pilot, ids["globex"])
            await pilot.press("n")
            await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert "esc Cancel" in footer and "f1 Help" in footer
            await pilot.press(*"Ana Silva")
            await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert "↓ Matches" in footer and "^n New person" in footer
            await pilot.press("down")
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            assert "⏎ Pick" in footer and "^n New person" in footer and "Matches" not in footer
            await pilot.press("f1")
            await pilot.pause()
            keys = str(app.screen.query_one("#help-keys").render())
            for entry in ("find_person.pick", "find_person.new", "find_person.cancel", "Pick", "New person"):
                assert entry in keys, entry

    asyncio.run(go())


def test_typing_in_the_matches_goes_on_in_the_box(desk):
    """Letters typed once the list has the focus are not lost: they go back to the box, added to
    what was typed (all of a fast burst), and the matches follow."""
    path, ids = desk
    other = _namesake(path, ids)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await open_account(pilot, ids["globex"])
            await pilot.press("n", *"Ana")
            await settle(pilot)
            await pilot.press("down")
            await pilot.pause()
            dialog = app.screen
            box = dialog.query_one("#who")
            assert dialog.focused is dialog.query_one("#people")
            matches = dialog.query_one("#people")
            for ch in " Silva":  # a fast typist: the whole burst is queued to the list at once
                matches.post_message(events.Key("space" if ch == " " else ch, ch))
            await settle(pilot)
            assert box.value == "Ana Silva" and dialog.focused is box
            await pilot.press("down", "x")  # one key from the list, the next one straight in the box
            await pilot.press("y")
            assert box.value == "Ana Silvaxy"  # nothing selected on the way back, so nothing replaced
            await pilot.press("backspace", "backspace")
            await settle(pilot)
            assert "+ New person: Ana Silva" in screen_text(app)
            await pilot.press("enter")  # to the matches; down to the Ana Silva at Acme
            await pilot.pause()
            while matches.highlighted_option.id != f"p{other}":
                await pilot.press("down")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(go())
    assert query(path, "SELECT count(*) FROM contact_role WHERE company_id = ? AND person_id = ?",
                 ids["globex"], other) == [(1,)]


def test_enter_before_the_search_answers_waits_for_its_matches(desk, monkeypatch):
    """A fast "Ana" … " Silva" enter enter: the list on screen is still the search for "Ana";
    enter waits for the matches of what was typed rather than picking from the old list."""
    import threading

    from deskcrm.store import companies_write

    path, ids = desk
    other = _namesake(path, ids)
    find = companies_write.find_people
    slow = {"on": False}
    answer = threading.Event()  # the search answers when the test says so, not after a guessed sleep

    def find_people(conn, typed, **kw):
        if slow["on"]:
            answer.wait(30)
        return find(conn, typed, **kw)

    monkeypatch.setattr(companies_write, "find_people", find_people)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await open_account(pilot, ids["globex"])
            await pilot.press("n", *"Ana Silva acm")  # finds nobody: only "+ New person"
            await settle(pilot)
            dialog = app.screen
            assert "+ New person: Ana Silva acm" in screen_text(app)
            slow["on"] = True
            await pilot.press(*["backspace"] * 4, "enter", "enter")  # "Ana Silva", before its search answers
            assert dialog.focused is dialog.query_one("#who")  # not on the stale list
            answer.set()
            await settle(pilot)
            assert app.screen is dialog and dialog.focused is dialog.query_one("#people")
            assert dialog.query_one("#people").highlighted_option.id in (f"p{ids['ana']}", f"p{other}")

    asyncio.run(go())


def test_ctrl_n_is_a_new_person_with_what_was_typed(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await open_account(pilot, ids["globex"])
            await pilot.press("n", "ctrl+n")  # nothing typed yet: nothing to create
            await pilot.pause()
            assert not isinstance(app.screen, FormDialog)
            await pilot.press(*"Ana Silva")
            await settle(pilot)
            await pilot.press("down", "ctrl+n")  # from the list too, matches or not
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            shown = screen_text(app)
            assert "New contact at Globex" in shown and "Ana Silva" in shown

    asyncio.run(go())


def test_a_new_person_as_contact(desk):
    path, ids = desk
    people = query(path, "SELECT count(*) FROM person")[0][0]

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_account(pilot, ids["acme"])
            await pilot.press("n", *"Zoe Quist")
            await settle(pilot)
            await pilot.press("enter", "enter")  # no match: the only line is "+ New person"
            await settle(pilot)
            await pilot.press("tab", *"not-an-email", "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert "not an email address" in screen_text(app)
            await pilot.press(*["backspace"] * 12, *"zoe@acme.example", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert any(c.name == "Zoe Quist" for c in screen.account.contacts)

    asyncio.run(go())
    assert query(path, "SELECT count(*) FROM person")[0][0] == people + 1


def test_fee_agreement_validation_and_a_stale_save_is_a_conflict(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_account(pilot, ids["northwind"])
            await pilot.press("f")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormDialog)
            await pilot.press(*["backspace"] * 3, *"140", "tab")
            await pilot.pause()
            assert "must be between 0 and 100 %" in screen_text(app)
            await pilot.press("shift+tab", *["backspace"] * 3, *"25", "tab", *"10k", "ctrl+s")
            await pilot.pause()
            assert "a percentage OR a flat amount" in screen_text(app)
            await pilot.press(*["backspace"] * 3)
            # someone else saves the company meanwhile
            import sqlite3
            conn = sqlite3.connect(path)
            conn.execute("UPDATE company SET version = version + 1 WHERE id = ?", (ids["northwind"],))
            conn.commit()
            conn.close()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)  # re-opened, nothing lost
            shown = screen_text(app)
            assert "Someone else saved this fee agreement while you edited it" in shown
            await pilot.press("escape")  # what it holds was never saved: esc asks first
            await settle(pilot)
            assert "esc again to discard" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            await pilot.press(*["backspace"] * 3, *"25", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen and screen.account.fee.fee_percent == 25.0

    asyncio.run(go())
    assert query(path, "SELECT fee_percent FROM company WHERE id = ?", ids["northwind"]) == [(25.0,)]


def test_contact_left_keeps_the_history(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_account(pilot, ids["northwind"])
            await pilot.press("x")  # the contacts list has focus: Bo Chen
            await settle(pilot)
            await pilot.press("ctrl+s")  # today
            await settle(pilot)
            assert screen.account.contacts[0].left_at is not None
            assert "left 18 Nov 2026" in screen_text(app)
            assert "Bo Chen" in screen_text(app)

    asyncio.run(go())


def test_new_company_from_the_list_opens_its_account(desk):
    path, _ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            await pilot.press("n", *"Initrode")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen)
            assert "Initrode  ·  Target" in screen_text(app)

    asyncio.run(go())
    assert query(path, "SELECT name, bd_stage, fee_percent FROM company WHERE name = 'Initrode'") == [
        ("Initrode", "target", 20.0)]


def test_c_marks_the_highlighted_contact_as_the_billing_contact(desk):
    """`c` on a contact: their role (title, hiring manager, billing contact) in a form, saved."""
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_account(pilot, ids["northwind"])
            assert "c Role" in screen_text(app)  # in the footer while a contact is highlighted
            await pilot.press("c")  # the contacts list has focus: Bo Chen
            await settle(pilot)
            assert isinstance(app.screen, FormDialog) and "Bo Chen — contact at" in screen_text(app)
            assert "invoice reminders" in screen_text(app)  # what the billing contact is for
            await pilot.press("tab", "tab", "enter", "down", "enter")  # title, hiring manager -> billing: Yes
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert screen.account.contacts[0].billing and "billing" in screen_text(app)

    asyncio.run(go())
    assert query(path, "SELECT is_billing FROM contact_role cr JOIN person p ON p.id = cr.person_id"
                       " WHERE p.name = 'Bo Chen'") == [(1,)]
