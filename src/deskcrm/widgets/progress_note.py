"""A one-line note of long work under way, under the section bar: a label and a progress bar.

    note = ProgressNote(label)           # label: Content (user data made literal by the caller)
    screen.mount(note)
    note.show(label, done, total)        # total None: the bar pulses
    note.remove()

Data-agnostic: it is told what to say; it looks nothing up. It docks at the top, one line
under the section bar (clear of the toasts, bottom right), while it is mounted;
a long label is cut at its end (say the count first).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static


class ProgressNote(Horizontal):
    DEFAULT_CSS = """
    ProgressNote {
        dock: top;
        height: 1;
        width: 1fr;
        margin-top: 1;
        background: $panel;
    }
    ProgressNote > Static {
        width: 1fr;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ProgressNote > ProgressBar { width: auto; }
    """

    def __init__(self, label: Content, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label

    def compose(self) -> ComposeResult:
        yield Static(self._label, markup=False)
        yield ProgressBar(show_eta=False)

    def show(self, label: Content, done: int, total: int | None) -> None:
        self.query_one(Static).update(label)
        self.query_one(ProgressBar).update(total=total, progress=done)
