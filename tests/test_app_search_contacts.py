"""Pilot: a phone number or an email typed into the Search box finds the person (issue 9
follow-up) — the digits go into the box, as the README says, and the person shows first."""

from __future__ import annotations

import asyncio

from seed import screen_text, search_demo, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.search import SearchScreen
from deskcrm.store import db


def _someone_with_a_phone_and_email(path):
    conn = db.connect(path)
    try:
        return conn.execute("SELECT id, name, phone, email FROM person WHERE phone LIKE '+%' AND email IS NOT NULL"
                            " AND erased_at IS NULL ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()


def test_typing_a_phone_or_an_email_finds_the_person(tmp_path):
    path = search_demo(tmp_path / "desk.db")
    pid, name, phone, email = _someone_with_a_phone_and_email(path)
    national = "0" + phone.split(" ", 1)[1]  # "+49 172 23104960" -> "0172 23104960"

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            for typed in (phone, national, email.upper()):
                app.screen.query_one("#query").value = ""
                await pilot.press(*("space" if ch == " " else ch for ch in typed))
                await settle(pilot)
                assert list(app.screen.table._keys)[:1] == [pid], typed
                assert "No one matches" not in screen_text(app), typed
                assert name in screen_text(app)

    asyncio.run(go())
