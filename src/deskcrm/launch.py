"""What the hot commands do (open the TUI, print the due list), shared by the fast entry
path in ``cli.py`` and the Typer commands. No Typer, no SQLModel: this is on the launch path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deskcrm.errors import CliError


def open_db(db: str | None, *, create: bool) -> Path:
    """Resolve, validate and migrate the database; the default location is always created."""
    from deskcrm import paths
    from deskcrm.store import migrate

    path = paths.resolve_db(db)
    if path == paths.default_db():
        paths.ensure_private_dir(path.parent)
        create = True
    if not path.parent.is_dir():
        raise CliError(f"{path}: the directory {path.parent} does not exist", 2)
    if not create and not path.exists():
        raise CliError(f"{path}: no such database file (create one with `deskcrm demo --db {path}`)", 2)
    migrate.ensure_current(path, create=create)
    return path


def run_tui(path: Path) -> None:
    from deskcrm import settings as settings_mod
    from deskcrm.due_report import Prefetch

    settings = settings_mod.load()
    apply_stage_names(settings)
    prefetch = Prefetch(path, settings_mod.due_settings(settings))  # runs while Textual imports
    from deskcrm.app import run

    run(path, settings, prefetch=prefetch)


def apply_stage_names(settings) -> None:  # settings.Settings
    """Every stage label (screens, CLI) follows the config's ``[stages.*]`` names."""
    from deskcrm import stages

    stages.configure(settings.stages)


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-22", 2) from None


def print_due(db: str | None, on: str | None, as_json: bool) -> None:
    from deskcrm.due_report import due_items, render_json, render_text

    day = parse_date_option(on, "--date")
    path = open_db(db, create=False)
    items, today = due_items(path, day)
    from deskcrm.output import echo

    echo(render_json(items) if as_json else render_text(items, today))
