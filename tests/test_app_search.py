"""Pilot tests of the Search section: real key presses on the 300-candidate demo (dated TODAY).

What the screen shows is checked against the engine itself (``SqliteSearch`` on the same file),
so the tests say "the screen shows what the query finds", not which people the demo made.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import date

import pytest
from seed import TODAY, screen_text, search_demo, settle

from deskcrm.config import settings as settings_mod
from deskcrm.domain.amounts import short_money
from deskcrm.app import DeskApp
from deskcrm.screens import search_rows
from deskcrm.screens.search import QueryInput, SearchScreen
from deskcrm.domain.search_query import parse
from deskcrm.store import db
from deskcrm.store.search import SqliteSearch
from deskcrm.widgets.paged_table import PagedTable

SIZE = (120, 40)


@pytest.fixture
def demo(tmp_path, today):
    return search_demo(tmp_path / "desk.db")


def run(coro):
    return asyncio.run(coro)


def engine(path, text: str, *, typing: bool = True, ranked: bool = False, limit: int = 100, me=None):
    conn = db.connect(path)
    try:
        backend = SqliteSearch(conn, TODAY, me)
        q = parse(text, typing=typing)
        page = backend.search(q, limit=limit, ranked=ranked)
        return [r.id for r in page.rows], backend.count(q), page.rows
    finally:
        conn.close()


def partial_ids(path, text: str, *, typing: bool = True, ranked: bool = False) -> list[int]:
    """The partial matches a query no one matches shows (store.search_partial; on enter, ranked)."""
    from deskcrm.store.search_partial import dead_end

    conn = db.connect(path)
    try:
        return [p.row.id for p in dead_end(SqliteSearch(conn, TODAY), parse(text, typing=typing), limit=100,
                                             ranked=ranked).rows]
    finally:
        conn.close()


def shown_ids(app) -> list[int]:
    return list(app.screen.table._keys)


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


def hint(app) -> str:
    return str(app.screen.query_one("#hint").render())


async def open_search(pilot) -> SearchScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def type_text(pilot, value: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in value))
    await settle(pilot)


def test_two_opens_search_with_recent_people_and_the_box_focused(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            assert isinstance(app.focused, QueryInput)
            ids, total, rows = engine(demo, "")
            assert shown_ids(app) == ids  # the empty query: most recently contacted first
            assert f"{total:,} people · recently contacted first" in status(app)
            shown = screen_text(app)
            assert " 2 Search " in shown and rows[0].name in shown
            assert screen.table.row_count == SearchScreen.PAGE_SIZE  # one page, not everyone

    run(go())


def test_typing_shows_matches_and_the_count_as_you_type(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            for typed in ("py", "pyth", "python", "python en"):
                await type_text(pilot, typed[len(app.screen.query_input.value):])
                ids, total, rows = engine(demo, typed)
                assert ids, typed
                assert shown_ids(app) == ids, typed
                assert f"{total:,} matches" in status(app), typed
                assert "enter: best match first" in status(app)
                assert rows[0].name in screen_text(app)

    run(go())


def test_the_count_line_shows_an_estimate_with_the_rows_then_the_exact_count(demo, monkeypatch):
    """At 1M people the exact count costs what FTS5 costs: the rows come with "≈ N" (free, from
    where the page ended) and the exact count replaces it when it lands."""
    import threading

    counting, release = threading.Event(), threading.Event()
    exact_count = SqliteSearch.count

    def slow_count(self, query):
        if query.terms:
            counting.set()
            release.wait(10)
        return exact_count(self, query)

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            monkeypatch.setattr(SearchScreen, "PAGE_SIZE", 20)
            monkeypatch.setattr(SqliteSearch, "count", slow_count)
            await pilot.press(*"en")
            for _ in range(100):  # the rows are in; the count is held back
                await pilot.pause(0.01)
                if counting.is_set() and screen.table.row_count:
                    break
            await pilot.pause(0.05)
            ids, total, _ = engine(demo, "en", limit=20)
            conn = db.connect(demo)
            top = conn.execute("SELECT max(id) FROM person").fetchone()[0]
            conn.close()
            assert shown_ids(app) == ids and total > 20
            guess = round(20 * top / ids[-1])
            assert f"≈ {round(guess, 2 - len(str(guess))):,} matches" in status(app), status(app)  # 2 digits
            assert f"{total:,} matches" not in status(app)
            release.set()
            await settle(pilot)
            assert f"{total:,} matches" in status(app) and "≈" not in status(app)
            calls = []
            monkeypatch.setattr(SqliteSearch, "count", lambda self, q: calls.append(q) or exact_count(self, q))
            await pilot.press("enter")  # the same question, best match first: not counted again
            await settle(pilot)
            assert calls == [] and f"{total:,} matches" in status(app)
            assert shown_ids(app) == engine(demo, "en", typing=False, ranked=True, limit=20)[0]

    run(go())


def test_a_filter_narrows(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            await type_text(pilot, "engineer ")
            _, broad, _ = engine(demo, "engineer ")
            assert f"{broad:,} matches" in status(app)
            box = app.screen.query_input
            box.value += "skill:python"  # the rest pasted: the same Changed, fewer key presses
            await settle(pilot)
            ids, narrow, _ = engine(demo, "engineer skill:python")
            assert 0 < narrow < broad
            assert shown_ids(app) == ids and f"{narrow:,} matches" in status(app)
            box.value += " salary<80k"
            await settle(pilot)
            ids, narrower, rows = engine(demo, "engineer skill:python salary<80k")
            assert narrower < narrow and shown_ids(app) == ids
            assert all(r.desired_salary is not None and r.desired_salary < 80_000 for r in rows)

    run(go())


FTS_SYNTAX = ['"', '""', "NEAR(", "NEAR(a b", "AND OR NOT", "*", "^-(", 'py"th*on', "col:x", "a*b*c"]


def test_fts_syntax_is_only_text(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            screen = await open_search(pilot)
            for typed in FTS_SYNTAX:
                screen.query_input.focus()
                screen.query_input.value = typed
                await settle(pilot)
                ids, total, _ = engine(demo, typed)
                assert shown_ids(app) == (ids if total else partial_ids(demo, typed)), typed
                await pilot.press("enter")  # ranked too
                await settle(pilot)
                assert app.is_running
                assert "failed" not in status(app).lower(), typed
                assert not app._notifications, typed
                ids, total, _ = engine(demo, typed, typing=False, ranked=True)
                assert shown_ids(app) == (ids if total else partial_ids(demo, typed, typing=False, ranked=True)), typed
                # nothing at all: a bare "No matches" there, the middle of the screen saying why (once)
                said = ("No one matches" if shown_ids(app) else "No matches") if total == 0 else f"{total:,}"
                assert said in status(app), typed

    run(go())


def test_enter_ranks_and_focuses_the_results(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            await type_text(pilot, "python engineer")
            unranked, _, _ = engine(demo, "python engineer")
            assert shown_ids(app) == unranked
            await pilot.press("enter")
            await settle(pilot)
            ranked, total, _ = engine(demo, "python engineer", typing=False, ranked=True)
            assert shown_ids(app) == ranked != unranked
            assert app.focused is screen.table and screen.table.cursor_row == 0
            assert "best match first" in status(app) and "enter:" not in status(app)
            assert f"{total:,} matches" in status(app)
            await pilot.press("j", "j")
            assert screen.table.cursor_key == ranked[2]

    run(go())


def test_paging_loads_the_next_page_near_the_end(demo, monkeypatch):
    monkeypatch.setattr(SearchScreen, "PAGE_SIZE", 12)
    monkeypatch.setattr(SearchScreen, "NEAR_END", 2)

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(120, 16)) as pilot:  # 8 rows on screen, fewer than a page
            screen = await open_search(pilot)
            await type_text(pilot, "engineer")
            every, total, _ = engine(demo, "engineer", limit=1000)
            assert total > 40
            table = screen.table
            assert table.row_count == 12 and f"{total:,} matches" in status(app)
            await pilot.press("enter")  # ranked: paging keeps the order
            await settle(pilot)
            assert table.row_count == 12
            for _ in range(9):
                await pilot.press("j")
            await settle(pilot)
            assert table.cursor_row == 9 and table.row_count == 12  # not near the end yet
            await pilot.press("j")  # 2 rows before the end: the next page loads
            await settle(pilot)
            assert table.row_count == 24
            ranked, _, _ = engine(demo, "engineer", typing=False, ranked=True, limit=24)
            assert shown_ids(app) == ranked  # page 2 follows page 1 in the same order
            await pilot.press("G")
            await settle(pilot)
            assert table.row_count == 36
            for _ in range(total // 12 + 2):
                await pilot.press("G")
                await settle(pilot)
            assert table.row_count == total and sorted(shown_ids(app)) == sorted(every)
            assert len(set(shown_ids(app))) == total and table.cursor_row == total - 1

    run(go())


def test_slash_focuses_the_box_and_escape_clears_then_leaves(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            await type_text(pilot, "python")
            await pilot.press("escape")  # clears
            await settle(pilot)
            assert screen.query_input.value == "" and isinstance(app.focused, QueryInput)
            assert shown_ids(app) == engine(demo, "")[0]
            await pilot.press("escape")  # empty: to the results
            assert app.focused is screen.table
            await pilot.press("j", "/")
            assert isinstance(app.focused, QueryInput)
            await type_text(pilot, "q2")  # q and numbers are text in the box
            assert app.is_running and isinstance(app.screen, SearchScreen)
            assert screen.query_input.value == "q2"
            await pilot.press("escape", "escape", "1")  # leave the box: number keys switch again
            await settle(pilot)
            assert app.current_mode == "due"
            await pilot.press("2")
            await settle(pilot)
            assert app.screen is screen and screen.query_input.value == ""

    run(go())


def test_query_problems_are_shown_under_the_box(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            assert "skill:python" in hint(app)  # no problem: the syntax reminder
            await type_text(pilot, "salary<abc ")
            assert "salary<abc: use a number like 90k" in hint(app)
            assert app.screen.query_one("#hint").has_class("-problem")
            await pilot.press("ctrl+u")
            await type_text(pilot, "owner:me ")
            assert "nobody is chosen as you" in hint(app)
            assert "No one matches these filters" in status(app)  # and how many would without it
            assert "No one matches" in screen_text(app)

    run(go())


def test_owner_me_uses_the_me_setting(demo, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('me = "am"\n')
    settings = settings_mod.load(config)
    assert settings.me == "AM"

    async def go():
        app = DeskApp(demo, settings)
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            await type_text(pilot, "owner:me ")
            ids, total, _ = engine(demo, "owner:me ", me="AM")
            assert total > 0 and shown_ids(app) == ids
            assert "skill:python" in hint(app)  # no problem

    run(go())


@pytest.mark.parametrize("value", ['me = 5', 'me = "A M"', 'me = ""', 'me = "[/]"', 'me = "ABCDEFGHIJ"'])
def test_a_bad_me_setting_is_a_clear_error(tmp_path, value):
    config = tmp_path / "config.toml"
    config.write_text(value + "\n")
    with pytest.raises(settings_mod.ConfigError, match="'me' must be your recruiter initials"):
        settings_mod.load(config)


def test_a_stale_keystroke_never_wins(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            await pilot.press(*"nurse", "backspace", "backspace", *"se")  # no waiting in between
            await settle(pilot)
            assert shown_ids(app) == engine(demo, "nurse")[0]
            from deskcrm.screens.search_worker import Found

            screen.post_message(Found(screen._seq - 1, 0, [], False, 0, (), None))  # a late, stale answer
            await settle(pilot)
            assert shown_ids(app) == engine(demo, "nurse")[0]

    run(go())


def test_a_keystroke_is_drawn_even_if_its_results_never_come(demo, monkeypatch):
    """Repaints wait for a keystroke's results (one frame for both), but never for long."""
    from deskcrm.screens import search_worker

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            monkeypatch.setattr(search_worker, "run", lambda *args, **kwargs: None)  # a worker that posts nothing
            await pilot.press("a", "b")
            await pilot.pause(0.1)
            assert app._batch_count == 0  # the hold was let go
            assert "│  ab" in screen_text(app)

    run(go())


