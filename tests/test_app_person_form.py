"""Pilot tests: create and edit a person (n / e), errors at the field, a stale save shown as a
conflict, the duplicates dialog (open / merge / create anyway), the merge preview and ctrl+z."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from seed import index, screen_text, seed, settle
from textual.widgets import Input, Static

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.dialogs.duplicates import DuplicatesDialog
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.merge import MergeDialog
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db, journal

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return path, ids


def q(path, sql, *args):
    conn = db.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


async def open_person(pilot, person_id: int) -> PersonScreen:
    await settle(pilot)
    screen = PersonScreen(person_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def fill(pilot, form: FormDialog, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).focus()
        await pilot.pause()
        form.query_one(f"#field-{name}", Input).value = ""
        await pilot.press(*value) if value else None
    await pilot.pause()


def error_of(form: FormDialog, name: str) -> str:
    error = form.query_one(f"#error-{name}", Static)
    return str(error.render()) if error.has_class("-shown") else ""


def test_create_with_an_invalid_email_then_fix_it_and_save(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, dataclasses.replace(settings_mod.load(), me="SR"))  # new people are mine
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, ids["lena"])
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormDialog)
            await fill(pilot, form, name="Zoe Quinn", email="zoe@@example", source="Referral",
                       current_salary="85k", available_from="15/1/2027", skills="Go, Rust")
            await pilot.press("tab")  # leave the field: it is checked
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form  # not saved
            assert "not an email address" in error_of(form, "email")
            assert not any("check" in n.message for n in app._notifications)  # one field: said there, no toast over it
            assert form.query_one("#field-name", Input).value == "Zoe Quinn"  # nothing typed lost
            await fill(pilot, form, available_from="31/02/2027")  # two fields wrong: a toast names both
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert any(n.message == "Not saved: check Email, Available from" for n in app._notifications)
            await fill(pilot, form, available_from="15/1/2027")
            assert q(path, "SELECT count(*) FROM person WHERE name = 'Zoe Quinn'") == [(0,)]
            await fill(pilot, form, email="zoe@example.com")
            assert error_of(form, "email") == ""  # fixed as you type
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert q(path, "SELECT owner_id FROM person WHERE name = 'Zoe Quinn'") == [(1,)]
            (row,) = q(path, "SELECT p.id, p.email_norm, cp.current_salary, cp.available_from, cp.skills"
                             " FROM person p JOIN candidate_profile cp ON cp.person_id = p.id WHERE p.name = 'Zoe Quinn'")
            assert row[1:] == ("zoe@example.com", 85000.0, "2027-01-15", '["Go", "Rust"]')
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == row[0]  # the new record opens
            assert "Zoe Quinn" in screen_text(app)
            await pilot.press("ctrl+z")  # undoes the create
            await settle(pilot)
            assert q(path, "SELECT count(*) FROM person WHERE name = 'Zoe Quinn'") == [(0,)]

    asyncio.run(go())


def test_a_stale_edit_shows_a_conflict_and_keeps_what_was_typed(desk):
    path, ids = desk
    lena = ids["lena"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, lena)
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FormDialog)
            assert form.query_one("#field-email", Input).value == "lena@example.com"
            assert form.query_one("#field-desired_salary", Input).value == "110,000"
            conn = db.connect(path)  # someone else saves first
            with db.write(conn):
                journal.update(conn, journal.new_txn(), "person", lena, {"city": "Hamburg"})
            conn.close()
            await fill(pilot, form, headline="Chief Data Officer")
            await pilot.press("ctrl+s")
            await settle(pilot)
            form2 = app.screen
            assert isinstance(form2, FormDialog) and form2 is not form
            banner = str(form2.query_one("#form-banner", Static).render())
            assert banner.startswith("Someone else saved this person while you edited it: their City is in the form")
            assert form2.query_one("#field-city", Input).value == "Hamburg"  # theirs, untouched here
            assert form2.query_one("#field-headline", Input).value == "Chief Data Officer"  # nothing lost
            assert q(path, "SELECT headline, city FROM person WHERE id = ?", lena) == [
                ("Senior Backend Engineer, payments", "Hamburg")]  # not overwritten
            await pilot.press("ctrl+s")  # save what I changed; their city stays
            await settle(pilot)
            assert q(path, "SELECT headline, city FROM person WHERE id = ?", lena) == [("Chief Data Officer", "Hamburg")]

    asyncio.run(go())


def test_a_duplicate_offers_open_merge_or_create_anyway(desk):
    path, ids = desk
    lena = ids["lena"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, ids["dev"])
            for key in ("o", "c"):
                await pilot.press("n")
                await settle(pilot)
                await fill(pilot, app.screen, name="Lena Hofman", email="LENA@example.com", source="Job board",
                           current_employer="Globex")
                await pilot.press("ctrl+s")
                await settle(pilot)
                dialog = app.screen
                assert isinstance(dialog, DuplicatesDialog)
                shown = screen_text(app)
                assert "Lena Hoffmann" in shown and "same email lena@example.com" in shown
                assert "similar name at Globex" in shown
                assert "open it" in shown and "merge into it" in shown and "create anyway" in shown
                await pilot.press(key)
                await settle(pilot)
                if key == "o":
                    assert isinstance(app.screen, PersonScreen) and app.screen.person_id == lena
                    assert q(path, "SELECT count(*) FROM person WHERE name = 'Lena Hofman'") == [(0,)]
                    await pilot.press("escape")
                    await settle(pilot)
            (new,) = q(path, "SELECT id FROM person WHERE name = 'Lena Hofman'")
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == new[0]
            assert q(path, "SELECT person_a, person_b FROM not_duplicate") == [(lena, new[0])]

    asyncio.run(go())


def test_merge_with_the_preview_then_undo(desk):
    path, ids = desk
    lena, dev = ids["lena"], ids["dev"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, dev)
            await pilot.press("e")
            await settle(pilot)
            await fill(pilot, app.screen, email="lena@example.com")  # Dev's record is Lena's really
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DuplicatesDialog)
            await pilot.press("m")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, MergeDialog)
            shown = screen_text(app)
            assert f"Keep Lena Hoffmann #{lena}, merge in Dev Patel (#{dev})" in shown
            assert "Moves to the kept record: 1 activity, 1 submission; the other record is removed." in shown
            await pilot.press("j", "l")  # the second row (Email): take Dev's typed value
            await pilot.press("j", "j", "j", "l")  # City: take Dev's (London)
            assert dialog.choices["email"] == "drop" and dialog.choices["city"] == "drop"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert q(path, "SELECT count(*) FROM person WHERE id = ?", dev) == [(0,)]
            assert q(path, "SELECT city FROM person WHERE id = ?", lena) == [("London",)]
            assert q(path, "SELECT count(*) FROM submission WHERE person_id = ?", lena) == [(3,)]
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == lena
            assert not any(isinstance(s, PersonScreen) and s.person_id == dev for s in app.screen_stack)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert q(path, "SELECT name, email FROM person WHERE id = ?", dev) == [("Dev Patel", "dev@example.com")]
            assert q(path, "SELECT city FROM person WHERE id = ?", lena) == [("Berlin",)]
            assert q(path, "SELECT count(*) FROM submission WHERE person_id = ?", dev) == [(1,)]

    asyncio.run(go())


def test_search_n_and_e(desk):
    path, _ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("escape")  # empty query: to the results
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            name = app.screen.query_one("#field-name", Input).value
            assert name
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog) and app.screen.query_one("#field-name", Input).value == ""

    asyncio.run(go())


def test_the_merge_preview_keeps_the_highlighted_row_in_view_at_80x24(desk):
    """Issue 9 item 22: after ~20 `j` the highlighted row scrolled out of the dialog."""
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            await open_person(pilot, ids["dev"])
            await pilot.press("e")
            await settle(pilot)
            await fill(pilot, app.screen, email="lena@example.com")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, MergeDialog)
            rows = dialog.preview.rows
            assert len(rows) > 14  # more rows than fit at 80x24
            for step in range(len(rows) + 3):  # down past the end, then back up to the top
                await pilot.press("j")
                await pilot.pause()
                label = rows[dialog.query_one("#merge-rows").cursor_row].label
                shown = [line for line in screen_text(app).splitlines()[:-1] if f" {label} " in f" {line} "]
                assert shown, f"after {step + 1} j: the highlighted row {label!r} is not on screen"
            for _ in range(len(rows)):
                await pilot.press("k")
                await pilot.pause()
            label = rows[0].label
            assert any(label in line for line in screen_text(app).splitlines()), label

    asyncio.run(go())
