"""A file is attached to a person once: the same file (its sha256, whatever its name) on the
same person again is refused, naming the attachment there and when it was made — nothing is
attached twice (``attachments.record``: the CLI's `deskcrm attach` and the TUI's attach alike).
The same file on another person is theirs to have."""

from __future__ import annotations

from deskcrm.store.db import Connection
from deskcrm.store.errors import StoreError
from deskcrm.store.values import local


class AlreadyAttached(StoreError):
    """The same file (its sha256) is attached to the person already: nothing is attached again."""


def not_attached(conn: Connection, person_id: int, sha256: str, file_name: str) -> None:
    """Raise :class:`AlreadyAttached` when the file ``sha256`` (named ``file_name`` now) is on the person."""
    found = conn.execute(
        "SELECT a.id, a.file_name, a.added_at, p.name FROM attachment AS a JOIN person AS p ON p.id = a.person_id"
        " WHERE a.person_id = ? AND a.sha256 = ? ORDER BY a.id LIMIT 1", (person_id, sha256)).fetchone()
    if found is None:
        return
    aid, was, added_at, name = found
    when = local(added_at) if isinstance(added_at, str) else added_at.astimezone().replace(tzinfo=None)
    said = f"“{was}”" if was == file_name else f"the same file as “{file_name}” (“{was}”)"
    raise AlreadyAttached(f"{said} is already attached to {name} (attachment #{aid}, {when:%d %b %Y %H:%M}); "
                          "nothing attached")
