"""The one screen-side read helper (``DeskScreen.load``): every record screen and list loads
through it, so a failed read is the same toast + "press r" line everywhere, and a load that a
newer one superseded posts nothing."""

from __future__ import annotations

import asyncio

import pytest
from seed import screen_text, seed, settle, until

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod
from deskcrm.store.errors import StoreError

SIZE = (120, 40)


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    return path, seed(path)


def _busy(*_a, **_k):
    raise StoreError("the database is busy (another deskcrm is writing); try again")


def _app(path) -> DeskApp:
    return DeskApp(path, settings_mod.Settings())


CASES = [
    # (store module, function, screen factory, what the screen says, what it shows once loaded)
    ("people", "load_person", lambda ids: ("person", ids["chloe"]), "Could not load this person — press r to try again",
     "Chloe Martin"),
    ("account", "load_account", lambda ids: ("account", ids["northwind"]),
     "Could not load this account — press r to try again", "Northwind Logistics"),
]


@pytest.mark.parametrize("module, function, target, failed_line, loaded", CASES, ids=["person", "account"])
def test_a_failed_load_says_so_and_r_reads_again(desk, monkeypatch, module, function, target, failed_line, loaded):
    path, ids = desk
    import importlib

    store_module = importlib.import_module(f"deskcrm.store.{module}")

    async def go():
        from deskcrm.screens.account import AccountScreen
        from deskcrm.screens.person import PersonScreen

        kind, key = target(ids)
        monkeypatch.setattr(store_module, function, _busy)
        app = _app(path)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            app.push_screen(PersonScreen(key) if kind == "person" else AccountScreen(key))
            await settle(pilot)
            shown = screen_text(app)
            assert failed_line in shown
            assert any("busy" in str(n.message) for n in app._notifications)
            monkeypatch.undo()
            await pilot.press("r")
            await settle(pilot)
            shown = screen_text(app)
            assert loaded in shown and failed_line not in shown

    asyncio.run(go())


def test_a_superseded_load_posts_nothing(desk, monkeypatch):
    """A reload while the first read is still running: the first, cancelled by the second, never
    lands on screen — even when it returns after the second has landed."""
    import threading

    path, ids = desk
    from deskcrm.store import people

    real = people.load_person
    calls: list[int] = []
    release = threading.Event()

    def held_then_real(conn, pid):
        calls.append(pid)
        if len(calls) == 1:
            release.wait(10)  # the first read is held until the second has landed
        return real(conn, pid)

    async def go():
        from deskcrm.screens.person import PersonScreen

        landed: list = []
        original = PersonScreen.on_person_loaded

        def count(self, message):
            landed.append(message)
            original(self, message)

        monkeypatch.setattr(people, "load_person", held_then_real)
        monkeypatch.setattr(PersonScreen, "on_person_loaded", count)
        app = _app(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = PersonScreen(ids["chloe"])
            app.push_screen(screen)
            await until(pilot, lambda: len(calls) == 1)
            screen.reload()
            await until(pilot, lambda: len(landed) == 1)
            assert len(calls) == 2
            release.set()
            await asyncio.sleep(0.3)
            await settle(pilot)
            assert len(landed) == 1
            assert "Chloe Martin" in screen_text(app)

    try:
        asyncio.run(go())
    finally:
        release.set()
