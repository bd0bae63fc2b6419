"""Hostile strings (markup, escape sequences, bidi overrides) on every board card: job titles,
clients, candidates, headlines, exit reasons; the filter box; the move dialogs. The app stays
up, the text is shown literally, nothing but colour codes reaches the terminal."""

from __future__ import annotations

import asyncio

import pytest
from seed import Names, screen_text, seed, settle, until
from test_hostile import HOSTILE, assert_safe

from deskcrm.config import settings as settings_mod
from deskcrm import text
from deskcrm.app import DeskApp
from deskcrm.widgets.kanban import Kanban


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_on_every_board(tmp_path, today, hostile):
    path = tmp_path / "desk.db"
    seed(path, Names.every(hostile))
    literal = text.clean(hostile)[:12]  # cards are narrow: the start of it, literally

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            for keys in (("4",), ("c",), ("5",), ("c",), ("4", "c", "enter"), ("l", "l")):
                await pilot.press(*keys)
                await settle(pilot)
                await until(pilot, lambda: literal in screen_text(app))  # a loaded box: the board's read may lag
                shown = screen_text(app)
                assert_safe(app, shown)
            # the exit column shows the (hostile) exit reason, the header the title and client
            assert app.screen.query_one(Kanban).focused[1] is not None
            await pilot.press("m")  # the stage picker titles the candidate
            await settle(pilot)
            await until(pilot, lambda: literal in screen_text(app))
            assert_safe(app, screen_text(app))
            await pilot.press("escape")
            await settle(pilot)
            await until(pilot, lambda: bool(app.screen.query(Kanban)))  # the picker is gone: keys reach the board
            await pilot.press("slash")
            await settle(pilot)
            await until(pilot, lambda: type(app.focused).__name__ in ("SafeInput", "Input"))  # the filter box has them
            await pilot.press(*"[/]", "enter")  # a hostile filter
            await settle(pilot)
            await until(pilot, lambda: "filter: [/]" in screen_text(app))  # the filtered board's read may lag
            assert_safe(app, screen_text(app))

    asyncio.run(go())
