"""Pilot tests: every date and time field of every form, typed as ISO, d/m/y, words and +3d
with real key presses; the form says how it read the value before saving, the store holds
exactly that, and a past interview asks "save anyway?". Today is Wed 18 Nov 2026 (frozen)."""

from __future__ import annotations

import pytest
from seed import fill, index, keys, query, run_app, screen_text, seed, settle
from textual.widgets import Input, Static

from deskcrm.config import paths
from deskcrm.config import settings as settings_mod
from deskcrm.cli.launch import apply_settings
from deskcrm.screens.account import AccountScreen
from deskcrm.screens.dialogs.confirm import ConfirmDialog
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.job_pipeline import JobPipelineScreen
from deskcrm.screens.person import PersonScreen


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return path, ids


def read_line(app, name: str) -> str:
    line = app.screen.query_one(f"#read-{name}", Static)
    return str(line.render()) if line.has_class("-shown") else ""


async def open_interview_form(app, pilot) -> None:
    await keys(pilot, "4", "enter")
    assert isinstance(app.screen, JobPipelineScreen)
    await keys(pilot, "L")  # Lena: Submitted -> Interviewing asks when
    assert isinstance(app.screen, FormDialog)


def interview_at(path, ids) -> tuple[str, str | None]:
    stage, at = query(path, "SELECT stage, interview_at FROM submission WHERE id = ?", ids["sub_lena_backend"])[0]
    return stage, at[:16] if at else None


# --------------------------------------------------------------------------- interview time (a moment)


@pytest.mark.parametrize(
    ("typed", "read", "stored"),
    [
        ("2026-12-10 14:00", "Thu 10 Dec 2026 14:00", "2026-12-10 14:00"),  # was stored as 12 Oct
        ("2026-12-09T10:00", "Wed 9 Dec 2026 10:00", "2026-12-09 10:00"),  # was stored as 12 Sep
        ("10/12/2026 14:00", "Thu 10 Dec 2026 14:00", "2026-12-10 14:00"),
        ("10 Dec 2026 2pm", "Thu 10 Dec 2026 14:00", "2026-12-10 14:00"),
        ("tomorrow 10am", "Thu 19 Nov 2026 10:00", "2026-11-19 10:00"),
        ("+3d 9:30", "Sat 21 Nov 2026 09:30", "2026-11-21 09:30"),
    ],
)
def test_interview_time_is_read_and_stored_as_typed(desk, typed, read, stored):
    path, ids = desk

    async def body(app, pilot):
        await open_interview_form(app, pilot)
        await fill(pilot, "interview_at", typed)
        assert read_line(app, "interview_at") == f"read as {read}"  # before saving
        assert f"read as {read}" in screen_text(app)
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))
        assert interview_at(path, ids) == ("interviewing", stored)

    run_app(path, body)


def test_a_past_interview_asks_save_anyway_and_esc_goes_back_to_the_form(desk):
    path, ids = desk

    async def body(app, pilot):
        await open_interview_form(app, pilot)
        await fill(pilot, "interview_at", "2026-11-10 10:00")
        assert read_line(app, "interview_at") == "read as Tue 10 Nov 2026 10:00 — in the past"
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query(Static).first().render())
        assert question == "The interview time Tue 10 Nov 2026 10:00 is in the past — save anyway?"
        await keys(pilot, "escape")  # back to the form, what was typed kept
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-interview_at", Input).value == "2026-11-10 10:00"
        assert interview_at(path, ids)[0] == "submitted"
        await keys(pilot, "ctrl+s", "y")
        assert interview_at(path, ids) == ("interviewing", "2026-11-10 10:00")

    run_app(path, body)


def test_a_time_still_to_come_today_does_not_ask(desk):
    path, ids = desk

    async def body(app, pilot):
        await open_interview_form(app, pilot)
        await fill(pilot, "interview_at", "16:00")  # today, after the frozen 09:00
        assert read_line(app, "interview_at") == "read as Wed 18 Nov 2026 16:00"
        await keys(pilot, "ctrl+s")
        assert interview_at(path, ids) == ("interviewing", "2026-11-18 16:00")

    run_app(path, body)


def test_month_first_desks_read_d_m_y_the_us_way(desk):
    path, ids = desk
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('date_order = "mdy"\n')
    apply_settings(settings_mod.load())  # what the launch does

    async def body(app, pilot):
        await open_interview_form(app, pilot)
        await fill(pilot, "interview_at", "12/10/2026 2pm")
        assert read_line(app, "interview_at") == "read as Thu 10 Dec 2026 14:00"
        await fill(pilot, "interview_at", "2026-12-09 10:00")  # ISO: the same in every order
        assert read_line(app, "interview_at") == "read as Wed 9 Dec 2026 10:00"
        await keys(pilot, "ctrl+s")
        assert interview_at(path, ids) == ("interviewing", "2026-12-09 10:00")

    run_app(path, body)


# --------------------------------------------------------------------------- placement: offer accepted, start date


