"""Create (``n``) and edit (``e``) a person: the form, the duplicate check, merge, the save.

    PersonForm(screen).start()            # a new candidate
    PersonForm(screen, person_id).start() # edit (loads the record in a worker first)

The form validates as you type (``validate.py`` parsers). On ``ctrl+s`` the values are checked
for duplicates in a worker (``store.duplicates``); matches open the duplicates dialog (open the
existing record · merge into it · save anyway, remembered as not a duplicate). A merge shows
the field-by-field preview and is one write. Every write goes through ``DeskScreen.write`` (so
``ctrl+z`` in this section undoes it); a failed save — a value the store refuses, a busy
database — opens the form again with everything typed and the reason on top. An edit saves only
the fields changed; a conflict because a colleague saved first re-opens it with their values
beside yours (``dialogs.form_conflict``). After a create (or a merge) the person's record opens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from deskcrm.domain import dates, validate
from deskcrm.domain.day_counts import read_days, whole_days
from deskcrm import text
from deskcrm.screens.custom_field_form import record_fields
from deskcrm.screens.dialogs.form import FormDialog, FormField, FormResult
from deskcrm.screens.dialogs.form_conflict import Edit, Theirs
from deskcrm.screens.open_record import open_record, screen_class
from deskcrm.store.person_record import CANDIDATE_STATUS

if TYPE_CHECKING:
    from deskcrm.domain.custom_fields import FieldDef
    from deskcrm.store.db import Connection
    from deskcrm.screens.base import DeskScreen
    from deskcrm.store.duplicates import DuplicateMatch

STATUS_CHOICES = tuple(CANDIDATE_STATUS.items())
WANTED_CHOICES = (("perm", "Permanent"), ("contract", "Contract"), ("either", "Perm or contract"))  # search: type:
CANDIDATE_FIELDS = ("skills", "current_title", "current_employer", "current_salary", "desired_salary",
                    "salary_currency", "notice_days", "available_from", "status", "wanted_type")


def _owner(raw: str) -> str | None:
    value = validate.text(raw)
    if value is None:
        return None
    if not value.replace(".", "").isalpha() or len(value) > 5:
        raise validate.Invalid("recruiter initials — e.g. AM")
    return value.upper()


SALARIES = {"current_salary": ("Current salary", "max_salary"), "desired_salary": ("Desired salary", "max_salary")}
IDENTITY = ("name", "email", "phone", "linkedin_url", "current_employer")  # what the duplicate check reads


def _lenient(parse: Callable[[str], Any], stored: str | None) -> Callable[[str], Any]:
    """A stored value the parser would refuse (an import, an older version) does not block saving
    other fields while it is left unchanged (an edit writes only the fields changed)."""
    if stored is None:
        return parse

    def check(raw: str) -> Any:
        try:
            return parse(raw)
        except validate.Invalid:
            if raw == stored:
                return raw
            raise

    return check


def fields(*, candidate: bool, stored: dict[str, str] | None = None, owner: FormField | None = None,
           custom: Sequence[FieldDef] = ()) -> list[FormField]:
    out = [
        FormField("name", "Name", validate.required(), required=True, placeholder="e.g. Jane Roe"),
        FormField("email", "Email", validate.email, placeholder="e.g. jane@example.com"),
        FormField("phone", "Phone", validate.phone, placeholder="e.g. +49 30 1234567"),
        FormField("linkedin_url", "LinkedIn", validate.linkedin, placeholder="e.g. linkedin.com/in/jane-roe"),
        FormField("city", "City"),
        FormField("country", "Country", placeholder="e.g. DE"),
        FormField("headline", "Headline", placeholder="e.g. Senior Data Engineer"),
        FormField("source", "Source", validate.required(), required=True,
                  placeholder="e.g. Referral, LinkedIn, Job board…",
                  hint="Where they came from (GDPR: it drives the Art. 14 notice)"),
        owner or FormField("owner", "Owner", _owner, placeholder="initials, e.g. AM"),
        FormField("tags", "Tags", validate.word_list, placeholder="e.g. fintech, remote"),
    ]
    if candidate:
        out += [
            FormField("skills", "Skills", validate.word_list, placeholder="e.g. Python, SQL, Airflow"),
            FormField("current_title", "Current title"),
            FormField("current_employer", "Current employer"),
            FormField("current_salary", "Current salary", validate.money, placeholder="e.g. 85k, 85,000 or 85000",
                      currency_of="salary_currency"),
            FormField("desired_salary", "Desired salary", validate.money, placeholder="e.g. 95k",
                      currency_of="salary_currency"),
            FormField("salary_currency", "Currency", validate.currency, value="EUR"),
            FormField("notice_days", "Notice (days)", whole_days(0), placeholder="e.g. 30", describe=read_days),
            FormField("available_from", "Available from", dates.day_ahead, describe=dates.read_ahead,
                      placeholder=f"e.g. 2027-01-15, {dates.numeric(date(2027, 1, 15))}, +30d"),
            FormField("status", "Status", choices=STATUS_CHOICES, value="active", required=True),
            FormField("wanted_type", "Wants", choices=WANTED_CHOICES),
        ]
    # the desk's own fields (screens.custom_field_form): the person's, then the candidate profile's
    out += record_fields([f for f in custom if f.entity == "person" or (candidate and f.entity == "candidate")],
                         currency=(stored or {}).get("salary_currency") or "EUR")
    if stored:
        out = [replace(f, parse=_lenient(f.parse, stored.get(f.name))) for f in out]
    return out


def raw_of(stored: dict[str, Any]) -> dict[str, str]:
    """Stored values (``person_write.load_for_edit``) as the text the form shows — control
    characters and bidi overrides made visible (an Input draws its value as is)."""
    out: dict[str, str] = {}
    for key, value in stored.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, list):
            out[key] = text.clean(", ".join(str(v) for v in value))
        elif isinstance(value, str):
            out[key] = text.clean(value)
        elif isinstance(value, float):
            out[key] = f"{value:,.0f}" if value == int(value) else str(value)
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


class PersonForm:
    """One create / edit, from the form to the saved record, bound to the screen it runs on."""

    def __init__(self, screen: DeskScreen, person_id: int | None = None,
                 on_saved: Callable[[int], None] | None = None) -> None:
        self.screen = screen
        self.app = screen.app
        self.person_id = person_id
        self.stored: dict[str, Any] | None = None  # load_for_edit's values (versions included)
        self.on_saved = on_saved
        self.edit: Edit | None = None  # an edit: what it saves, and a colleague's save meanwhile
        if person_id is not None:
            from deskcrm.store import person_write

            self.edit = Edit(screen, "this person", read=lambda conn: person_write.load_for_edit(conn, person_id),
                             to_raw=raw_of, moved=lambda stored: setattr(self, "stored", stored))
        self.custom: tuple[FieldDef, ...] = ()  # the desk's live person and candidate fields

    # ------------------------------------------------------------------ reading

    def _read(self, op: Callable[[Connection], Any], then: Callable[[Any], None], what: str) -> None:
        """Run a read off the UI thread; ``then(result)`` on the UI thread, or an error toast."""
        self.screen.read_then(op, then, title=what, group="person-form")

    def start(self, banner: str | None = None) -> None:
        from deskcrm.store import person_write
        from deskcrm.store.custom_fields import person_fields

        pid = self.person_id

        def read(conn):  # noqa: ANN001, ANN202 - the record (to edit) and the desk's own fields
            return (person_write.load_for_edit(conn, pid) if pid is not None else None), person_fields(conn)

        def got(found) -> None:  # noqa: ANN001
            stored, self.custom = found
            if pid is None:
                self._open(None, banner)
            else:
                self._loaded(stored, banner)

        self._read(read, got, "Could not open the person")

    @property
    def base_raw(self) -> dict[str, str]:
        """The form's text as the person was last read (an edit saves what differs)."""
        return (self.edit.base if self.edit is not None else None) or {}

    def _loaded(self, stored: dict[str, Any] | None, banner: str | None) -> None:
        if stored is None:
            text.notify(self.app, "This person no longer exists (merged or deleted)", severity="warning")
            return
        self.stored = stored
        if self.edit is not None:
            self.edit.opened(raw_of(stored))
        self._open(None, banner)

    # ------------------------------------------------------------------ the form

    @property
    def candidate(self) -> bool:
        return self.stored is None or bool(self.stored.get("candidate"))

    def _open(self, raw: dict[str, str] | None, banner: str | None, errors: dict[str, str] | None = None,
              theirs: Theirs | None = None) -> None:
        unsaved = raw is not None  # re-opened with what was typed: esc asks before dropping it
        if raw is None and self.stored is not None:
            raw = raw_of(self.stored)
        elif raw is None:  # a new person is yours unless you say otherwise
            raw = {"owner": self.screen.desk.settings.me or ""}
        if self.stored is None:
            title = "New person"
        else:
            title = f"Edit {text.clean(self.stored.get('name') or '')}"
        from deskcrm.screens.whoami import owner_field

        owner = owner_field(self.app, (self.base_raw or {}).get("owner"))
        form = FormDialog(title, fields(candidate=self.candidate, stored=self.base_raw, owner=owner, custom=self.custom),
                          raw=raw,
                          banner=banner, doubt=self._doubt())
        form.initial_errors = dict(errors or {})
        form.unsaved = unsaved
        form.theirs = theirs
        self.app.push_screen(form, self._submitted)

    def _doubt(self):
        """A salary over the ceiling (``[amounts] max_salary``) asks "save anyway?" (not one
        left as it was stored)."""
        from deskcrm.domain.amounts import doubts
        from deskcrm.config.settings import amount_limits

        limits, before = amount_limits(self.screen.desk.settings), self.stored
        return lambda values: doubts(values, SALARIES, values.get("salary_currency"), limits, before=before)

    def _submitted(self, result: FormResult | None) -> None:
        if result is None or result.cancelled:
            return
        from deskcrm.store import duplicates

        values, exclude = dict(result.values), self.person_id
        if self.edit is not None:
            changed = set(self.edit.changes(values, result.raw))
            if not changed:
                text.notify(self.app, "Nothing changed")
                return
            if not changed & set(IDENTITY):  # no new reason to think it is someone else
                self._save(result, ())
                return
        self._read(lambda conn: duplicates.find_duplicates(conn, values, exclude_id=exclude),
                   lambda found: self._checked(result, found), "Could not check for duplicates")

    def _checked(self, result: FormResult, matches: list[DuplicateMatch], highlight: int | None = None) -> None:
        if not matches:
            self._save(result, ())
            return
        from deskcrm.screens.dialogs.duplicates import DuplicatesDialog

        def decided(decision) -> None:
            if decision is None:
                self._open(result.raw, "Not saved yet: it may be a duplicate (ctrl+s asks again)")
                return
            what, other = decision
            if what == "anyway":
                self._save(result, tuple(m.person_id for m in matches))
            elif what == "open":
                if self.person_id is not None:
                    text.notify(self.app, "Your changes were not saved", severity="warning")
                open_record(self.app, "person", other)
            else:
                self._preview(result, other, lambda: self._checked(result, matches, other))

        self.app.push_screen(
            DuplicatesDialog(matches, typed_name=result.values.get("name") or "", creating=self.person_id is None,
                             highlight=highlight),
            decided,
        )

    # ------------------------------------------------------------------ writes

    def _failed(self, result: FormResult) -> Callable[[str, BaseException], None]:
        def failed(message: str, exc: BaseException) -> None:
            from deskcrm.store.errors import Conflict

            errors = getattr(exc, "field_errors", None) or {}
            if isinstance(exc, Conflict) and self.edit is not None:
                # A colleague saved first: their values beside yours, the next save guarded by theirs.
                self.edit.conflict(exc, result.raw, lambda raw, theirs, why: self._open(raw, why, theirs=theirs))
                return
            self._open(result.raw, message, errors)

        return failed

    def _save(self, result: FormResult, not_duplicates: tuple[int, ...]) -> None:
        from deskcrm.store import person_write

        values, pid, stored = dict(result.values), self.person_id, self.stored
        if pid is None:
            def op(conn):
                return person_write.create_person(conn, values, not_duplicate_of=not_duplicates)

            message = f"Created {text.clean(values.get('name'))} (ctrl+z to undo)"
        else:
            assert stored is not None and self.edit is not None
            # Only what was changed here: a field someone else changed meanwhile keeps their value.
            values = self.edit.changes(values, result.raw)
            if not values:
                text.notify(self.app, "Nothing changed")
                return

            def op(conn):
                return person_write.update_person(
                    conn, pid, values, expected_version=stored["version"],
                    profile_expected_version=stored["profile_version"], not_duplicate_of=not_duplicates)

            message = f"Saved {text.clean(values.get('name') or stored.get('name'))} (ctrl+z to undo)"
        from deskcrm.store.errors import Conflict

        self.screen.write(op, message, on_success=lambda saved: self._saved(saved.person_id, saved.created),
                          on_error=self._failed(result), shows=(Conflict,) if pid is not None else ())

    def _saved(self, person_id: int, created: bool) -> None:
        if self.on_saved is not None:
            self.on_saved(person_id)
        if created:
            open_record(self.app, "person", person_id)

    def _preview(self, result: FormResult, keep_id: int, back: Callable[[], None]) -> None:
        from deskcrm.store import merge

        values, drop = dict(result.values), self.person_id
        self._read(lambda conn: merge.merge_preview(conn, keep_id, drop, values=values),
                   lambda preview: self._show_preview(result, preview, back), "Could not prepare the merge")

    def _show_preview(self, result: FormResult, preview, back: Callable[[], None]) -> None:
        from deskcrm.screens.dialogs.merge import MergeDialog

        def chosen(choices: dict[str, str] | None) -> None:
            if choices is None:
                back()  # esc: "Already on file?" again, as it was
                return
            from deskcrm.store import merge

            values, drop = dict(result.values), self.person_id

            def op(conn):
                return merge.merge(conn, preview.keep_id, drop, choices=choices, values=values,
                                   keep_version=preview.keep_version, drop_version=preview.drop_version)

            def merged(_txn: str) -> None:
                if self.on_saved is not None:
                    self.on_saved(preview.keep_id)
                gone = self.app.screen is self.screen and isinstance(self.screen, screen_class("person") or ())
                # the merged-away record's screen would show nothing: the kept one replaces it
                open_record(self.app, "person", preview.keep_id, replace=gone and drop is not None)

            message = f"Merged into {text.clean(preview.keep_name)} (ctrl+z to undo)"
            self.screen.write(op, message, on_success=merged,
                              on_error=lambda msg, _exc: self._open(result.raw, msg))

        self.app.push_screen(MergeDialog(preview), chosen)
