"""Sections open within 200 ms at 1M candidates (issue 10 item 5): what Job orders, Placements
and Clients read on their first open is a page, never a whole table.

Checked on a demo desk with more rows than a page: every statement the sections run is traced
and its plan (``EXPLAIN QUERY PLAN``) may not read all of a big table — no full scan, no walk of
a non-covering index that is then sorted or grouped (that is reading a whole column before
keeping 40 cards) — and no statement hands Python more than a page. The pages themselves are
the first cards of each column in board order, the first companies by name.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

import pytest
from seed import TODAY, copy_db, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.board_base import BoardScreen
from deskcrm.screens.clients import ClientsScreen
from deskcrm.domain.stages import PIPELINES
from deskcrm.store import boards, clients, db
from deskcrm.store.demo import build_demo

BIG = {"person", "candidate_profile", "company", "contact_role", "job_order", "submission", "placement", "activity"}
PAGE, PER_COLUMN = 7, 4


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sections") / "demo.db"
    build_demo(path, candidates=2500, seed=3, today=TODAY)  # 50 companies, 100 jobs, 125 placements
    return path


def whole_table_reads(conn: sqlite3.Connection, sql: str) -> list[str]:
    """The steps of ``sql``'s plan that read every row of a big table (or of a whole range of an
    index, to sort or group it)."""
    aliases: dict[str, str] = {}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+AS)?(?:\s+(\w+))?", sql, re.IGNORECASE):
        aliases[table] = table
        if alias and alias.upper() not in {"WHERE", "JOIN", "LEFT", "ON", "INDEXED", "NOT", "ORDER", "GROUP",
                                           "CROSS", "INNER", "LIMIT"}:
            aliases[alias] = table
    plan = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()  # (id, parent, notused, detail)
    sorted_levels = {parent for _id, parent, _n, detail in plan if detail.startswith("USE TEMP B-TREE")}
    found = []
    for _id, parent, _n, detail in plan:
        m = re.match(r"(SCAN|SEARCH) (\w+)", detail)
        if not m or aliases.get(m.group(2), m.group(2)) not in BIG:
            continue
        by_key = "COVERING INDEX" in detail or "PRIMARY KEY" in detail
        if m.group(1) == "SCAN" and not by_key:
            found.append(detail)  # every row of the table
        elif m.group(1) == "SEARCH" and not by_key and parent in sorted_levels:
            found.append(detail + " (then sorted)")  # a whole range of rows, read to sort it
    return found


# ---------------------------------------------------------------------------- the store's reads


def test_a_board_column_is_read_in_board_order_from_its_index(demo):
    conn = db.connect(demo)
    try:
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        jobs = boards.job_board(conn, per_column=PER_COLUMN)
        placements = boards.placement_board(conn, per_column=PER_COLUMN)
        conn.set_trace_callback(None)
        for sql in statements:
            assert whole_table_reads(conn, sql) == [], sql
        for board, table, stage_col in ((jobs, "job_order", "stage"), (placements, "placement", "status")):
            for column in board.columns:  # the right first page: the column's first cards by rank, id
                every = [r[0] for r in conn.execute(
                    f"SELECT id FROM {table} WHERE {stage_col} = ? ORDER BY rank, id", (column.stage,))]
                assert column.count == len(every)
                assert [c.id for c in column.cards] == every[:PER_COLUMN], column.stage
        assert sum(len(c.cards) < c.count for c in placements.columns) >= 1  # longer than a page
    finally:
        conn.close()


def test_the_clients_page_reads_a_page_of_companies(demo):
    conn = db.connect(demo)
    try:
        statements: list[str] = []
        conn.set_trace_callback(statements.append)
        rows = clients.list_clients(conn, today=TODAY, limit=PAGE)
        conn.set_trace_callback(None)
        for sql in statements:
            assert whole_table_reads(conn, sql) == [], sql
        by_name = [r[0] for r in conn.execute("SELECT id FROM company ORDER BY name_norm, id")]
        assert [r.id for r in rows] == by_name[:PAGE] and len(by_name) > PAGE
        every = {r.id: r for r in clients.list_clients(conn, today=TODAY, limit=1000)}
        assert rows == [every[r.id] for r in rows]  # a row's figures do not depend on its page
    finally:
        conn.close()


def test_the_old_plans_would_be_caught():
    """The checker itself: the plans this issue removed are whole-table reads."""
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        CREATE TABLE placement (id INTEGER PRIMARY KEY, status TEXT, rank REAL, company_id INT, fee_amount REAL);
        CREATE INDEX ix_placement_status ON placement (status);
        CREATE INDEX ix_placement_company_id ON placement (company_id);
        CREATE TABLE company (id INTEGER PRIMARY KEY, name_norm TEXT);
    """)
    assert whole_table_reads(conn, "SELECT * FROM placement WHERE status = 'started' ORDER BY rank, id LIMIT 4")
    assert whole_table_reads(conn, "SELECT c.id, x.n FROM company c LEFT JOIN (SELECT company_id, count(*) AS n"
                                   " FROM placement pl GROUP BY company_id) x ON x.company_id = c.id")
    assert not whole_table_reads(conn, "SELECT count(*) FROM placement WHERE status = 'started'")


# ---------------------------------------------------------------------------- the sections, opened


