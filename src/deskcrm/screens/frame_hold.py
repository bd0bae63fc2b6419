"""Hold the app's repaints until an answer arrives, so a key and what it asked for are drawn
in one frame — never longer than a bound.

Why: Textual paints on a timer paused while idle. A key press repaints at once (its echo), and
the frame after that comes 17–33 ms later (the timer skips ahead when a frame starts late), so
results that arrive a few milliseconds after the key wait for that second frame. Holding the
echo until the results are in takes the keystroke → results time at 100k people from ~37 ms
to ~15 ms (bench/search_repaint.py).

Uses the public ``App.batch_update``; released once the widget that changed has passed its
repaint on to the screen (``call_after_refresh``), or when the bound runs out.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget


class FrameHold:
    def __init__(self, screen: Screen, limit_s: float) -> None:
        self._screen = screen
        self._limit_s = limit_s
        self._batch: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def hold(self) -> None:
        """Hold repaints (from now, at most ``limit_s``; holding again does not extend it)."""
        if self._batch is None:
            self._batch = self._screen.app.batch_update()
            self._batch.__enter__()
            self._timer = self._screen.set_timer(self._limit_s, self.release, name="frame-hold")

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
            self._screen.check_idle()  # paint what is dirty now
