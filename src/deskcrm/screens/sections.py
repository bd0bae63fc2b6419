"""The app's sections, one entry each: a number key, a mode name, a title, a screen.

A later section (Search, Clients, ...) plugs in by adding one ``Section`` here: the app builds
its modes, its number-key bindings, the section bar and the palette's "Go to" commands from
this tuple. Screens are named by import path so nothing is imported before it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # the number key
    mode: str  # Textual mode name
    title: str
    screen: str  # "module:Class"

    def factory(self) -> Callable[[], Screen]:
        def make() -> Screen:
            module, _, name = self.screen.partition(":")
            screen = getattr(import_module(module), name)()
            _styled_now(screen)
            return screen

        return make


def _styled_now(screen: Screen) -> None:
    """A section's screen is styled as its widgets mount, with the style sheet as it is. Textual
    still takes a new mode's screen for one styled under an older sheet and, when it first shows
    it (the launch, each section's first visit), parses every style sheet again and restyles the
    whole app — twice per visit (10–50 ms, measured in bench/sections.py's pty). Mark it as of the
    current sheet; a theme changed later still restyles it when it shows. The launch's first
    screen too: the sheet starts with the theme's variables (``DeskApp._start_with_theme``), and a
    theme set at start that needs Textual's full change queues its own restyle. (Textual's private
    ``_css_update_count``: no public way to say so; textual is pinned, tests/test_section_reads.py
    and tests/test_launch_work.py count the re-parses.)"""
    app = screen.app
    if not app.screen_stack:  # the launch: the app's own styles first, as Textual's restyle would
        app.stylesheet.apply(app)
    if hasattr(app, "_css_update_count") and hasattr(screen, "_css_update_count"):
        screen._css_update_count = app._css_update_count


SECTIONS: tuple[Section, ...] = (
    Section("1", "due", "Due today", "deskcrm.screens.due:DueScreen"),
    Section("2", "search", "Search", "deskcrm.screens.search:SearchScreen"),
    Section("3", "clients", "Clients", "deskcrm.screens.clients:ClientsScreen"),
    Section("4", "jobs", "Job orders", "deskcrm.screens.jobs_board:JobsBoardScreen"),
    Section("5", "placements", "Placements", "deskcrm.screens.placements_board:PlacementsBoardScreen"),
    Section("6", "reports", "Reports", "deskcrm.screens.reports:ReportsScreen"),
)

DEFAULT_MODE = SECTIONS[0].mode


def warm() -> None:
    """Import every section's screen module now (the app runs this in a thread while the desk
    idles after the launch): the first visit of a section then pays for its read and its first
    frame, not for its code — the kanban stack alone is ~50 ms of imports on a quiet machine,
    ~200 ms under load, and Job orders, the first board opened, paid it all."""
    for section in SECTIONS:
        import_module(section.screen.partition(":")[0])


def key_span() -> str:
    """The section keys as a range for text that names them ("1–5"): the sections that exist."""
    return f"{SECTIONS[0].key}–{SECTIONS[-1].key}" if len(SECTIONS) > 1 else SECTIONS[0].key


def bar_items() -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in SECTIONS]


def by_mode(mode: str) -> Section | None:
    return next((s for s in SECTIONS if s.mode == mode), None)