@pytest.mark.parametrize(
    ("offer", "start", "read", "stored"),
    [
        ("2026-12-10", "2027-01-04", ("Thu 10 Dec 2026", "Mon 4 Jan 2027"), ("2026-12-10", "2027-01-04")),
        ("10/12/2026", "4/1/2027", ("Thu 10 Dec 2026", "Mon 4 Jan 2027"), ("2026-12-10", "2027-01-04")),
        ("10 Dec 2026", "Jan 4 2027", ("Thu 10 Dec 2026", "Mon 4 Jan 2027"), ("2026-12-10", "2027-01-04")),
        ("today", "+3d", ("Wed 18 Nov 2026", "Sat 21 Nov 2026"), ("2026-11-18", "2026-11-21")),
    ],
)
def test_placement_dates_are_read_and_stored_as_typed(desk, offer, start, read, stored):
    path, ids = desk

    async def body(app, pilot):
        await keys(pilot, "4", "enter", "l", "L", "L")  # Dev: Interviewing -> Offered -> Placed: the form
        assert isinstance(app.screen, FormDialog)
        assert read_line(app, "start_date").startswith("read as ")  # the pre-filled dates say so too
        await fill(pilot, "offer_accepted_on", offer)
        await fill(pilot, "start_date", start)
        assert (read_line(app, "offer_accepted_on"), read_line(app, "start_date")) == tuple(f"read as {r}" for r in read)
        await fill(pilot, "salary", "90k")
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        rows = query(path, "SELECT offer_accepted_on, start_date FROM placement WHERE submission_id = ?", ids["sub_dev"])
        assert rows == [stored]

    run_app(path, body)


def test_the_read_line_follows_each_key_and_hides_on_nonsense(desk):
    path, _ = desk

    async def body(app, pilot):
        await keys(pilot, "4", "enter", "l", "L", "L")
        await fill(pilot, "start_date", "2026-12-1")
        assert read_line(app, "start_date") == "read as Tue 1 Dec 2026"
        await pilot.press("0")
        await pilot.pause()
        assert read_line(app, "start_date") == "read as Thu 10 Dec 2026"
        await fill(pilot, "start_date", "9999-12-10")
        assert read_line(app, "start_date") == ""
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, FormDialog)
        error = str(app.screen.query_one("#error-start_date", Static).render())
        assert error == "use a date between 1900 and 2200"

    run_app(path, body)


# --------------------------------------------------------------------------- person form: available from


@pytest.mark.parametrize(
    ("typed", "read", "stored"),
    [("2027-01-12", "Tue 12 Jan 2027", "2027-01-12"), ("12/1/2027", "Tue 12 Jan 2027", "2027-01-12"),
     ("12 Jan 2027", "Tue 12 Jan 2027", "2027-01-12"), ("+3d", "Sat 21 Nov 2026", "2026-11-21"),
     # a year-less day is the nearest one: next January, not ten months ago; a recent one stays past
     ("15 jan", "Fri 15 Jan 2027", "2027-01-15"), ("1/10", "Thu 1 Oct 2026 — 48 days ago", "2026-10-01")],
)
def test_available_from_is_read_and_stored_as_typed(desk, typed, read, stored):
    path, ids = desk

    async def body(app, pilot):
        app.push_screen(PersonScreen(ids["lena"]))
        await keys(pilot, "n")
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, "name", "Zoe Quinn")
        await fill(pilot, "source", "Referral")
        await fill(pilot, "available_from", typed)
        assert read_line(app, "available_from") == f"read as {read}"
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        rows = query(path, "SELECT cp.available_from FROM person p JOIN candidate_profile cp ON cp.person_id = p.id"
                           " WHERE p.name = 'Zoe Quinn'")
        assert rows == [(stored,)]

    run_app(path, body)


# --------------------------------------------------------------------------- account: contact left on


@pytest.mark.parametrize(
    ("typed", "read", "stored"),
    [("2026-11-10", "Tue 10 Nov 2026", "2026-11-10"), ("10/11/2026", "Tue 10 Nov 2026", "2026-11-10"),
     ("10 Nov 2026", "Tue 10 Nov 2026", "2026-11-10"), ("yesterday", "Tue 17 Nov 2026", "2026-11-17"),
     ("+3d", "Sat 21 Nov 2026", "2026-11-21")],
)
def test_contact_left_on_is_read_and_stored_as_typed(desk, typed, read, stored):
    path, ids = desk

    async def body(app, pilot):
        app.push_screen(AccountScreen(ids["northwind"]))
        await settle(pilot)
        await keys(pilot, "x")  # the contacts list has focus: Bo Chen left
        assert isinstance(app.screen, FormDialog)
        assert read_line(app, "on") == "read as Wed 18 Nov 2026"  # pre-filled with today
        await fill(pilot, "on", typed)
        assert read_line(app, "on") == f"read as {read}"
        await keys(pilot, "ctrl+s")
        assert not isinstance(app.screen, FormDialog)
        assert query(path, "SELECT left_at FROM contact_role WHERE person_id = ? AND company_id = ?",
                     ids["bo"], ids["northwind"]) == [(stored,)]

    run_app(path, body)
