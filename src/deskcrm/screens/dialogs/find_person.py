"""Before adding a contact: is this person already in the database? Type a name or an email;
people who match show as you type (the search engine; an email finds its owner exactly).
``enter`` on one of them makes THAT record the contact (a former candidate keeps one record);
the last line creates a new person with what was typed. ``esc`` cancels.

Dismisses with :class:`Found` (``person_id`` None: a new person) or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm import clock, text
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.safe_input import SafeInput


@dataclass(frozen=True, slots=True)
class Found:
    person_id: int | None  # None: create a new person
    name: str
    typed: str


class _People(Message):
    def __init__(self, typed: str, people: list[tuple[int, str, str]]) -> None:
        super().__init__()
        self.typed, self.people = typed, people


class FindPersonDialog(ModalScreen[Found | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="find_person.cancel"),
        Binding("down", "to_list", "To the matches", show=False, id="find_person.to_list"),
    ]
    HELP_TITLE = "Add a contact"

    DEFAULT_CSS = """
    FindPersonDialog { align: center middle; }
    FindPersonDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    FindPersonDialog .hint { color: $foreground 70%; }
    FindPersonDialog OptionList { height: auto; max-height: 14; margin-top: 1; }
    """

    def __init__(self, company: str) -> None:
        super().__init__()
        self._company = company
        self._typed = ""
        self._people: list[tuple[int, str, str]] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = text.safe(f"Add a contact at {text.clean(self._company)}")
            yield Static(text.safe("Who? Type a name or an email — existing people are listed first, so a "
                                   "former candidate stays ONE record."), classes="hint")
            yield SafeInput(placeholder="name or email", id="who")
            yield OptionList(id="people", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#who", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed = event.value.strip()
        self._find(self._typed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#people", OptionList)
        if options.option_count:
            options.focus()
            options.highlighted = 0

    @work(thread=True, exclusive=True, group="find-person")
    def _find(self, typed: str) -> None:
        from deskcrm.store import companies_write, db

        worker = get_current_worker()
        if len(typed) < 2:
            people: list[tuple[int, str, str]] = []
        else:
            conn = db.connect(self.app.db_path)  # type: ignore[attr-defined]
            try:
                people = companies_write.find_people(conn, typed, today=clock.today())
            finally:
                conn.close()
        if not worker.is_cancelled:
            self.post_message(_People(typed, people))

    def on__people(self, message: _People) -> None:
        if message.typed == self._typed:
            self._people = message.people
            self._show()

    def _show(self) -> None:
        options = self.query_one("#people", OptionList)
        options.clear_options()
        for pid, name, about in self._people:
            prompt = Content.assemble(text.safe(name, "bold"), "  ", text.safe(about, "$foreground 70%"))
            options.add_option(Option(prompt, id=f"p{pid}"))
        if self._typed:
            options.add_option(Option(Content.assemble(
                Content.styled("+ New person: ", "$accent"), text.safe(self._typed, "bold")), id="new"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id == "new":
            self.dismiss(Found(None, self._typed, self._typed))
            return
        pid = int((event.option_id or "p0")[1:])
        name = next((n for i, n, _ in self._people if i == pid), "")
        self.dismiss(Found(pid, name, self._typed))

    def action_to_list(self) -> None:
        options = self.query_one("#people", OptionList)
        if options.option_count:
            options.focus()
            if options.highlighted is None:  # down lands ON the first match, as enter does
                options.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)
