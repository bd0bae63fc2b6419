"""One client account — the call screen: everything a recruiter needs before saying hello.

At 120x40 it all fits without scrolling: the header (stage, NPS, last contact and what was said,
next check-in),
contacts (hiring managers, billing, alumni, who left), fee terms and money (lifetime value,
outstanding and overdue invoices), open jobs (stage, pipeline, people in the database who match),
placements with fee status, and the timeline of the company and its contacts — its conversations
first, the stage changes and system records dimmed after them. Narrower than
100 columns the panels stack and the body scrolls.

Reads ``store.account.load_account`` in an exclusive thread worker, then — as a second step,
once the account is on screen — the job-match counts. ``tab`` moves between the contacts and
the jobs lists; ``enter`` on a contact opens the person, on a job opens Search with the query that
finds its matches; ``M`` on a job ranks its matches by fit (``screens.match``; the "N matches"
are its strong ones). ``a`` logs a call/email/meeting/note on the company, or on the highlighted
contact when the contacts list has focus (linked to the company too: it resets the check-in). ``E``
on a highlighted contact writes the client check-in email and sends it (``mail_actions``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.screens import account_panels as panels
from deskcrm.screens import mail_actions, sections
from deskcrm.screens.base import DeskScreen
from deskcrm.screens.activity_subject import ActivitySubject
from deskcrm.store.account import Account
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.section_bar import SectionBar


class PanelList(OptionList):
    """A short list in a panel: j/k move, enter selects (OptionList's own keys too)."""

    HELP_TITLE = "In a list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", show=False, id="list.down"),
        Binding("k", "cursor_up", "Previous", show=False, id="list.up"),
    ]


class AccountLoaded(Message):
    def __init__(self, account: Account | None, version: int) -> None:
        super().__init__()
        self.account = account
        self.version = version


class MatchesCounted(Message):
    def __init__(self, counts: dict[int, int]) -> None:
        super().__init__()
        self.counts = counts


