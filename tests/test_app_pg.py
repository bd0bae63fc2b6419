"""The TUI on a desk on a PostgreSQL server (issue 11 items 3 and 6): real key presses on the
seeded desk in a database of the test server (``pg_desk_copy``; in CI ``.ci/run`` starts it,
elsewhere a throwaway server is started, or the tests skip without PostgreSQL installed).

The live desk is tested end to end here, with the app's own timer (no ``poll_now``): a second
recruiter's connection moves a card and the open board shows it within a second — waited for,
with a deadline, never slept."""

from __future__ import annotations

import time

import pytest
from seed import Names, index, keys, query, run_app, screen_text, seed, settle

from deskcrm.screens.due import DueScreen
from deskcrm.screens.jobs_board import JobsBoardScreen
from deskcrm.screens.search import SearchScreen
from deskcrm.store import db, moves
from deskcrm.widgets.kanban import Kanban

SIZE = (120, 40)


@pytest.fixture
def desk(pg_desk_copy, today):
    """The seeded desk (tests/seed.py) on the test server: its URL and the seeded ids."""
    url = pg_desk_copy
    ids = seed(url)
    return url, ids


def job_stage(url: str, job_id: int) -> str:
    return query(url, "SELECT stage FROM job_order WHERE id = ?", job_id)[0][0]


def focused(app):
    return app.screen.query_one(Kanban).focused


def column_ids(app, stage: str) -> list[int]:
    column = next(c for c in app.screen.query_one(Kanban).columns if c.key == stage)
    return [card.id for card in column.cards]


def test_the_app_holds_the_url_as_given(desk):
    url, _ids = desk

    async def body(app, pilot):
        assert app.db_path == url  # a str: a Path would fold postgresql:// into postgresql:/
        assert app.writes.gate.sound  # the server checks its own pages: nothing waits for a file check

    run_app(url, body, SIZE)


def test_launch_shows_the_due_list(desk):
    url, _ids = desk

    async def body(app, pilot):
        assert isinstance(app.screen, DueScreen)
        shown = screen_text(app)
        assert "Overdue" in shown
        assert Names.chloe in shown and "Invoice overdue" in shown
        assert "postgresql" not in shown  # nothing of the URL on screen

    run_app(url, body, SIZE)


def test_search_finds_a_person(desk):
    url, _ids = desk
    index(url)  # the person search index (``seed`` leaves it empty)

    async def body(app, pilot):
        await keys(pilot, "2")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"lena")
        await settle(pilot)
        assert Names.lena in screen_text(app)

    run_app(url, body, SIZE)


def test_a_board_move_lands(desk):
    url, ids = desk
    job = ids["job_backend"]

    async def body(app, pilot):
        await keys(pilot, "4")
        assert isinstance(app.screen, JobsBoardScreen)
        assert focused(app) == (job, "interviewing")
        await keys(pilot, "L")
        assert job_stage(url, job) == "offer"
        assert focused(app) == (job, "offer")  # the cursor went with the card
        await keys(pilot, "ctrl+z")
        assert job_stage(url, job) == "interviewing"

    run_app(url, body, SIZE)


def test_a_second_recruiters_move_shows_live_within_a_second(desk):
    """Item 6's done-when: a second recruiter on PostgreSQL sees the first one's move live."""
    url, ids = desk
    job = ids["job_backend"]
    colleague = db.connect(url)  # another recruiter's deskcrm: its own connection to the server

    async def body(app, pilot):
        await keys(pilot, "4")
        assert job in column_ids(app, "interviewing")
        await pilot.pause(0.6)  # the live desk has taken where the desk stands (its first poll)
        await settle(pilot)
        version = query(url, "SELECT version FROM job_order WHERE id = ?", job)[0][0]
        moves.move_job(colleague, job, "offer", expected_version=version)
        moved = time.monotonic()
        while job not in column_ids(app, "offer") and time.monotonic() - moved < 1.0:
            await pilot.pause(0.02)
        assert job in column_ids(app, "offer"), "the colleague's move did not show within a second"
        assert job not in column_ids(app, "interviewing")

    try:
        run_app(url, body, SIZE)
    finally:
        colleague.close()
