"""Snooze a due item: ``d`` one day, ``w`` one week, ``esc`` cancel, ``f1``/``?`` the keys. Returns the days or None."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from deskcrm.domain.due import DueItem


class SnoozeDialog(DialogScreen[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "pick(1)", "One day", id="snooze.day"),
        Binding("w", "pick(7)", "One week", id="snooze.week"),
        Binding("escape", "pick(0)", "Cancel", id="snooze.cancel"),
    ]
    HELP_TITLE = "Snooze"
    QUESTION_MARK_HELP = True

    DEFAULT_CSS = """
    SnoozeDialog { align: center middle; }
    SnoozeDialog > Vertical {
        width: 56; max-width: 90%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    SnoozeDialog .what { text-wrap: nowrap; text-overflow: ellipsis; color: $foreground; }
    SnoozeDialog .choices { margin-top: 1; }
    """

    def __init__(self, item: DueItem) -> None:
        super().__init__()
        self._item = item

    def compose(self) -> ComposeResult:
        item = self._item
        with Vertical() as box:
            box.border_title = "Snooze"
            yield Static(text.safe(item.title, "bold"), classes="what")
            who = " at ".join(text.clean(x) for x in (item.person, item.company) if x)
            if who:
                yield Static(text.safe(who), classes="what")
            yield Static(
                Content.assemble(
                    ("d", "bold $accent"), "  one day (until tomorrow)\n",
                    ("w", "bold $accent"), "  one week\n",
                    ("esc", "bold $accent"), " cancel",
                ),
                classes="choices",
            )
        yield KeyBar()

    def action_pick(self, days: int) -> None:
        self.dismiss(days or None)
