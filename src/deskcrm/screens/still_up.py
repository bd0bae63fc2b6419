"""A worker's answer drawn only on a screen that is still up.

A thread worker hands its result to the UI thread (``app.call_from_thread``); by the time that
call runs, the user may have dismissed the screen (``enter`` in the Attach dialog while its folder
listing was still being read). Textual takes a dismissed screen's widgets down first, so a
``query_one`` there raises ``NoMatches`` and stops the app. Every screen and dialog hands its
worker's result back through :func:`call_back`, which drops it when the screen has gone.

A screen is up while it is attached and not being removed (Textual's ``display`` turns False
from the moment it prunes a node); a modal dialog also only while it is in the app's screen
stack (no section switch happens under a dialog, so a dialog out of the stack was dismissed:
a late ``dismiss`` there would close the screen under it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

__all__ = ["call_back", "is_up"]


def is_up(screen: Screen) -> bool:
    """Whether ``screen`` is still there to be drawn on (see the module docstring)."""
    if not screen.is_attached or not screen.display:
        return False
    return not screen.is_modal or screen in screen.app.screen_stack


def call_back(screen: Screen, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """From a worker thread: ``fn(*args, **kwargs)`` on the UI thread if ``screen`` is still up
    then; nothing otherwise (nor when the app is closing)."""

    def if_up() -> None:
        if is_up(screen):
            fn(*args, **kwargs)

    app = screen.app
    try:
        app.call_from_thread(if_up)
    except RuntimeError:
        if app.is_running:
            raise
        # the app is closing: nothing left to draw on
