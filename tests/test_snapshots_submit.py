"""Snapshot of the job picker (s on a person) at 80x24: Lena, already on the backend job,
with two more open job orders. Regenerate with ``--snapshot-update`` and look at the SVG."""

from __future__ import annotations

from seed import seed, settle
from test_submit import add_open_jobs

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens.person import PersonScreen


def test_job_picker_80x24(snap_compare, tmp_path, today):
    path = tmp_path / "desk.db"
    ids = seed(path)
    add_open_jobs(path, ids)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(PersonScreen(ids["lena"]))
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(DeskApp(path, settings_mod.load()), terminal_size=(80, 24), run_before=run_before)
