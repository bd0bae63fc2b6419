"""Hostile data (markup, escape sequences, bidi overrides) in every field the UI shows.

Each string goes into every seeded field (names, email, phone, headline, employer, company,
job title, notes, activity bodies). We press through the due list, the details screen, the
activity dialog, the snooze dialog and a notification, and check that the app stays up, the
text is shown literally, and nothing but colour codes reaches the terminal.
"""

from __future__ import annotations

import asyncio
import io
import re

import pytest
from rich.console import Console
from seed import Names, screen_text, seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm import text
from deskcrm.app import DeskApp

HOSTILE = [
    "[/]",
    "Bob [/bold] Smith",
    "[@click=app.quit]x[/]",
    "Jane Smith [Acme Ltd]",
    "[$accent]x",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\u202eevil",
]
# Overrides, embeddings, isolates: never drawn. (Direction marks, ALM/LRM/RLM, are part of a
# name as typed and cannot reorder text: they are drawn.)
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_OURS = re.compile(r"\x1b\[[0-9;]*[mH]")  # colours and cursor moves, as Textual writes them


def terminal_output(app) -> str:
    """What Textual would write for the current screen, colour codes and all."""
    width, height = app.size
    out = io.StringIO()
    console = Console(
        width=width, height=height, file=out, force_terminal=True, color_system="truecolor",
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return out.getvalue()


def assert_safe(app, shown: str) -> None:
    assert app.is_running
    raw = _OURS.sub("", terminal_output(app))
    assert "\x1b" not in raw, "an escape sequence other than a colour code reached the terminal"
    assert "\x07" not in raw
    assert not any(ch in raw for ch in _BIDI), "a bidi control reached the terminal"
    assert not any(ch in shown for ch in _BIDI)


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_are_shown_literally(tmp_path, today, hostile):
    path = tmp_path / "desk.db"
    seed(path, Names.every(hostile))
    literal = text.clean(hostile)  # what must appear: the string itself, controls made visible

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert "15 due" in shown
            assert literal in shown
            assert_safe(app, shown)
            if "\x1b" in hostile:
                assert "␛" in shown  # the control picture stands in for ESC

            await pilot.press("j", "enter")  # details of a placement item: every panel
            await settle(pilot)
            shown = screen_text(app)
            assert "Recent activity" in shown
            panels = {name: str(app.screen.query_one(f"#{name}").render()) for name in ("person", "company", "placement", "job", "activities")}
            for name in ("person", "company", "job", "activities"):
                assert literal in panels[name], name
            assert shown.count(literal) >= 8  # name, email, phone, headline, employer, notes, …
            assert_safe(app, shown)

            await pilot.press("a")  # the activity dialog shows who and where
            await pilot.pause()
            shown = screen_text(app)
            assert "Log activity" in shown and literal in shown
            assert_safe(app, shown)
            await pilot.press("escape", "escape")  # dialog, then details: back on the list

            text.notify(app, f"Saved {hostile}", title=hostile)  # a notification with user data
            await settle(pilot)
            shown = screen_text(app)
            assert "15 due" in shown
            assert f"Saved {literal}" in shown
            assert_safe(app, shown)

    asyncio.run(go())


def test_hostile_snooze_dialog_and_a_write(tmp_path, today):
    path = tmp_path / "desk.db"
    hostile = "\u202e[@click=app.quit]Jane \x1b[2J[Acme Ltd]"
    seed(path, Names.every(hostile))
    literal = text.clean(hostile)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("z")
            await pilot.pause()
            shown = screen_text(app)
            assert "one day" in shown and literal in shown
            assert_safe(app, shown)
            await pilot.press("w")  # snoozed a week: a write, its notification, the reload
            await settle(pilot)
            await pilot.press("a", "o", "k", "ctrl+s")
            await settle(pilot)
            shown = screen_text(app)
            assert "Snoozed until" in shown and "Logged Note" in shown
            assert_safe(app, shown)

    asyncio.run(go())


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_on_the_person_screen(tmp_path, today, hostile):
    """Every field the person screen shows (header, roles, profile, contact and consent,
    submissions, placements, notes, timeline), then the activity dialog and a logged note."""
    from deskcrm.screens.person import PersonScreen

    path = tmp_path / "desk.db"
    ids = seed(path, Names.every(hostile))
    literal = text.clean(hostile)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            screen = PersonScreen(ids["lena"])
            app.push_screen(screen)
            await settle(pilot)
            assert app.screen is screen and screen.record is not None
            for name in ("header", "profile", "contact", "submissions", "placements", "notes", "timeline"):
                assert literal in str(screen.query_one(f"#{name}").render()), name
            shown = screen_text(app)
            assert shown.count(literal) >= 12  # name, roles, employer, skills, emails, phones, jobs, …
            assert_safe(app, shown)
            if "\x1b" in hostile:
                assert "␛" in shown
            await pilot.press("G")  # the timeline, scrolled into view
            await pilot.pause()
            assert_safe(app, screen_text(app))

            await pilot.press("a")
            await pilot.pause()
            shown = screen_text(app)
            assert "Log activity" in shown and literal in shown
            assert_safe(app, shown)
            await pilot.press("o", *"ok ", "ctrl+s")
            await settle(pilot)
            assert app.screen is screen and screen.record.timeline[0].body == "ok"
            shown = screen_text(app)
            assert "Logged Note" in shown
            assert_safe(app, shown)

    asyncio.run(go())


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_in_search_results(tmp_path, today, hostile):
    """Every field a search result shows (name, headline, location, skills, desired salary's
    currency, status), the query box and the problem line under it."""
    import json

    from seed import index

    from deskcrm.store import db

    path = tmp_path / "desk.db"
    seed(path, Names.every(hostile))
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE person SET city = ?, country = ?", (hostile, hostile))
        conn.execute(
            "UPDATE candidate_profile SET skills = ?, salary_currency = ?, desired_salary = 85000, status = ?,"
            " available_from = '2026-12-30'",
            (json.dumps([hostile, "python"]), hostile, hostile),
        )
    conn.close()
    index(path)
    literal = text.clean(hostile)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(160, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("2")  # the empty query: everyone, recently contacted first
            await settle(pilot)
            shown = screen_text(app)
            assert re.search(r"\b1\d people", shown), shown  # every seeded person
            row = next((line for line in shown.splitlines() if "85k" in line), shown)
            assert row.count(literal) >= 3, row  # name, headline, location (skills: wider than the column)
            cells = [c.plain for c in app.screen.table._cells[0]]  # every field, before cutting to width
            assert cells[:4] == [literal, literal, literal, f"{literal}, python"]
            assert cells[5] == f"{literal} 85k" and cells[7] == literal
            assert_safe(app, shown)

            app.screen.query_input.value = f"{hostile} python salary<{hostile}"  # typed (or pasted)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            shown = screen_text(app)
            assert app.screen.query_input.value.startswith(hostile)  # the box keeps what was typed …
            assert f"{literal} python" in shown  # … and draws its controls visibly
            assert_safe(app, shown)
            hint = str(app.screen.query_one("#hint").render())
            assert f"salary<{literal.split()[0]}: use a number like 90k" in hint  # the problem, literally
            assert "Search failed" not in shown
            if "\x1b" in hostile:
                assert "␛" in shown

    asyncio.run(go())


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_in_the_palette_and_the_job_picker(tmp_path, today, hostile):
    """Jump hits (person, client and job: label and detail line) and the job picker's rows
    (title, client, city, the person's name on top)."""
    from seed import index

    from deskcrm.screens.dialogs.job_picker import JobPicker
    from deskcrm.screens.person import PersonScreen
    from deskcrm.store import db

    path = tmp_path / "desk.db"
    ids = seed(path, Names.every(hostile))
    conn = db.connect(path)
    with db.write(conn):  # a findable word in front of every name (a name of only "[/]" has no words)
        conn.execute("UPDATE person SET name = 'Zora ' || name, city = ?", (hostile,))
        conn.execute("UPDATE company SET name = 'Zora ' || name, name_norm = 'zora ' || name_norm, city = ?",
                     (hostile,))
        conn.execute("UPDATE job_order SET title = 'Zora ' || title, city = ?", (hostile,))
    conn.close()
    index(path)
    literal = text.clean(hostile)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p", *"zora")
            for _ in range(20):
                await pilot.pause(0.05)
                if "Person" in screen_text(app) and "Job" in screen_text(app):
                    break
            await pilot.pause(0.3)
            shown = screen_text(app)
            assert "Person" in shown and "Client" in shown and "Job" in shown, shown
            assert shown.count(f"Zora {literal}") >= 3, shown  # labels
            assert assert_safe(app, shown) is None
            await pilot.press("escape")
            await settle(pilot)

            screen = PersonScreen(ids["ivan"])
            app.push_screen(screen)
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, JobPicker)
            shown = screen_text(app)
            assert f"Put Zora {literal} on an open job order" in shown
            assert f"Zora {literal}  Zora {literal} · {literal}" in shown  # title, client, city
            assert_safe(app, shown)
            box = app.screen.query_one("#filter")
            box.value = hostile  # typed or pasted into the filter
            await settle(pilot)
            shown = screen_text(app)
            assert box.value == hostile  # the box keeps what was typed, and draws it visibly
            assert literal in shown.split("Put Zora")[1]
            assert_safe(app, shown)
            box.value = ""
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            shown = screen_text(app)
            assert app.screen is screen and "Submitted" in shown
            assert_safe(app, shown)
            if "\x1b" in hostile:
                assert "␛" in shown

    asyncio.run(go())
