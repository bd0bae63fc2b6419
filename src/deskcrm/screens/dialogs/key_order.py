"""Keys in the order they were typed, for the bindings that jump the queue.

A ``priority`` binding (``ctrl+s`` in a form, ``enter`` in a picker) runs the moment its key
reaches the app, but the keys typed just before it may still be waiting in the focused text
box's queue. A fast typist, or a terminal that sends a burst, would then save a note without
its last words. ``after_typed_keys`` runs the action from the back of that queue instead.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen


def after_typed_keys(screen: Screen, action: Callable[[], object]) -> None:
    """Run ``action`` once the focused widget has handled every key already sent to it."""
    focused = screen.focused
    if focused is None or not focused.call_later(action):
        action()
