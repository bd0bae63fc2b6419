"""Opening a database and the TUI: shared by the fast entry path and the Typer commands.

No Typer, no SQLModel: this is on the launch path.
"""

from __future__ import annotations

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
    from deskcrm.app import run

    run(path, settings_mod.load())
