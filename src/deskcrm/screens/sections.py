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
            return getattr(import_module(module), name)()

        return make


SECTIONS: tuple[Section, ...] = (
    Section("1", "due", "Due today", "deskcrm.screens.due:DueScreen"),
    Section("2", "search", "Search", "deskcrm.screens.search:SearchScreen"),
    Section("3", "clients", "Clients", "deskcrm.screens.clients:ClientsScreen"),
    Section("4", "jobs", "Job orders", "deskcrm.screens.jobs_board:JobsBoardScreen"),
    Section("5", "placements", "Placements", "deskcrm.screens.placements_board:PlacementsBoardScreen"),
)

DEFAULT_MODE = SECTIONS[0].mode


def key_span() -> str:
    """The section keys as a range for text that names them ("1–5"): the sections that exist."""
    return f"{SECTIONS[0].key}–{SECTIONS[-1].key}" if len(SECTIONS) > 1 else SECTIONS[0].key


def bar_items() -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in SECTIONS]


def by_mode(mode: str) -> Section | None:
    return next((s for s in SECTIONS if s.mode == mode), None)
