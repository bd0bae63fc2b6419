"""Issue: the Clients filter box looked ready for typing while the list had the focus, where
letters are keys (``com`` ran c, o and m). The box now says which key reaches it (as remapped),
looks asleep until then, says what leaves it once there, and a letter that is no key on the
list says how to filter instead of doing nothing."""

from __future__ import annotations

import asyncio

from seed import keys, screen_text, seed, settle, toasts

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod
from deskcrm.screens.clients import ClientsScreen
from deskcrm.screens.clients_filter import AWAKE


def test_the_box_says_how_it_is_reached_and_a_stray_letter_says_how_to_filter(tmp_path, today):
    db = tmp_path / "desk.db"
    seed(db)
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"clients.filter" = "f"\n', encoding="utf-8")  # remapped: the box names f
    app = DeskApp(db, settings_mod.load(config))

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await keys(pilot, "3")
            screen, box = app.screen, app.screen.query_one("#filter")
            assert isinstance(screen, ClientsScreen)
            assert "Press f to filter by name, city or industry" in screen_text(app)
            assert screen.table.has_focus
            await pilot.press("l", "u")  # no keys here: typed as if into the box
            await settle(pilot)
            assert box.value == "" and screen.filter.text == "" and screen.table.has_focus
            said = toasts(app)
            assert "Letters on the list are keys: press f to type a filter" in said
            assert said.count("Letters on the list") == 1  # once for the burst, not once a letter
            await pilot.press("f", *"acm")
            await settle(pilot)
            assert box.has_focus and box.value == "acm" and screen.filter.text == "acm"
            assert box.placeholder == AWAKE
            await pilot.press("escape", "escape")  # clear, then the list
            await settle(pilot)
            assert screen.table.has_focus and box.value == ""
            assert "Press f to filter" in screen_text(app)
            await pilot.press("c")  # the list's keys still work
            await settle(pilot)
            assert screen.filter.active

    asyncio.run(go())
