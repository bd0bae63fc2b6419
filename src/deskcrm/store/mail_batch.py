"""A nurture batch (issue 15 item 3): the nurture email proposed to each of a set of people — Due
today's gone-cold candidates, or a talent pool's — for a recruiter to review, then sent one by one.

    items = nurture_batch(conn, data_dir, [12, 14, 15], options)   # [BatchItem], in the order given
    done = send_batch(conn, [i.draft for i in items if i.draft], options, progress=lambda n, ok: ...)
    done.sent, done.failed, done.first_error

Each item is the ``candidate_nurture`` template filled for the person (``store.mail_compose``);
one that cannot be sent says why and has no draft: no email on file, do not contact (the status a
withdrawn consent sets), or gone from the desk (erased meanwhile). At most :data:`MOST` people.

``send_batch`` sends each draft as its own message (``store.outbox.send``: its own outbox row, kept
there to retry when it fails; logged on its recipient once it went), so one refused address fails
that message alone. ``progress(n, ok)`` is called after each (from the sending thread).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from deskcrm.domain.mail import Draft, MailSettings
from deskcrm.store.db import Connection
from deskcrm.store.errors import NotFound, StoreError

TEMPLATE = "candidate_nurture"
MOST = 500  # people in one batch: a longer list is cut (and said)
NO_EMAIL = "no email on file"
DO_NOT_CONTACT = "do not contact"


@dataclass(frozen=True, slots=True)
class BatchItem:
    person_id: int
    name: str
    draft: Draft | None  # None: nothing to send (``why_not``)
    why_not: str | None = None


@dataclass(frozen=True, slots=True)
class BatchSent:
    sent: int
    failed: int
    txns: tuple[str, ...]  # each sent message's activities
    first_error: str | None = None  # the first failure, one line
    txn: None = None  # no ctrl+z for a batch: the messages have gone


def nurture_batch(conn: Connection, data_dir: Path, person_ids: Sequence[int], options: MailSettings) -> list[BatchItem]:
    """The nurture email for each of ``person_ids`` (each once, the first :data:`MOST`)."""
    from deskcrm.store.mail_compose import compose
    from deskcrm.store.mail_fields import About

    out: list[BatchItem] = []
    for person_id in list(dict.fromkeys(person_ids))[:MOST]:
        found = conn.execute("SELECT p.name, cp.status FROM person p LEFT JOIN candidate_profile cp "
                             "ON cp.person_id = p.id WHERE p.id = ? AND p.erased_at IS NULL", (person_id,)).fetchone()
        if found is None:
            continue  # erased or merged away since the list was read
        name, status = str(found[0]), found[1]
        if status == "do_not_contact":
            out.append(BatchItem(person_id, name, None, DO_NOT_CONTACT))
            continue
        try:
            draft = compose(conn, data_dir, TEMPLATE, About(person_id=person_id), signature=options.signature)
        except NotFound:
            continue
        out.append(BatchItem(person_id, name, draft, None) if draft.to else BatchItem(person_id, name, None, NO_EMAIL))
    return out


def send_batch(conn: Connection, drafts: Sequence[Draft], options: MailSettings,
               progress: Callable[[int, bool], None] | None = None) -> BatchSent:
    """Send each draft (see the module docstring); a failure is counted, and the next one goes."""
    from deskcrm.store import outbox

    sent = failed = 0
    txns: list[str] = []
    first_error: str | None = None
    for n, draft in enumerate(drafts, 1):
        try:
            done = outbox.send(conn, draft, options)
        except StoreError as exc:  # SendFailed (kept in the outbox), Invalid (an address gone bad)
            failed += 1
            first_error = first_error or str(exc)
            ok = False
        else:
            sent += 1
            txns.append(done.txn)
            ok = True
        if progress is not None:
            progress(n, ok)
    return BatchSent(sent, failed, tuple(txns), first_error)


def summary(done: BatchSent, skipped: int) -> str:
    """"Sent 12, 2 skipped, 1 failed: in the Outbox"."""
    said = f"Sent {done.sent}"
    if skipped:
        said += f", {skipped} skipped"
    if done.failed:
        said += f", {done.failed} failed: in the Outbox"
    return said
