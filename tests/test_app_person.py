"""Pilot tests of the person screen: real key presses on a seeded database file."""

from __future__ import annotations

import asyncio
import json

import pytest
from seed import query, screen_text, seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db

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


def write(path, sql, *args) -> None:
    conn = db.connect(path)
    try:
        with db.write(conn):
            conn.execute(sql, args)
    finally:
        conn.close()


SKILLS = ["Python", "PostgreSQL", "Kubernetes", "Terraform", "Amazon Web Services", "Distributed systems",
          "Event sourcing", "Kafka", "Team leadership", "Docker", "Go", "gRPC", "Observability",
          "Incident management", "Rust", "Machine learning", "German C1", "Mentoring", "Code review"]


def profile_lines(screen) -> list[str]:
    """The Skills row and the lines under it (the value column), as the panel shows them."""
    shown = str(screen.query_one("#profile").render()).splitlines()
    start = next(i for i, line in enumerate(shown) if line.startswith("Skills"))
    rows = [shown[start]] + [line for line in shown[start + 1:start + 4] if line.startswith(" " * 13)]
    return [line[13:].rstrip() for line in rows]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_skills_wrap_under_their_label_then_say_how_many_more(desk, size):
    """Skills are not cut at the panel's edge ("…, Doc…"): they go on under the label, whole,
    up to three lines; what does not fit then is counted ("+N more")."""
    path, ids = desk
    few = SKILLS[:7]
    write(path, "UPDATE candidate_profile SET skills = ? WHERE person_id = ?", json.dumps(few), ids["lena"])

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=size) as pilot:
            screen = await open_person(pilot, ids["lena"])
            width = screen.query_one("#profile").content_region.width
            rows = profile_lines(screen)
            assert 2 <= len(rows) <= 3 and all(len(r) <= width - 13 for r in rows)
            assert ", ".join(r.rstrip(",") for r in rows) == ", ".join(few)  # every skill, whole, in order
            assert "…" not in "".join(rows)

    asyncio.run(go())

    write(path, "UPDATE candidate_profile SET skills = ? WHERE person_id = ?", json.dumps(SKILLS), ids["lena"])

    async def many():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=size) as pilot:
            screen = await open_person(pilot, ids["lena"])
            width = screen.query_one("#profile").content_region.width
            rows = profile_lines(screen)
            assert len(rows) == 3 and all(len(r) <= width - 13 for r in rows)
            shown = [s.strip() for r in rows for s in r.split(",") if s.strip()]
            assert shown[-1].endswith(" more")
            assert shown[:-1] == SKILLS[:len(shown) - 1]
            assert shown[-1] == f"+{len(SKILLS) - (len(shown) - 1)} more"

    asyncio.run(many())


def test_skills_follow_a_resize(desk):
    path, ids = desk
    write(path, "UPDATE candidate_profile SET skills = ? WHERE person_id = ?", json.dumps(SKILLS[:9]), ids["lena"])

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_person(pilot, ids["lena"])
            wide = profile_lines(screen)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            narrow = profile_lines(screen)
            assert wide[-1].endswith("+3 more")  # 41 cells for the value: three lines hold six
            assert len(narrow) == 3 and len(narrow[0]) > len(wide[0])  # 60 cells: all nine
            assert narrow[-1].endswith("Team leadership") and "…" not in "".join(narrow)

    asyncio.run(go())


def row_lines(screen, label: str) -> list[str]:
    """A profile row and its continuation lines (blank label column), value column only."""
    shown = str(screen.query_one("#profile").render()).splitlines()
    start = next(i for i, line in enumerate(shown) if line.startswith(label))
    rows = [shown[start]]
    for line in shown[start + 1:]:
        if not line.startswith(" " * 13):
            break
        rows.append(line)
    return [line[13:].rstrip() for line in rows]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_now_wraps_under_its_label(desk, size):
    """A long "title at employer" is not cut at the panel's edge: it goes on under the label,
    broken between words, every word shown; an absurdly long one stops at three lines with "…"."""
    path, ids = desk
    title, employer = "Principal Distributed Systems Engineer", "Northwind Logistics International Holdings"
    write(path, "UPDATE candidate_profile SET current_title = ?, current_employer = ? WHERE person_id = ?",
          title, employer, ids["lena"])

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=size) as pilot:
            screen = await open_person(pilot, ids["lena"])
            width = screen.query_one("#profile").content_region.width
            rows = row_lines(screen, "Now")
            assert len(rows) >= 2 and all(len(r) <= width - 13 for r in rows), rows
            assert " ".join(rows) == f"{title} at {employer}" and "…" not in "".join(rows)
            assert row_lines(screen, "Seniority")  # the next row is still there, under it

    asyncio.run(go())

    write(path, "UPDATE candidate_profile SET current_title = ? WHERE person_id = ?", "Engineer " * 40, ids["lena"])

    async def long():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=size) as pilot:
            screen = await open_person(pilot, ids["lena"])
            rows = row_lines(screen, "Now")
            assert len(rows) == 3 and rows[-1].endswith("…"), rows

    asyncio.run(long())


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


def test_a_long_contact_value_goes_on_under_itself_at_120x40(tmp_path, today):
    """Acceptance of issue 9: at 120 columns the person's panels cut a long value ("Lawful basis
    Legitimate interest · source Business dev…", a long email). It goes on under its value."""
    from seed import Names

    path = tmp_path / "desk.db"
    ids = seed(path, Names(email="{first}.hoffmann-schreiber@northwind-logistics-group.example"))
    email = "lena.hoffmann-schreiber@northwind-logistics-group.example"

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await open_person(pilot, ids["lena"])
            half = app.size.width // 2  # the contact panel: the right-hand column of the grid
            panel = [line[half:].strip(" │") for line in screen_text(app).splitlines()[3:12]]
            assert not any(cell.endswith("…") for cell in panel), panel
            at = next(i for i, cell in enumerate(panel) if cell.startswith("Email"))
            assert (panel[at].removeprefix("Email").strip() + panel[at + 1].strip()) == email, panel[at:at + 2]

    asyncio.run(go())
