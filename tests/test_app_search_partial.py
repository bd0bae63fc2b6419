"""The Search section when no one matches it all (issue 17 item 3), pressing real keys (the 300-candidate
SQLite demo: the store under it runs on both engines in test_search_partial): the best
partial matches in the same table with a Missing column, the count line saying how many match
how much, what to do next under the box — and enter opens a partial match's record."""

from __future__ import annotations

import asyncio

import pytest
from seed import TODAY, screen_text, search_demo, settle

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod
from deskcrm.domain.search_query import parse
from deskcrm.screens import search_rows
from deskcrm.screens.search import SearchScreen
from deskcrm.store import db
from deskcrm.store.search import SqliteSearch
from deskcrm.store.search_partial import dead_end



@pytest.fixture
def demo(tmp_path, today):
    return search_demo(tmp_path / "desk.db")


def expected(path, text: str, *, typing: bool = True):
    conn = db.connect(path)
    try:
        return dead_end(SqliteSearch(conn, TODAY), parse(text, typing=typing), limit=100)
    finally:
        conn.close()


async def open_search(pilot) -> SearchScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    return pilot.app.screen


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


def hint(app) -> str:
    return str(app.screen.query_one("#hint").render())


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_a_dead_end_query_shows_partial_matches_with_what_they_miss(demo, size):
    person = pytest.importorskip("deskcrm.screens.person")

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=size) as pilot:
            screen = await open_search(pilot)
            await pilot.press(*"python", "space", *"zzzq")
            await settle(pilot)
            dead = expected(demo, "python zzzq")
            assert dead.rows and status(app).startswith("No one matches both words — ")
            assert status(app) == dead.headline and "match 1 of them" in status(app)
            assert "Nothing in the desk has “zzzq”" in hint(app)
            assert [c.label for c in screen.table._columns][:2] == ["Name", "Missing"]
            assert list(screen.table._keys) == [p.row.id for p in dead.rows]
            assert "no zzzq" in screen_text(app)
            await pilot.press("enter", "j")  # best first on enter, focus on the results, the second row
            await settle(pilot)
            wanted = screen.table.cursor_key
            assert wanted in {p.row.id for p in dead.rows}
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, person.PersonScreen) and app.screen.person_id == wanted
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("slash", "ctrl+u", *"python")  # a query that matches: the normal table again
            await settle(pilot)
            assert "Missing" not in [c.label for c in screen.table._columns]
            assert "No one matches" not in status(app)

    asyncio.run(go())


def test_hostile_query_text_in_the_missing_cell_is_literal(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_search(pilot)
            screen.query_input.value = "python tag:[/]x[bold]\x1b[2J"
            await settle(pilot)
            assert app.is_running
            first = screen._rows[0]
            missing = first[1]()[search_rows.MISSING]
            assert missing.plain == "no tag:[/]x[bold]␛[2j"  # every character shown, the escape as a symbol
            assert not missing.spans
            assert "no tag:[/]x[bold]" in screen_text(app)

    asyncio.run(go())


def test_a_newer_keystroke_cancels_the_dead_end_in_the_worker(demo):
    """The dead end runs in the search worker after the empty page; a newer keystroke (the
    worker cancelled) stops it between statements and nothing is posted."""
    from deskcrm.screens import search_worker
    from deskcrm.work.search_pool import SearchPool

    class Worker:  # cancelled once the empty page has been read: inside the dead end
        def __init__(self) -> None:
            self.asked = 0

        @property
        def is_cancelled(self) -> bool:
            self.asked += 1
            return self.asked > 1

    posted: list = []
    pool = SearchPool(demo, None)
    try:
        worker = Worker()
        search_worker.run(pool, worker, posted.append, 1, parse("python zzzq"), ranked=False, today=TODAY,
                          colours={}, limit=100)
        assert posted == [] and worker.asked > 1
        done = type("Done", (), {"is_cancelled": False})()
        search_worker.run(pool, done, posted.append, 3, parse("python zzzq"), ranked=False, today=TODAY,
                          colours={}, limit=100)
        (found,) = posted
        assert found.dead is not None and found.total == 0 and found.rows and not found.more
        assert found.rows[0][1]()[search_rows.MISSING].plain == "no zzzq"
    finally:
        pool.close()


def test_partial_matches_page_like_results(demo, monkeypatch):
    """More partial matches than a page: the next pages come as the cursor nears the end, in the
    order the store keeps them (each row still saying what it misses)."""
    monkeypatch.setattr(SearchScreen, "PAGE_SIZE", 5)

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_search(pilot)
            await pilot.press(*"python", "space", *"zzzq")
            await settle(pilot)
            dead = expected(demo, "python zzzq")
            assert len(dead.order) > 12 and list(screen.table._keys) == list(dead.order[:5])
            await pilot.press("tab", *"j" * 11)
            await settle(pilot)
            keys = list(screen.table._keys)
            assert len(keys) > 10 and keys == list(dead.order[:len(keys)])
            assert status(app) == dead.headline and "no zzzq" in screen_text(app)

    asyncio.run(go())
