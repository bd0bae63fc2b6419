"""Pilot tests of the person screen: real key presses on a seeded database file."""

from __future__ import annotations

import asyncio

import pytest
from seed import query, screen_text, seed, settle

from deskcrm import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.person import PersonScreen

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return path, ids


async def open_person(pilot, person_id: int) -> PersonScreen:
    await settle(pilot)
    screen = PersonScreen(person_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def test_person_shows_roles_submissions_and_placements(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_person(pilot, ids["lena"])
            assert app.screen is screen and screen.has_class("-wide")
            shown = screen_text(app)
            assert "Lena Hoffmann" in shown
            # both roles on one record
            assert "Candidate (passive)" in shown
            assert "Contact at Globex — Head of Data (hiring manager)" in shown
            assert "Placed at Northwind Logistics in 2024" in shown
            assert "Submissions (3)" in shown and "Rejected by client" in shown
            assert "Submitted          Senior Backend Engineer" in shown
            assert "Fee      EUR 17,600 (20%) · paid" in shown
            assert "Lawful basis Consent · source Referral" in shown
            assert "Timeline — 8 entries, newest first" in shown
            assert "1 Due today" in shown and "› Person" in shown  # the section it was opened from

    asyncio.run(go())


def test_invoiced_fee_shows_its_due_date(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_person(pilot, ids["chloe"])
            shown = screen_text(app)
            assert "Fee      EUR 16,200 (18%) · invoiced" in shown
            assert "Invoice  due 31 Oct 2026 · 18 days late" in shown
            assert "Placed at Acme Ltd in 2026" in shown

    asyncio.run(go())


def test_log_an_activity_it_tops_the_timeline_and_undo_removes_it(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_person(pilot, ids["lena"])
            await pilot.press("a")
            await pilot.pause()
            shown = screen_text(app)
            assert "Log activity" in shown and "Lena Hoffmann" in shown
            await pilot.press("t", *"Wants 120k now", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert screen.record.timeline[0].body == "Wants 120k now"
            shown = screen_text(app)
            assert "Logged Call: talked" in shown
            assert "Timeline — 9 entries" in shown
            timeline = str(screen.query_one("#timeline").render())
            assert timeline.index("Wants 120k now") < timeline.index("Spoke about the role")
            assert "18 Nov 2026 09:00  Call: talked" in timeline
            rows = query(path, "SELECT kind, person_id, company_id FROM activity WHERE body = 'Wants 120k now'")
            assert rows == [("call_talked", ids["lena"], None)]  # a candidate: the person only
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert screen.record.timeline[0].body != "Wants 120k now"
            assert query(path, "SELECT count(*) FROM activity WHERE body = 'Wants 120k now'") == [(0,)]

    asyncio.run(go())


def test_a_call_with_a_client_contact_is_contact_with_the_client(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_person(pilot, ids["bo"])
            assert "no candidate profile" in screen_text(app)
            await pilot.press("a", "v", "ctrl+s")
            await settle(pilot)
        rows = query(path, "SELECT kind, person_id, company_id FROM activity WHERE person_id = ? ORDER BY id DESC LIMIT 1",
                     ids["bo"])
        assert rows == [("call_voicemail", ids["bo"], ids["northwind"])]

    asyncio.run(go())


def test_escape_returns_to_the_due_list(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_person(pilot, ids["lena"])
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, PersonScreen)
            assert "15 due" in screen_text(app)

    asyncio.run(go())


def test_p_on_due_details_opens_the_person(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # details of the first item: Chloe's overdue invoice
            await settle(pilot)
            assert "Open person" in screen_text(app)
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["chloe"]
            shown = screen_text(app)
            assert "Chloe Martin" in shown and "Candidate (placed)" in shown
            await pilot.press("escape")
            await settle(pilot)
            assert "Recent activity" in screen_text(app)  # back on the details

    asyncio.run(go())


def test_a_person_who_no_longer_exists(desk):
    path, _ = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_person(pilot, 999_999)
            assert "This person no longer exists" in screen_text(app)
            assert screen.check_action("log", ()) is None  # nothing to log on
            await pilot.press("a")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is not screen

    asyncio.run(go())


def test_narrow_is_one_column_and_scrolls(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_person(pilot, ids["lena"])
            assert screen.has_class("-narrow")
            profile, contact = screen.query_one("#profile"), screen.query_one("#contact")
            assert contact.region.y > profile.region.y and contact.region.x == profile.region.x
            assert "Timeline" not in screen_text(app)
            await pilot.press("G")
            await pilot.pause()
            assert "Timeline" in screen_text(app)
            await pilot.press("g", "j", "j")
            await pilot.pause()
            assert screen.query_one("#person-body").scroll_y == 2

    asyncio.run(go())


def test_help_lists_the_person_keys(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_person(pilot, ids["lena"])
            await pilot.press("question_mark")
            await pilot.pause()
            content = str(app.screen.query_one("#help-keys").render())
            for word in ("Person", "Back", "Log", "Scroll down", "Scroll up", "Top", "Bottom", "Undo", "Refresh"):
                assert word in content, word

    asyncio.run(go())


def test_every_binding_has_id_and_description():
    from deskcrm.screens.details import DetailsScreen

    for cls in (PersonScreen, DetailsScreen):
        for binding in cls.BINDINGS:
            assert binding.id and binding.description, (cls.__name__, binding)
