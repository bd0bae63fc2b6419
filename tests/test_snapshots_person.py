"""Snapshots of the person screen (80x24 one column, 120x40 two columns) on the seeded record
that has every role (Lena: candidate, hiring manager, placed, former contact).

Frozen clock, seeded data. After a deliberate change, regenerate with
``.venv/bin/pytest tests/test_snapshots_person.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from seed import seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.person import PersonScreen


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    return DeskApp(path, settings_mod.load()), ids


def _open(person_id: int, *keys: str):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(person_id))
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


def test_person_80x24(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open(ids["lena"]))


def test_person_timeline_80x24(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open(ids["lena"], "G"))


def test_person_120x40(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_open(ids["lena"]))


def test_person_invoiced_120x40(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_open(ids["chloe"]))
