"""Submit to a job (s): the picker of open job orders, the submission at Sourced in one
journaled transaction with an activity, "already on it", and ctrl+z."""

from __future__ import annotations

import asyncio

import pytest
from seed import index, query, screen_text, seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.dialogs.job_picker import JobPicker
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db, journal
from deskcrm.store.errors import StoreError
from deskcrm.store.submissions_write import AlreadySubmitted, open_jobs, submit

SIZE = (120, 40)


def add_open_jobs(path, ids) -> None:
    """Two more open job orders (the seed has one: Senior Backend Engineer at Northwind)."""
    conn = db.connect(path)
    with db.write(conn):
        for key, cid, title, city, urgency in (
            ("job_platform", ids["acme"], "Platform Engineer", "Berlin", 3),
            ("job_lead", ids["globex"], "Data Platform Lead", None, 2),
        ):
            ids[key] = conn.execute(
                "INSERT INTO job_order (company_id, title, skills, city, remote, currency, openings, job_type, urgency,"
                " stage, opened_on, rank, version) VALUES (?, ?, '[]', ?, 'remote', 'EUR', 1, 'perm', ?, 'sourcing',"
                " '2026-11-01', 0, 1) RETURNING id",
                (cid, title, city, urgency),
            ).fetchone()[0]
    conn.close()


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    add_open_jobs(path, ids)
    return path, ids


@pytest.fixture
def store_desk(desk_path, today):
    """The same desk on each engine under test (the store tests; the screens' run on a file)."""
    ids = seed(desk_path)
    add_open_jobs(desk_path, ids)
    return desk_path, ids


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def subs(path, pid):
    return query(path, "SELECT job_id, stage FROM submission WHERE person_id = ? ORDER BY id", pid)


# --------------------------------------------------------------------------- store


def test_open_jobs_filter_limit_and_already(store_desk):
    path, ids = store_desk
    conn = db.connect(path)
    every = open_jobs(conn, person_id=ids["lena"])
    assert [j.title for j in every] == ["Platform Engineer", "Data Platform Lead", "Senior Backend Engineer"]
    assert [j.already for j in every] == [None, None, "Submitted"]  # Lena is on the backend job
    assert [j.title for j in open_jobs(conn, "platf")] == ["Platform Engineer", "Data Platform Lead"]
    assert [j.title for j in open_jobs(conn, "platf globex")] == ["Data Platform Lead"]  # client
    assert [j.title for j in open_jobs(conn, "berlin")] == ["Platform Engineer"]  # city
    assert [j.title for j in open_jobs(conn, "remote lead")] == ["Data Platform Lead"]
    assert open_jobs(conn, "finance") == []  # filled: not open
    assert len(open_jobs(conn, limit=1)) == 1
    for q, found in (('"', 3), ("%", 3), ("'", 3), ("_", 0), ("NEAR(", 0), ("100%", 0)):
        assert len(open_jobs(conn, q)) == found, q  # never an error; % and _ are not wildcards
    conn.close()


def test_submit_one_transaction_activity_and_undo(store_desk):
    path, ids = store_desk
    conn = db.connect(path)
    done = submit(conn, ids["ivan"], ids["job_platform"])
    assert (done.person, done.job, done.client) == ("Ivan Petrov", "Platform Engineer", "Acme Ltd")
    assert query(path, "SELECT person_id, job_id, stage, source, rank FROM submission WHERE id = ?",
                 done.submission_id) == [(ids["ivan"], ids["job_platform"], "sourced", "LinkedIn", 1.0)]
    assert query(path, "SELECT kind, body, job_id, submission_id FROM activity ORDER BY id DESC LIMIT 1") == [
        ("stage_change", "Added to Platform Engineer at Acme Ltd: Sourced", ids["job_platform"], done.submission_id)]
    assert query(path, "SELECT entity, action FROM event WHERE txn = ? ORDER BY id", done.txn) == [
        ("submission", "insert"), ("activity", "insert")]
    second = submit(conn, ids["farah"], ids["job_platform"])
    assert query(path, "SELECT rank FROM submission WHERE id = ?", second.submission_id) == [(2.0,)]  # end of column
    with db.write(conn):
        journal.undo(conn, done.txn)
    assert subs(path, ids["ivan"]) == []
    assert query(path, "SELECT count(*) FROM activity WHERE body LIKE 'Added to%' AND person_id = ?", ids["ivan"]) == [(0,)]
    conn.close()


