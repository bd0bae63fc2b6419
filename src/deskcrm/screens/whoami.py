"""Who you are, in the TUI: asked once per database when nothing else says (``deskcrm.config.whoami``),
then remembered on this machine; and the palette's "Who am I…", "Add recruiter…", "Recruiters".

    start(app)   # after the first data is drawn: read the recruiters (owner fields check against
                 # them); ask when ``app.who == "ask"``, warn when a configured ``me`` is no one here
    ask(app)     # the picker of active recruiters (esc: me stays unset), or on a desk without
                 # any, the short "who are you" form that adds you
    add(app)     # the Add recruiter form (one write through the app's write queue)
    show(app)    # the list of recruiters (enter: this one is me; n: add one)
    owner_field(app, value)  # an Owner form field: initials of an active recruiter

Every read runs in a thread worker; the launch's first frame never waits for any of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskcrm import text
from deskcrm.domain import recruiter_rules, validate
from deskcrm.config.whoami import HOW

if TYPE_CHECKING:
    from deskcrm.screens.base import Desk as DeskApp
    from deskcrm.screens.dialogs.form import FormField
    from deskcrm.store.recruiters import Recruiter

_NEW = "+new"  # the picker's "someone new" option


def _read(app: DeskApp, then, *, currency: bool = True) -> None:  # noqa: ANN001 - then(recruiters, currency)
    """The recruiters (an indexed read of a small table), and — for what shows or takes a target —
    the desk's currency (a pass over the companies: not at launch); ``then`` on the UI thread."""
    path = app.db_path

    def work() -> None:
        from deskcrm.config.report_settings import report_options
        from deskcrm.store import db
        from deskcrm.store.errors import StoreError
        from deskcrm.store.recruiters import desk_currency, list_recruiters
        from deskcrm.work.writes import error_message

        try:
            with db.reading(path) as conn:
                configured = report_options(app.settings)[1]  # [report] target_currency, as the reports read it
                found, desk = list_recruiters(conn), desk_currency(conn, configured) if currency else app.desk_currency
        except StoreError as exc:
            app.call_from_thread(text.notify, app, error_message(exc), title="Could not read the recruiters",
                                 severity="error")
            return
        app.call_from_thread(_known, app, found, desk, then)

    app.run_worker(work, thread=True, group="recruiters", name="recruiters", exit_on_error=False)


def _known(app: DeskApp, found: tuple[Recruiter, ...], currency: str, then) -> None:  # noqa: ANN001
    app.recruiters, app.desk_currency = found, currency
    then(found, currency)


def start(app: DeskApp) -> None:
    def checked(found: tuple[Recruiter, ...], _currency: str) -> None:
        me = app.settings.me
        if me:
            if not any(r.initials == me and r.active for r in found):
                known = ", ".join(r.initials for r in found if r.active) or "none yet"
                text.notify(app, f"me = {me} ({app.who}) is no active recruiter of this database (known: {known}); "
                                 f"{HOW}", title="Who are you?", severity="warning", timeout=12)
            return
        if app.who == "ask":
            _ask(app, found)

    _read(app, checked, currency=False)


def ask(app: DeskApp) -> None:
    _read(app, lambda found, _currency: _ask(app, found), currency=False)


def _ask(app: DeskApp, found: tuple[Recruiter, ...]) -> None:
    from deskcrm.screens.dialogs.pick import PickDialog

    active = [r for r in found if r.active]
    if not active:
        add(app, first=True)
        return
    options = [(r.initials, r.label) for r in active] + [(_NEW, "Someone new: add me as a recruiter…")]

    def picked(key: Any) -> None:
        if key is None:
            _unset(app)
        elif key == _NEW:
            add(app, first=True)
        else:
            choose(app, next(r for r in active if r.initials == key))

    app.push_screen(PickDialog("Who are you? (remembered for this database)", options), picked)


def _unset(app: DeskApp) -> None:
    if not app.settings.me:
        text.notify(app, f"Nobody chosen: “mine” filters match nobody and your writes are unsigned; {HOW}",
                    title="Who are you?", severity="warning", timeout=10)


