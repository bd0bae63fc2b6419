"""Snapshots of the Search section (80x24, 120x40) on the 300-candidate demo, frozen clock.

After a deliberate change, regenerate with
``.venv/bin/pytest tests/test_snapshots_search.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from seed import search_demo, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp


@pytest.fixture
def app(tmp_path, today):
    return DeskApp(search_demo(tmp_path / "desk.db"), settings_mod.load())


def typing(query: str, *keys: str):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        pilot.app.screen.query_input.cursor_blink = False
        await pilot.press(*("space" if ch == " " else ch for ch in query), *keys)
        await settle(pilot)

    return run_before


def test_search_typing_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing("engineer"))


def test_search_ranked_120x40(snap_compare, app):
    """enter: best match first, the cursor on the results."""
    assert snap_compare(app, terminal_size=(120, 40), run_before=typing("python engineer", "enter", "j"))


def test_search_problem_80x24(snap_compare, app):
    """A filter the parser cannot read is named under the box; the rest still searches."""
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing("nurse salary<abc "))
