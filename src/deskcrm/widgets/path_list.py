"""Under a path box: the entries of its folder that fit what is typed (``path_complete.entries``),
read off the UI thread at each change (a slow or network folder never stalls typing), the
first :data:`LISTED` shown, then how many more. The Attach dialog and every path prompt (the
import's file, its CV folder, a mapping file) use it, so ``tab``'s completion and the list under
the box behave alike everywhere.

Names are data: each is shown through ``deskcrm.text`` (one holding a control character is
never offered at all). An answer that comes after the widget has gone, or after a newer
keystroke, is dropped.

    yield PathList(id="attach-list")
    ...
    def on_input_changed(self, event):
        self.query_one(PathList).follow(event.value)
"""

from __future__ import annotations

from textual import work
from textual.widgets import Static
from textual.worker import get_current_worker

from deskcrm import text
from deskcrm.widgets.path_complete import entries

LISTED = 8  # entries listed under the box


class PathList(Static):
    DEFAULT_CSS = """
    PathList {
        color: $foreground 70%; height: auto; max-height: 9; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._value: str | None = None

    def follow(self, value: str) -> None:
        """List the entries that fit ``value`` (soon: they are read in a thread)."""
        self._value = value
        self._read(value)

    @work(thread=True, exclusive=True, group="path-list")
    def _read(self, value: str) -> None:
        _folder, found = entries(value)
        if get_current_worker().is_cancelled:
            return
        try:
            self.app.call_from_thread(self._show, value, found)
        except RuntimeError:  # the app is closing
            pass

    def _show(self, value: str, found: list[tuple[str, bool]]) -> None:
        if value != self._value or not self.is_attached:
            return  # a newer keystroke's listing follows, or the box has gone
        shown = [text.clean(name) + ("/" if is_dir else "") for name, is_dir in found[:LISTED]]
        more = len(found) - LISTED
        if more > 0:
            shown.append(f"… {more} more: type more of the name")
        self.update(text.safe("\n".join(shown), multiline=True))
