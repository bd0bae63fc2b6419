"""Hostile strings (markup, escape sequences, bidi overrides) in every field the person form,
the duplicates dialog and the merge preview show: shown literally, nothing reaches the terminal
but colour codes, and a save of an unchanged field never rewrites it."""

from __future__ import annotations

import asyncio

import pytest
from seed import Names, index, screen_text, seed, settle, until
from test_hostile import HOSTILE, assert_safe
from textual.widgets import Input

from deskcrm.config import settings as settings_mod
from deskcrm import text
from deskcrm.app import DeskApp
from deskcrm.screens.dialogs.duplicates import DuplicatesDialog
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.merge import MergeDialog
from deskcrm.screens.person import PersonScreen
from deskcrm.store import db


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s)[1:-1][:24])
def test_hostile_strings_in_the_person_form_duplicates_and_merge(tmp_path, today, hostile):
    path = tmp_path / "desk.db"
    ids = seed(path, Names.every(hostile))
    index(path)
    literal = text.clean(hostile)
    lena = ids["lena"]

    def stored():
        conn = db.connect(path)
        try:
            return conn.execute("SELECT name, email, headline, notes, version FROM person WHERE id = ?", (lena,)).fetchone()
        finally:
            conn.close()

    before = stored()

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            app.push_screen(PersonScreen(lena))
            await settle(pilot)
            await pilot.press("e")  # the edit form: every stored value in a field
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            shown = screen_text(app)
            assert shown.count(literal) >= 4, shown  # title, name, email, headline, employer, …
            assert_safe(app, shown)
            await pilot.press("ctrl+s")  # nothing changed: nothing written
            await settle(pilot)
            assert stored() == before

            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            for name, value in (("name", "Dana Ross"), ("source", "Referral"), ("phone", "+44 20 7946 0050")):
                form.query_one(f"#field-{name}", Input).value = value
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, DuplicatesDialog)  # Lena's phone
            shown = screen_text(app)
            assert literal in shown and "same phone +442079460050" in shown
            assert_safe(app, shown)

            await pilot.press("m")
            await settle(pilot)
            assert isinstance(app.screen, MergeDialog)
            shown = screen_text(app)
            assert literal in shown
            assert_safe(app, shown)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen) and app.screen.person_id == lena
            await until(pilot, lambda: "Merged into" in screen_text(app))  # the merged record's reload, on a loaded box
            shown = screen_text(app)
            assert "Merged into" in shown and literal in shown
            assert_safe(app, shown)

    asyncio.run(go())
