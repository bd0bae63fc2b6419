"""The footer (KeyBar): the live keys in one line. When they do not fit, the screen's last keys
give way (the help lists them) but the safety keys stay — ``^z Undo``, ``q Quit`` — and the line
ends with ``… ? Help`` so the recruiter can always find the rest. Related keys share one entry
(``H/L Move``)."""

from __future__ import annotations

import asyncio

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
    and a footer that had to drop keys ends with "? Help"."""

    async def body(app, pilot):
        for name, pressed in SCREENS.items():
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await keys(pilot, "1")
            await keys(pilot, *pressed)
            line = screen_text(app).splitlines()[-1].rstrip()
            assert "^z Undo" in line and "q Quit" in line, (name, line)
            cut = "  …  ? Help" in line
            assert not cut or line.endswith("  …  ? Help"), (name, line)
            if size[0] >= 120:
                assert not cut, (name, line)  # at 120 every screen's keys fit today

    run_app(desk, body, size)
