"""Pilot: the Search section says when a word matched nothing and what it searched instead."""

from __future__ import annotations

import asyncio

import pytest
from seed import search_demo, settle

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod
from deskcrm.screens.search import SearchScreen

SIZE = (160, 40)


@pytest.fixture
def demo(tmp_path, today):
    return search_demo(tmp_path / "desk.db")


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


@pytest.mark.parametrize("typed", ["pyhton ", "[pyhton] [/] "])
def test_the_count_line_says_what_was_corrected(demo, typed):
    async def go():
        app = DeskApp(demo, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            keys = {" ": "space", "[": "left_square_bracket", "]": "right_square_bracket", "/": "slash",
                    "\x1b": None}
            await pilot.press(*(keys.get(ch, ch) for ch in typed if keys.get(ch, ch)))
            await settle(pilot)
            line = status(app)
            assert "showing results for python — pyhton matched nothing" in line, line
            assert "[" not in line
            assert app.screen.table.row_count > 0
            why = str(app.screen.query_one("#why").render())
            assert why.startswith("why: python → ") and "pyhton" not in why, why  # the corrected query's why
            await pilot.press(*["backspace"] * len(typed), *"python", "space")  # a word that matches: no such line
            await settle(pilot)
            assert "matched nothing" not in status(app)

    asyncio.run(go())