class _Timeline(Static):
    """Its lines are cut to its width: redrawn when that changes — the screen's own resize is not
    enough, as the panel first gets its width when the loaded account is shown."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, AccountScreen):
            screen.call_after_refresh(screen._draw_timeline)


class AccountScreen(DeskScreen):
    TRAIL = "Account"
    HELP_TITLE = "Client account"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="account.back"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note (on the highlighted contact"
                " when the contacts list has focus)", id="account.log"),
        Binding("s", "search_job", "Matches", tooltip="Search the people who match the highlighted open job",
                id="account.matches"),
        Binding("M", "match_job", "Rank", tooltip="The highlighted open job's matches ranked by fit, with why "
                "(the N matches shown); s puts them at Sourced", id="account.match"),
        Binding("e", "edit", "Edit", tooltip="Edit the company", id="account.edit"),
        Binding("f", "fee", "Fee terms", tooltip="Edit the fee agreement", id="account.fee"),
        Binding("n", "new_contact", "Add contact", tooltip="Add a contact (finds existing people first)",
                id="account.new_contact"),
        Binding("x", "left", "Left", tooltip="The highlighted contact left the company", id="account.left"),
        Binding("c", "contact_role", "Role", tooltip="The highlighted contact's title, hiring manager and billing"
                " contact (who invoice reminders go to)", id="account.role"),
        mail_actions.binding("account", "the highlighted contact"),
        Binding("ctrl+d", "scroll_page(1)", "Half page down", show=False, tooltip="Scroll the account down",
                id="account.page_down"),
        Binding("ctrl+u", "scroll_page(-1)", "Half page up", show=False, id="account.page_up"),
        Binding("g", "scroll_home", "Top", show=False, id="account.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="account.bottom"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    AccountScreen #header { height: 3; padding: 0 1; background: $surface; text-wrap: nowrap; text-overflow: ellipsis; }
    AccountScreen #status { height: 1fr; content-align: center middle; color: $foreground 80%; }
    AccountScreen #account-body { height: 1fr; scrollbar-size-vertical: 1; }
    AccountScreen .panel {
        border: round $panel-lighten-2; border-title-color: $primary; border-title-style: bold;
        padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; background: $background;
    }
    AccountScreen PanelList { height: 100%; scrollbar-size-vertical: 1; }
    AccountScreen PanelList:focus { border: round $primary; }
    AccountScreen #top { grid-size: 3; grid-columns: 1fr 34 1fr; grid-gutter: 0 1; height: 14; padding: 0 1; }
    AccountScreen #bottom { grid-size: 2; grid-columns: 5fr 8fr; grid-gutter: 0 1; height: 1fr; min-height: 10;
                            padding: 0 1; }
    AccountScreen #placements, AccountScreen #timeline { height: 100%; overflow: hidden; }
    AccountScreen.-narrow #top, AccountScreen.-narrow #bottom { grid-size: 1; grid-columns: 1fr; height: auto; }
    AccountScreen.-narrow .panel { height: auto; }
    AccountScreen.-narrow PanelList { height: auto; max-height: 12; }
    AccountScreen.-narrow #placements, AccountScreen.-narrow #timeline { height: auto; }
    AccountScreen .missing { display: none; }
    """

    def __init__(self, company_id: int) -> None:
        super().__init__()
        self.company_id = company_id
        self.account: Account | None = None
        self.matches: dict[int, int] = {}

    # ------------------------------------------------------------------ layout

    def section_bar(self) -> SectionBar:
        section = sections.by_mode(self.app.current_mode)
        return SectionBar(sections.bar_items(), section.key if section else None, self.TRAIL)

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe("Loading…", "dim"), id="header")
        yield Static(text.safe("Loading…"), id="status")
        with VerticalScroll(id="account-body", classes="missing"):
            with Grid(id="top"):
                yield self._titled(PanelList(id="contacts", markup=False, classes="panel"), "Contacts")
                yield self._titled(Static(id="terms", classes="panel"), "Terms & money")
                yield self._titled(PanelList(id="jobs", markup=False, classes="panel"), "Open jobs")
            with Grid(id="bottom"):
                yield self._titled(Static(id="placements", classes="panel"), "Placements")
                yield self._titled(_Timeline(id="timeline", classes="panel"), "Timeline")
        yield KeyBar()

    @staticmethod
    def _titled(widget, title: str):
        widget.border_title = title
        return widget

    def on_mount(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self._load()

    def live_reload(self) -> bool:
        """A colleague's change: read the account again in place; the lists' cursors stay on the
        same contact and job (else the row now at their place), the scroll stays."""
        self.reload()
        return True

    def _load(self) -> None:
        version, cid, me = self.desk.writes.version, self.company_id, self.desk.settings.me
        today = clock.today()

        def read(conn) -> MatchesCounted | None:  # noqa: ANN001 - a store connection
            from deskcrm.store import account

            found = account.load_account(conn, cid, today=today)
            if get_current_worker().is_cancelled:
                return None
            self.post_message(AccountLoaded(found, version))
            if found is None or not found.jobs:
                return None
            return MatchesCounted(account.job_match_counts(conn, found.jobs, today=today, me=me))

        self.load(read, group="account-load", title="Could not load the account", failed=self._load_failed)

    def _load_failed(self) -> None:
        if self.account is None:
            self._show_status("Could not load this account — press r to try again")

    def _show_status(self, message: str) -> None:
        self.query_one("#status", Static).update(text.safe(message))
        self.query_one("#status").display = True
        self.query_one("#account-body").set_class(True, "missing")

    def on_account_loaded(self, message: AccountLoaded) -> None:
        self.mark_loaded(message.version)
        first = self.account is None
        self.account = a = message.account
        self.refresh_bindings()
        if a is None:
            self.query_one("#header", Static).update(text.safe(f"Company #{self.company_id}", "dim"))
            self._show_status("This company no longer exists. Press esc to go back.")
            return
        today = clock.today()
        self.query_one("#header", Static).update(panels.header(a, today))
        self.query_one("#terms", Static).update(panels.terms_panel(a))
        contacts = self.query_one("#contacts", PanelList)
        self._fill(contacts, [Option(panels.contact_prompt(c), id=f"c{c.role_id}") for c in a.contacts],
                   "No contacts yet. Press n to add one.")
        current = sum(1 for c in a.contacts if c.left_at is None)
        alumni = len(a.alumni)
        contacts.border_title = text.safe(
            f"Contacts ({current}" + (f", {len(a.contacts) - current} left" if current < len(a.contacts) else "")
            + (f", {alumni} alumni" if alumni else "") + ")")
        self._fill_jobs()
        placements = self.query_one("#placements", Static)
        placements.update(panels.placements_panel(a.placements, today))
        placements.border_title = text.safe(
            f"Placements ({a.money.placements})" if len(a.placements) == a.money.placements
            else f"Placements — newest {len(a.placements)} of {a.money.placements}")
        self._draw_timeline()
        self.query_one("#status").display = False
        self.query_one("#account-body").set_class(False, "missing")
        if first:
            (contacts if a.contacts else self.query_one("#jobs", PanelList)).focus()

    def _fill(self, widget: PanelList, options: list[Option], empty: str) -> None:
        keep = widget.highlighted
        kept_id = widget.get_option_at_index(keep).id if keep is not None and keep < widget.option_count else None
        widget.clear_options()
        if options:
            widget.add_options(options)
            same = next((i for i, o in enumerate(options) if kept_id is not None and o.id == kept_id), None)
            widget.highlighted = same if same is not None else min(keep or 0, len(options) - 1)
        else:
            widget.add_option(Option(text.safe(empty, "dim"), disabled=True))

    def _fill_jobs(self) -> None:
        a = self.account
        if a is None:
            return
        jobs = self.query_one("#jobs", PanelList)
        self._fill(jobs, [Option(panels.job_prompt(j, self.matches.get(j.id)), id=f"j{j.id}") for j in a.jobs],
                   "No open jobs.")
        jobs.border_title = text.safe(f"Open jobs ({len(a.jobs)}) · enter: find matches")

    def on_matches_counted(self, message: MatchesCounted) -> None:
        self.matches = message.counts
        self._fill_jobs()

    def _draw_timeline(self) -> None:
        if self.account is None:
            return
        panel = self.query_one("#timeline", Static)
        # before the panel is laid out (the account just loaded): its width as the CSS will make it
        guess = self.size.width - 6 if self.has_class("-narrow") else (self.size.width - 3) * 8 // 13 - 4
        width = max(panel.content_region.width if panel.size.width else guess, 40)
        a = self.account
        height = panel.content_region.height if panel.size.height and not self.has_class("-narrow") else None
        panel.update(panels.timeline(a.timeline, a.system_events, width, clock.today(), height))
        panel.border_title = text.safe("Timeline — conversations first, newest first")

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw_timeline)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("log", "edit", "fee", "new_contact"):
            return True if self.account is not None else None
        if action == "search_job":
            return True if self.account is not None and self.account.jobs else None
        if action in ("left", "contact_role"):
            return True if self._contact() is not None and self._contact().left_at is None else None
        if action == "compose":
            return True if self._contact() is not None else None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def _contact(self):
        if self.account is None or not isinstance(self.focused, PanelList) or self.focused.id != "contacts":
            return None
        i = self.focused.highlighted
        return self.account.contacts[i] if i is not None and i < len(self.account.contacts) else None

    def _job(self):
        if self.account is None or not self.account.jobs:
            return None
        i = self.query_one("#jobs", PanelList).highlighted or 0
        return self.account.jobs[min(i, len(self.account.jobs) - 1)]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.account is None or event.option_id is None:
            return
        if event.option_id.startswith("c"):
            contact = self.account.contacts[event.option_index]
            from deskcrm.screens.open_record import open_record

            open_record(self.app, "person", contact.person_id)
        elif event.option_id.startswith("j"):
            self.action_search_job()

    def action_match_job(self) -> None:
        from deskcrm.screens.match import open_match

        job = self._job()
        open_match(self, job.id if job is not None else None)

    def action_search_job(self) -> None:
        job = self._job()
        if job is not None:
            open_search(self.app, job.query)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def action_scroll_page(self, direction: int) -> None:
        body = self.query_one("#account-body", VerticalScroll)
        body.scroll_relative(y=direction * max(body.size.height // 2, 1), animate=False)

    def action_scroll_home(self) -> None:
        self.query_one("#account-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.query_one("#account-body", VerticalScroll).scroll_end(animate=False)

    def action_log(self) -> None:
        a = self.account
        if a is None:
            return
        contact = self._contact()
        if contact is not None:
            subject = ActivitySubject(f"company:{a.id}:person:{contact.person_id}", f"Client: {a.name}",
                                      contact.name, a.name, contact.person_id, a.id)
        else:  # the dialog shows the title, then "person at company": the company once is enough
            subject = ActivitySubject(f"company:{a.id}", f"Client: {a.name}", None, None, None, a.id)
        self.log_activity(subject)  # type: ignore[arg-type]

    def action_edit(self) -> None:
        from deskcrm.screens import account_forms

        account_forms.edit_company(self)

    def action_fee(self) -> None:
        from deskcrm.screens import account_forms

        account_forms.edit_fee(self)

    def action_new_contact(self) -> None:
        from deskcrm.screens import account_forms

        account_forms.add_contact(self)

    def action_compose(self) -> None:
        a, contact = self.account, self._contact()
        if a is None or contact is None:
            return
        from deskcrm.store.mail_compose import About

        about = About(company_id=a.id, contact_id=contact.person_id)
        mail_actions.compose(self, lambda _conn: [("client_checkin", about)])

    def action_left(self) -> None:
        from deskcrm.screens import account_forms

        contact = self._contact()
        if contact is not None:
            account_forms.contact_left(self, contact)

    def action_contact_role(self) -> None:
        from deskcrm.screens import account_forms

        contact = self._contact()
        if contact is not None:
            account_forms.edit_contact(self, contact)


def open_search(app, query: str) -> None:
    """Switch to the Search section with ``query`` typed in (finished: a space after it)."""
    app.action_section("search")

    def typed() -> None:
        from deskcrm.screens.search import SearchScreen

        screen = app.screen
        if isinstance(screen, SearchScreen):
            screen.query_input.value = query + " "
            screen.table.focus()

    app.call_after_refresh(typed)
