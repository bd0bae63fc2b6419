"""``E``: write an email from a template and send it (issue 15), from the person screen, a contact on
the account screen, a due item or a pipeline card.

1. The templates that fit where ``E`` was pressed are read in a worker (``store.mail_compose``):
   one is used at once; several are offered in a choice list, the fitting one first.
2. The template is filled from the records (a worker) and opened as text — ``To:``, ``Cc:``,
   ``Subject:``, a blank line, the body — in ``$EDITOR`` (the app suspends, ``work.editor``), or,
   with no ``$EDITOR``, in the in-app editor (``dialogs.mail.MailEditDialog``).
3. On save it reads back (a bad address or no subject is said, and ``e`` edits again) and
   ``SendConfirm`` shows To / Subject; ``y`` sends beside the write queue (``store.outbox.send``,
   off the UI thread): the toast says sent, or the one-line failure (the message then waits in
   the Outbox, ``outbox_view``). A message cancelled at any step is kept as a draft: the next ``E``
   for the same template and records opens it again, as it was left.

Before the editor opens, an unsent copy of the message waiting in the Outbox is offered first (send
it, or write a new one that replaces it: ``mail_waiting``), and with no ``[mail]`` set up the editor
says in one line that the message will wait in the Outbox.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.binding import Binding

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.domain.mail import Draft
    from deskcrm.screens.base import DeskScreen


def binding(prefix: str, what: str = "this person") -> Binding:
    """``E``, listed in help (``?``): the footer keeps its room for the keys it has."""
    return Binding("E", "compose", "Email", tooltip=f"Write an email to {what} from a template, then send it",
                   id=f"{prefix}.compose", show=False)


class Choices(NamedTuple):
    """What ``choices(conn)`` may return instead of the bare pairs: with a ``note`` said in one line
    as the message is written (a line of the in-app editor; a toast when back from ``$EDITOR``) —
    or, when nothing fits, said instead of "no template fits"."""

    found: list[tuple[str, Any]]
    note: str | None = None


def compose(screen: DeskScreen, choices: Callable[[Any], list[tuple[str, Any]] | Choices],
            instead: dict[str, Callable[[], None]] | None = None) -> None:
    """Start composing: ``choices(conn)`` gives the fitting ``(template, About)`` pairs, best first
    (or ``Choices``, with a note). ``instead``: a template that has its own flow here (a card's
    submittal is ``S``'s dialog: the CVs attached and the card moved, not a text saying "Their CV is
    attached")."""
    from deskcrm.config import paths

    data_dir = paths.data_dir()

    def read(conn):  # noqa: ANN001, ANN202 - a worker thread
        from deskcrm.store.mail_templates import available

        found = choices(conn)
        return found if isinstance(found, Choices) else Choices(found), dict(available(data_dir))

    _read_then(screen, read, lambda found: _pick(screen, *found, instead or {}))


def _read_then(screen: DeskScreen, read: Callable[[Any], Any], then: Callable[[Any], None]) -> None:
    """The screens' one read-then (a board has its own, without a title): a failure is a toast titled
    "Cannot write" — a template that does not render names its file and line there."""
    from deskcrm.screens.base import DeskScreen

    DeskScreen.read_then(screen, read, then, title="Cannot write")


def _pick(screen: DeskScreen, choices: Choices, labels: dict[str, str],
          instead: dict[str, Callable[[], None]]) -> None:
    found, note = choices

    def start(name: str, about: Any) -> None:
        if name in instead:
            instead[name]()
        else:
            _fill(screen, name, about, note)

    if not found:
        text.notify(screen.app, note or "Nothing to write here: no template fits", severity="warning",
                    timeout=12 if note else None)
        return
    if len(found) == 1:
        start(*found[0])
        return
    from deskcrm.screens.dialogs.pick import PickDialog

    options = [(i, labels.get(name, name)) for i, (name, _about) in enumerate(found)]

    def picked(index) -> None:  # noqa: ANN001
        if index is not None:
            start(*found[index])

    screen.app.push_screen(PickDialog("Write an email", options, filter_box=False), picked)


def _fill(screen: DeskScreen, name: str, about: Any, note: str | None = None) -> None:
    from deskcrm.config import paths

    from deskcrm.screens.mail_waiting import not_set_up_note, with_note

    key = f"mail:{name}:{about!r}"
    note = with_note(note, not_set_up_note(screen.desk.settings))
    kept = screen.desk.drafts.get(key)
    if kept is not None:
        _read_then(screen, lambda conn: (kept[1], kept[0], _waiting(conn, kept[1])),
                   lambda found: _start(screen, key, *found, note))
        return
    data_dir, signature = paths.data_dir(), (screen.desk.settings.mail or {}).get("signature", "")
    settings = screen.desk.settings
    me = settings.me

    def read(conn):  # noqa: ANN001, ANN202 - a worker thread
        from deskcrm.config.mail_settings import mail_options
        from deskcrm.store.mail_compose import compose as fill
        from deskcrm.store.mail_proposals import with_invite

        from deskcrm.domain.mail_text import as_text

        signed_as(conn, me)
        draft = fill(conn, data_dir, name, about, signature=signature)
        draft = with_invite(conn, draft, about, mail_options(settings, password=False))
        return draft, as_text(draft), _waiting(conn, draft)

    _read_then(screen, read, lambda found: _start(screen, key, *found, note))


def _waiting(conn: Any, draft: Draft) -> Any:  # noqa: ANN401 - a worker's read: outbox.OutboxMessage | None
    from deskcrm.store.outbox import waiting

    return waiting(conn, draft)


def _start(screen: DeskScreen, key: str, draft: Draft, body: str, waiting: Any, note: str | None) -> None:
    """Open the editor, or first ask about the unsent copy ``waiting`` in the Outbox."""
    if waiting is None:
        _edit(screen, key, draft, body, note)
        return
    from deskcrm.screens.mail_waiting import offer

    offer(screen, waiting, lambda replaces: _edit(screen, key, draft, body, note, replaces))


def signed_as(conn: Any, me: str | None) -> None:
    """A read that fills a message signs it as the recruiter at the keyboard (``me``), as the
    write queue signs writes: the template's ``recruiter`` is then who sends it, not the person's
    owner (the store's fallback when a connection has no recruiter)."""
    if me:
        from deskcrm.store import db
        from deskcrm.store.recruiters import actor_id

        db.act_as(conn, actor_id(conn, me))


def _keep(screen: DeskScreen, key: str, draft: Draft, body: str) -> None:
    screen.desk.drafts[key] = (body, draft)
    text.notify(screen.app, "Not sent: kept as a draft (E opens it again)", title="Email")


def _edit(screen: DeskScreen, key: str, draft: Draft, body: str, note: str | None = None,
          replaces: int | None = None) -> None:
    """``replaces``: the Outbox's unsent copy the message takes the place of once sent."""
    if (os.environ.get("EDITOR") or "").strip():
        from textual.app import SuspendNotSupported

        from deskcrm.work import editor

        try:
            with screen.app.suspend():
                edited = editor.edit(body)
        except SuspendNotSupported:
            pass  # no terminal to hand over: the in-app editor instead
        except editor.EditorError as exc:
            screen.desk.drafts[key] = (body, draft)
            text.notify(screen.app, str(exc).replace("your note", "the message"), title="Editor",
                        severity="warning", timeout=8)
            return
        else:
            if note:  # said when back from the editor, over the send confirmation
                text.notify(screen.app, note, title="Email", severity="warning", timeout=15)
            _review(screen, key, draft, edited, note, replaces)
            return
    from deskcrm.screens.dialogs.mail import MailEdit, MailEditDialog

    def done(result: MailEdit | None) -> None:
        if result is None or result.cancelled:
            _keep(screen, key, draft, result.text if result is not None else body)
        else:
            _review(screen, key, draft, result.text, note, replaces)

    screen.app.push_screen(MailEditDialog("Write an email", body, note=note), done)


def _review(screen: DeskScreen, key: str, draft: Draft, edited: str, note: str | None = None,
            replaces: int | None = None) -> None:
    from deskcrm.domain import validate
    from deskcrm.domain.mail_text import from_text
    from deskcrm.screens.dialogs.mail import SendConfirm

    try:
        ready, error = from_text(edited, draft), None
    except validate.Invalid as exc:
        ready, error = None, str(exc)

    def answered(answer: str | None) -> None:
        if answer == "send" and ready is not None:
            screen.desk.drafts.pop(key, None)
            send(screen, ready, replaces=replaces)
        elif answer == "edit":
            _edit(screen, key, draft, edited, note, replaces)
        else:
            _keep(screen, key, draft, edited)

    from deskcrm.screens.mail_waiting import NOT_SET_UP

    waits = NOT_SET_UP if note and NOT_SET_UP in note else None
    screen.app.push_screen(SendConfirm(ready, error, note=waits), answered)


def send(screen: DeskScreen, draft: Draft, *, outbox_id: int | None = None,
         on_error: Callable[[str, BaseException], None] | None = None, replaces: int | None = None) -> None:
    """Send ``draft`` (or retry the outbox's message ``outbox_id``) beside the write queue
    (``aside``: a slow server holds up no save); ``on_error`` after a failure (which is written
    too: the outbox's tries and why). ``replaces``: the unsent copy in the Outbox ``draft`` takes
    the place of (it leaves the Outbox as ``draft`` is kept there)."""
    settings = screen.desk.settings

    def op(conn):  # noqa: ANN001, ANN202 - the write queue's worker
        from deskcrm.config.mail_settings import mail_options
        from deskcrm.store import outbox

        options = mail_options(settings)  # the keyring may take a moment: here, off the UI thread
        if outbox_id is not None:
            return outbox.retry(conn, outbox_id, options)
        return outbox.send(conn, draft, options, replaces=replaces)

    def said(sent) -> str:  # noqa: ANN001 - outbox.Sent
        refused = f"; refused: {', '.join(sent.refused)}" if sent.refused else ""
        instead = f" · the unsent #{replaces} left the Outbox (replaced)" if replaces is not None else ""
        return f"Sent to {', '.join(draft.to)}: {draft.subject}{refused}{instead}"

    screen.desk.writes.submit(op, said, error_title="Not sent", on_error=on_error, aside=True)  # a slow server holds up no save
