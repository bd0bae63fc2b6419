"""Snapshots of the boards (job orders, one job's pipeline, placements) at 80x24 and 120x40 on
the seeded desk, clock frozen. After a deliberate change, regenerate with
``.venv/bin/pytest tests/test_snapshots_boards.py --snapshot-update`` and look at the SVGs."""

from __future__ import annotations

import pytest
from seed import seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    return DeskApp(path, settings_mod.load())


def _keys(*keys: str):
    async def run_before(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_jobs_board(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_keys("4"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_job_pipeline(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_keys("4", "enter", "l"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_placements_board(snap_compare, desk, size):
    assert snap_compare(desk, terminal_size=size, run_before=_keys("5", "j", "c"))