def test_a_database_error_is_shown_not_raised(demo, monkeypatch):
    def broken(self, query, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            monkeypatch.setattr(SqliteSearch, "search", broken)
            await type_text(pilot, "python")
            assert app.is_running
            # the store's own error (Corrupt, with what to do), not the driver's
            assert "Search failed: " in status(app)
            assert "the database is damaged (database disk image is malformed)" in status(app)

    run(go())


def test_enter_on_a_result_opens_the_person(demo):
    person = pytest.importorskip("deskcrm.screens.person")

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            await type_text(pilot, "python")
            await pilot.press("enter", "j")  # ranked, focus on the results, second row
            await settle(pilot)
            wanted = screen.table.cursor_key
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, person.PersonScreen)
            assert app.screen.person_id == wanted
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen and screen.table.cursor_key == wanted  # back where we were

    run(go())


def test_the_section_key_lands_in_the_box_so_a_typed_name_is_a_new_search(demo):
    """From a person opened from the results, ``2`` then a name: the name is the new query (the
    results focused, its letters were their keys: ``s`` opened Submit on the selected person);
    ``2`` on the results does the same, and esc back from a person still keeps the row."""

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_search(pilot)
            await type_text(pilot, "python")
            await pilot.press("enter", "j")  # ranked, the results focused
            await settle(pilot)
            await pilot.press("enter")  # a person, opened from the results
            await settle(pilot)
            assert app.screen is not screen
            await pilot.press("2")
            await settle(pilot)
            assert app.screen is screen and isinstance(screen.focused, QueryInput)
            await type_text(pilot, "skill:sql")  # s, k, i, l: none of them a row key now
            await settle(pilot)
            assert app.screen is screen and screen.query_input.value == "skill:sql"  # typed over "python"
            await pilot.press("escape", "escape")  # clear, then leave the box for the results
            await settle(pilot)
            assert isinstance(screen.focused, PagedTable)
            await pilot.press("2")
            await settle(pilot)
            assert isinstance(screen.focused, QueryInput)

    run(go())


