"""The footer (KeyBar): the live keys in one line; at 80 columns the last keys give way, but
``? Help`` stays so the recruiter can always find the rest."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.binding import Binding

from deskcrm.widgets.key_bar import KeyBar


class Keys(App):
    BINDINGS = [
        *[Binding(k, f"noop('{k}')", f"Action {k}", id=f"t.{k}") for k in "abcdefghi"],
        Binding("question_mark", "help", "Help", id="t.help"),
        Binding("q", "quit", "Quit", id="t.quit"),
    ]

    def compose(self):
        yield KeyBar()

    def action_noop(self, _key: str) -> None:
        pass

    def action_help(self) -> None:
        pass


def footer(width: int) -> str:
    async def go():
        app = Keys()
        async with app.run_test(size=(width, 5)) as pilot:
            await pilot.pause()
            return str(app.query_one(KeyBar).render())

    return asyncio.run(go())


def test_everything_fits_when_wide():
    line = footer(200)
    assert "a Action a" in line and "i Action i" in line and "? Help" in line and "q Quit" in line
    assert "…" not in line


def test_narrow_keeps_help_at_the_end():
    line = footer(80)
    assert line.rstrip().endswith("…  ? Help") and len(line) <= 80
    assert line.startswith(" a Action a  b Action b")
    assert "q Quit" not in line  # it gave way: the help screen lists it
