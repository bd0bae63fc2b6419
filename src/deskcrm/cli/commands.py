"""The Typer commands. No subcommand opens the TUI; the rest serve scripts.

The command contract (`deskcrm`, `demo`, `due`, `paths`, `backup`) is relied on by scripts:
keep names, options and JSON fields stable. Commands import only what they need, so that
`--help` starts fast (no Textual, no SQLModel on that path).
Errors are raised as CliError / StoreError and turned into one line by ``cli.main``.

The hot commands (the TUI, `due`, `search`, `jobs`, `placements`, `submissions`, `client`) run
without Typer when their command line is plain (``cli.fast_path``): their options are also in
``hot_commands.HOT`` — change both together (a test compares them) — and their bodies call
``hot_commands.run`` with their parameters, as the fast path does.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from deskcrm import __version__
from deskcrm.cli import hot_commands
from deskcrm.errors import CliError
from deskcrm.cli.launch import run_tui
from deskcrm.cli.output import echo

app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="deskcrm — a keyboard-first terminal CRM for agency recruiters.",
)


def _one_db(ctx: typer.Context, value: Optional[str]) -> Optional[str]:
    """Every command's ``--db``: given before the command (``deskcrm --db PATH jobs``) or after
    it; both is refused unless they name the same file — never silently dropped."""
    root = ctx.find_root()
    outer = root.params.get("db") if root is not ctx else None
    if value is None or outer is None:
        return value if value is not None else outer
    if _same_db(value) != _same_db(outer):
        from deskcrm import dburl

        raise typer.BadParameter(f"{dburl.shown(outer)} before `{ctx.info_name}` and {dburl.shown(value)} after it; "
                                 "give --db once", ctx=ctx)
    return value


def _same_db(value: str) -> object:
    """What two spellings of one desk compare equal as: a file's path, a server's URL as typed
    (never a ``Path``: it folds the ``//``)."""
    return value if "://" in value else Path(value).expanduser()


DbOption = typer.Option(None, "--db", metavar="PATH", callback=_one_db,
                        help="Database file (default: $DESKCRM_DB, then the user data dir). Before or after the command.")


def _one_me(ctx: typer.Context, value: Optional[str]) -> Optional[str]:
    """``--me`` before the command or after it (search, move); both only if they agree."""
    root = ctx.find_root()
    outer = root.params.get("me") if root is not ctx else None
    if value is None or outer is None:
        return value if value is not None else outer
    if value.strip().upper() != outer.strip().upper():
        raise typer.BadParameter(f"{outer} before `{ctx.info_name}` and {value} after it; give --me once", ctx=ctx)
    return value


def _version(value: bool) -> None:
    if value:
        print(f"deskcrm {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who you are (recruiter initials): whose desk \"mine\" means, who signs "
                                          "your writes (default: $DESKCRM_ME, me in config.toml, then the choice the "
                                          "TUI remembers for this database)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Open the TUI on your database (the default one is created on first run)."""
    if ctx.invoked_subcommand is not None:
        return
    hot_commands.run(None, {"db": db, "me": me})  # the TUI


DemoDbOption = typer.Option(None, "--db", metavar="PATH", callback=_one_db, help=(
    "Build it in this new file, and keep it. Without --db: demo.db in the user cache dir (see `deskcrm paths`), "
    "replaced by each run."))


@app.command()
def demo(
    db: Optional[str] = DemoDbOption,
    candidates: int = typer.Option(5000, "--candidates", metavar="N",
                                   help="How many candidates (others in proportion)."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Random seed: the same seed builds the same database."),
    no_open: bool = typer.Option(False, "--no-open", help="Build only; do not open the TUI."),
) -> None:
    """Build a demo database and open it.

    Realistic, deterministic data (the same --seed builds the same database). Without --db it is
    demo.db in the user cache dir, replaced by each run; --db PATH builds a new file and keeps it.
    """
    import shlex

    from deskcrm.config import paths

    if not 1 <= candidates <= 5_000_000:
        raise CliError(f"--candidates {candidates}: use a number from 1 to 5,000,000", 2)
    if db is None:  # one demo in one known place, not a temp folder left behind per run
        path = paths.demo_db()
        paths.ensure_private_dir(path.parent)
        for stale in (path, *(Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))):
            stale.unlink(missing_ok=True)
    else:
        from deskcrm import dburl

        if dburl.is_server(db):
            from deskcrm.cli.server_cli import file_only

            raise file_only(db, "demo")
        if dburl.is_url(db):
            raise CliError(f"--db {dburl.shown(db)}: deskcrm demo builds a desk file (give --db a file path)", 2)
        path = Path(db).expanduser()
        if not path.parent.is_dir():
            raise CliError(f"{path}: the directory {path.parent} does not exist", 2)
    from deskcrm.store.demo import build_demo

    show = sys.stderr.isatty()

    def progress(stage: str, fraction: float) -> None:
        if show:
            print(f"\rBuilding demo: {stage:<28} {fraction:4.0%}", end="", file=sys.stderr, flush=True)

    try:
        report = build_demo(path, candidates=candidates, seed=seed, progress=progress)
    except KeyboardInterrupt:  # build_demo has removed the file and its staging file as it left
        raise CliError(f"demo stopped (Ctrl-C): no demo was built, nothing is left at {path}", 130) from None
    finally:
        if show:
            print("\r" + " " * 50 + "\r", end="", file=sys.stderr)
    you = _demo_me(report.path)
    again = f"deskcrm --db {shlex.quote(str(path))}"
    kept = "" if db is not None else (
        "\n  Replaced by the next `deskcrm demo`; to keep one, build it with `deskcrm demo --db PATH`.")
    echo(
        f"Demo database: {report.path}\n"
        f"  {report.candidates:,} candidates, {report.companies:,} companies, {report.contacts:,} contacts, "
        f"{report.jobs:,} job orders, {report.submissions:,} submissions, {report.placements:,} placements, "
        f"{report.activities:,} activities — {report.rows:,} rows in {report.seconds:.1f} s{kept}\n"
        f"{you}  Open it again: {again}"
    )
    if not no_open:
        run_tui(path)
        echo(f"Open the demo again: {again}" + ("" if db is not None else "  (replaced by the next `deskcrm demo`)"))


def _demo_me(path: Path) -> str:
    """On the demo you are its first recruiter (remembered for this file): the TUI opens on it
    without asking who you are. A line saying so, or "" (nothing could be remembered)."""
    from deskcrm.config import whoami
    from deskcrm.store.demo.build import DEMO_ME

    name, initials = DEMO_ME
    try:
        whoami.remember(path, initials)
    except OSError:
        return ""
    return f"  You are {name} ({initials}) on it: ctrl+p → Who am I… changes that.\n"


JsonPretty = typer.Option(False, "--pretty", help="Indent the JSON (with --json; by default it is compact).")


@app.command()
def due(
    db: Optional[str] = DbOption,
    on: Optional[str] = typer.Option(None, "--date", metavar="DATE",
                                     help="Compute for this day instead of today: 2026-11-22, 22 Nov, tomorrow, +7d, "
                                          "22/11/2026 (11/22/2026 with date_order = \"mdy\")."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of items."),
    pretty: bool = JsonPretty,
) -> None:
    """Print the due-today list: overdue, today, coming up."""
    hot_commands.run("due", locals())


@app.command()
def paths(db: Optional[str] = DbOption) -> None:
    """Print where the database, config and themes live."""
    from deskcrm.cli.db_cli import show_paths

    show_paths(db)


@app.command()
def init(
    path: Optional[str] = typer.Argument(None, metavar="PATH", help="The new database file (default: --db)."),
    db: Optional[str] = DbOption,
) -> None:
    """Create an empty database (never over an existing one)."""
    from deskcrm.cli.db_cli import init as make

    make(path, db)


@app.command()
def backup(
    dest: Path = typer.Argument(..., metavar="DEST", help="Backup file to write (must not exist)."),
    db: Optional[str] = DbOption,
) -> None:
    """Write a verified backup of the database.

    Uses SQLite's backup API and checks the copy before saying so.
    """
    from deskcrm.cli.db_cli import backup as take

    take(dest, db)


@app.command()
def restore(
    backup_file: Path = typer.Argument(..., metavar="BACKUP", help="A backup written by `deskcrm backup`."),
    db: Optional[str] = DbOption,
) -> None:
    """Put a verified backup back (the old file is kept aside)."""
    from deskcrm.cli.db_cli import restore as put_back

    put_back(backup_file, db)


@app.command()
def search(
    query: list[str] = typer.Argument(
        ..., metavar="QUERY", help='What to find, e.g. python "machine learning" city:berlin salary<90k.'
    ),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of people (with ids; custom_fields "
                                                        "by name)."),
    pretty: bool = JsonPretty,
    limit: int = typer.Option(20, "--limit", metavar="N", help="How many people to print (1-1000)."),
    offset: int = typer.Option(0, "--offset", metavar="N",
                               help="Skip the first N (with --limit: the next page, e.g. --limit 20 --offset 20)."),
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Whose desk owner:me means (default: $DESKCRM_ME, me in config.toml, "
                                          "then the choice the TUI remembers for this database)."),
    rank: bool = typer.Option(False, "--rank", help="Best match first as a recruiter would order them (what enter "
                                                    "does in the TUI): title and skill hits, exact phrases, then "
                                                    "availability, status, last contact; do-not-contact last."),
    why: bool = typer.Option(False, "--why", help="Say which words hit which field, per person (a Why column; "
                                                  "\"why\" in --json)."),
) -> None:
    """Search people: words, "phrases" and filters.

    Filters: skill: city: tag: status: owner: role: salary< avail< and the desk's custom fields
    (clearance:sc rate<700; as in the Search section). A filter that cannot be read is an error
    (exit 2). A query starting with - goes after --, e.g.
    deskcrm search -- -2+3
    """
    hot_commands.run("search", locals())


# --------------------------------------------------------------------------- boards (issue 4)

StageOption = typer.Option(None, "--stage", metavar="STAGE", help="Only this stage (a key or a label).")
LimitOption = typer.Option(None, "--limit", metavar="N",
                           help="Print the first N (default: 50 in the table, every one with --json).")


@app.command()
def jobs(
    db: Optional[str] = DbOption,
    stage: Optional[str] = StageOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of job orders."),
    pretty: bool = JsonPretty,
    limit: Optional[int] = LimitOption,
    every: bool = typer.Option(False, "--all", help="Print every one (the table stops at 50)."),
) -> None:
    """List job orders: the open ones, or one --stage.

    The open ones by stage; with --stage, every job at that stage (closed ones too).
    """
    hot_commands.run("jobs", locals())


@app.command()
def placements(
    db: Optional[str] = DbOption,
    stage: Optional[str] = StageOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of placements."),
    pretty: bool = JsonPretty,
    limit: Optional[int] = LimitOption,
    every: bool = typer.Option(False, "--all", help="Print every one (the table stops at 50)."),
) -> None:
    """List placements: the live ones, or one --stage.

    Live: offer accepted, or started and in guarantee; with --stage, every placement at that stage.
    """
    hot_commands.run("placements", locals())


@app.command()
def submissions(
    db: Optional[str] = DbOption,
    job: Optional[int] = typer.Option(None, "--job", metavar="ID", help="Only this job order's (see `deskcrm jobs`)."),
    person: Optional[int] = typer.Option(None, "--person", metavar="ID",
                                         help="Only this person's (see `deskcrm search --json`)."),
    stage: Optional[str] = StageOption,
    every: bool = typer.Option(False, "--all", help="Every stage; by default those in play (not placed, not an exit)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of submissions."),
    pretty: bool = JsonPretty,
    limit: Optional[int] = LimitOption,
) -> None:
    """List submissions, with the ids `move submission` takes.

    A submission is one candidate on one job order. By default those in play, by job order and stage.
    """
    hot_commands.run("submissions", locals())


@app.command()
def move(
    kind: str = typer.Argument(..., metavar="submission|job|placement", help="What to move."),
    row_id: int = typer.Argument(..., metavar="ID",
                                 help="Its id (see `deskcrm submissions`, `jobs`, `placements`)."),
    stage: str = typer.Argument(..., metavar="STAGE", help="Where to: a stage key or label."),
    db: Optional[str] = DbOption,
    interview_at: Optional[str] = typer.Option(None, "--interview-at", metavar="WHEN",
                                               help='Interviewing: when, e.g. "2026-11-25 14:00" or "tomorrow 10am".'),
    place: Optional[str] = typer.Option(None, "--place", metavar="TEXT",
                                        help='Interviewing: where, e.g. "Client office, Torstr. 1, 3rd floor".'),
    reason: Optional[str] = typer.Option(None, "--reason", metavar="TEXT", help="Exit / close / fall-off reason."),
    start: Optional[str] = typer.Option(None, "--start", metavar="DATE",
                                        help="Placed: start date, e.g. 2026-12-01, 1 Dec, +14d."),
    salary: Optional[str] = typer.Option(None, "--salary", metavar="AMOUNT", help="Placed: salary, e.g. 85k."),
    fee: Optional[str] = typer.Option(None, "--fee", metavar="FEE",
                                      help="Placed: 20% or a flat 15k (default: the client agreement)."),
    offer: Optional[str] = typer.Option(None, "--offer", metavar="DATE", help="Placed: offer accepted on (today)."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="CUR", help="Placed: salary currency."),
    withdraw_others: bool = typer.Option(False, "--withdraw-others",
                                         help="Placed: withdraw the candidate's other open submissions."),
    bill_rate: Optional[str] = typer.Option(None, "--bill-rate", metavar="AMOUNT",
                                            help="Placed on a contract: the client's rate (default: the job's)."),
    pay_rate: Optional[str] = typer.Option(None, "--pay-rate", metavar="AMOUNT",
                                           help="Placed on a contract: the contractor's rate (default: the job's)."),
    per: Optional[str] = typer.Option(None, "--per", metavar="day|hour", help="Placed on a contract: the rates' unit."),
    end: Optional[str] = typer.Option(None, "--end", metavar="DATE", help="Placed on a contract: its last day."),
    owed: Optional[str] = typer.Option(None, "--owed", metavar="refund|replacement", help="Guarantee failed."),
    force: bool = typer.Option(False, "--force",
                               help="Save anyway what looks mistyped: an interview time in the past, a salary "
                                    "or fee over 10× the job's range or the [amounts] ceiling."),
    left: Optional[str] = typer.Option(None, "--left", metavar="DATE",
                                       help="Guarantee failed: their last day (today); the pro-rata credit counts"
                                            " the days worked to it."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who moves it (default: $DESKCRM_ME, me in config.toml, then the TUI's "
                                          "choice for this database): the author of its activity and journal."),
) -> None:
    """Move a submission, job or placement to a stage.

    Applies the same rules as the boards, in one undoable transaction. STAGE is a key or a label, in
    any case and punctuation (closed:filled, "Closed: filled", filled).
    """
    from deskcrm.cli.board_cli import move as do_move

    do_move(db, kind, row_id, stage, {
        "interview_at": interview_at, "place": place, "reason": reason, "start": start, "salary": salary, "fee": fee,
        "offer": offer, "currency": currency, "withdraw_others": withdraw_others, "owed": owed, "force": force,
        "left": left, "bill_rate": bill_rate, "pay_rate": pay_rate, "per": per, "end": end,
        "as_json": as_json, "me": me,
    })


@app.command()
def attach(
    person: str = typer.Argument(..., metavar="PERSON", help="Their id, email, or name (it must name one person)."),
    file: str = typer.Argument(..., metavar="FILE", help="The file: PDF, DOCX, ODT, RTF or TXT (at most 20 MB)."),
    kind: str = typer.Option("cv", "--kind", metavar="cv|other",
                             help="cv (default): its text becomes their CV text, found by search; other: kept only."),
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who attaches it (default: $DESKCRM_ME, me in config.toml, then the TUI's "
                                          "choice for this database)."),
) -> None:
    """Attach a CV (or another file) to a person.

    The file is copied into the data directory (private to you), its text read and made searchable
    ("kubernetes operator" finds the CV), in one undoable transaction. Prints what was attached to whom
    and how many words of text it holds, or why it has none (a scanned PDF).
    """
    from deskcrm.cli.attach_cli import attach as do_attach

    do_attach(db, person, file, kind, me)


@app.command()
def submittal(
    job: str = typer.Argument(..., metavar="JOB", help="The job order: its id (see `deskcrm jobs`) or its title."),
    people: list[str] = typer.Argument(..., metavar="PERSON...",
                                       help="The candidates on its pipeline: each an id, email or name."),
    folder: str = typer.Option(..., "--to", metavar="DIR", help="The folder to write the pack into (it must exist: a typo makes no folder)."),
    anonymise: bool = typer.Option(False, "--anonymise", "--anonymize",
                                   help="Candidate A, B…: no name, email, phone, links or address; each CV as its "
                                        "text with those taken out, never the file."),
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who signs the summary (default: $DESKCRM_ME, me in config.toml, then the "
                                          "TUI's choice for this database)."),
) -> None:
    """Write a job's submittal pack: summary and CVs.

    The pack is summary.html and the candidates' CVs: a short summary per candidate (headline, skills, salary expectation, notice, your note) and
    each one's newest CV, for sending to the hiring manager by other means. Nothing in the desk
    changes; the folder must not hold a pack already.
    """
    from deskcrm.cli.submittal_cli import submittal as do_submittal

    do_submittal(db, job, people, folder, anonymise, me)
@app.command()
def client(
    name_or_id: str = typer.Argument(..., metavar="NAME_OR_ID", help="A company's id, or (part of) its name."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the account as a JSON object."),
    pretty: bool = JsonPretty,
    on: Optional[str] = typer.Option(None, "--date", metavar="DATE",
                                     help="Figures as of this day instead of today (as due --date takes it)."),
) -> None:
    """Print a client's account.

    Contacts, fee terms, open jobs, placements, invoices and the timeline: the account screen's figures.
    """
    hot_commands.run("client", locals())


# --------------------------------------------------------------------------- the desk itself (issue 11)

db_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="Move a desk between a file and a PostgreSQL server.")
app.add_typer(db_app, name="db")


@db_app.callback()
def db_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("db: say what to do: copy (see `deskcrm db --help`)", 2)


@db_app.command("copy")
def db_copy(
    ctx: typer.Context,
    source: str = typer.Option(..., "--from", metavar="SOURCE",
                               help="The desk to copy: a desk file, or postgresql://user@host/db. Read, never changed."),
    target: str = typer.Option(..., "--to", metavar="TARGET",
                               help="Where to: a new desk file, or a server database with no desk (or an empty one)."),
) -> None:
    """Copy a whole desk: a file to a PostgreSQL server, or back.

    Every table in one transaction on the target, then each table's row count and checksum are
    compared with the source's before it is committed; a failure or Ctrl-C leaves the target as it
    was. The source must be at this deskcrm's schema. File to file works too. The password of a URL
    is never shown: give it in ~/.pgpass or $PGPASSWORD.
    """
    from deskcrm.cli.copy_cli import copy

    if ctx.find_root().params.get("db") is not None:  # never silently dropped
        raise CliError("db copy: name the desk to copy with --from (and where to with --to), not --db", 2)
    copy(source, target)


# --------------------------------------------------------------------------- import (issue 12)


@app.command("import")
def import_(
    ctx: typer.Context,
    what: str = typer.Argument(..., metavar="FILE | list | undo BATCH",
                               help="The file to import; `list` the imports done; `undo BATCH` one of them. "
                                    "(A file called list or undo: ./list.)"),
    batch: Optional[str] = typer.Argument(None, metavar="[BATCH]", show_default=False),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="KIND",
                                       help="What the rows are: people (default), contacts, companies, jobs, "
                                            "placements or activities."),
    map_file: Optional[Path] = typer.Option(None, "--map", metavar="MAPFILE",
                                            help="A TOML mapping file: [columns] \"Header\" = \"target\"."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING",
                                           help="The file's encoding (e.g. cp1252, utf-16), over the one "
                                                "detected (said on stderr)."),
    save_map: Optional[Path] = typer.Option(None, "--save-map", metavar="FILE",
                                            help="Write the column mapping used to FILE (TOML), for --map."),
    cvs: Optional[Path] = typer.Option(None, "--cvs", metavar="DIR",
                                       help="A folder of CVs: each person gets the file their cv_file column names, "
                                            "else the one named after them (Jana Smith.pdf, jana-smith.docx) or their "
                                            "email (jana@example.com.pdf); ambiguous or missing ones are reported."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what it would do (new, updates field by field, "
                                                          "likely duplicates, errors); write nothing. Exits 2 "
                                                          "when a row is in error, as the import would."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace values already on the desk (default: only "
                                                              "empty fields are filled)."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan / the batch / the list as JSON."),
    pretty: bool = JsonPretty,
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who imports it (default: $DESKCRM_ME, me in config.toml, then the TUI's "
                                          "choice for this database)."),
) -> None:
    """Import a CSV, TSV or XLSX file; list the imports; undo one.

    The format (LinkedIn, Bullhorn, OpenCATS, a generic sheet) is recognised from the header, and
    how the file was read (encoding, delimiter) is said on stderr.

    The rows are people (default), contacts, companies, jobs, placements or activities. One batch, all or nothing: a row in error imports nothing. Matches against the desk and the
    file itself (same email, phone or LinkedIn, a close name at the same company): likely
    duplicates are listed, not imported. `deskcrm import undo BATCH` removes what a batch created
    and restores what it updated.
    """
    from deskcrm.cli import import_batches, import_cli

    if what in ("list", "undo"):
        options = {"--kind": kind, "--map": map_file, "--dry-run": dry_run or None, "--overwrite": overwrite or None,
                   "--encoding": encoding, "--save-map": save_map, "--cvs": cvs}
        given = [name for name, value in options.items() if value]
        if given:
            raise CliError(f"import {what}: {', '.join(given)} only go with a FILE to import", 2)
    if what == "list":
        if batch is not None:
            raise CliError(f"import list: unexpected {batch!r}", 2)
        import_batches.list_imports(db, as_json, pretty)
    elif what == "undo":
        if batch is None:
            raise CliError("import undo: say which batch (its number: see deskcrm import list)", 2)
        import_batches.undo_import(db, me, batch)
    else:
        if batch is not None:
            raise CliError(f"import: one FILE at a time (got {what!r} and {batch!r})", 2)
        import_cli.import_file(db, me, Path(what), kind, map_file, dry_run, overwrite, as_json, pretty,
                               encoding=encoding, save_map=save_map, cvs=cvs)


# --------------------------------------------------------------------------- recruiters (issue 11)

recruiter_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="Add, list, correct and retire recruiters.\n\nRecruiters own records (\"mine\") and sign every "
         "activity, move and journal event.")
app.add_typer(recruiter_app, name="recruiter")
TargetOption = typer.Option(None, "--target", metavar="AMOUNT",
                            help="Yearly revenue target in the desk's currency, e.g. 400k, 400,000, €400k.")
EmailOption = typer.Option(None, "--email", metavar="EMAIL", help="Their email address.")


@recruiter_app.callback()
def recruiter_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("recruiter: say what to do: add, list, edit or retire (see `deskcrm recruiter --help`)", 2)


@recruiter_app.command("add")
def recruiter_add(
    name: str = typer.Argument(..., metavar="NAME", help='Their full name, e.g. "Alex Morgan".'),
    initials: str = typer.Option(..., "--initials", metavar="AM", help="1-4 letters, unique on this desk."),
    target: Optional[str] = TargetOption,
    email: Optional[str] = EmailOption,
    db: Optional[str] = DbOption,
) -> None:
    """Add a recruiter (a fresh database has none)."""
    from deskcrm.cli.recruiter_cli import add

    add(db, name, initials, target, email)


@recruiter_app.command("list")
def recruiter_list(
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of recruiters."),
    pretty: bool = JsonPretty,
) -> None:
    """List the recruiters, active ones first."""
    from deskcrm.cli.recruiter_cli import show

    show(db, as_json, pretty)


@recruiter_app.command("edit")
def recruiter_edit(
    current: str = typer.Argument(..., metavar="INITIALS", help="Whose record (their initials now)."),
    name: Optional[str] = typer.Option(None, "--name", metavar="NAME", help="The name, corrected."),
    initials: Optional[str] = typer.Option(None, "--initials", metavar="AM", help="New initials."),
    target: Optional[str] = typer.Option(None, "--target", metavar="AMOUNT",
                                         help="New yearly target in the desk's currency (none: no target)."),
    email: Optional[str] = typer.Option(None, "--email", metavar="EMAIL", help="New email (none: no email)."),
    active: Optional[bool] = typer.Option(None, "--active/--retired", help="Bring back a retired recruiter, or retire."),
    db: Optional[str] = DbOption,
) -> None:
    """Correct a recruiter's name, initials, target or email."""
    from deskcrm.cli.recruiter_cli import edit

    edit(db, current, name, initials, target, email, active)


@recruiter_app.command("retire")
def recruiter_retire(
    current: str = typer.Argument(..., metavar="INITIALS", help="Their initials."),
    db: Optional[str] = DbOption,
) -> None:
    """Retire a recruiter (what they own and wrote is kept).

    A retired recruiter is no longer offered as an owner; `recruiter edit INITIALS --active` brings them back.
    """
    from deskcrm.cli.recruiter_cli import retire

    retire(db, current)


# --------------------------------------------------------------------------- reports (issue 13)
from deskcrm.cli import report_commands  # noqa: E402,F401 - registers `deskcrm report` on app

# --------------------------------------------------------------------------- talent pools (issue 16)
from deskcrm.cli import pool_commands  # noqa: E402,F401 - registers `deskcrm pool` on app


# --------------------------------------------------------------------------- mail (issue 15)
from deskcrm.cli import mail_commands  # noqa: E402,F401 - registers `deskcrm mail` on app


# --------------------------------------------------------------------------- privacy (issue 14)

privacy_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="GDPR: export or erase a person; print their Art. 14 notice; scrub the journal.",
    short_help="GDPR: export or erase a person, their notice, scrub.")
app.add_typer(privacy_app, name="privacy")
PersonArgument = typer.Argument(..., metavar="PERSON", help="Their id, email, or name (it must name one person).")


@privacy_app.callback()
def privacy_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("privacy: say what to do: export, erase, scrub or notice (see `deskcrm privacy --help`)", 2)


@privacy_app.command("export")
def privacy_export(
    person: str = PersonArgument,
    to: Optional[str] = typer.Option(None, "--to", metavar="DIR", help="The folder to write it in (default: here)."),
    as_zip: bool = typer.Option(False, "--zip", help="One zip file instead of a folder."),
    db: Optional[str] = DbOption,
) -> None:
    """Export everything held about a person (a subject-access request).

    Record, roles, profile, consent ledger, submissions, placements, activities, CV files and the
    journal's entries about them: person.json (exact) and summary.md (readable), the files copied,
    in a new folder (0700, files 0600) or one zip.
    """
    from deskcrm.cli.privacy_cli import export

    export(db, person, to, as_zip)


@privacy_app.command("erase", short_help="Erase a person for good (it cannot be undone).")
def privacy_erase(
    person: str = PersonArgument,
    yes: bool = typer.Option(False, "--yes", help="Do not ask for their name to be typed."),
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who erases (on the erasure record)."),
) -> None:
    """Erase a person for good (the right to erasure); it cannot be undone.

    Their data goes from every table, the journal, the search index and the data directory, the
    file is compacted; placements and fees stay for accounting with the person shown as
    "Erased person #N", and an erasure record (no personal data) says it happened. Backups beside
    the database that still hold the person (their record, by their name) are listed.
    """
    from deskcrm.cli.privacy_cli import erase

    erase(db, person, yes, me)


@privacy_app.command("scrub", short_help="Scrub the journal of people merged away or undone.")
def privacy_scrub(db: Optional[str] = DbOption) -> None:
    """Scrub the journal of people merged away or whose create was undone, past the undo window.

    ([privacy] undo_window_days, default 30; the TUI does this when the desk opens.) Then the
    search index and freed space are cleared as after an erasure.
    """
    from deskcrm.cli.privacy_cli import scrub

    scrub(db)


@privacy_app.command("notice", short_help="Print a person's Article 14 notice, ready to send.")
def privacy_notice(person: str = PersonArgument, db: Optional[str] = DbOption) -> None:
    """Print a person's Article 14 notice, filled from the template, ready to paste or send.

    The template is art14_notice.txt in the data directory, written with a default the first
    time and yours to edit ($name, $first_name, $source, $sourced_on, $lawful_basis, $recruiter,
    $recruiter_email, $today are filled in; $$ is a dollar sign).
    """
    from deskcrm.cli.privacy_cli import notice

    notice(db, person)


# --------------------------------------------------------------------------- mail log, calendar (issue 15)
from deskcrm.cli import mail_log_commands  # noqa: E402,F401 - registers `deskcrm mail log|sync` and `deskcrm calendar` on app
