"""Pilot tests of recruiters and authorship (issue 11, item 4): who you are asked once per
database at launch (a form on a desk without recruiters, a picker otherwise), remembered on
this machine; owners in the forms; the author of a logged call and of a move; "mine" (m,
owner:me) on a fresh database; the palette's recruiter commands; hostile names shown safely."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from seed import fill, index, keys, query, screen_text, seed, settle, until
from textual.widgets import Input

from deskcrm.config import settings as settings_mod
from deskcrm.config import whoami
from deskcrm.app import DeskApp
from deskcrm.screens.clients import ClientsScreen
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.pick import PickDialog
from deskcrm.screens.dialogs.recruiters import RecruitersDialog
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db
from deskcrm.store.recruiters import add_recruiter

SIZE = (120, 40)


def launch(path, body, *, me: str | None = None, size=SIZE) -> None:
    """As ``deskcrm --db PATH`` opens it: ``me`` as whoami finds it, and asked when unknown."""

    async def go():
        found, source = whoami.chosen(me, settings_mod.load().me, path)
        app = DeskApp(path, dataclasses.replace(settings_mod.load(), me=found), who=source or "ask")
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            await body(app, pilot)

    asyncio.run(go())


@pytest.fixture
def fresh(db_path, today):
    return db_path


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return path, ids


def test_a_fresh_database_asks_who_you_are_with_a_form_that_adds_you(fresh):
    async def body(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await settle(pilot)
        assert "Who are you?" in screen_text(app)
        await fill(pilot, "name", "Alex Morgan")
        await fill(pilot, "initials", "am")
        await fill(pilot, "target", "400k")
        app.screen.query_one("#field-target", Input).value = "£400k"  # pasted: not the desk's currency
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog) and "not in this desk's currency" in screen_text(app)
        await fill(pilot, "target", "400k")
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: app.settings.me == "AM")
        await settle(pilot)
        assert not isinstance(app.screen, FormDialog)

    launch(fresh, body)
    assert query(fresh, "SELECT name, initials, revenue_target, active FROM recruiter") == [
        ("Alex Morgan", "AM", 400000.0, 1)]
    assert whoami.remembered(fresh) == "AM"

    async def again(app, pilot):  # the next launch knows: nothing is asked
        await settle(pilot)
        assert app.settings.me == "AM" and not isinstance(app.screen, (FormDialog, PickDialog))

    launch(fresh, again)


def test_a_database_with_recruiters_offers_a_picker_and_remembers_the_choice(desk):
    path, _ = desk

    async def body(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await settle(pilot)
        assert "Sam Reed (SR)" in screen_text(app)
        await keys(pilot, "enter")
        assert app.settings.me == "SR"

    launch(path, body)
    assert whoami.remembered(path) == "SR"

    async def again(app, pilot):
        await settle(pilot)
        assert app.settings.me == "SR" and not isinstance(app.screen, PickDialog)

    launch(path, again)


def test_esc_on_the_picker_leaves_me_unset_and_mine_says_how_to_set_it(desk):
    path, _ = desk

    async def body(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await settle(pilot)
        await keys(pilot, "escape")
        assert app.settings.me is None and app.is_running
        await keys(pilot, "3")
        assert isinstance(app.screen, ClientsScreen)
        await keys(pilot, "m")
        shown = screen_text(app)
        assert "Nobody is chosen as you" in shown and "Who am I" in shown and "--me INITIALS" in shown

    launch(path, body, size=(80, 24))
    assert whoami.remembered(path) is None


def test_me_given_on_purpose_is_not_asked(desk):
    path, _ = desk

    async def body(app, pilot):
        await settle(pilot)
        assert app.settings.me == "SR" and not isinstance(app.screen, PickDialog)

    launch(path, body, me="sr")


def test_mine_and_owner_me_on_a_fresh_database_after_adding_and_choosing_me(fresh):
    from deskcrm.store.companies_write import create_company
    from deskcrm.store.person_write import create_person

    conn = db.connect(fresh)
    add_recruiter(conn, "Alex Morgan", "AM")
    add_recruiter(conn, "Priya Shah", "PS")
    create_company(conn, {"name": "Mine Ltd", "owner": "AM"})
    create_company(conn, {"name": "Theirs Ltd", "owner": "PS"})
    create_person(conn, {"name": "Mina Mine", "source": "Referral", "owner": "AM"})
    create_person(conn, {"name": "Theo Theirs", "source": "Referral", "owner": "PS"})
    conn.close()

    async def body(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await settle(pilot)
        await pilot.press(*"alex")
        await keys(pilot, "enter")
        assert app.settings.me == "AM"
        await keys(pilot, "3", "m")
        shown = screen_text(app)
        assert "Mine Ltd" in shown and "Theirs Ltd" not in shown
        await keys(pilot, "2")
        await pilot.press(*"owner:me")
        await settle(pilot)
        shown = screen_text(app)
        assert "Mina Mine" in shown and "Theo Theirs" not in shown

    launch(fresh, body)


def test_a_logged_call_and_a_move_are_signed_by_me(desk):
    path, ids = desk

    async def body(app, pilot):
        await settle(pilot)
        app.push_screen(PersonScreen(ids["lena"]))
        await settle(pilot)
        await keys(pilot, "t")  # talked: a call outcome, logged
        assert "by SR" in screen_text(app)  # the timeline says who
        await keys(pilot, "4", "L")  # a move on the jobs board

    launch(path, body, me="SR")
    (sr,) = query(path, "SELECT id FROM recruiter WHERE initials = 'SR'")[0]
    call = query(path, "SELECT author_id FROM activity WHERE kind = 'call_talked' ORDER BY id DESC LIMIT 1")
    move = query(path, "SELECT author_id FROM activity WHERE kind = 'stage_change' ORDER BY id DESC LIMIT 1")
    assert call == [(sr,)] and move == [(sr,)]
    assert query(path, "SELECT count(*) FROM event WHERE actor_id IS NOT ?", sr) == [(0,)]


def test_owner_field_in_the_person_form_is_checked_and_saved(desk):
    path, ids = desk
    conn = db.connect(path)
    add_recruiter(conn, "Priya Shah", "PS")
    conn.close()

    async def body(app, pilot):
        await until(pilot, lambda: app.recruiters)  # read after the first frame: the form checks against them
        app.push_screen(PersonScreen(ids["lena"]))
        await settle(pilot)
        await keys(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        await fill(pilot, "owner", "ZZ")
        await keys(pilot, "tab")
        assert "ZZ is no recruiter here" in screen_text(app) and "PS" in screen_text(app)
        await fill(pilot, "owner", "ps")
        await keys(pilot, "tab")
        assert "Priya Shah" in screen_text(app)  # how it read the initials
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert "Priya Shah (PS)" in screen_text(app)  # shown on the record

    launch(path, body, me="SR")
    (ps,) = query(path, "SELECT id FROM recruiter WHERE initials = 'PS'")[0]
    assert query(path, "SELECT owner_id FROM person WHERE id = ?", ids["lena"]) == [(ps,)]


def test_owner_field_in_the_company_form_defaults_to_me(desk):
    path, _ = desk

    async def body(app, pilot):
        await keys(pilot, "3", "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-owner", Input).value == "SR"
        await fill(pilot, "name", "Owned Co")
        await keys(pilot, "ctrl+s")
        await settle(pilot)

    launch(path, body, me="SR")
    assert query(path, "SELECT r.initials FROM company c JOIN recruiter r ON r.id = c.owner_id"
                       " WHERE c.name = 'Owned Co'") == [("SR",)]


def test_palette_adds_a_recruiter_and_lists_them(desk):
    path, _ = desk

    async def body(app, pilot):
        from deskcrm.screens import whoami as flow

        await settle(pilot)
        flow.add(app)
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await settle(pilot)
        await fill(pilot, "name", "Sam Roe")
        await fill(pilot, "initials", "SR")  # taken: the holder is named at the field
        await keys(pilot, "tab")
        assert "Sam Reed" in screen_text(app)
        await fill(pilot, "initials", "SRO")
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        flow.show(app)
        await until(pilot, lambda: isinstance(app.screen, RecruitersDialog))
        await settle(pilot)
        shown = screen_text(app)
        assert "Sam Roe" in shown and "Sam Reed" in shown and "you" in shown

    launch(path, body, me="SR")
    assert query(path, "SELECT name FROM recruiter WHERE initials = 'SRO'") == [("Sam Roe",)]


def test_palette_lists_the_recruiter_commands(desk):
    path, _ = desk

    async def body(app, pilot):
        await keys(pilot, "ctrl+p")
        await pilot.press(*"recruit")
        await settle(pilot)
        shown = screen_text(app)
        assert "Add recruiter…" in shown and "Recruiters" in shown

    launch(path, body, me="SR")


def test_hostile_recruiter_names_render_literally(desk):
    path, _ = desk
    conn = db.connect(path)
    conn.execute("INSERT INTO recruiter (name, initials, active) VALUES (?, 'HX', 1)",
                 ("[/]Evil [@click=app.quit]x\x1b[2J\u202e",))
    conn.close()

    async def body(app, pilot):
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await settle(pilot)
        shown = screen_text(app)
        assert "[/]Evil [@click=app.quit]x" in shown and "\x1b" not in shown and "\u202e" not in shown
        await keys(pilot, "escape")
        from deskcrm.screens import whoami as flow

        flow.show(app)
        await until(pilot, lambda: isinstance(app.screen, RecruitersDialog))
        await settle(pilot)
        assert "[/]Evil [@click=app.quit]x" in screen_text(app) and app.is_running

    launch(path, body)
