"""Pilot tests of the Clients section and the account screen: real keys on a seeded database."""

from __future__ import annotations

import asyncio

import pytest
from seed import TODAY, index, query, screen_text, seed, settle
from textual.widgets import Input

from deskcrm.app import DeskApp
from deskcrm.domain.due import DueSettings
from deskcrm.work.due_list import compute_for
from deskcrm.screens.account import AccountScreen
from deskcrm.screens.clients import ClientsScreen
from deskcrm.screens.person import PersonScreen
from deskcrm.config.settings import Settings

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return path, ids


async def clients_section(pilot) -> ClientsScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientsScreen)
    return pilot.app.screen


def names(screen: ClientsScreen) -> list[str]:
    return [r.name for r in screen._rows]


def test_list_shows_the_figures_and_filters_and_sorts_by_key(desk):
    path, _ids = desk

    async def go():
        app = DeskApp(path, Settings(me="SR"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await clients_section(pilot)
            shown = screen_text(app)
            assert "8 companies  ·  sorted by name" in shown
            assert len(names(screen)) == 8
            await pilot.press("c")  # active clients
            await settle(pilot)
            shown = screen_text(app)
            assert "3 companies  ·  active clients" in shown
            assert names(screen) == ["Acme Ltd", "Globex", "Northwind Logistics"]
            row = next(line for line in shown.splitlines() if "Northwind" in line)
            # BD stage, open jobs, placements this year, lifetime value, contacted, check-in (overdue), owner
            assert row.split() == ["Northwind", "Logistics", "Active", "client", "London", "1", "1", "EUR", "17.6k",
                                   "10", "Oct", "9", "Nov", "SR"]
            await pilot.press("o")  # overdue for a check-in
            await settle(pilot)
            assert names(screen) == ["Northwind Logistics"]
            assert "overdue for a check-in" in screen_text(app)
            await pilot.press("o", "s")  # off; sort: top by lifetime value
            await settle(pilot)
            assert names(screen) == ["Globex", "Northwind Logistics", "Acme Ltd"]
            await pilot.press("s")  # overdue first
            await settle(pilot)
            assert names(screen) == ["Northwind Logistics", "Acme Ltd", "Globex"]
            await pilot.press("slash", *"acm")
            await settle(pilot)
            assert names(screen) == ["Acme Ltd"]
            await pilot.press("escape", "escape")  # clear, then back to the list
            await settle(pilot)
            assert len(names(screen)) == 3 and screen.table.has_focus
            await pilot.press("m")  # mine (SR owns all three)
            await settle(pilot)
            assert len(names(screen)) == 3 and "active clients, mine" in screen_text(app)

    asyncio.run(go())


def test_a_filter_that_empties_the_list_keeps_the_filter_keys_working(desk):
    """No company matches: the empty list says "press c, o or m to drop a filter" — and those keys
    must drop it, not be typed into the filter box (where the hidden list's focus used to go)."""
    path, _ids = desk

    async def go():
        app = DeskApp(path, Settings())  # no me = "XY": "mine" matches nothing
        async with app.run_test(size=SIZE) as pilot:
            screen = await clients_section(pilot)
            await pilot.press("m")
            await settle(pilot)
            assert names(screen) == [] and "No company matches" in screen_text(app)
            assert not isinstance(app.focused, Input)
            await pilot.press("m", "s")  # mine off; sort: lifetime value
            await settle(pilot)
            assert screen.filter.text == "" and not screen.filter.mine
            assert len(names(screen)) == 8 and screen.table.has_focus
            assert "sorted by lifetime value, highest first" in screen_text(app), screen_text(app)

    asyncio.run(go())


def test_enter_opens_the_account_from_the_list(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await clients_section(pilot)
            await pilot.press("j", "enter")  # Globex
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["globex"]
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ClientsScreen)

    asyncio.run(go())


def test_account_answers_the_call(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen(ids["acme"]))
            await settle(pilot)
            shown = screen_text(app)
            assert "Acme Ltd  ·  Active client" in shown
            assert "NPS —  ·  Last contact " in shown  # the NPS first: a narrow screen cuts the end of the line
            assert "Next check-in 20 Nov (in 2 days) every 14 days" in shown  # this year: no year
            assert "Contacts (1, 1 left, 1 alumni)" in shown
            assert "left 1 Mar 2024 · alumni" in shown
            assert "Fee          18% · EUR" in shown
            assert "Overdue      EUR 16,200 (1)" in shown
            assert "Chloe Martin · Data Analyst" in shown and "18 days late" in shown
            assert "Open jobs (0)" in shown
            app.pop_screen()
            await settle(pilot)
            app.push_screen(AccountScreen(ids["northwind"]))
            await settle(pilot)
            shown = screen_text(app)
            # strong matches as M ranks them (store.match): not on the job yet, active or passive, in London
            assert "Senior Backend Engineer" in shown and "Interviewing · 3 subs · 4 matches" in shown

    asyncio.run(go())


def test_the_timeline_uses_the_panel_width_at_80x24(desk, monkeypatch):
    """At 80x24 the panels stack and the timeline is as wide as the screen: its notes are cut to
    that width, not to a guess made while the account was still loading (8 letters of a name)."""
    import time

    from deskcrm.store import account

    path, ids = desk
    load = account.load_account

    def slow_load(*args, **kwargs):  # as on a big database: the screen has laid out long before
        time.sleep(0.3)
        return load(*args, **kwargs)

    monkeypatch.setattr(account, "load_account", slow_load)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = AccountScreen(ids["acme"])
            app.push_screen(screen)
            await settle(pilot)
            panel = screen.query_one("#timeline")
            lines = str(panel.content).splitlines()
            assert panel.content_region.width > 60
            assert any("Spoke about the role" in line for line in lines), lines

    asyncio.run(go())


def test_enter_on_a_contact_opens_the_person_and_on_a_job_opens_search(desk):
    path, ids = desk

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen(ids["northwind"]))
            await settle(pilot)
            await pilot.press("enter")  # the contacts list has focus: Bo Chen
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == ids["bo"]
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("tab", "enter")  # the jobs list: the backend job
            await settle(pilot, 8)
            assert app.current_mode == "search"
            assert app.screen.query_input.value == "\"Senior Backend Engineer\" city:\"London\" status:active "
            shown = screen_text(app)
            assert "5 matches" in shown  # Dev, Eva, George, Hana, Ivan (Lena is passive)

    asyncio.run(go())


def test_logging_a_call_resets_the_check_in(desk):
    path, ids = desk

    def checkins() -> list[str]:
        return [i.key for i in compute_for(path, TODAY, DueSettings()) if i.key.startswith("client_checkin")]

    async def go():
        assert any(f"c{ids['northwind']}:" in k for k in checkins())
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen(ids["northwind"]))
            await settle(pilot)
            await pilot.press("tab", "tab")  # off the contacts list: the call is on the company
            await pilot.press("a", "t", *"Budget approved", "ctrl+s")
            await settle(pilot)
            shown = screen_text(app)
            assert "Last contact 18 Nov (today)" in shown
            assert "↳ Call: talked: Budget approved" in shown  # what was said, under the date
            assert query(path, "SELECT kind, person_id, company_id FROM activity WHERE body = 'Budget approved'") == [
                ("call_talked", None, ids["northwind"])]
            assert not any(f"c{ids['northwind']}:" in k for k in checkins())
            # on a contact: linked to the person and the company
            await pilot.press("shift+tab", "shift+tab")
            await pilot.press("a", "e", *"Sent terms", "ctrl+s")
            await settle(pilot)
            assert query(path, "SELECT kind, person_id, company_id FROM activity WHERE body = 'Sent terms'") == [
                ("email", ids["bo"], ids["northwind"])]
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert query(path, "SELECT count(*) FROM activity WHERE body = 'Sent terms'") == [(0,)]

    asyncio.run(go())


