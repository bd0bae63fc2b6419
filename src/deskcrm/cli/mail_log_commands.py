"""`deskcrm mail log`, `deskcrm mail sync` (on the `mail` group of ``mail_commands``) and the
`deskcrm calendar …` group (registered by ``commands``):
logging mail on the records without typing it, and the desk's dates for a calendar app. The
bodies are in ``mail_log_cli`` and ``calendar_cli``."""

from __future__ import annotations

from typing import Optional

import typer

from deskcrm.cli.commands import DbOption, _one_me, app
from deskcrm.cli.mail_commands import mail_app
from deskcrm.errors import CliError

calendar_app = typer.Typer(invoke_without_command=True, rich_markup_mode=None,
                           context_settings={"help_option_names": ["-h", "--help"]},
                           help="The desk's dates as a calendar file (.ics).")
app.add_typer(calendar_app, name="calendar")

MeOption = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                        help="Who logs it (default: $DESKCRM_ME, me in config.toml, then the TUI's choice for this "
                             "database).")
SaveCvsOption = typer.Option(False, "--save-cvs", help="Save attachments that look like CVs (pdf, docx, rtf, txt, odt) "
                                                       "as the sender's CV (default: only named in the activity).")


@mail_app.command("log")
def mail_log(
    file: Optional[str] = typer.Argument(None, metavar="[FILE.eml]",
                                         help="The message file; without it (or with -) the message is read from standard input."),
    save_cvs: bool = SaveCvsOption,
    db: Optional[str] = DbOption,
    me: Optional[str] = MeOption,
) -> int:
    """Log one email on the people it is from or to.

    Every known person in From/To/Cc (by their email) gets an email activity: the subject, the
    date from its Date header, who it was from and to, the attachments by name, and the text
    (the plain part, or the HTML part's text). Logging the same message again (its Message-ID)
    writes nothing. From a mail client: pipe the message to `deskcrm mail log` (mutt: `|`).
    """
    from deskcrm.cli.mail_log_cli import log

    return log(db, file, me, save_cvs)


@mail_app.command("sync")
def mail_sync(
    maildir: str = typer.Argument(..., metavar="MAILDIR", help="A Maildir folder (with new/ and cur/)."),
    save_cvs: bool = SaveCvsOption,
    db: Optional[str] = DbOption,
    me: Optional[str] = MeOption,
) -> int:
    """Log every message in a Maildir to or from a known person.

    Messages already logged (by Message-ID) are skipped from their headers, so running it again,
    e.g. after each mbsync, is quick. Ends with one line: logged, already, unknown (nobody known
    in From/To/Cc), unreadable (named).
    """
    from deskcrm.cli.mail_log_cli import sync

    return sync(db, maildir, me, save_cvs)


@calendar_app.callback()
def calendar_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("calendar: say what to do: export (see `deskcrm calendar --help`)", 2)


@calendar_app.command("export", short_help="Write the desk's dates as an .ics calendar file.")
def calendar_export(
    to: str = typer.Option(..., "--to", metavar="FILE.ics", help="The file to write (replaced whole)."),
    start: Optional[str] = typer.Option(None, "--from", metavar="DATE",
                                        help="First day (default: 30 days ago; as due --date takes it)."),
    end: Optional[str] = typer.Option(None, "--to-date", metavar="DATE", help="Last day (default: 180 days ahead)."),
    mine: bool = typer.Option(False, "--mine", help="Only your jobs' interviews and your placements."),
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who you are, for --mine."),
) -> int:
    """Write interviews, starts, check-ins and guarantee ends as an .ics calendar.

    Each event keeps its UID from one export to the next, so a calendar app that imports or
    subscribes to the file updates its events instead of adding them twice. Interviews are at
    their time (an hour long); the rest are all-day events.
    """
    from deskcrm.cli.calendar_cli import export

    return export(db, to, start, end, mine, me)
