"""Snapshot of the import's mapping screen (120x40) after a dry run: what was found, the columns
with their targets and the first rows, the counts and the likely duplicates.

Frozen clock, seeded data, a file written by the test. After a deliberate change, regenerate with
``.venv/bin/pytest tests/test_snapshots_import.py --snapshot-update`` and look at the SVG.
"""

from __future__ import annotations

import pytest
from seed import seed, settle, until

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod

PEOPLE = (
    "First Name,Last Name,Email,Phone,Company,Skills,Favourite\n"
    "Zed,Quill,zed@example.org,,Acme Ltd,\"python, sql\",blue\n"
    "Yara,Voss,yara@example.org,,Newco Ltd,go,green\n"
    "Ana,Silva,,+44 20 7946 0001,,,red\n"
)


@pytest.fixture
def app(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    return DeskApp(path, settings_mod.load()), tmp_path / "people.csv"


def test_import_mapping_after_a_dry_run_120x40(snap_compare, app):
    desk, file = app

    async def open_and_check(pilot):
        from deskcrm.screens.import_flow import ImportScreen, open_import

        await settle(pilot)
        open_import(pilot.app, str(file))
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
        await pilot.press("r")
        await until(pilot, lambda: pilot.app.screen.plan is not None)
        await settle(pilot)

    assert snap_compare(desk, terminal_size=(120, 40), run_before=open_and_check)