def choose(app: DeskApp, recruiter: Recruiter) -> None:
    """You are ``recruiter`` from now on, remembered for this database (in a worker: a file write)."""
    from deskcrm.config import whoami

    app.settings.me = recruiter.initials
    app.who = whoami.REMEMBERED
    path, initials = app.db_path, recruiter.initials

    def remember() -> None:
        try:
            whoami.remember(path, initials)
        except OSError as exc:
            app.call_from_thread(text.notify, app, f"Could not remember who you are ({exc}); you are "
                                 f"{initials} until you quit", severity="warning")

    app.run_worker(remember, thread=True, group="whoami", name="whoami", exit_on_error=False)
    text.notify(app, f"You are {recruiter.label} on this database (remembered on this machine)")
    changed = getattr(app.screen, "data_changed", None)
    if callable(changed):  # "mine" filters mean you now
        changed()


def add(app: DeskApp, *, first: bool = False) -> None:
    _read(app, lambda found, currency: _form(app, found, currency, first))


def _form(app: DeskApp, found: tuple[Recruiter, ...], currency: str, first: bool,
          raw: dict[str, str] | None = None, banner: str | None = None, errors: dict[str, str] | None = None) -> None:
    from deskcrm.screens.dialogs.form import FormDialog
    from deskcrm.screens.dialogs.recruiters import recruiter_fields

    title = "Who are you? Add yourself as a recruiter" if first else "Add recruiter"
    if first and banner is None and not found:
        banner = "This database has no recruiters yet: you are the first (remembered for this database)"
    form = FormDialog(title, recruiter_fields(currency, found), raw=raw, banner=banner)
    form.initial_errors = dict(errors or {})
    form.unsaved = raw is not None

    def done(result) -> None:  # noqa: ANN001 - a FormResult
        if result is None or result.cancelled:
            if first:
                _unset(app)
            return
        v = dict(result.values)

        def op(conn):  # noqa: ANN001, ANN202
            from deskcrm.store.recruiters import add_recruiter

            return add_recruiter(conn, v["name"], v["initials"], target=v.get("target"), email=v.get("email"))

        def saved(written) -> None:  # noqa: ANN001
            app.recruiters = (*app.recruiters, written.recruiter)
            if first:
                choose(app, written.recruiter)

        def failed(message: str, exc: BaseException) -> None:
            _form(app, found, currency, first, result.raw, message, getattr(exc, "field_errors", None) or {})

        app.writes.submit(op, lambda w: w.message, on_success=saved, on_error=failed)

    app.push_screen(form, done)


def show(app: DeskApp) -> None:
    def listed(found: tuple[Recruiter, ...], currency: str) -> None:
        from deskcrm.screens.dialogs.recruiters import RecruitersDialog

        def closed(choice) -> None:  # noqa: ANN001
            if choice is None:
                return
            what, initials = choice
            if what == "add":
                _form(app, found, currency, False)
            else:
                choose(app, next(r for r in found if r.initials == initials))

        app.push_screen(RecruitersDialog(found, app.settings.me, currency), closed)

    _read(app, listed)


def owner_field(app: Any, value: str | None) -> FormField:
    """The Owner field: an active recruiter's initials (or empty), said back as their name. The
    store checks again when it saves (the list here is as read at launch or since)."""
    from deskcrm.screens.dialogs.form import FormField

    known: tuple[Recruiter, ...] = getattr(app, "recruiters", ())
    active = {r.initials: r for r in known if r.active}

    stored = (value or "").strip().upper()

    def parse(raw: str) -> str | None:
        if validate.text(raw) is None:
            return None
        initials = recruiter_rules.initials(raw)
        if known and initials not in active and initials != stored:  # a record's owner now stays, retired or not
            retired = any(r.initials == initials for r in known)
            why = "is retired" if retired else "is no recruiter here"
            raise validate.Invalid(f"{initials} {why} — active: {', '.join(active) or 'none'}")
        return initials

    def said(initials: str | None) -> str | None:
        found = active.get(initials or "")
        return f"{text.clean(found.name)}" if found else None

    return FormField("owner", "Owner", parse, text.clean(value or ""), placeholder="initials, e.g. AM",
                     describe=said)
