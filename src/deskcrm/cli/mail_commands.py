"""The `deskcrm mail …` Typer group (registered by ``commands``): the outbox of messages not sent.
The bodies are in ``mail_cli``; sending itself in ``store.outbox``."""

from __future__ import annotations

from typing import Optional

import typer

from deskcrm.cli.commands import DbOption, _one_me, app
from deskcrm.errors import CliError

mail_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="Mail: the outbox of unsent messages.\n\n"
         "How mail is sent is the [mail] table of the config file (smtp, command or file).")
app.add_typer(mail_app, name="mail")

outbox_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="List unsent messages; retry or discard one.")
mail_app.add_typer(outbox_app, name="outbox")
IdArgument = typer.Argument(..., metavar="ID", help="The message's number, as `deskcrm mail outbox` lists it.")


@mail_app.callback()
def mail_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("mail: say what to do: outbox (see `deskcrm mail --help`)", 2)


@outbox_app.callback()
def outbox_group(ctx: typer.Context, db: Optional[str] = DbOption,
                 as_json: bool = typer.Option(False, "--json", help="Print a JSON list.")) -> None:
    """List the messages that were not sent (newest first) with why; retry ID or discard ID."""
    if ctx.invoked_subcommand is None:
        from deskcrm.cli.mail_cli import outbox_list

        outbox_list(db, as_json)


@outbox_app.command("retry")
def outbox_retry(
    outbox_id: int = IdArgument,
    db: Optional[str] = DbOption,
    me: Optional[str] = typer.Option(None, "--me", metavar="INITIALS", callback=_one_me,
                                     help="Who sends it (the author of the email activities)."),
) -> None:
    """Send an unsent message again.

    Once it goes it is logged on the people and company it concerns, like any message sent.
    """
    from deskcrm.cli.mail_cli import outbox_retry as run

    run(db, outbox_id, me)


@outbox_app.command("discard")
def outbox_discard(outbox_id: int = IdArgument, db: Optional[str] = DbOption) -> None:
    """Drop a message from the outbox: it will not be sent."""
    from deskcrm.cli.mail_cli import outbox_discard as run

    run(db, outbox_id)
