"""The footer (KeyBar): the live keys in one line. When they do not fit, the screen's last keys
give way (the help lists them) but the safety keys stay — ``^z Undo``, ``q Quit`` — and the line
ends with ``… ? Help`` so the recruiter can always find the rest. Related keys share one entry
(``H/L Move``)."""

from __future__ import annotations

import asyncio
import re

import pytest
from seed import keys, run_app, screen_text, seed
from textual.app import App
from textual.binding import Binding

from deskcrm.widgets.key_bar import KeyBar

_STEP = Binding.Group("Step")


class Keys(App):
    BINDINGS = [
        *[Binding(k, f"noop('{k}')", f"Action {k}", id=f"t.{k}") for k in "abcdefghi"],
        Binding("ctrl+z", "undo", "Undo", id="t.undo"),
        Binding("question_mark", "help", "Help", id="t.help"),
        Binding("q", "quit", "Quit", id="t.quit"),
    ]

    def compose(self):
        yield KeyBar()

    def action_noop(self, _key: str) -> None:
        pass

    def action_help(self) -> None:
        pass

    def action_undo(self) -> None:
        pass


class Grouped(Keys):
    BINDINGS = [  # (an App subclass's bindings come after its base's)
        Binding("H", "noop('back')", "◀ Step", group=_STEP, id="t.back"),
        Binding("L", "noop('on')", "Step ▶", group=_STEP, id="t.on"),
    ]


def footer(width: int, app_class: type[App] = Keys) -> str:
    async def go():
        app = app_class()
        async with app.run_test(size=(width, 5)) as pilot:
            await pilot.pause()
            return str(app.query_one(KeyBar).render())

    return asyncio.run(go())


def test_everything_fits_when_wide():
    line = footer(200)
    assert "a Action a" in line and "i Action i" in line and "? Help" in line and "q Quit" in line
    assert line.index("^z Undo") < line.index("? Help") < line.index("q Quit")  # as bound
    assert "  …  " not in line


def test_narrow_keeps_undo_quit_and_help_at_the_end():
    line = footer(80)
    assert line.rstrip().endswith("^z Undo  q Quit  …  ? Help") and len(line) <= 80, line
    assert line.startswith(" a Action a  b Action b")
    assert "i Action i" not in line  # it gave way: the help screen lists it


class Hidden(Keys):
    BINDINGS = [Binding("r", "noop('r')", "Refresh", show=False, id="t.refresh")]  # left to the help screen


def test_a_key_left_to_help_ends_the_line_with_help_even_when_all_fit():
    """The acceptance tester: at 120 columns keys with show=False were simply absent, and nothing
    said more keys exist. Now the line ends with "… ? Help" (undo and quit before it)."""
    line = footer(200, Hidden)
    assert re.search(r"\^z Undo  q Quit  …  \? Help +\^p palette $", line), line  # the palette at the far right
    assert "a Action a" in line and "i Action i" in line and "r Refresh" not in line
    narrow = footer(80, Hidden)
    assert narrow.rstrip().endswith("^z Undo  q Quit  …  ? Help") and len(narrow) <= 80, narrow


def test_a_group_of_keys_is_one_entry():
    line = footer(200, Grouped)
    assert "  q Quit  H/L Step " in line and "◀ Step" not in line, line


@pytest.fixture
def desk(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    return path


SCREENS = {  # keys from the first screen -> where they lead
    "due": ("1",), "search results": ("2", "escape"), "clients": ("3",), "account": ("3", "enter"),
    "bd board": ("3", "b"), "jobs": ("4",), "job pipeline": ("4", "enter"), "placements": ("5",),
    "person": ("5", "enter"), "details": ("1", "enter"), "reports": ("6",), "report records": ("6", "enter"),
}


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_every_section_shows_undo_and_quit_and_ends_with_help(desk, size):
    """Acceptance of issue 9: at 120 columns the placements footer was cut to "a Log … ? Help",
    so ctrl+z and q were nowhere on screen. Every section and the screens they open show both,
    and a footer that dropped keys — for room, or left to help (``show=False``) — ends with
    "… ? Help" (the palette, when there is room, at the far right)."""

    async def body(app, pilot):
        for name, pressed in SCREENS.items():
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await keys(pilot, "1")
            await keys(pilot, *pressed)
            line = screen_text(app).splitlines()[-1].rstrip().removesuffix("^p Palette").rstrip()
            assert "^z Undo" in line and "q Quit" in line, (name, line)
            # every section screen leaves a key to help (r refresh at least): the line says so
            assert line.endswith("  …  ? Help") and line.count("? Help") == 1, (name, line)

    run_app(desk, body, size)
