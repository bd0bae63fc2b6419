"""One person, whole: every role they have, profile, contact and consent, submissions with their
stages, placements with their fee status, and a timeline of everything, newest first.

Opened from anywhere with ``app.push_screen(PersonScreen(person_id))`` (the due item's details
screen on ``p``; search on ``enter``). Reads ``store.people.load_person`` in an exclusive thread
worker; ``a`` logs an activity on the person through the app's write queue (the same dialog and
write as the due list); ``t`` / ``v`` / ``u`` log a call outcome and schedule the next touch,
``s`` submits the person to an open job order (``person_actions``); ``ctrl+z`` undoes the last
write of this section; ``esc`` goes back. ``A`` attaches a CV (or another file) and ``o`` opens
the newest CV (``cv_actions``); the CV panel under the grid shows its text, scrollable. ``X``
exports everything held about the person, ``D`` erases them (``privacy_actions``); ``E`` writes
an email from a template and sends it (``mail_actions``); ``B`` ``S`` ``C``
``W`` ``Y`` ``N`` record the lawful basis, source, consent given / withdrawn / expiry and the Art. 14
notice in the consent ledger (``consent_actions``), whose history the Contact & consent panel shows.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskcrm.domain import clock
from deskcrm import text
from deskcrm.screens import consent_actions, cv_actions, mail_actions, person_actions, privacy_actions, sections
from deskcrm.screens import person_panels as panels
from deskcrm.screens.activity_subject import ActivitySubject
from deskcrm.screens.base import DeskScreen
from deskcrm.store.people import PersonRecord
from deskcrm.widgets.hanging import Hanging
from deskcrm.widgets.key_bar import KeyBar
from deskcrm.widgets.section_bar import SectionBar

_PANELS = (
    ("profile", "Profile"),
    ("contact", "Contact & consent"),
    ("submissions", "Submissions"),
    ("placements", "Placements"),
)


def activity_subject(p: PersonRecord) -> ActivitySubject:
    """A call with a client contact (no candidate profile, one current company) is contact with
    that client too (it moves the client's check-in date); otherwise only the person is linked."""
    current = [r for r in p.roles if r.kind == "contact"]
    company_id = company = None
    if p.profile is None and len(current) == 1:
        company_id, company = current[0].company_id, current[0].company
    return ActivitySubject(f"person:{p.id}", p.name, None, company, p.id, company_id)


def _dnc(p: PersonRecord) -> bool:
    """Marked do not contact: a call or a submission is asked about first."""
    return p.profile is not None and p.profile.status == "do_not_contact"


class PersonLoaded(Message):
    def __init__(self, record: PersonRecord | None, version: int) -> None:
        super().__init__()
        self.record = record
        self.version = version


class PersonScreen(DeskScreen):
    TRAIL = "Person"
    HELP_TITLE = "Person"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="person.back"),
        Binding("a", "log", "Log", tooltip="Log a call, email, meeting or note on this person", id="person.log"),
        *person_actions.bindings("person"),
        cv_actions.attach_binding("person"),
        cv_actions.open_binding("person"),
        Binding("e", "edit", "Edit", tooltip="Edit this person (checked for duplicates on save)", id="person.edit"),
        Binding("n", "new", "New person", tooltip="Create a person (checked for duplicates on save)",
                id="person.new"),
        *privacy_actions.bindings("person"),
        mail_actions.binding("person"),
        *consent_actions.bindings("person"),
        Binding("j", "scroll(1)", "Scroll down", show=False, id="person.down"),
        Binding("k", "scroll(-1)", "Scroll up", show=False, id="person.up"),
        Binding("g", "scroll_home", "Top", show=False, id="person.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="person.bottom"),
        *DeskScreen.COMMON_BINDINGS,
    ]

    DEFAULT_CSS = """
    PersonScreen #header {
        height: auto; max-height: 4; padding: 0 1; background: $surface;
    }
    PersonScreen #status { height: 1fr; content-align: center middle; color: $foreground 80%; }
    PersonScreen VerticalScroll { height: 1fr; scrollbar-size-vertical: 1; }
    PersonScreen Grid { grid-size: 2; grid-gutter: 0 1; height: auto; padding: 0 1; }
    PersonScreen .panel {
        height: auto; border: round $panel-lighten-2; border-title-color: $primary;
        border-title-style: bold; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    PersonScreen #notes, PersonScreen #timeline, PersonScreen #cv { margin: 0 1; }
    PersonScreen #cv { height: auto; max-height: 18; scrollbar-size-vertical: 1; }
    PersonScreen #cv-text { text-wrap: wrap; width: 1fr; }
    PersonScreen #notes { text-wrap: wrap; }
    PersonScreen.-narrow Grid { grid-size: 1; }
    PersonScreen .missing { display: none; }
    """

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.record: PersonRecord | None = None
        self.last_call: person_actions.Logged | None = None  # a call outcome just logged: a adds its note
        self._timeline_width = 0
        self._profile_width = 0

    # ------------------------------------------------------------------ layout

    def section_bar(self) -> SectionBar:
        # Opened from any section (due details, search): that section stays lit.
        section = sections.by_mode(self.app.current_mode)
        return SectionBar(sections.bar_items(), section.key if section else None, self.TRAIL)

    def compose(self) -> ComposeResult:
        yield self.section_bar()
        yield Static(text.safe("Loading…", "dim"), id="header")
        yield Static(text.safe("Loading…"), id="status")
        with VerticalScroll(id="person-body", classes="missing"):
            with Grid():
                for name, title in _PANELS:
                    yield self._panel(name, title)
            with VerticalScroll(id="cv", classes="panel missing"):
                yield Static(id="cv-text")
            yield self._panel("notes", "Notes")
            yield self._panel("timeline", "Timeline")
        yield KeyBar()

    @staticmethod
    def _panel(name: str, title: str) -> Static:
        panel = Static("", id=name, classes="panel")
        panel.border_title = title
        return panel

    def on_mount(self) -> None:
        self.query_one("#person-body").focus()
        self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self._load()

    def live_reload(self) -> bool:
        """A colleague's change: read the person again in place (the scroll stays; a form open on
        top is a dialog, which the change does not reach: this screen reads when it closes)."""
        self.reload()
        return True

    def _load(self) -> None:
        version, pid = self.desk.writes.version, self.person_id

        def read(conn) -> PersonLoaded:  # noqa: ANN001 - a store connection
            from deskcrm.store import people

            return PersonLoaded(people.load_person(conn, pid), version)

        self.load(read, group="person-load", title="Could not load the person", failed=self._load_failed)

    def _load_failed(self) -> None:
        if self.record is None:
            self._show_status("Could not load this person — press r to try again")

    def _show_status(self, message: str) -> None:
        self.query_one("#status", Static).update(text.safe(message))
        self.query_one("#status").display = True
        self.query_one("#person-body").set_class(True, "missing")

    def on_person_loaded(self, message: PersonLoaded) -> None:
        self.mark_loaded(message.version)
        self.record = p = message.record
        self.refresh_bindings()
        header = self.query_one("#header", Static)
        if p is None:
            header.update(text.safe(f"Person #{self.person_id}", "dim"))
            self._show_status("This person no longer exists (merged or deleted). Press esc to go back.")
            return
        today = clock.today()
        self._profile_width = self._panel_width()
        header.update(panels.header(p))
        contents = {
            "profile": panels.profile_panel(p, today, self._profile_width),
            "contact": panels.contact_panel(p, today),
            "submissions": panels.submissions_panel(p.submissions, today),
            "placements": panels.placements_panel(p.placements, today),
            "notes": panels.notes_panel(p) if p.notes else None,
        }
        for name, content in contents.items():
            panel = self.query_one(f"#{name}", Static)
            panel.set_class(content is None, "missing")
            if content is not None:  # a line too long for its panel goes on under its value, never cut
                panel.update(Hanging(content, panels.INDENTS[name]) if name in panels.INDENTS else content)
        self.query_one("#submissions").border_title = text.safe(f"Submissions ({len(p.submissions)})")
        self.query_one("#placements").border_title = text.safe(f"Placements ({len(p.placements)})")
        self._show_cv(p)
        self.query_one("#status").display = False
        self.query_one("#person-body").set_class(False, "missing")
        self._draw_timeline()

    def _show_cv(self, p: PersonRecord) -> None:
        view = self.query_one("#cv", VerticalScroll)
        view.set_class(p.cv is None, "missing")
        if p.cv is not None:
            view.border_title = panels.cv_title(p)
            self.query_one("#cv-text", Static).update(panels.cv_body(p))

    def _draw_timeline(self) -> None:
        if self.record is None:
            return
        # body margin 1+1, border 2, padding 2, scrollbar 1
        self._timeline_width = width = max(self.size.width - 7, 20)
        panel = self.query_one("#timeline", Static)
        panel.border_title = panels.timeline_title(self.record)
        panel.update(panels.timeline(self.record, width))

    def _panel_width(self) -> int:
        """The content width of a grid panel (the profile's Now and Skills wrap to it): the grid's padding
        1+1 and a scrollbar 1; two columns and a gutter from 100 cells; border 2, padding 2."""
        inner = self.size.width - 3
        return max((inner - 1) // 2 - 4 if self.size.width >= 100 else inner - 4, 20)

    def on_resize(self) -> None:
        if self.record is None:
            return
        if max(self.size.width - 7, 20) != self._timeline_width:
            self._draw_timeline()
        if self._panel_width() != self._profile_width:
            self._profile_width = self._panel_width()
            profile = panels.profile_panel(self.record, clock.today(), self._profile_width)
            self.query_one("#profile", Static).update(Hanging(profile, panels.INDENTS["profile"]))

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("log", "edit", "outcome", "submit", "attach", "export", "erase", "consent", "notice",
                      "compose"):
            return True if self.record is not None and not self.record.erased else None
        if action == "open_cv":
            return self.record is not None and self.record.cv is not None
        return True

    @property
    def _body(self) -> VerticalScroll:
        return self.query_one("#person-body", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self._body.scroll_relative(y=lines, animate=False)

    def action_scroll_home(self) -> None:
        self._body.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self._body.scroll_end(animate=False)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()

    def action_edit(self) -> None:
        if self.record is not None and not self.record.erased:
            from deskcrm.screens.person_form import PersonForm

            PersonForm(self, self.person_id).start()

    def action_new(self) -> None:
        from deskcrm.screens.person_form import PersonForm

        PersonForm(self).start()

    def action_log(self) -> None:
        if self.record is not None and not self.record.erased:
            person_actions.log_or_note(self, activity_subject(self.record))

    def action_undo(self) -> None:
        self.last_call = None  # the call may be what is undone: a later a starts afresh
        super().action_undo()

    def action_outcome(self, kind: str) -> None:
        p = self.record
        if p is not None and not p.erased:
            person_actions.log_outcome(self, kind, p.id, p.name, activity_subject(p).company_id, dnc=_dnc(p))

    def action_submit(self) -> None:
        p = self.record
        if p is not None and not p.erased:
            person_actions.submit_to_job(self, p.id, p.name, dnc=_dnc(p))

    def action_attach(self) -> None:
        p = self.record
        if p is not None and not p.erased:
            cv_actions.attach(self, p.id, p.name)

    def action_open_cv(self) -> None:
        if self.record is not None:
            cv_actions.open_cv(self, self.record)

    def action_export(self) -> None:
        p = self.record
        if p is not None and not p.erased:
            privacy_actions.export(self, p.id, p.name)

    def action_erase(self) -> None:
        p = self.record
        if p is not None and not p.erased:
            privacy_actions.erase(self, p.id, p.name)

    def action_compose(self) -> None:
        p = self.record
        if p is not None and not p.erased:
            from deskcrm.store.mail_compose import person_choices

            person_id = p.id
            person_actions.unless_do_not_contact(self, _dnc(p), p.name, "Write to them anyway?",
                                                 lambda: mail_actions.compose(self, lambda conn: person_choices(conn, person_id)))

    def action_consent(self, kind: str) -> None:
        p = self.record
        if p is not None and not p.erased:
            consent_actions.record(self, kind, p.id, p.name, p.consents[0] if p.consents else None)

    def action_notice(self) -> None:
        p = self.record
        if p is not None and not p.erased:
            privacy_actions.notice(self, p.id, p.name)

    def on_notice_ready(self, message: privacy_actions.NoticeReady) -> None:
        privacy_actions.show_notice(self, message)
