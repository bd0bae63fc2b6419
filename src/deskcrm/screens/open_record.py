"""Open any record's screen by kind and id: the palette's jump, links between screens.

Each record screen is named by import path (nothing is imported before it is shown) and is
constructed with ONE positional int id. A kind whose screen module is not there yet gets a
clear notification instead of a crash.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from deskcrm import text

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

RECORD_SCREENS: dict[str, str] = {
    "person": "deskcrm.screens.person:PersonScreen",
    "company": "deskcrm.screens.account:AccountScreen",
    "job": "deskcrm.screens.job_pipeline:JobPipelineScreen",
}

NOUNS = {"person": "people", "company": "companies", "job": "job orders"}


def screen_class(kind: str) -> type[Screen] | None:
    """The screen class for ``kind``, or None when that screen does not exist (yet)."""
    path = RECORD_SCREENS.get(kind)
    if path is None:
        return None
    module, _, name = path.partition(":")
    try:
        found = import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise  # the screen exists but something it needs is missing: a real bug
    return getattr(found, name, None)


def open_record(app: App, kind: str, record_id: int, *, replace: bool = False) -> bool:
    """Push the screen of one record (``replace``: in place of the current screen); False (and a
    notification) when there is none for ``kind``."""
    cls = screen_class(kind)
    if cls is None:
        text.notify(app, f"No screen for {NOUNS.get(kind, kind)} yet", severity="warning")
        return False
    if replace:
        app.switch_screen(cls(record_id))
    else:
        app.push_screen(cls(record_id))
    return True
