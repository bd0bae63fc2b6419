"""What the hot commands do (open the TUI, print the due list), shared by the fast entry
path in ``cli/entry.py`` and the Typer commands, and what every command opens a database with.
No Typer, no SQLModel: this is on the launch path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from deskcrm.errors import CliError

T = TypeVar("T")


opened: Path | str | None = None  # the desk this command opened (a file, or a server's URL): named in errors
damaged: str | None = None  # set when a read went on despite a damaged file (exit status 1)


def open_db(db: str | None, *, check: str | None = "read") -> Path | str:
    """Resolve, validate and migrate the desk; only the default location is created. A desk
    file is a ``Path``; a desk on a PostgreSQL server is its URL, a ``str`` as given (never a
    ``Path``: it would fold the ``//``), brought up to date by ``store.server``.

    ``check``: "read" warns on stderr about a damaged file (and the command exits 1 after its
    output), "write" refuses it (``Corrupt``), None leaves checking to the caller (the TUI
    checks in a worker; a backup checks its source itself). A server checks its own pages:
    nothing to do there.
    """
    import sys

    from deskcrm.config import paths
    from deskcrm.store import db as store_db
    from deskcrm.store import migrate

    global opened, damaged
    target = paths.resolve_target(db)
    if isinstance(target, str):
        return _open_server(target)
    path = target
    create = path == paths.default_db() and not path.exists()
    if create:
        paths.ensure_private_dir(path.parent)
    if not path.parent.is_dir():
        raise CliError(f"{path}: the directory {path.parent} does not exist", 2)
    if not create and not path.exists():
        raise CliError(f"{path}: no such database file; to create one there on purpose: {store_db.init_hint(path)}", 2)
    if not create and path.is_file() and store_db.is_empty(path):
        raise CliError(f"{path}: is an empty file (0 bytes), not a deskcrm database; to make it one: "
                       f"{store_db.init_hint(path)}", 2)
    opened = path
    from deskcrm.cli.output import say

    migrate.ensure_current(path, create=create, announce=say)  # stderr is line-buffered: shown at once
    if check is not None:
        from deskcrm.store import health

        problem = health.check(path, health.Stamps(paths.checks_dir()))
        if problem is not None and check == "write":
            raise problem
        if problem is not None:
            damaged = str(problem)
            print(f"deskcrm: warning: {problem} — what follows may be incomplete", file=sys.stderr)
    return path


def _open_server(url: str) -> str:
    """A desk on a PostgreSQL server: reached, upgraded if older, refused if newer or missing
    (``store.server``: the same lines as for a file, the password hidden)."""
    from deskcrm.cli.output import say
    from deskcrm.store import server

    global opened
    opened = url
    server.ensure_current(url, create=False, announce=say)
    return url


def open_tui(db: str | None, me: str | None = None) -> None:
    """`deskcrm [--db PATH] [--me AM]`: open the TUI (it checks the file in a worker)."""
    with gc_held():
        run_tui(open_db(db, check=None), me)


@contextmanager
def gc_held() -> Iterator[None]:
    """No cyclic garbage collection until the first frame with data is drawn (``DeskApp`` turns
    it back on then, ``app.resume_gc``, or after ``DeskApp.GC_HELD_MAX_S`` at the latest; an
    error or a quit before that: on leaving this block). The launch allocates hundreds of
    thousands of objects (Textual's import, its style sheets, the first frame's strips): the
    collector ran ~100 times before the first frame, a full collection among them, several ms
    of CPU that a bare Textual app, with fewer objects, mostly does not pay. The launch makes
    little garbage worth collecting. The forked due-list child (``work.due_list.Prefetch``) runs
    without it too."""
    import gc

    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def run_tui(path: Path | str, me: str | None = None) -> None:
    """The TUI on ``path``, as ``me`` (``whoami``: --me, $DESKCRM_ME, config, remembered). Initials
    given on purpose that are no recruiter here stop it with one line; when nothing says who
    you are, the TUI asks after its first frame."""
    from deskcrm.config import settings as settings_mod
    from deskcrm.config import whoami
    from deskcrm.work.due_list import Prefetch

    with gc_held():
        settings = settings_mod.load()
        apply_settings(settings)
        settings.me, source = whoami.chosen(me, settings.me, path)
        if settings.me is not None and source in (whoami.OPTION, whoami.FROM_ENV):
            from deskcrm.cli.recruiter_cli import check_me

            check_me(path, settings.me, source)
        prefetch = Prefetch(path, settings_mod.due_settings(settings))  # runs while Textual imports
        from deskcrm.app import run

        run(path, settings, prefetch=prefetch, who=source or "ask")


def apply_settings(settings) -> None:  # settings.Settings
    """What the config changes everywhere (screens and CLI): the stage labels (``[stages.*]``)
    and how a numeric date like 3/12/2026 reads (``date_order``). A module not imported yet
    holds the defaults already, so it is imported and configured only when the config changes
    them: the TUI's first frame needs neither module (their regular expressions and stage
    tables are ~15M instructions of the launch)."""
    import sys

    if settings.stages or "deskcrm.domain.stages" in sys.modules:
        from deskcrm.domain import stages

        stages.configure(settings.stages)
    if settings.date_order != "dmy" or "deskcrm.domain.dates" in sys.modules:
        from deskcrm.domain import dates

        dates.configure(settings.date_order)
    if settings.search or "deskcrm.domain.vocabulary" in sys.modules:
        from deskcrm.domain import vocabulary

        vocabulary.configure(settings.search)


def parse_option(parser: Callable[[str], T], value: str | None, option: str) -> T | None:
    """A CLI option through the same parser as the form field: ``validate.Invalid`` becomes
    one line naming the option and the value, exit 2. An option given with an empty value
    (``--date ''``) is refused the same way: a form's empty field means "none", but an option
    typed empty is a mistake (a script's unset variable), never today or a default."""
    from deskcrm.domain import validate
    from deskcrm.text import clean

    if value is None:
        return None
    shown = clean(value) if value.strip() and not any(c.isspace() for c in value) else repr(clean(value))
    if not value.strip():
        raise CliError(f"{option} {shown}: empty — give a value, or leave {option} out", 2)
    try:
        return parser(value)
    except validate.Invalid as exc:
        raise CliError(f"{option} {shown}: {exc}", 2) from None


def parse_date_option(value: str | None, option: str) -> date | None:
    """``--date``: what a form's date field takes (ISO, 3/12/2026, 3 Dec, tomorrow, +7d). The
    config is read only for a numeric d/m date, whose reading follows its ``date_order``."""
    from deskcrm.domain import dates

    if value is not None and dates.follows_order(value):
        from deskcrm.config import settings as settings_mod

        apply_settings(settings_mod.load())
    return parse_option(dates.day, value, option)


def check_pretty(as_json: bool, pretty: bool) -> None:
    """``--pretty`` indents JSON: without ``--json`` it is a mistake worth saying (exit 2)."""
    if pretty and not as_json:
        raise CliError("--pretty indents the JSON output: add --json (or leave --pretty out)", 2)


def print_due(db: str | None, on: str | None, as_json: bool, pretty: bool = False) -> None:
    from deskcrm.cli.due_report import as_dict, due_items, render_text
    from deskcrm.cli.output import echo, echo_json_rows

    check_pretty(as_json, pretty)
    day = parse_date_option(on, "--date")
    path = open_db(db)
    items, today = due_items(path, day)
    if as_json:
        echo_json_rows((as_dict(i) for i in items), pretty=pretty)
    else:
        echo(render_text(items, today))