def test_a_word_nobody_has_is_said_once(demo):
    """It was said three times at 80x24: under the box, in the count line and in the middle."""

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            await open_search(pilot)
            await type_text(pilot, "zzqxv")
            await settle(pilot)
            shown = screen_text(app)
            assert shown.count("No one matches") == 1 and shown.count("check the spelling") == 1, shown
            assert "No matches" in status(app)

    run(go())


def test_narrow_terminal_drops_skills_and_last_contact(demo):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            await open_search(pilot)
            header = screen_text(app).splitlines()[6]
            assert "Name" in header and "Status" in header
            assert "Skills" not in header and "Contacted" not in header
            await pilot.resize_terminal(120, 40)
            await settle(pilot)
            header = screen_text(app).splitlines()[6]
            assert "Skills" in header and "Contacted" in header

    run(go())


def test_keys_have_ids_descriptions_and_are_in_help(demo):
    for cls in (SearchScreen, QueryInput, PagedTable):
        for binding in cls.BINDINGS:
            assert binding.id and binding.description, (cls.__name__, binding)

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            from deskcrm.screens.help import HelpScreen

            await pilot.press("f1")  # ? is text in the box
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            content = str(app.screen.query_one("#help-keys").render())
            for words in ("In the search box", "Best match", "Clear", "Search", "Quit"):
                assert words in content, words
            await pilot.press("escape", "escape", "question_mark")
            await pilot.pause()
            content = str(app.screen.query_one("#help-keys").render())
            for words in ("In the results", "Open", "Next row", "Last loaded row", "Search", "Undo"):
                assert words in content, words

    run(go())


