"""Talent pools and matching in the TUI, real key presses on the seeded desk: search `python`,
mark three, `P` → a new pool "Rust contractors", open Pools, open it, see the three; and `M` on a
job's pipeline → mark two → `s` → both at Sourced. Hostile names stay literal."""

from __future__ import annotations

from seed import Names, index, keys, run_app, screen_text, seed, settle, toasts, until

from deskcrm.screens.match import MatchScreen
from deskcrm.screens.pool_people import PoolPeopleScreen
from deskcrm.screens.pools import PoolsScreen
from deskcrm.screens.search import SearchScreen
from deskcrm.store import db

HOSTILE = "[/]\x1b[31m[@click=app.quit]\u202eevil"


def _desk(tmp_path, names: Names | None = None):
    path = tmp_path / "desk.db"
    ids = seed(path, names) if names else seed(path)
    index(path)
    return path, ids


def test_search_mark_three_add_to_a_new_pool_and_open_it(tmp_path, today):
    path, ids = _desk(tmp_path)

    async def body(app, pilot):
        await keys(pilot, "2")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"python")
        await keys(pilot, "enter")  # best match first; the results have the focus
        await until(pilot, lambda: screen.table.row_count >= 3)
        chosen = list(screen.table._keys[:3])
        await keys(pilot, "space", "space", "space")
        assert list(screen.table.marked) == chosen
        assert "3 marked" in screen_text(app)
        await keys(pilot, "P")
        await pilot.press(*"Rust contractors")
        await settle(pilot)
        await keys(pilot, "enter")
        await until(pilot, lambda: "Rust contractors" in toasts(app))
        assert "3 people added" in toasts(app) and not screen.table.marked
        await keys(pilot, "p")  # the Pools view
        assert isinstance(app.screen, PoolsScreen)
        await until(pilot, lambda: bool(app.screen.rows))
        assert "Rust contractors" in screen_text(app) and "hand-picked" in screen_text(app)
        touched = app.screen.rows[0].last_touch  # a day as every list says it ("14 Nov"), not ISO
        assert touched is not None and f"{touched.day} {touched:%b}" in screen_text(app)
        assert touched.date().isoformat() not in screen_text(app)
        await keys(pilot, "enter")
        pool = app.screen
        assert isinstance(pool, PoolPeopleScreen)
        await until(pilot, lambda: pool.pool is not None and pool.table.row_count == 3)
        assert sorted(pool.table._keys) == sorted(chosen)
        shown = screen_text(app)
        assert "3 people · 0 gone cold · hand-picked" in shown

    run_app(path, body)


def test_match_a_job_mark_two_and_source_them(tmp_path, today):
    path, ids = _desk(tmp_path)
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE job_order SET skills = '[\"Python\"]' WHERE id = ?", (ids["job_backend"],))
    conn.close()

    async def body(app, pilot):
        from deskcrm.screens.job_pipeline import JobPipelineScreen

        app.push_screen(JobPipelineScreen(ids["job_backend"]))
        await settle(pilot)
        await keys(pilot, "M")
        screen = app.screen
        assert isinstance(screen, MatchScreen)
        await until(pilot, lambda: screen.found is not None)
        text = screen_text(app)
        assert "skills 1/1: Python" in text and "search: skill:Python city:London" in text
        two = list(screen.table._keys[:2])
        await keys(pilot, "space", "space", "s")
        await until(pilot, lambda: "put on" in toasts(app))
        assert "2 people put on Senior Backend Engineer" in toasts(app) and "Sourced" in toasts(app)
        conn = db.connect(path)
        try:
            sourced = {r[0] for r in conn.execute(
                "SELECT person_id FROM submission WHERE job_id = ? AND stage = 'sourced'", (ids["job_backend"],))}
        finally:
            conn.close()
        assert sourced == set(two)
        await until(pilot, lambda: not set(two) & set(screen.table._keys))  # on the job now: no longer matches

    run_app(path, body)


