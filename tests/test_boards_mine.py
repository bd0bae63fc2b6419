"""The boards' "mine" (``o``): only the job orders, placements and companies of the recruiter at
the keyboard — on a fresh desk with a second recruiter's cards beside them — and ``o`` again
shows everyone's. Real key presses on a seeded desk."""

from __future__ import annotations

import asyncio

import pytest
from seed import keys, screen_text, seed, settle

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod
from deskcrm.screens.bd_board import BDBoardScreen
from deskcrm.store import db

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    """The seeded desk (Sam Reed, SR, owns everything), plus Tia Berg (TB) owning one job order,
    one placement and one company."""
    path = tmp_path / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("INSERT INTO recruiter (name, initials, active) VALUES ('Tia Berg', 'TB', TRUE)")
        tb = conn.execute("SELECT id FROM recruiter WHERE initials = 'TB'").fetchone()[0]
        job = conn.execute("SELECT id, title FROM job_order WHERE stage = 'interviewing' ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE job_order SET owner_id = ? WHERE id = ?", (tb, job[0]))
        pl = conn.execute("SELECT pl.id, p.name FROM placement pl JOIN person p ON p.id = pl.person_id"
                          " WHERE pl.status = 'started' ORDER BY pl.id LIMIT 1").fetchone()
        conn.execute("UPDATE placement SET recruiter_id = ? WHERE id = ?", (tb, pl[0]))
        co = conn.execute("SELECT name FROM company WHERE id = ?", (ids["globex"],)).fetchone()[0]
        conn.execute("UPDATE company SET owner_id = ? WHERE id = ?", (tb, ids["globex"]))
    conn.close()
    return path, {"job": job[1][:14], "person": pl[1], "company": co}  # a card shows a title's first 14+


def run_as(path, me, body):
    async def go():
        settings = settings_mod.load()
        settings.me = me
        app = DeskApp(path, settings)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await body(app, pilot)

    asyncio.run(go())


def test_o_shows_only_my_job_orders_and_placements_then_everyones(desk):
    path, tb = desk

    async def body(app, pilot):
        await keys(pilot, "4")
        assert tb["job"] in screen_text(app)
        await keys(pilot, "o")
        shown = screen_text(app)
        assert tb["job"] in shown and "mine (TB, o shows all)" in shown
        assert "Job orders · 1 open" in shown
        await keys(pilot, "o")
        shown = screen_text(app)
        assert "mine (" not in shown and "Job orders · 1 open" not in shown

        await keys(pilot, "5")
        await keys(pilot, "o")
        shown = screen_text(app)
        assert tb["person"] in shown and "mine (TB" in shown
        assert "1 in guarantee or starting" in shown

    run_as(path, "TB", body)


def test_mine_on_the_bd_board(desk):
    path, tb = desk

    async def body(app, pilot):
        app.push_screen(BDBoardScreen())
        await settle(pilot)
        assert "Northwind" in screen_text(app)
        await keys(pilot, "o")
        shown = screen_text(app)
        assert tb["company"] in shown and "Northwind" not in shown

    run_as(path, "TB", body)


def test_mine_with_nobody_chosen_says_how_and_shows_everyone(desk):
    path, tb = desk

    async def body(app, pilot):
        from deskcrm.screens.base import DeskScreen

        if not isinstance(app.screen, DeskScreen):  # a first run asks who you are: not now
            await keys(pilot, "escape")
        await keys(pilot, "4")
        await keys(pilot, "o")
        shown = screen_text(app)
        assert "mine (" not in shown and tb["job"] in shown
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Nobody is chosen as you" in said and "Who am I" in said

    run_as(path, None, body)