def test_submit_refuses_and_writes_nothing(store_desk):
    path, ids = store_desk
    conn = db.connect(path)
    events = query(path, "SELECT count(*) FROM event")
    with pytest.raises(AlreadySubmitted, match="Lena Hoffmann is already on Senior Backend Engineer at "
                                                "Northwind Logistics \\(Submitted\\); nothing was added"):
        submit(conn, ids["lena"], ids["job_backend"])
    with pytest.raises(StoreError, match="Finance Controller at Northwind Logistics is not open \\(Placed\\)"):
        submit(conn, ids["ivan"], ids["job_finance"])
    with pytest.raises(StoreError, match="job order #999 no longer exists"):
        submit(conn, ids["ivan"], 999)
    with pytest.raises(StoreError, match="person #999 no longer exists"):
        submit(conn, 999, ids["job_platform"])
    conn.close()
    assert query(path, "SELECT count(*) FROM event") == events
    assert len(subs(path, ids["lena"])) == 3


# --------------------------------------------------------------------------- screens


async def open_person(pilot, pid):
    await settle(pilot)
    screen = PersonScreen(pid)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def test_s_on_the_person_screen_picks_and_submits_then_undo(desk):
    path, ids = desk
    ivan = ids["ivan"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_person(pilot, ivan)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, JobPicker)
            shown = screen_text(app)
            assert "3 open job orders" in shown and "Platform Engineer  Acme Ltd · Berlin (remote)" in shown
            await pilot.press(*"lead")
            await settle(pilot)
            assert "1 open job order" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            assert subs(path, ivan) == [(ids["job_lead"], "sourced")]
            shown = screen_text(app)
            assert "Submitted Ivan Petrov to Data Platform Lead at Globex (Sourced) · ctrl+z: undo" in notes(app)
            assert "Submissions (1)" in shown and "Data Platform Lead" in str(screen.query_one("#submissions").render())
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert subs(path, ivan) == []
            assert "Submissions (0)" in screen_text(app)
            await pilot.press("s", "escape")  # cancel: nothing
            await settle(pilot)
            assert app.screen is screen and subs(path, ivan) == []

    asyncio.run(go())


def test_already_on_the_job_is_a_clear_message(desk):
    path, ids = desk
    lena = ids["lena"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_person(pilot, lena)
            await pilot.press("s", *"backend")
            await settle(pilot)
            shown = screen_text(app)
            assert "already on it: Submitted" in shown
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, JobPicker)  # stays open, says why
            assert "Lena Hoffmann is already on Senior Backend Engineer (Submitted); pick another" in screen_text(app)
            await pilot.press("escape")
        assert len(subs(path, lena)) == 3

    asyncio.run(go())


def test_s_on_a_search_result_then_undo(desk):
    path, ids = desk
    index(path)
    farah = ids["farah"]

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press(*"farah", "enter")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, JobPicker) and "Farah Khan" in screen_text(app)
            await pilot.press("down", "enter")  # the second: Data Platform Lead
            await settle(pilot)
            assert subs(path, farah) == [(ids["job_lead"], "sourced")]
            assert "Submitted Farah Khan to Data Platform Lead at Globex (Sourced) · ctrl+z: undo" in notes(app)
            await pilot.press("ctrl+z")
            await settle(pilot)
            assert subs(path, farah) == []
            assert "Undone" in screen_text(app)

    asyncio.run(go())


def test_a_submission_shows_once_in_the_person_timeline(desk):
    path, ids = desk
    from deskcrm.store.people import load_person

    conn = db.connect(path)
    submit(conn, ids["ivan"], ids["job_platform"])
    person = load_person(conn, ids["ivan"])
    kinds = [(e.kind, e.label) for e in person.timeline if e.job == query(path, "SELECT title FROM job_order WHERE id = ?", ids["job_platform"])[0][0]]
    assert kinds == [("stage_change", kinds[0][1])], kinds
