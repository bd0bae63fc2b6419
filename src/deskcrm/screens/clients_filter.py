"""The Clients list's filter box and the list's keys that reach it (``screens.clients``).

The box says how it is reached while the list has the focus (``ASLEEP``, the key as remapped) and
what leaves it once there (``AWAKE``): on the list, letters are keys (c/o/m/s/b/n), and a box that
looked ready for typing took "com" as three of them. ``/`` typed on the list — or a burst such
as "/acme" queued on the list before the focus can move — goes into the box.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

from deskcrm.widgets.paged_table import PagedTable
from deskcrm.widgets.safe_input import SafeInput


def _clients(screen: object) -> bool:
    from deskcrm.screens.clients import ClientsScreen  # the screen imports this module first

    return isinstance(screen, ClientsScreen)


class ClientsTable(PagedTable):
    """The list. The filter key is handled here, in order with the keys queued after it (a fast
    typist, or a terminal delivering "/acme" as one burst): those keys reach this widget before
    the focus can move, so until the box has focus they are typed into it."""

    def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if not _clients(screen):
            return
        if not screen.redirect_keys and event.key in screen.filter_keys():
            event.stop()
            event.prevent_default()
            screen.action_focus_filter()
        elif not screen.redirect_keys and event.is_printable and event.key not in screen.active_bindings:
            screen.hint_filter_key()  # a letter that is no key here: they meant to type a filter
        elif screen.redirect_keys and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            screen.query_one(FilterInput).insert_text_at_cursor(event.character)

    def on_focus(self) -> None:
        if _clients(self.screen):
            self.screen.redirect_keys = False

    def _on_hide(self, event: events.Hide) -> None:
        # No company matches: the list is hidden, and Textual would hand its focus to the filter
        # box, where c/o/m/s (the keys the empty list tells you to press) would be typed as
        # letters. Keep the focus on the screen instead, whose keys still work, and take it back
        # when rows show again. (Widget._on_hide runs after this one and then has nothing to do.)
        screen = self.screen
        if _clients(screen) and screen.focused is self:
            screen.set_focus(None)
            screen.refocus_list = True

    def _on_show(self, event: events.Show) -> None:
        screen = self.screen
        if _clients(screen) and screen.refocus_list:
            screen.refocus_list = False
            if screen.focused is None:
                self.focus()


# The box says how it is reached while the list has the focus, and what leaves it while it has it
# (the list's letters are keys: c/o/m/s/b/n; a box that looked ready for typing took "com" as three).
ASLEEP = "Press {key} to filter by name, city or industry (letters on the list are keys)"
AWAKE = "Type a name, city or industry · enter: the list · esc: clear, then the list"


class FilterInput(SafeInput):
    HELP_TITLE = "In the filter box"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "To the list", id="clients.filter_done"),
        Binding("escape", "leave", "Clear", tooltip="Clear the filter; when empty, go to the list",
                id="clients.filter_clear"),
    ]

    def _on_key(self, event: events.Key) -> None:
        self.screen.redirect_keys = False  # type: ignore[attr-defined]  # the list's queue is drained

    def on_focus(self) -> None:
        self.placeholder = AWAKE

    def on_blur(self) -> None:
        if _clients(self.screen):
            self.screen.show_filter_key()

    def action_done(self) -> None:
        self.screen.set_focus(self.screen.query_one(PagedTable))

    def action_leave(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.screen.query_one(PagedTable).focus()