def test_cell_formats():
    today = date(2026, 11, 18)
    assert search_rows.availability(None, today) == ""
    assert search_rows.availability(date(2026, 11, 1), today) == "now"
    assert search_rows.availability(date(2026, 11, 19), today) == "tomorrow"
    assert search_rows.availability(date(2026, 11, 23), today) == "in 5 days"
    assert search_rows.availability(date(2026, 12, 9), today) == "in 3 weeks"
    assert search_rows.availability(date(2027, 3, 1), today) == "1 Mar 2027"
    assert search_rows.availability(date(2026, 12, 30), today) == "in 6 weeks"
    assert search_rows.availability(date(2027, 1, 20), today) == "20 Jan 2027"
    assert short_money(85_000, "EUR") == "EUR 85k"
    assert short_money(85_500, "EUR") == "EUR 85.5k"
    assert short_money(1_250_000, "GBP") == "GBP 1.2m"
    assert short_money(2_000_000, None) == "2m"
    assert short_money(900, "EUR") == "EUR 900"
    assert short_money(None, "EUR") == ""
    assert search_rows.contacted(today, today) == "today"
    assert search_rows.contacted(date(2026, 11, 17), today) == "yesterday"
    assert search_rows.contacted(date(2026, 11, 15), today) == "3 d ago"
    assert search_rows.contacted(date(2026, 2, 2), today) == "2 Feb"
    assert search_rows.contacted(date(2025, 11, 12), today) == "12 Nov 2025"
    assert search_rows.contacted(None, today) == "never"
    assert [search_rows.about(n) for n in (7, 99, 100, 187, 1234, 104_135, 999_999)] == [
        "7", "99", "100", "190", "1,200", "100,000", "1,000,000"]  # an estimate: two digits
    for width in (80, 100, 120, 200):
        columns = search_rows.columns(width)
        assert sum(c.width + 1 for c in columns) == width - 1, width
        assert all(c.width >= 7 for c in columns)


