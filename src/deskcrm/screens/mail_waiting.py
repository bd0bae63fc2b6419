"""Before ``E`` writes a message: an unsent copy waiting in the Outbox, and mail not set up.

- ``offer(screen, waiting, write)``: an unsent message to the same recipient with the same template or
  subject (or for the same due item: ``store.outbox.waiting``) waits in the Outbox — sending a new one
  and retrying that one later would send the client a duplicate. Asked first, one key each: ``s``
  sends the waiting one (``outbox.retry``), ``n`` writes a new one that takes its place (the waiting
  one leaves the Outbox as the new one is sent, said in the toast), ``esc`` writes nothing.
- ``not_set_up_note(settings)``: with no ``[mail]`` set up, the one line the editor shows above the
  message (and the send confirmation beside what is about to go): it will wait in the Outbox.

Addresses and subjects are user data: shown through ``deskcrm.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen
    from deskcrm.store.outbox import OutboxMessage

NOT_SET_UP = "Mail is not set up ([mail] in config.toml): this will wait in the Outbox"


def not_set_up_note(settings: Any) -> str | None:  # noqa: ANN401 - config.settings.Settings
    """``NOT_SET_UP`` when the config has no ``[mail]`` method, else None (nothing is looked up)."""
    from deskcrm.config.mail_settings import mail_options

    return NOT_SET_UP if mail_options(settings, password=False).method is None else None


def with_note(note: str | None, more: str | None) -> str | None:
    """Two notes on two lines (either may be None)."""
    return "\n".join(n for n in (note, more) if n) or None


def describe(waiting: OutboxMessage) -> str:
    """``#1 to jo@acme.example · Payment reminder — not sent: mail is not set up`` (one line)."""
    why = f" — not sent: {waiting.error}" if waiting.error else (" — being sent" if waiting.state == "sending" else "")
    return text.clean(f"#{waiting.id} to {waiting.to} · {waiting.subject}{why}")


def offer(screen: DeskScreen, waiting: OutboxMessage, write: Callable[[int | None], None]) -> None:
    """Ask what to do with the ``waiting`` copy; ``write(replaces)`` writes the new message."""
    from deskcrm.screens.dialogs.key_choice import WaitingDialog

    def chosen(answer: str | None) -> None:
        if answer == "send":
            _send_waiting(screen, waiting)
        elif answer == "new":
            write(waiting.id)

    screen.app.push_screen(WaitingDialog("An unsent copy waits in the Outbox", describe(waiting)), chosen)


def _send_waiting(screen: DeskScreen, waiting: OutboxMessage) -> None:
    from deskcrm.domain.mail import Draft
    from deskcrm.screens.mail_actions import send

    shown = Draft(to=tuple(a.strip() for a in waiting.to.split(",") if a.strip()), subject=waiting.subject, body="")
    send(screen, shown, outbox_id=waiting.id)
