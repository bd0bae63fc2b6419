"""The Typer commands. No subcommand opens the TUI; the rest serve scripts.

The command contract (`deskcrm`, `demo`, `due`, `paths`, `backup`) is relied on by scripts:
keep names, options and JSON fields stable. Commands import only what they need, so that
`--help` and `due --json` start fast (no Textual, no SQLModel on those paths).
Errors are raised as CliError / StoreError and turned into one line by ``cli.main``.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from deskcrm import __version__
from deskcrm.errors import CliError
from deskcrm.launch import open_db, run_tui

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="deskcrm — a keyboard-first terminal CRM for agency recruiters.",
)

DbOption = typer.Option(None, "--db", metavar="PATH", help="Database file (default: $DESKCRM_DB, then the user data dir).")


def _version(value: bool) -> None:
    if value:
        print(f"deskcrm {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Optional[str] = DbOption,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Open the TUI on your database (created and migrated on first run)."""
    if ctx.invoked_subcommand is not None:
        return
    path = open_db(db, create=True)
    run_tui(path)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-22", 2) from None


@app.command()
def demo(
    db: Optional[str] = DbOption,
    candidates: int = typer.Option(5000, "--candidates", help="How many candidates (others in proportion)."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed builds the same database."),
    no_open: bool = typer.Option(False, "--no-open", help="Build only; do not open the TUI."),
) -> None:
    """Build a realistic demo database (a fresh temp file by default) and open it."""
    import tempfile

    if not 1 <= candidates <= 5_000_000:
        raise CliError(f"--candidates {candidates}: use a number from 1 to 5,000,000", 2)
    if db is None:
        path = Path(tempfile.mkdtemp(prefix="deskcrm-demo-")) / "demo.db"
    else:
        path = Path(db).expanduser()
        if not path.parent.is_dir():
            raise CliError(f"{path}: the directory {path.parent} does not exist", 2)
    from deskcrm.store.demo import build_demo

    show = sys.stderr.isatty()

    def progress(stage: str, fraction: float) -> None:
        if show:
            print(f"\rBuilding demo: {stage:<28} {fraction:4.0%}", end="", file=sys.stderr, flush=True)

    report = build_demo(path, candidates=candidates, seed=seed, progress=progress)
    if show:
        print("\r" + " " * 50 + "\r", end="", file=sys.stderr)
    print(
        f"Demo database: {report.path}\n"
        f"  {report.candidates:,} candidates, {report.companies:,} companies, {report.contacts:,} contacts, "
        f"{report.jobs:,} job orders, {report.submissions:,} submissions, {report.placements:,} placements, "
        f"{report.activities:,} activities — {report.rows:,} rows in {report.seconds:.1f} s"
    )
    if not no_open:
        run_tui(path)


@app.command()
def due(
    db: Optional[str] = DbOption,
    on: Optional[str] = typer.Option(None, "--date", help="Compute for this day (YYYY-MM-DD) instead of today."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of items."),
) -> None:
    """Print the due-today list: overdue, today, coming up."""
    from deskcrm.due_report import due_items, render_json, render_text

    day = _parse_date(on, "--date")
    path = open_db(db, create=False)
    items, today = due_items(path, day)
    print(render_json(items) if as_json else render_text(items, today))


@app.command()
def paths() -> None:
    """Print where the database, config and themes live."""
    import os

    from deskcrm import paths as p

    db = p.resolve_db(None)
    source = "$DESKCRM_DB" if os.environ.get(p.DB_ENV) else "default"
    print(f"database:     {db}  ({source}; override with --db PATH or $DESKCRM_DB)")
    print(f"data dir:     {p.data_dir()}")
    print(f"config file:  {p.config_file()}")
    print(f"themes:       {p.builtin_themes_dir()}  (built-in)")
    print(f"user themes:  {p.user_themes_dir()}")


@app.command()
def backup(
    dest: Path = typer.Argument(..., help="Backup file to write (must not exist)."),
    db: Optional[str] = DbOption,
) -> None:
    """Write a verified backup of the database (SQLite backup API)."""
    from deskcrm.store import db as store_db
    from deskcrm.store.backup import backup as take

    path = open_db(db, create=False)
    if not dest.parent.is_dir():
        raise CliError(f"{dest}: the directory {dest.parent} does not exist", 2)
    conn = store_db.connect(path)
    try:
        written = take(conn, dest)
    finally:
        conn.close()
    print(f"Backup written and verified: {written}")
