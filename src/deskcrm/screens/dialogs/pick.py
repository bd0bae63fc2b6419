"""Pick one of a list: a filter box over an option list (stages for "move to…", companies for
a new job order). Labels are user data: shown through deskcrm.text, never markup.

``PickDialog(title, options=[(key, label), ...])`` dismisses with the chosen key, or None on
``esc``. Typing filters the list (every word must appear in the label; labels with a word that
starts with it first); ``exact``, if given, names the option the typed text means outright
(``stages.find``: "closed:filled", "filled"), which then comes first. ``enter`` picks the
highlighted option, ``up``/``down`` move; ``f1`` lists the keys (``?`` too, in a list without a
filter box).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.screens.dialogs.key_order import after_typed_keys
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput


class PickDialog(DialogScreen[Hashable | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("enter", "pick", "Pick", priority=True, id="pick.pick"),
        Binding("down", "cursor(1)", "Next", show=False, priority=True, id="pick.down"),
        Binding("up", "cursor(-1)", "Previous", show=False, priority=True, id="pick.up"),
    ]
    HELP_TITLE = "Pick"
    QUESTION_MARK_HELP = True  # typed in the filter box when it has the focus
    DEFAULT_CSS = """
    PickDialog { align: center middle; }
    PickDialog > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    PickDialog Input, PickDialog Input:focus { border: none; height: 1; padding: 0 1; margin-bottom: 1; }
    PickDialog OptionList { height: auto; max-height: 16; border: none; }
    """
    LIMIT = 200  # options shown at once (type to narrow a long list)

    def __init__(self, title: str, options: Sequence[tuple[Hashable, str]], *, filter_box: bool = True,
                 exact: Callable[[str], Hashable | None] | None = None) -> None:
        super().__init__()
        self._title = title
        self._options = [(key, text.clean(label)) for key, label in options]
        self._filter_box = filter_box
        self._exact = exact
        self._shown: list[Hashable] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            if self._filter_box:
                yield SafeInput(placeholder="Type to filter…", id="pick-filter")
            yield OptionList(id="pick-options")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill("")
        (self.query_one("#pick-filter") if self._filter_box else self.query_one(OptionList)).focus()

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        matches = [(k, label) for k, label in self._options if all(w in label.casefold() for w in words)]
        # "act" means Active client before Contacted: labels whose words START with what was
        # typed come first (a stable sort: otherwise the given order)
        matches.sort(key=lambda m: not all(_starts_a_word(w, m[1].casefold()) for w in words))
        meant = self._exact(query) if self._exact and query.strip() else None
        if meant is not None:
            matches = [m for m in self._options if m[0] == meant] + [m for m in matches if m[0] != meant]
        self._shown = [k for k, _ in matches[: self.LIMIT]]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(text.safe(label)) for _, label in matches[: self.LIMIT]])
        if self._shown:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._shown[event.option_index])

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(current + step, len(self._shown) - 1))

    def action_pick(self) -> None:
        after_typed_keys(self, self._pick)

    def _pick(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self._shown):
            self.dismiss(self._shown[highlighted])

    def action_cancel(self) -> None:
        self.dismiss(None)


def _starts_a_word(word: str, label: str) -> bool:
    return any(part.startswith(word) for part in re.split(r"[\s/:(),-]+", label))
