"""`deskcrm mail outbox` (issue 15): the messages that were not sent, to retry or discard.

    deskcrm mail outbox              # list: id, state, tries, to, subject, the last failure
    deskcrm mail outbox retry ID     # send it again with the [mail] settings (logged once it goes)
    deskcrm mail outbox discard ID   # drop it

Every value printed is plain text (``deskcrm.text.clean``): an address or a subject never reaches
the terminal as control bytes. A failed retry is one line and exit code 1; the message stays.
"""

from __future__ import annotations

from deskcrm.cli.output import echo
from deskcrm.errors import CliError
from deskcrm.text import clean


def outbox_list(db: str | None, as_json: bool) -> None:
    from deskcrm.cli.board_cli import _desk
    from deskcrm.store import outbox

    with _desk(db, "read") as conn:
        rows = outbox.unsent(conn)
    if as_json:
        from deskcrm.text import json_text

        echo(json_text([{"id": r.id, "state": r.state, "attempts": r.attempts, "to": r.to, "subject": r.subject,
                         "template": r.template, "error": r.error,
                         "updated_at": r.updated_at.isoformat() if r.updated_at else None} for r in rows]))
        return
    if not rows:
        echo("The outbox is empty: nothing waits to be sent.")
        return
    for r in rows:
        state = "interrupted (may have gone)" if r.state == "sending" else r.state
        echo(f"#{r.id}  {state}, {r.attempts} {'try' if r.attempts == 1 else 'tries'}  to {clean(r.to)}  "
             f"{clean(r.subject)}")
        if r.error:
            echo(f"      {clean(r.error)}")
    echo(f"{len(rows)} unsent: deskcrm mail outbox retry ID · deskcrm mail outbox discard ID")


def outbox_retry(db: str | None, outbox_id: int, me: str | None) -> None:
    from deskcrm.cli import launch
    from deskcrm.cli.board_cli import _desk
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.config import settings as settings_mod
    from deskcrm.config.mail_settings import mail_options
    from deskcrm.store import outbox

    options = mail_options(settings_mod.load())
    with _desk(db, "write") as conn:
        sign(conn, launch.opened, me)  # the activities' author
        try:
            sent = outbox.retry(conn, outbox_id, options)
        except outbox.SendFailed as exc:
            raise CliError(clean(str(exc)), 1) from None
    echo(f"Sent #{sent.outbox_id}; logged on the people and company it concerns.")
    if sent.refused:
        echo(f"The server refused: {clean(', '.join(sent.refused))}")


def outbox_discard(db: str | None, outbox_id: int) -> None:
    from deskcrm.cli.board_cli import _desk
    from deskcrm.store import outbox

    with _desk(db, "write") as conn:
        outbox.discard(conn, outbox_id)
    echo(f"Discarded #{outbox_id}: it will not be sent.")
