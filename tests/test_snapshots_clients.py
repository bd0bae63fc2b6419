"""Snapshots of the Clients list and the account screen (80x24 and 120x40), seeded data,
frozen clock. Regenerate after a deliberate change with ``--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from seed import index, seed, settle

from deskcrm.app import DeskApp
from deskcrm.screens.account import AccountScreen
from deskcrm.config.settings import Settings


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    index(path)
    return DeskApp(path, Settings(me="SR")), ids


async def _clients(pilot):
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)


def _account(company_id: int):
    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(AccountScreen(company_id))
        await settle(pilot)

    return run_before


def test_clients_80x24(snap_compare, desk):
    app, _ = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_clients)


def test_clients_120x40(snap_compare, desk):
    app, _ = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_clients)


def test_account_80x24(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_account(ids["acme"]))


def test_account_120x40(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_account(ids["northwind"]))


def test_account_alumni_120x40(snap_compare, desk):
    app, ids = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_account(ids["acme"]))


async def _board(pilot):
    await _clients(pilot)
    await pilot.press("b")
    await settle(pilot)


def test_bd_board_80x24(snap_compare, desk):
    app, _ = desk
    assert snap_compare(app, terminal_size=(80, 24), run_before=_board)


def test_bd_board_120x40(snap_compare, desk):
    app, _ = desk
    assert snap_compare(app, terminal_size=(120, 40), run_before=_board)
