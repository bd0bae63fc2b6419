"""A long command's progress line on stderr: ``verb: done of total unit…``, rewritten in place.

    progress = Progress("importing")      # rows by default
    progress(done, total)                 # total None: unknown
    progress.stage("indexing")            # a new stage (``STAGES`` names it): on a line of its own
    progress.stage("finishing")           # ... one without counts: said at once (if the work was shown)
    progress.end()                        # the line ended, if one was shown

Shown only on a terminal and only once the work has taken a second, so a quick command, a
pipe and a test's captured stderr stay silent.
"""

from __future__ import annotations

import sys
import time

SHOW_AFTER_S = 1.0
# a store's stage -> (verb, unit); a unit of None: a stage without counts, named as it begins
STAGES = {"indexing": ("re-indexing search", "people"), "finishing": ("saving: the indexes, the search index", None)}


class Progress:
    """``done`` rows on stderr, once the work has taken a second, and only on a terminal."""

    def __init__(self, verb: str, unit: str = "rows") -> None:
        self.verb, self.unit, self.start, self.shown = verb, unit, time.monotonic(), False

    def __call__(self, done: int, total: int | None) -> None:
        err = sys.stderr
        if err is None or not err.isatty() or time.monotonic() - self.start < SHOW_AFTER_S:
            return
        of = f" of {total:,}" if total else ""
        err.write(f"\r{self.verb}: {done:,}{of} {self.unit}…")
        err.flush()
        self.shown = True

    def stage(self, what: str) -> None:
        """The work moved on to stage ``what``: the line so far ended, the next one named for it
        (one without counts said at once, when the work so far was long enough to be shown)."""
        was = self.shown
        self.end()
        self.shown = False
        self.verb, self.unit = STAGES.get(what, (what, self.unit))
        if self.unit is None and was:
            sys.stderr.write(f"{self.verb}…")
            sys.stderr.flush()
            self.shown = True

    def end(self) -> None:
        if self.shown and sys.stderr is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()
