"""Snapshots of the due list (80x24, 120x40) and the details screen (120x40).

Frozen clock, seeded data. After a deliberate change, regenerate with
``.venv/bin/pytest tests/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from seed import seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp


@pytest.fixture
def app(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    return DeskApp(path, settings_mod.load())


def test_due_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_due_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_details_120x40(snap_compare, app):
    async def open_details(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_details)