def test_a_burst_after_slash_and_a_paste_land_in_the_filter(desk):
    path, _ids = desk

    async def go():
        from textual import events

        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await clients_section(pilot)
            table = screen.table
            # "/acm" delivered in one read: every key is queued on the list before focus can move
            for key, char in (("slash", "/"), ("a", "a"), ("c", "c"), ("m", "m")):
                table.post_message(events.Key(key, char))
            await settle(pilot)
            box = screen.query_one("#filter")
            assert box.value == "acm" and box.has_focus
            assert names(screen) == ["Acme Ltd"]
            await pilot.press("escape", "escape")
            await settle(pilot)
            table.post_message(events.Paste("globex"))
            await settle(pilot)
            assert box.value == "globex" and names(screen) == ["Globex"]

    asyncio.run(go())


def test_ctrl_p_a_few_letters_enter_opens_the_account(desk):
    """The client is on the phone: from anywhere, ctrl+p, a few letters of the company, enter."""
    path, ids = desk

    async def go():
        from test_jump import jump

        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)  # on Due today
            await jump(pilot, "northw")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AccountScreen) and app.screen.company_id == ids["northwind"]
            shown = screen_text(app)
            assert "Northwind Logistics  ·  Active client" in shown
            assert "Lifetime     EUR 17,600" in shown and "Outstanding  EUR 16,400 (1)" in shown
            assert "Senior Backend Engineer" in shown and "Bo Chen" in shown

    asyncio.run(go())


def _bury_in_stage_changes(path, ids, n: int = 30) -> None:
    """A busy client: ``n`` candidate moves on its jobs, all newer than its last conversation."""
    import sqlite3

    from seed import _at

    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO activity (kind, body, at, person_id, company_id) VALUES ('stage_change', ?, ?, ?, ?)",
            [(f"Moved to Submitted {i}", _at(0, 8, i), ids["dev"], ids["acme"]) for i in range(n)])
    conn.close()


