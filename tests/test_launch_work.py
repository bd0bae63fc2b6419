"""Launch (issue 10 item 3): work on the way to the first frame that a bare Textual app does not
do, counted (not timed). The due list is the first section (a Textual mode); Textual re-parses
every style sheet and restyles the app when a mode's screen first shows unless the screen is
marked as styled under the current sheet — at launch nothing has changed the sheet yet.
"""

from __future__ import annotations

import asyncio

from seed import seed, settle

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp


def launch_reparses(path, monkeypatch, theme: str | None = None) -> tuple[int, DeskApp]:
    from textual.css.stylesheet import Stylesheet

    reparsed: list[str] = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: reparsed.append("x") or reparse(self))
    settings = settings_mod.Settings(theme=theme) if theme else settings_mod.Settings()
    app = DeskApp(path, settings)
    seen: dict[str, object] = {}

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            seen["rows"] = app.screen.table.row_count
            seen["theme"] = app.theme
            seen["background"] = app.screen.styles.background

    asyncio.run(go())
    assert seen["rows"], "the due list is drawn"
    return len(reparsed), seen


def test_the_launch_parses_the_style_sheets_once(tmp_path, monkeypatch):
    path = tmp_path / "desk.db"
    seed(path)
    count, seen = launch_reparses(path, monkeypatch)
    assert count == 0
    assert seen["theme"] == "deskcrm-dark"


def test_a_light_theme_at_launch_is_still_applied_to_the_first_screen(tmp_path, monkeypatch):
    path = tmp_path / "desk.db"
    seed(path)
    _, dark = launch_reparses(path, monkeypatch)
    count, light = launch_reparses(path, monkeypatch, theme="deskcrm-light")
    assert light["theme"] == "deskcrm-light"
    assert light["background"] != dark["background"]  # the light theme's colours, not the dark one's
    assert count <= 1  # the theme change's own restyle, once


def test_the_launch_configures_dates_and_stages_only_when_the_config_changes_them(tmp_path):
    """Both modules hold the defaults when imported, and the due list's first frame needs
    neither: the launch leaves them unimported unless the config renames a stage or reads
    dates month first."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from deskcrm.cli import launch; from deskcrm.config import settings\n"
        "launch.apply_settings(settings.Settings({args}))\n"
        "loaded = [m for m in ('deskcrm.domain.dates', 'deskcrm.domain.stages', 'deskcrm.domain.validate') if m in sys.modules]\n"
        "from deskcrm.domain import dates, stages\n"
        "print(loaded, dates.order(), stages.stage_label('submission', 'sourced'))\n"
    )

    def run(args: str) -> str:
        out = subprocess.run([sys.executable, "-c", probe.replace("{args}", args)], capture_output=True,
                             text=True, check=True)
        return out.stdout.strip()

    assert run("") == "[] dmy Sourced"
    assert run("date_order='mdy'") == "['deskcrm.domain.dates', 'deskcrm.domain.validate'] mdy Sourced"
    assert run("stages={'submission': {'sourced': 'Longlist'}}") == "['deskcrm.domain.stages'] dmy Longlist"


def test_the_launch_holds_garbage_collection_until_its_first_rows_are_drawn(tmp_path):
    """``cli.launch.gc_held`` turns the collector off for the launch; the app turns it back on
    once the due list is on screen (a launch that never gets its data: after GC_HELD_MAX_S),
    with what the launch allocated frozen (``app.resume_gc``); a launch that fails before its
    app runs turns it back on as it leaves."""
    import gc

    import pytest

    from deskcrm.cli import launch
    from deskcrm.errors import CliError

    path = tmp_path / "desk.db"
    seed(path)
    app = DeskApp(path, settings_mod.Settings())
    seen: dict[str, bool] = {}

    async def go():
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            seen["after"] = gc.isenabled()
            seen["frozen"] = gc.get_freeze_count() > 0  # what the launch made: not walked by every collection
            seen["rows"] = bool(app.screen.table.row_count)

    try:
        with launch.gc_held():
            assert not gc.isenabled()
            asyncio.run(go())
    finally:
        gc.unfreeze()  # this test process's objects: collected as before
    assert seen == {"after": True, "frozen": True, "rows": True}  # back on, with the rows drawn
    with pytest.raises(CliError):
        launch.open_tui(str(tmp_path / "missing.db"))
    assert gc.isenabled()


def test_the_first_frame_needs_the_due_items_not_the_due_rules(tmp_path):
    """The launch's process draws the prefetched items (``domain.due_item``); the rules and their
    input records (``domain.due``: ten frozen dataclasses, several ms to define) stay in the
    forked child that computed them. Counted in a fresh process (``sys.modules``), not timed."""
    import subprocess
    import sys

    path = tmp_path / "desk.db"
    seed(path)
    code = (
        "import asyncio, sys\n"
        "from deskcrm.app import DeskApp\n"
        "from deskcrm.domain.due_item import DueSettings\n"
        "from deskcrm.work.due_list import Prefetch\n"
        "async def go():\n"
        "    app = DeskApp(sys.argv[1], None, Prefetch(sys.argv[1], DueSettings()))\n"
        "    async with app.run_test(size=(120, 40)):\n"
        "        loaded = [m for m in ('deskcrm.domain.due', 'deskcrm.domain.due_rules') if m in sys.modules]\n"
        "        print(app.screen.table.row_count, loaded)\n"
        "asyncio.run(go())\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                         check=True).stdout.split(maxsplit=1)
    assert int(out[0]) > 0 and out[1].strip() == "[]"