def test_the_footer_in_the_box_says_how_to_leave_it_for_the_section_keys(demo):
    """Issue 9 item 23: in the box digits are text (phone numbers), so the section keys need esc
    first — the footer says so, at 80 columns, and says what esc does while there is a query
    (clears it). The keys it names are the sections that exist (1–6 since Reports landed)."""
    from deskcrm.screens.sections import SECTIONS

    leave = f"esc Leave box (then {SECTIONS[0].key}–{SECTIONS[-1].key} sections)"
    assert leave == "esc Leave box (then 1–6 sections)"

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_search(pilot)

            def footer() -> str:
                return screen_text(app).splitlines()[-1]

            assert leave in footer() and "1–7" not in footer(), footer()
            await type_text(pilot, "07700")
            assert screen.query_input.value == "07700" and app.current_mode == "search"
            assert "esc Clear" in footer() and "Leave box" not in footer(), footer()
            await pilot.press("escape")
            await settle(pilot)
            assert screen.query_input.value == "" and leave in footer()
            await pilot.press("escape")
            await settle(pilot)
            assert app.focused is screen.table and "Leave box" not in footer()
            await pilot.press("3")
            await settle(pilot)
            assert app.current_mode == "clients"

    run(go())


def why_line(app) -> str:
    return str(app.screen.query_one("#why").render())


def test_the_why_line_follows_the_cursor_one_row_at_a_time(demo, monkeypatch):
    """Issue 17: under the results, which term hit which field — for the row under the cursor
    only (one index row read when the cursor lands), never for the page."""
    from deskcrm.domain.relevance import why_text

    asked: list[int] = []
    real = SqliteSearch.why

    def counted(self, query, person_id, **kw):
        asked.append(person_id)
        return real(self, query, person_id, **kw)

    monkeypatch.setattr(SqliteSearch, "why", counted)

    def expected(person_id: int) -> str:
        conn = db.connect(demo)
        try:
            return "why: " + why_text(real(SqliteSearch(conn, TODAY), parse("python engineer", typing=False), person_id))
        finally:
            conn.close()

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            assert why_line(app) == ""  # no words: no why
            await type_text(pilot, "python engineer")
            await pilot.press("enter")
            await settle(pilot)
            ranked, _, _ = engine(demo, "python engineer", typing=False, ranked=True)
            assert why_line(app) == expected(ranked[0]) and "python → title, skills" in why_line(app)
            asked.clear()
            await pilot.press("j")
            await settle(pilot)
            assert why_line(app) == expected(ranked[1])
            assert asked == [ranked[1]]  # one row, not the page

    run(go())


def test_the_why_line_of_hostile_data_is_literal(tmp_path, today):
    from seed import seed

    path = tmp_path / "desk.db"
    seed(path)
    conn = db.connect(path)
    hostile = "[bold]Rust[/] \x1b[2J\u202e [@click=app.quit]"
    with db.write(conn):
        cur = conn.execute(
            "INSERT INTO person (name, other_contacts, headline, tags, custom, created_at, updated_at, version)"
            " VALUES (?, '[]', ?, '[]', '{}', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 1)",
            (hostile, hostile))
        from deskcrm.store.search_index import index_people

        index_people(conn, [cur.lastrowid])
    conn.close()

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await open_search(pilot)
            await type_text(pilot, "[/] rust")
            await pilot.press("enter")
            await settle(pilot)
            line = why_line(app)
            assert line == "why: rust → name, title", line
            assert "\x1b" not in screen_text(app) and "\u202e" not in screen_text(app)

    run(go())
