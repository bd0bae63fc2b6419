"""Snapshots of section 6, one per report at 80x24 (Revenue over the last 12 months, so its
bars show; KPIs, Activity and Clients for this month), and the light theme once. Seeded desk,
frozen clock. Regenerate after a deliberate change with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from seed import seed, settle

from deskcrm.app import DeskApp
from deskcrm.config.settings import Settings


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    return path


@pytest.fixture
def app(desk):
    return DeskApp(desk, Settings(me="SR"))


def _keys(*pressed: str):
    async def run_before(pilot):
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


LAST_12 = ("p", "down", "down", "down", "down", "enter")


def test_revenue_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("6", *LAST_12))


def test_kpis_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("6", *LAST_12, "tab"))


def test_activity_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("6", "tab", "tab"))


def test_clients_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("6", *LAST_12, "tab", "tab", "tab"))


def test_revenue_light_120x40(snap_compare, desk):
    app = DeskApp(desk, Settings(me="SR", theme="deskcrm-light"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_keys("6", *LAST_12))