def test_the_last_conversation_is_readable_on_the_call_screen(desk):
    """120x40: the last conversation reads in full — in the header (what was said at the last
    contact) and first in the timeline, wrapped in its wide panel with a short date — though 30
    stage changes are newer; those come after it, dimmed, as many as fit."""
    path, ids = desk
    _bury_in_stage_changes(path, ids)

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = AccountScreen(ids["acme"])
            app.push_screen(screen)
            await settle(pilot)
            shown = screen_text(app).splitlines()
            said = "Spoke about the role; sending two more profiles by Friday."
            assert shown[3].strip() == f"↳ Email · Cara Diaz: {said}"
            timeline = screen.query_one("#timeline")
            assert timeline.size.width > 1.5 * screen.query_one("#placements").size.width  # the notes get the room
            lines = [line.rstrip() for line in str(timeline.content).splitlines()]
            # newest conversation first (Lena's call, 2 days ago), its note wrapped under itself
            assert lines[0].startswith("16 Nov 16:15 Call      Lena Hoffmann")
            entry = " ".join(line.strip() for line in lines[:3])
            assert said in entry, lines
            stage = lines.index("Stage changes and system records, newest first")
            conversations = lines[:stage]
            assert not any("Moved to" in line for line in conversations)
            assert any(f"Cara Diaz: {said[:30]}" in line for line in conversations)
            assert any("Moved to Submitted 29" in line for line in lines[stage:])
            body = screen.query_one("#account-body")
            assert body.max_scroll_y == 0  # no scrolling at 120x40

    asyncio.run(go())


def test_the_header_keeps_the_nps_and_the_last_contact_at_80x24(desk):
    path, ids = desk
    conn = __import__("sqlite3").connect(path)
    with conn:
        conn.execute("UPDATE company SET nps = 8 WHERE id = ?", (ids["acme"],))
    conn.close()

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(AccountScreen(ids["acme"]))
            await settle(pilot)
            shown = screen_text(app).splitlines()
            assert shown[2].startswith(" NPS 8  ·  Last contact 6 Nov (12 days ago)")
            assert shown[3].startswith(" ↳ Email · Cara Diaz: Spoke about the role")

    asyncio.run(go())


def test_sorting_by_value_says_how_currencies_are_ordered(desk):
    """CHF 20,900 does not outrank EUR 17,600: the header says the order (not "sorted by top by")."""
    path, ids = desk
    conn = __import__("sqlite3").connect(path)
    with conn:
        conn.execute("UPDATE company SET fee_currency = 'CHF' WHERE id = ?", (ids["globex"],))
        conn.execute("UPDATE placement SET currency = 'CHF' WHERE company_id = ?", (ids["globex"],))  # its fees
    conn.close()

    async def go():
        app = DeskApp(path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = await clients_section(pilot)
            await pilot.press("s")
            await settle(pilot)
            shown = screen_text(app)
            assert "sorted by lifetime value: EUR first, then CHF (not converted)" in shown
            assert "by top by" not in shown
            assert names(screen)[:2] == ["Northwind Logistics", "Globex"]

    asyncio.run(go())


def test_the_empty_list_says_what_the_state_is(db_path, today):
    """Issue 9 item 19: an empty desk has no filter to drop — it says how to add a company; a
    filter that matches nothing is named, with the key that drops it."""

    async def go():
        app = DeskApp(db_path, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await clients_section(pilot)
            shown = screen_text(app)
            assert "No companies yet — press n to add one" in shown
            assert "drop a filter" not in shown and "No company matches" not in shown
            await pilot.press("c", "o")
            await settle(pilot)
            shown = screen_text(app)
            assert "No company matches active clients, overdue for a check-in" in shown
            assert "press c or o to drop a filter" in shown and "press m" not in shown
            await pilot.press("c", "o", "slash", *"zz")
            await settle(pilot)
            assert "No company matches “zz” — esc in the filter box clears the words" in screen_text(app)

    asyncio.run(go())


def test_dates_of_another_year_are_whole_at_80x24(desk):
    """Acceptance of issue 9: at 80 columns a contact from another year read "10 Aug 2…" (the
    date columns were 9 cells for an 11-cell date). Every date shows whole; long names give way."""
    from datetime import date

    from deskcrm.domain import clock
    from deskcrm.screens.clients import columns

    path, _ids = desk
    clock.freeze(date(2027, 2, 1))  # every contact on file is from last year now

    async def go():
        app = DeskApp(path, Settings(me="SR"))
        async with app.run_test(size=(80, 24)) as pilot:
            await clients_section(pilot)
            shown = screen_text(app)
            row = next(line for line in shown.splitlines() if "Northwind" in line)
            assert "10 Oct 2026" in row and "9 Nov 2026" in row, row
            assert "…" not in row[20:], row  # only the name (18 cells) may be cut

    asyncio.run(go())
    assert sum(c.width + 1 for c in columns(80)) <= 79  # one cell for the scrollbar
