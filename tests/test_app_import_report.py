"""Pilot tests of the TUI import's dry run as a recruiter reads it (issue 12 item 5): the updates
of the desk's records listed field by field (what changes from → to, what is kept), as the CLI's
``--dry-run`` says them, in a table to move through. SQLite only: the screen's keys and text (the
plan under it is tested on both engines: test_import_write, test_import_employer).

The seeded desk (tests/seed.py) has Ana Silva (ana@example.com, London, employed at Initech)
and Cara Diaz (cara@example.com, London).
"""

from __future__ import annotations

import re

import pytest
from engines import sqlite_only
from seed import index, keys, run_app, screen_text, seed, settle, until
from textual.widgets import DataTable

from deskcrm.screens.import_flow import ImportScreen, open_import

UPDATES = (
    "Name,Email,City,Company,LinkedIn,Notes\n"
    "Ana Silva,ana@example.com,Porto,Orchard Digital,linkedin.com/in/ana-silva,\"line one\nline two\"\n"
    "[@click=app.quit] \x1b[31mRed\u202eevil,cara@example.com,Lisbon,,,\n"
    "Zed Quill,zed@example.org,Oslo,,,\n"
)


@pytest.fixture
def desk(desk_path, today):
    seed(desk_path)
    index(desk_path)
    return desk_path


def written(tmp_path, content: str, name: str = "people.csv"):
    file = tmp_path / name
    file.write_text(content, encoding="utf-8")
    return file


async def opened(pilot, file) -> ImportScreen:
    """The import screen for ``file`` (its mapping shown)."""
    await settle(pilot)
    open_import(pilot.app, str(file))
    await settle(pilot)
    await keys(pilot, "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
    await settle(pilot)
    return pilot.app.screen


async def checked(pilot, file) -> ImportScreen:
    """:func:`opened`, its dry run done."""
    screen = await opened(pilot, file)
    await keys(pilot, "r")
    await until(pilot, lambda: screen.plan is not None)
    await settle(pilot)
    return screen


@sqlite_only
def test_the_dry_run_lists_each_update_field_by_field(desk, tmp_path):
    file = written(tmp_path, UPDATES)

    async def body(app, pilot):
        screen = await checked(pilot, file)
        shown = screen_text(app)
        assert "1 new" in shown and "Updates of the desk's records" in shown
        updates = screen.query_one("#import-updates", DataTable)
        assert updates.row_count == 2  # Ana's and Cara's (by their emails)
        assert [u.as_update for u in screen.plan.updates] == ["update", "unchanged"]  # Cara's city is kept
        title = " ".join(str(screen.query_one("#import-updates-title").render()).split())
        assert "1 row dimmed: unchanged, the desk's values kept" in title  # not counted as an update
        first = [str(c) for c in updates.get_row_at(0)]
        assert first[:3] == ["2", "Ana Silva", f"#{screen.plan.updates[0].record_id}"]
        fields = first[3]  # the CLI's words, from the same plan
        assert "city: London kept (file: Porto)" in fields
        assert "linkedin_url: (empty) -> https://www.linkedin.com/in/ana-silva" in fields
        assert "current_employer: Initech kept (file: Orchard Digital)" in fields
        hostile = [str(c) for c in updates.get_row_at(1)][1]
        assert "[@click=app.quit]" in hostile and "\x1b" not in hostile and "\u202e" not in hostile
        assert app.is_running  # the hostile name was shown, not run
        await keys(pilot, "tab")  # the mapping, then the updates (no duplicates in this file)
        assert updates.has_focus
        await keys(pilot, "down")
        assert updates.cursor_row == 1

    run_app(desk, body, (120, 40))


# a likely duplicate whose reason is longer than its cell at 80 columns; a sheet of many columns
CUT = (
    "Name,Email,Phone,Company,Title,City,Skills,Salary,Source,Owner,Tags,Notes,A,B,C,D,E,F,G,H,I,J,K,L,M,N\n"
    "Cara Dias,,,Acme Ltd,Head of Engineering Operations and Delivery,London,,,,,,,,,,,,,,,,,,,,\n"
    "Zed Quill,zed@example.org,,Newco Ltd,CTO,Oslo,,,,,,,,,,,,,,,,,,,,\n"
    "Yara Voss,yara@example.org,,Newco Ltd,CFO,Bergen,,,,,,,,,,,,,,,,,,,,\n"
)


@sqlite_only
def test_at_80_columns_the_highlighted_rows_whole_reason_shows_below(desk, tmp_path):
    file = written(tmp_path, CUT)

    async def body(app, pilot):
        screen = await checked(pilot, file)
        detail = screen.query_one("#import-detail")
        assert not detail.display  # the mapping has the focus
        reason = screen.plan.duplicates[0].why
        assert reason.startswith("similar name at Acme Ltd (") and reason.endswith("Cara Diaz")
        await keys(pilot, "tab")  # the duplicates
        assert detail.display
        assert str(detail.render()) == f"line 2  Cara Dias: {reason}"
        assert detail.region.height >= 1 and detail.region.bottom <= 23  # on the screen, above the keys
        assert re.search(r"Cara Dias\s+skipped", screen_text(app))  # its row scrolled into view
        await keys(pilot, "tab")  # the updates: none in this file; back to the mapping
        assert not detail.display

    run_app(desk, body, (80, 24))


@sqlite_only
def test_the_mapping_uses_the_height_and_shows_three_rows_where_they_fit(desk, tmp_path):
    file = written(tmp_path, CUT)

    async def body(app, pilot):
        await settle(pilot)
        open_import(app, str(file))
        await settle(pilot)
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        await settle(pilot)
        table = app.screen.table
        assert [str(c.label) for c in table.columns.values()][2:] == ["Row 1", "Row 2", "Row 3"]
        assert table.size.height >= 27  # all 26 columns and the header, no scrolling (was 40%: 14)
        shown = screen_text(app)
        assert "Cara Dias" in shown and "Zed Quill" in shown and "Yara Voss" in shown

    run_app(desk, body, (120, 40))
