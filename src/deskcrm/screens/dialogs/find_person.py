"""Before adding a contact: is this person already in the database? Type a name or an email;
people who match show as you type (the search engine; an email finds its owner exactly), two
lines each so namesakes can be told apart: where they live and their email, then what they are
(candidate and status, their job now, the companies they are or were a contact at).

``↓`` or ``enter`` moves to the matches; ``enter`` on one makes THAT record the contact (a former
candidate keeps one record); the last line — or ``ctrl+n`` from anywhere — creates a new person
with what was typed. Typing in the list goes back to the box and adds to what was typed. A
``↓``/``enter`` pressed before the search for what was typed has answered waits for it: the
list on screen then is the last search's, and nothing is picked from that.
``esc`` cancels; ``f1`` lists the keys (``?`` is text in the box).

Dismisses with :class:`Found` (``person_id`` None: a new person) or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.screens.dialogs.base import DialogScreen
from deskcrm.store.person_record import CANDIDATE_STATUS
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from deskcrm.store.companies_write import PersonMatch


@dataclass(frozen=True, slots=True)
class Found:
    person_id: int | None  # None: create a new person
    name: str
    typed: str


class _People(Message):
    def __init__(self, typed: str, people: list[PersonMatch]) -> None:
        super().__init__()
        self.typed, self.people = typed, people


class _Box(SafeInput):
    """What was typed. ``down`` (and ``enter``, the box's own submit) moves to the matches —
    a binding of the box itself, so it shows in the footer and runs in typed order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.to_list", "Matches", tooltip="From the box to the people found (enter too)",
                id="find_person.to_list"),
    ]


class _Matches(OptionList):
    """The people found. ``enter`` picks the highlighted one (bound here to show in the footer). A letter typed here goes back to the box, added to what was typed (the
    search goes on rather than the key doing nothing). Handled here, not on the screen: the rest
    of a burst is already queued to this list when focus moves, and belongs in the box too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.pick", "Pick",
                tooltip="This person becomes the contact (the last line: a new person)", id="find_person.pick"),
    ]

    def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.screen.back_to_box(event.character)  # type: ignore[attr-defined]

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.screen.back_to_box(text.pasted(event.text))  # type: ignore[attr-defined]


class FindPersonDialog(DialogScreen[Found | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_person", "New person", tooltip="None of these: a new person with what was typed",
                id="find_person.new"),
        Binding("escape", "cancel", "Cancel", id="find_person.cancel"),
    ]
    HELP_TITLE = "Add a contact"

    DEFAULT_CSS = """
    FindPersonDialog { align: center middle; }
    FindPersonDialog > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FindPersonDialog .hint { color: $foreground 70%; }
    FindPersonDialog OptionList {
        height: auto; max-height: 20; margin-top: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, company: str) -> None:
        super().__init__()
        self._company = company
        self._typed = ""
        self._shown_for: str | None = None  # what was typed when the list was filled
        self._to_list_later = False  # down/enter before the search answered: move once it has
        self._people: list[PersonMatch] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"Add a contact at {text.clean(self._company)}")
            yield Static(text.safe("Who? Type a name or an email — existing people are listed first, so a "
                                   "former candidate stays ONE record."), classes="hint")
            # back from the list, typing adds to what was typed: nothing selected to be replaced
            yield _Box(placeholder="name or email", id="who", select_on_focus=False)
            yield _Matches(id="people", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#who", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed = event.value.strip()
        self._to_list_later = False
        self._find(self._typed)
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_list()

    @work(thread=True, exclusive=True, group="find-person")
    def _find(self, typed: str) -> None:
        from deskcrm.store import companies_write, db

        worker = get_current_worker()
        if len(typed) < 2:
            people: list[PersonMatch] = []
        else:
            with db.reading(self.app.db_path) as conn:  # type: ignore[attr-defined]
                people = companies_write.find_people(conn, typed, today=clock.today())
        if not worker.is_cancelled:
            self.post_message(_People(typed, people))

    def on__people(self, message: _People) -> None:
        if message.typed == self._typed:
            self._people = message.people
            self._show()
            if self._to_list_later:
                self._to_list_later = False
                self.action_to_list()

    def _show(self) -> None:
        options = self.query_one("#people", OptionList)
        options.clear_options()
        self._shown_for = self._typed
        for match in self._people:
            options.add_option(Option(_prompt(match), id=f"p{match.id}"))
        if self._typed:
            options.add_option(Option(Content.assemble(
                Content.styled("+ New person: ", "$accent"), text.safe(self._typed, "bold")), id="new"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return True if self.query_one("#people", OptionList).option_count else None
        if action == "new_person":
            return True if self._typed else None
        return True

    def _choose(self, option_id: str | None) -> None:
        if option_id == "new":
            self.action_new_person()
            return
        pid = int((option_id or "p0")[1:])
        name = next((m.name for m in self._people if m.id == pid), "")
        self.dismiss(Found(pid, name, self._typed))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_id)

    def action_pick(self) -> None:
        option = self.query_one("#people", OptionList).highlighted_option
        if option is not None:
            self._choose(option.id)

    def action_new_person(self) -> None:
        if self._typed:
            self.dismiss(Found(None, self._typed, self._typed))

    def action_to_list(self) -> None:
        if self._shown_for != self._typed:  # the list is still the last search's: never pick from it
            self._to_list_later = True
            return
        options = self.query_one("#people", OptionList)
        if options.option_count:
            self.set_focus(options)  # now: an enter right behind this one picks
            if options.highlighted is None:  # down lands ON the first match, as enter does
                options.highlighted = 0

    def back_to_box(self, typed: str) -> None:
        box = self.query_one("#who", Input)
        self.set_focus(box)  # now, not after the queue drains: the rest of a burst lands in the box
        box.cursor_position = len(box.value)
        box.insert_text_at_cursor(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _prompt(match: PersonMatch) -> Content:
    """Two lines: the name, where, the email (else the phone); then what they are — candidate
    and status, their job now (else the headline), the companies they are or were a contact at."""
    dim = "$foreground 70%"
    first = [text.safe(match.name, "bold")]
    for value in (match.location, match.email or match.phone):
        if value:
            first += [Content.styled("  ·  ", dim), text.safe(value)]
    second: list[Content] = []
    if match.status is not None:
        label = CANDIDATE_STATUS.get(match.status, match.status)
        style = "bold $error" if match.status == "do_not_contact" else ("bold $success" if match.status == "active"
                                                                         else "bold")
        second.append(Content.assemble(Content.styled("candidate ", dim), Content.styled(f"({label})", style)))
    # a contact's headline is mostly the contact role again ("CFO at Acme"): shown for others
    now = match.now or (match.headline if match.status is not None or not match.contacts else None)
    if now:
        second.append(text.safe(now, dim))
    second += [text.safe(c, dim) for c in match.contacts[:2]]
    if len(match.contacts) > 2:
        second.append(Content.styled(f"+{len(match.contacts) - 2} more", dim))
    if not second:
        second.append(Content.styled("no candidate profile, no company", "dim"))
    return Content.assemble(*first, "\n  ", Content.styled(" · ", dim).join(second))
