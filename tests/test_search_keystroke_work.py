"""Keystroke → count line within 50 ms p95 at 100k, 80 ms at 1M (issue 10, item 4 follow-up):
a keystroke's page is 100 people but a 120x40 terminal shows about 32 rows; the cells of a row
(eight safe Texts: name, headline, place, skills, availability, salary, contact, status — more
time than the query itself at 100k: p50 6.7 ms for the page's cells, 2.4 ms for the query) are
made when the row is first drawn, not for the whole page before the count line can show.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from seed import TODAY, settle

from deskcrm.domain import clock
from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens import search_rows
from deskcrm.screens.search import SearchScreen
from deskcrm.store.demo import build_demo
from deskcrm.widgets.paged_table import PagedTable


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search-work") / "demo.db"
    build_demo(path, candidates=2500, seed=3, today=TODAY)
    return path


def test_a_keystroke_makes_the_cells_of_the_rows_it_draws(demo, tmp_path, monkeypatch):
    clock.freeze(TODAY)
    made: list[int] = []
    cells = search_rows.cells

    def counting(row, today, colours):
        made.append(row.id)
        return cells(row, today, colours)

    monkeypatch.setattr(search_rows, "cells", counting)

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            made.clear()
            await pilot.press("a")
            await pilot.press("n")
            await settle(pilot)
            table = app.screen.query_one(PagedTable)
            shown = table.size.height - 1  # the header line
            assert table.row_count == SearchScreen.PAGE_SIZE  # a full page loaded…
            assert 0 < len(made) <= 2 * shown, (len(made), shown)  # …the cells of what is drawn made
            status = str(app.screen.query_one("#status").render())
            assert "matches" in status
            # the rows drawn are the page's first rows, with their cells
            first = app.screen._rows[0][0]
            assert first.id in made
            assert str(table.render_line(1).text).strip().startswith(first.name[:10])
            # the cursor going down the page draws (and makes) the rows below
            table.focus()
            for _ in range(60):
                await pilot.press("j")
            await pilot.pause()
            row = app.screen._rows[60][0]
            assert row.id in made
            assert first.name[:10] not in "".join(table.render_line(y).text for y in range(1, shown))

    asyncio.run(go())


def test_a_keystroke_lays_out_nothing(demo, monkeypatch):
    """The count line and the hint change in place (one line each): drawing a keystroke's
    results asks for no layout of the screen (a layout reflows and redraws all of it). Only
    Textual's Input still asks for one as its value changes (the echo, before the results)."""
    from textual.widget import Widget

    clock.freeze(TODAY)
    layouts: list[str] = []
    refresh = Widget.refresh

    def counting(self, *regions, layout: bool = False, **kwargs):
        if layout and type(self).__name__ != "QueryInput":
            layouts.append(f"{type(self).__name__}#{self.id}")
        return refresh(self, *regions, layout=layout, **kwargs)

    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("d", "e")
            await settle(pilot)
            monkeypatch.setattr(Widget, "refresh", counting)
            for key in "ve":  # "dev", "deve": a new full page, a new estimate, then the exact count
                await pilot.press(key)
                await settle(pilot)
            monkeypatch.setattr(Widget, "refresh", refresh)
            status = str(app.screen.query_one("#status").render())
            assert "matches" in status and "≈" not in status  # the exact count landed
            assert layouts == [], layouts

    asyncio.run(go())
