"""Snapshots of the person form with an error at a field, and of the merge preview (80x24, 120x40).

Frozen clock, seeded data. After a deliberate change, regenerate with
``.venv/bin/pytest tests/test_snapshots_person_form.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from seed import index, seed, settle
from textual.widgets import Input

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.person import PersonScreen


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return DeskApp(path, settings_mod.load()), ids


def _form_with_error(person_id: int):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(person_id))
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = pilot.app.screen
        form.query_one("#field-name", Input).focus()
        await pilot.press(*"Zoe Quinn", "tab", *"zoe@@example", "tab")
        await settle(pilot)
        name = form.query_one("#field-name", Input)
        name.cursor_blink = False  # a loaded machine must not catch the cursor blinked off
        name.focus()
        await pilot.pause()

    return run_before


def _merge_preview(person_id: int):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(person_id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        email = pilot.app.screen.query_one("#field-email", Input)
        email.focus()
        email.value = "lena@example.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("j", "l")
        await pilot.pause()

    return run_before


def test_person_form_error_80x24(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_form_with_error(ids["lena"]))


def test_person_form_error_120x40(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_form_with_error(ids["lena"]))


def test_merge_preview_80x24(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_merge_preview(ids["dev"]))


def test_merge_preview_120x40(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_merge_preview(ids["dev"]))
