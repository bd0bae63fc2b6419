"""The BD board is a command of every section, as Pools and the Outbox are: ctrl+p "BD board"
from Due today and from Search opens it (it was listed only in Clients, as the key b)."""

from __future__ import annotations

from seed import index, run_app, screen_text, seed, settle, until

from deskcrm.screens.bd_board import BDBoardScreen


def test_the_palette_lists_the_bd_board_from_due_and_from_search(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    index(path)

    async def body(app, pilot):
        for section in ("1", "2", "3"):
            await pilot.press(section)
            await settle(pilot)
            start = app.screen
            await pilot.press("ctrl+p")
            await pilot.pause()
            for ch in "BD board":
                await pilot.press("space" if ch == " " else ch)
            await until(pilot, lambda: "business-development board" in screen_text(app))
            assert screen_text(app).count("The business-development board") == 1  # in Clients: once, not twice
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, BDBoardScreen))
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is start)

    run_app(path, body)