def test_opening_each_section_reads_pages_not_tables(demo, tmp_path, monkeypatch):
    """Press 4, 5 and 3 as a recruiter would: every statement run is a page read."""
    path = copy_db(demo, tmp_path / "desk.db")
    monkeypatch.setattr(BoardScreen, "PER_COLUMN", PER_COLUMN)
    monkeypatch.setattr(ClientsScreen, "PAGE_SIZE", PAGE)
    traced: list[tuple[str, list[int]]] = []  # (statement, rows handed to Python)
    connect = db.connect

    def tracing(*args, **kwargs):
        conn = connect(*args, **kwargs)

        def started(sql: str) -> None:
            traced.append((sql, [0]))

        def row(_cursor, values):
            if traced:
                traced[-1][1][0] += 1
            return values

        conn.set_trace_callback(started)
        conn.row_factory = row
        return conn

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for key, screen_type in (("4", "JobsBoardScreen"), ("5", "PlacementsBoardScreen"), ("3", "ClientsScreen")):
                traced.clear()
                monkeypatch.setattr(db, "connect", tracing)
                await pilot.press(key)
                await settle(pilot)
                monkeypatch.setattr(db, "connect", connect)
                assert type(app.screen).__name__ == screen_type
                reads = [(sql, n) for sql, (n,) in traced if sql.lstrip().upper().startswith("SELECT")]
                assert reads, key
                check = connect(path)
                try:
                    for sql, fetched in reads:
                        assert whole_table_reads(check, sql) == [], sql
                        longest = len(PIPELINES["job"]) * 3  # a totals row per stage and currency
                        assert fetched <= max(PAGE + 1, longest), (fetched, sql)
                finally:
                    check.close()

    asyncio.run(go())


# ---------------------------------------------------------------------------- the first frame of a section


def test_a_section_is_drawn_with_its_rows_and_a_later_visit_at_once(demo, tmp_path, monkeypatch):
    """Textual masks a change of section by holding repaints for a fixed 50 ms. Here a first
    visit holds the old frame until the section's rows are in (so its first frame has them, not
    "Loading…"), and a section already open is drawn as soon as it is laid out. (The bounds are
    made long here: what ends each hold is the section, never the clock.)"""
    import threading

    from deskcrm.screens.jobs_board import JobsBoardScreen

    path = copy_db(demo, tmp_path / "desk.db")
    gate = threading.Event()
    read = JobsBoardScreen.read
    monkeypatch.setattr(JobsBoardScreen, "read", lambda self, conn: gate.wait(10) and read(self, conn))
    monkeypatch.setattr(DeskApp, "SECTION_HOLD_S", 30.0, raising=False)
    delay_update = DeskApp.delay_update
    monkeypatch.setattr(DeskApp, "delay_update", lambda self, delay=0.05: delay_update(self, 30.0))

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await pilot.pause(0.2)
            assert app._batch_count > 0  # nothing drawn yet: the due list stays on screen
            gate.set()  # the rows land: the board is drawn with them
            await settle(pilot)
            assert isinstance(app.screen, JobsBoardScreen) and app.screen.cards
            assert app._batch_count == 0

            await pilot.press("1")  # back to a section already open: drawn at once
            await settle(pilot)
            assert app._batch_count == 0
            await pilot.press("4")
            await settle(pilot)
            assert app._batch_count == 0 and isinstance(app.screen, JobsBoardScreen)

    asyncio.run(go())


def test_a_slow_first_read_is_drawn_loading_after_the_bound(demo, tmp_path, monkeypatch):
    import threading

    from textual.widgets import Static

    from deskcrm.screens.jobs_board import JobsBoardScreen

    path = copy_db(demo, tmp_path / "desk.db")
    gate = threading.Event()
    read = JobsBoardScreen.read
    monkeypatch.setattr(JobsBoardScreen, "read", lambda self, conn: gate.wait(10) and read(self, conn))

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            for _ in range(100):  # the bound runs out (however slow this machine is today)
                await pilot.pause(getattr(DeskApp, "SECTION_HOLD_S", 0.05) / 3)
                if not app._batch_count:
                    break
            assert app._batch_count == 0  # drawn, saying it is loading
            assert "Loading" in str(app.screen.query_one("#board-header", Static).render())
            gate.set()
            await settle(pilot)
            assert app.screen.cards

    asyncio.run(go())


def test_a_first_visit_does_not_parse_every_style_sheet_again(demo, tmp_path, monkeypatch):
    """Textual parses every style sheet again (and restyles the app) when a mode's screen first
    shows; the section's widgets are styled as they mount, so deskcrm marks it current."""
    from textual.css.stylesheet import Stylesheet

    path = copy_db(demo, tmp_path / "desk.db")
    reparsed: list[str] = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append("x") or reparse(self))

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            at_launch = len(reparsed)  # none: see tests/test_launch_work.py
            for key in "2", "escape", "4", "5", "3":  # (in the search box digits are text: esc first)
                await pilot.press(key)
                await settle(pilot)
            assert type(app.screen).__name__ == "ClientsScreen"
            assert len(reparsed) == at_launch
            app.theme = "deskcrm-light" if "deskcrm-light" in app.available_themes else "textual-light"
            await settle(pilot)
            assert reparsed  # a new theme does
            before = len(reparsed)
            await pilot.press("4")  # a section styled under the old theme is restyled when shown
            await settle(pilot)
            assert len(reparsed) > before

    asyncio.run(go())
