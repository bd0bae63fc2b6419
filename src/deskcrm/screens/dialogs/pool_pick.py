"""Pick a hand-picked talent pool, or type the name of a new one (``P``).

``PoolPick(title, pools=[(id, name), ...])``: typing filters the pools; unless what is typed
names one of them, the first option is ``New pool “<typed>”``. Dismisses with a pool id (int),
a new pool's name (str), or None on ``esc``. Names are user data: shown through deskcrm.text.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from deskcrm import text
from deskcrm.screens.dialogs.pick import PickDialog

_NEW = "new:"


class PoolPick(PickDialog):
    HELP_TITLE = "Add to a pool"

    def __init__(self, title: str, pools: Sequence[tuple[int, str]]) -> None:
        super().__init__(title, pools)
        self._typed = ""

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#pick-filter", Input).placeholder = "Type to filter, or a new pool's name…"

    def _fill(self, query: str) -> None:
        super()._fill(query)
        self._typed = " ".join(query.split())
        known = {label.casefold() for _, label in self._options}
        if not self._typed or self._typed.casefold() in known:
            return
        options = self.query_one(OptionList)
        options.add_option(Option(text.join(text.safe("New pool "), text.safe(f"“{self._typed}”", "bold"))))
        self._shown.append(_NEW + self._typed)
        if len(self._shown) == 1 or not query.strip():
            options.highlighted = len(self._shown) - 1
        elif not any(lbl.casefold().startswith(self._typed.casefold()) for _, lbl in self._options):
            options.highlighted = len(self._shown) - 1  # nothing starts so: the new name is meant

    def dismiss(self, result: Hashable | None = None):  # noqa: ANN201 - AwaitComplete
        if isinstance(result, str) and result.startswith(_NEW):
            result = result.removeprefix(_NEW)
        return super().dismiss(result)
