"""A nurture batch from a screen (issue 15 item 3): ``B`` on Due today (its gone-cold candidates)
and on a pool's people (the marked, else everyone in the pool).

    nurture(screen, [12, 14], "2 gone cold")

The nurture emails are written in a worker (``store.mail_batch.nurture_batch``); then, as
``[mail.automations] nurture`` says: "ask" (the default) shows the list to review
(``dialogs.nurture_batch``: ``space`` skips one, ``enter`` sends the rest), "send" sends them all at
once, "off" says the batch is off. Mail not set up (no ``[mail] method``) is said, nothing written.
The messages go beside the write queue (``writes.submit(aside=True)``: a slow server holds up no
save), each its own message and outbox row; the toast at the end says how it went ("Sent 12, 2
skipped, 1 failed: in the Outbox").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.base import DeskScreen

TITLE = "Nurture batch"


def binding(prefix: str, what: str) -> Binding:
    return Binding("B", "nurture_batch", "Nurture batch", tooltip=f"The nurture email to {what}: review the list, "
                   "skip some, send the rest", id=f"{prefix}.nurture_batch", show=False)


def nurture(screen: DeskScreen, person_ids: list[int], what: str) -> None:
    from deskcrm.config.mail_settings import mail_options
    from deskcrm.domain.mail_automations import mode

    settings = screen.desk.settings
    how = mode((getattr(settings, "mail", None) or {}).get("automations"), "nurture")
    if how == "off":
        text.notify(screen.app, 'Nurture batches are off: [mail.automations] nurture = "off" in the config file',
                    title=TITLE, severity="warning")
        return
    options = mail_options(settings, password=False)
    if not options.method:
        text.notify(screen.app, "Mail is not set up: add [mail] method to the config file (see the README's Mail "
                    "section)", title=TITLE, severity="warning", timeout=8)
        return
    if not person_ids:
        text.notify(screen.app, f"Nobody to write to: {what}", title=TITLE)
        return

    me = settings.me

    def read(conn):  # noqa: ANN001, ANN202 - a worker thread
        from deskcrm.screens.cv_actions import data_dir
        from deskcrm.screens.mail_actions import signed_as
        from deskcrm.store.mail_batch import nurture_batch

        signed_as(conn, me)
        return nurture_batch(conn, data_dir(), person_ids, options)

    def then(items: list) -> None:
        if not items:
            text.notify(screen.app, f"Nobody to write to: {what}", title=TITLE)
            return
        if how == "send":
            drafts = [i.draft for i in items if i.draft is not None]
            send(screen, drafts, None, len(items) - len(drafts))
            return
        from deskcrm.screens.dialogs.nurture_batch import NurtureBatchDialog
        from deskcrm.store.mail_batch import MOST

        cut = f" (the first {MOST})" if len(set(person_ids)) > MOST else ""
        screen.app.push_screen(NurtureBatchDialog(f"{TITLE}: {what}{cut}", items,
                                                  lambda drafts, progress, skipped: send(screen, drafts, progress,
                                                                                         skipped)))

    screen.read_then(read, then, title="Cannot write")


def send(screen: DeskScreen, drafts: list, progress: Callable[[int, bool], None] | None, skipped: int) -> None:
    """Send ``drafts`` one by one beside the write queue; ``progress(n, ok)`` on the UI thread after each."""
    settings, app = screen.desk.settings, screen.app

    def tell(n: int, ok: bool) -> None:  # the sending thread
        if progress is not None:
            try:
                app.call_from_thread(progress, n, ok)
            except RuntimeError:  # the app is closing; the messages still go
                pass

    def op(conn):  # noqa: ANN001, ANN202 - the sending thread
        from deskcrm.config.mail_settings import mail_options
        from deskcrm.store.mail_batch import send_batch

        return send_batch(conn, drafts, mail_options(settings), tell)  # the keyring is asked here, off the UI thread

    def said(done) -> str:  # noqa: ANN001 - mail_batch.BatchSent
        from deskcrm.store.mail_batch import summary

        return summary(done, skipped)

    def landed(done) -> None:  # noqa: ANN001
        screen.desk.writes.own_txns.extend(done.txns)  # our own: not "changed elsewhere"
        if done.first_error:
            text.notify(app, done.first_error, title="Not sent", severity="error", timeout=8)

    screen.write(op, said, on_success=landed, error_title="Not sent", aside=True)
