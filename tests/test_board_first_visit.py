"""Job orders' first visit within 200 ms at 1M candidates (issue 10, item 5 follow-up): the work
a first visit does is what the screen shows, not what was loaded, and the section's code is
already imported when the key comes.

- A board loads a page of cards per column (40) but a 120x40 terminal shows about eight of each:
  a card's lines (the safe Text of its title, client, fees…) are made when it is first drawn.
- The sections' modules (the kanban stack: ~50 ms of imports on a quiet machine, 200 ms under
  load) are imported while the desk idles once the launch's data is drawn, not on the first key
  press — and not before the launch's first frame either (at 1M the due list can take seconds).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from seed import TODAY, copy_db, settle

from deskcrm.domain import clock
from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.screens import sections
from deskcrm.screens.jobs_board import JobsBoardScreen
from deskcrm.store.demo import build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("first-visit") / "demo.db"
    build_demo(path, candidates=8000, seed=3, today=TODAY)  # columns longer than a screen
    return path


def test_a_board_makes_only_the_cards_it_draws(demo, tmp_path, monkeypatch):
    path = copy_db(demo, tmp_path / "desk.db")
    clock.freeze(TODAY)
    made: list[int] = []
    make = JobsBoardScreen.make_card

    def counting(self, card, today):
        made.append(card.id)
        return make(self, card, today)

    monkeypatch.setattr(JobsBoardScreen, "make_card", counting)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, JobsBoardScreen)
            state = screen.kanban.view.state
            loaded = sum(len(c.cards) for c in state.columns)
            drawn = sum(min(len(c.cards), state.slots) for c in state.columns)
            assert loaded > drawn  # the demo's columns are longer than the screen
            assert len(set(made)) <= drawn, (len(set(made)), drawn, loaded)
            assert len(made) == len(set(made))  # each card made once
            # going down a column draws (and makes) the cards below, with the lines a card has
            column = state.column
            for _ in range(len(column.cards) - 1):
                await pilot.press("j")
            await pilot.pause()
            card = column.card
            assert card is not None and card.id in made
            expected = make(screen, screen.cards[card.id], TODAY).lines
            assert [line.plain for line in card.lines] == [line.plain for line in expected]
            assert len(set(made)) < loaded  # the other columns' unseen cards are still not made

    asyncio.run(go())


_WARM = r"""
import asyncio, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from seed import settle
from deskcrm.app import DeskApp
from deskcrm.screens import sections
SECTION_MODULES = [s.screen.partition(":")[0] for s in sections.SECTIONS[1:]]

async def go():
    app = DeskApp({db!r} if "://" in {db!r} else Path({db!r}))
    async with app.run_test(size=(120, 40)) as pilot:
        at_start = [m for m in SECTION_MODULES if m in sys.modules]
        await settle(pilot)
        for _ in range(100):  # the desk idles: the sections' code is read meanwhile
            if all(m in sys.modules for m in SECTION_MODULES):
                break
            await asyncio.sleep(0.05)
        later = [m for m in SECTION_MODULES if m in sys.modules]
        print("START", at_start)
        print("LATER", later)
        print("SCREEN", type(app.screen).__name__)

asyncio.run(go())
"""


def test_the_sections_code_is_imported_while_the_desk_idles(seeded_store, tmp_path):
    _conn, _ids, path = seeded_store
    script = _WARM.format(tests=str(Path(__file__).parent), db=str(path))
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_CACHE_HOME": str(tmp_path / "k"),
           "XDG_DATA_HOME": str(tmp_path / "d"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if line[:5] in ("START", "LATER", "SCREE"))
    modules = [s.screen.partition(":")[0] for s in sections.SECTIONS[1:]]
    assert lines["START"] == "[]"  # the launch's first frame does not wait for them
    assert lines["LATER"] == repr(modules)
    assert lines["SCREEN"] == "DueScreen"  # still on the due list: nothing was opened
