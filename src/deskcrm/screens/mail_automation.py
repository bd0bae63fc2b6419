"""Running a mail automation from a screen (``domain.mail_automations``): read what it proposes
in a worker (``store.mail_proposals``), then — as ``[mail.automations]`` says — ask (a
``ConfirmDialog`` listing each message: ``y``/``enter`` sends them all, ``esc`` not now), send at once, or do nothing. Each message is sent through
the write queue (``store.outbox.send``: logged on the records once it went, kept in the outbox if
it failed); a toast says sent or why not. Mail not set up (no ``[mail] method``): nothing is
proposed.

    propose(screen, "interview_prep", "Interview emails", lambda conn, d, o: interview_proposals(conn, d, o, sid))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskcrm import text


def propose(screen: Any, automation: str, title: str, build: Callable[[Any, Any, Any], list]) -> None:
    """``build(conn, data_dir, options)`` -> proposals; ``screen``: a ``screens.base`` screen."""
    from deskcrm.config.mail_settings import mail_options
    from deskcrm.domain.mail_automations import mode

    settings = screen.app.settings
    how = mode((getattr(settings, "mail", None) or {}).get("automations"), automation)
    options = mail_options(settings, password=False)
    if how == "off" or not options.method:
        return

    def read(conn):
        from deskcrm.screens.cv_actions import data_dir

        return build(conn, data_dir(), options)

    def then(found: list) -> None:
        if not found:
            return
        if how == "send":
            _send(screen, found)
            return
        from deskcrm.screens.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                _send(screen, found)

        screen.app.push_screen(ConfirmDialog(title, proposal_text(found), cancel="not now"), answered)

    screen.read_then(read, then)  # a failed read is shown as an error toast


def proposal_text(found: list) -> str:
    """What the question shows, plain text: each message's label, recipient and subject."""
    return "\n\n".join(f"{p.label}{' (with the calendar invite)' if p.draft.ics else ''}\nTo: {', '.join(p.draft.to)}\n"
                       f"{p.draft.subject}" for p in found)


def _send(screen: Any, found: list) -> None:
    settings = screen.app.settings
    for proposal in found:
        draft = proposal.draft

        def op(conn, draft=draft):
            from deskcrm.config.mail_settings import mail_options
            from deskcrm.store import outbox

            return outbox.send(conn, draft, mail_options(settings))  # the keyring is asked here, off the UI thread

        screen.write(op, lambda _sent, p=proposal: f"Sent: {text.clean(p.label)} to {text.clean(', '.join(p.draft.to))}",
                     aside=True)  # a slow server holds up no save
