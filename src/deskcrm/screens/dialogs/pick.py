"""Pick one of a list: a filter box over an option list (stages for "move to…", companies for
a new job order). Labels are user data: shown through deskcrm.text, never markup.

``PickDialog(title, options=[(key, label), ...])`` dismisses with the chosen key, or None on
``esc``. Typing filters the list (every word must appear in the label; labels with a word that
starts with it first); ``exact``, if given, names the option the typed text means outright
(``stages.find``: "closed:filled", "filled"), which then comes first. ``enter`` picks the
highlighted option, ``up``/``down`` move; ``f1`` lists the keys (``?`` too, in a list without a
filter box). ``typed_only`` options (the clients of a report's scope) are listed only once
something is typed and matches them; they may come later (``add_typed_only``, after a read): an
``enter`` typed before they came picks the first match when they do. Typed text that matches
nothing says so in one line ("Nothing matches “oakr”").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
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
    PickDialog #pick-none { color: $text-muted; height: auto; display: none; }
    PickDialog #pick-none.-shown { display: block; }
    """
    LIMIT = 200  # options shown at once (type to narrow a long list)

    def __init__(self, title: str, options: Sequence[tuple[Hashable, str]], *, filter_box: bool = True,
                 exact: Callable[[str], Hashable | None] | None = None,
                 typed_only: Sequence[tuple[Hashable, str]] | None = (), nothing: str = "") -> None:
        super().__init__()
        self._title = title
        self._options = [(key, text.clean(label)) for key, label in options]
        self._filter_box = filter_box
        self._exact = exact
        self._shown: list[Hashable] = []
        # None: they are being read (``add_typed_only``); an enter meanwhile waits for them
        self._typed_only = None if typed_only is None else [(key, text.clean(label)) for key, label in typed_only]
        self._nothing = nothing  # said after "Nothing matches “…”": what was searched
        self._pick_waits = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(self._title)
            if self._filter_box:
                yield SafeInput(placeholder="Type to filter…", id="pick-filter")
                yield Static("", id="pick-none")
            yield OptionList(id="pick-options")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill("")
        (self.query_one("#pick-filter") if self._filter_box else self.query_one(OptionList)).focus()

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        listed = self._options + ((self._typed_only or []) if words else [])
        matches = [(k, label) for k, label in listed if all(w in label.casefold() for w in words)]
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
        if self._filter_box:
            none = self.query_one("#pick-none", Static)
            said = not matches and bool(words) and self._typed_only is not None
            typed = " ".join(query.split())
            none.update(text.safe(f"Nothing matches “{typed}”" + (f": {self._nothing}" if self._nothing else "")))
            none.set_class(said, "-shown")

    def add_typed_only(self, options: Sequence[tuple[Hashable, str]]) -> None:
        """The options listed once typed for (read after the dialog opened); an ``enter`` pressed
        while they were read picks the first match now."""
        self._typed_only = [(key, text.clean(label)) for key, label in options]
        if not self.is_attached:
            return
        self._fill(self.query_one("#pick-filter", Input).value if self._filter_box else "")
        if self._pick_waits:
            self._pick_waits = False
            self._pick()

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
        elif self._typed_only is None:  # typed before the rest of the list came: picked when it does
            self._pick_waits = True

    def action_cancel(self) -> None:
        self.dismiss(None)


def _starts_a_word(word: str, label: str) -> bool:
    return any(part.startswith(word) for part in re.split(r"[\s/:(),-]+", label))
