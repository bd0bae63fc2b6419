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


def test_new_person_company_and_job_order_from_the_palette_anywhere(tmp_path, today):
    """ctrl+p "new person" (the help says the palette runs every command by name): the person
    form from Reports; "new company" its form; "new job order" Job orders' client question."""
    from deskcrm.screens.dialogs.form import FormDialog
    from deskcrm.screens.dialogs.pick import PickDialog
    from deskcrm.screens.jobs_board import JobsBoardScreen

    path = tmp_path / "desk.db"
    seed(path)
    index(path)

    async def run(app, pilot, words, opened):
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in words:
            await pilot.press("space" if ch == " " else ch)
        await until(pilot, lambda: words.capitalize() + "…" in screen_text(app))
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, opened)

    async def body(app, pilot):
        await pilot.press("6")
        await settle(pilot)
        await run(app, pilot, "new person", lambda: isinstance(app.screen, FormDialog))
        assert "New person" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await run(app, pilot, "new company", lambda: isinstance(app.screen, FormDialog))
        await pilot.press("escape")
        await settle(pilot)
        await run(app, pilot, "new job order", lambda: isinstance(app.screen, PickDialog))
        assert "New job order for which client?" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, JobsBoardScreen))

    run_app(path, body)