def test_hostile_names_in_pools_and_matches_stay_literal(tmp_path, today):
    path, ids = _desk(tmp_path, Names.every(HOSTILE))
    from deskcrm.store import pools

    conn = db.connect(path)
    name = HOSTILE.replace("\x1b", "") + " senior backend people for Q1"  # control bytes: refused; long
    pools.add_to_pool(conn, name, [ids["dev"], ids["eva"]])
    conn.close()

    async def body(app, pilot):
        app.push_screen(PoolsScreen())
        await until(pilot, lambda: bool(app.screen.rows))
        await keys(pilot, "enter")
        pool = app.screen
        await until(pilot, lambda: pool.table.row_count == 2)
        shown = screen_text(app)
        assert "[/]" in shown and "[@click=app.quit]" in shown and "\x1b" not in shown and "\u202e" not in shown
        assert "hand-picked" in shown  # the summary wraps at 80 columns: a long name does not hide the kind
        await keys(pilot, "escape", "escape")
        app.push_screen(MatchScreen(ids["job_backend"]))
        await until(pilot, lambda: app.screen.found is not None if isinstance(app.screen, MatchScreen) else False)
        assert app.is_running

    run_app(path, body, size=(80, 24))


def test_a_saved_search_pool_is_searched_again_when_opened(tmp_path, today):
    path, ids = _desk(tmp_path)
    from deskcrm.store import pool_people

    conn = db.connect(path)
    before = pool_people.save_search(conn, "Passive python", "skill:python status:passive", today).pool.people
    with db.write(conn):  # months later: George has gone passive
        conn.execute("UPDATE candidate_profile SET status = 'passive' WHERE person_id = ?", (ids["george"],))
    conn.close()

    async def body(app, pilot):
        app.push_screen(PoolsScreen())
        await until(pilot, lambda: bool(app.screen.rows))
        await keys(pilot, "enter")
        pool = app.screen
        assert isinstance(pool, PoolPeopleScreen)
        await until(pilot, lambda: pool.pool is not None and pool.pool.people == before + 1)
        await until(pilot, lambda: ids["george"] in pool.table._keys)
        await until(pilot, lambda: f"searched again: {before + 1} people" in toasts(app))  # "(was 2)" when it changed
        # then: a second run (the screen's reload after the write) finds no change and says no "was"

    run_app(path, body, notifications=True)


def test_match_shows_the_whole_why_of_the_row_under_the_cursor_at_80_columns(tmp_path, today):
    """The Why column is cut at 80 columns; the line under the table says it whole for the row
    under the cursor, and follows the cursor."""
    path, ids = _desk(tmp_path)

    async def body(app, pilot):
        app.push_screen(MatchScreen(ids["job_backend"]))
        await until(pilot, lambda: isinstance(app.screen, MatchScreen) and app.screen.found is not None)
        match = app.screen
        rows = match.found.rows
        assert rows, "the seeded backend job has matches"
        whole = " · ".join(rows[0].reasons)
        await until(pilot, lambda: whole in " ".join(screen_text(app).split()))
        if len(rows) > 1:
            await keys(pilot, "j")
            second = " · ".join(rows[1].reasons)
            await until(pilot, lambda: second in " ".join(screen_text(app).split()))

    run_app(path, body, size=(80, 24))


def test_e_renames_a_pool_and_a_taken_name_is_said_at_the_field(tmp_path, today):
    path, ids = _desk(tmp_path)
    from deskcrm.store import pools

    conn = db.connect(path)
    pools.add_to_pool(conn, "Rust contractors", [ids["dev"]])
    pools.add_to_pool(conn, "Python perm", [ids["eva"]])
    conn.close()

    async def body(app, pilot):
        app.push_screen(PoolsScreen())
        await until(pilot, lambda: isinstance(app.screen, PoolsScreen) and len(app.screen.rows) == 2)
        pool = app.screen
        await keys(pilot, "e")
        await until(pilot, lambda: "Rename the pool" in screen_text(app))
        await pilot.press(*"Rust [/] contract")  # the box is selected: typing replaces the name
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PoolsScreen)
                    and "Rust [/] contract" in [p.name for p in pool.rows])
        taken = next(p.name for p in pool.rows if p.name != "Rust [/] contract")
        await keys(pilot, "g", "e")
        await until(pilot, lambda: "Rename the pool" in screen_text(app))
        await pilot.press(*taken)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: "Rename the pool" in screen_text(app) and "already" in screen_text(app).lower())
        assert app.is_running

    run_app(path, body, notifications=True)
    conn = db.connect(path)
    try:
        names = sorted(n for (n,) in conn.execute("SELECT name FROM pool").fetchall())
        assert len(names) == 2 and "Rust [/] contract" in names  # the taken name changed nothing
    finally:
        conn.close()
