"""Hold the app's repaints until an answer arrives, so a key and what it asked for are drawn
in one frame — never longer than a bound.

Why: Textual paints on a timer paused while idle. A key press repaints at once (its echo), and
the frame after that comes 17–33 ms later (the timer skips ahead when a frame starts late), so
results that arrive a few milliseconds after the key wait for that second frame. Holding the
echo until the results are in takes the keystroke → results time at 100k people from ~37 ms
to ~15 ms (bench/search_repaint.py). The app holds a change of section the same way, until the
section has drawn its rows (``DeskApp.delay_update``).

Uses the public ``App.batch_update``; released once the widget that changed has passed its
repaint on to the screen (``call_after_refresh``), or when the bound runs out.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widget import Widget


class FrameHold:
    def __init__(self, owner: MessagePump, limit_s: float, *, released: Callable[[], object] | None = None) -> None:
        """``owner``: the screen (or the app) whose timers bound the hold; ``released``: called
        when a hold ends (e.g. to repaint the whole screen)."""
        self._owner = owner
        self._limit_s = limit_s
        self._released = released
        self._batch: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def hold(self, limit_s: float | None = None) -> None:
        """Hold repaints (from now, at most ``limit_s``, by default the bound given; holding
        again does not extend it — :meth:`extend` does)."""
        if self._batch is None:
            self._batch = self._owner.app.batch_update()
            self._batch.__enter__()
            self._start_timer(self._limit_s if limit_s is None else limit_s)

    def extend(self, limit_s: float) -> None:
        """A hold under way now ends at most ``limit_s`` from now (not at its first bound)."""
        if self._batch is not None:
            self._start_timer(limit_s)

    def _start_timer(self, limit_s: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._owner.set_timer(limit_s, self.release, name="frame-hold")

    def release_after(self, widget: Widget) -> None:
        """Release once ``widget`` has passed its repaint on to the screen."""
        if self._batch is not None:
            widget.call_after_refresh(self.release)

    def release(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.__exit__(None, None, None)
            if self._released is not None:
                self._released()
            self._owner.check_idle()  # paint what is dirty now
