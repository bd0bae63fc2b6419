"""Store errors: each carries a one-line message a recruiter can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class; ``str(err)`` is the user-facing message."""


class NotADatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class Busy(StoreError):
    """Another writer was in the way: another program held the file's lock longer than the busy
    timeout (SQLite), or a colleague's transaction deadlocked with this one or made it fail to
    serialize (PostgreSQL). ``retryable``: the transaction was rolled back whole and running the
    action again is safe (a deadlock, a serialization failure); a lock held past the timeout is
    not retried (the user would wait twice)."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


Locked = Busy  # the name before team mode (issue 11)


class ReadOnly(StoreError):
    """The file, or the directory it lives in, cannot be written."""


class Corrupt(StoreError):
    """SQLite's own checks fail: the file is damaged. Reads may go on; writes are refused."""

    @classmethod
    def at(cls, path: object, detail: str) -> Corrupt:
        import shlex

        where = f"{path}: the database" if path else "the database"
        first = " ".join(detail.split())
        first = first if len(first) <= 90 else first[:89] + "…"
        target = f" --db {shlex.quote(str(path))}" if path else ""
        return cls(f"{where} is damaged ({first}); nothing will be written to it. Restore a backup made with "
                   f"`deskcrm backup`: deskcrm restore BACKUP{target} (the damaged file is kept aside)")


class Interrupted(StoreError):
    """A read stopped on purpose (a newer keystroke's query replaced it): nothing to show."""


class MigrationFailed(StoreError):
    pass


class Conflict(StoreError):
    """A stale save: the row changed since it was read. ``theirs``: the values stored now (what
    the colleague saved), ``yours``: the values this save would have written — both kept, so a
    form can show them side by side; nothing of either is lost. ``by``: the colleague who saved
    it, by name (None: not known — an unsigned save, another program)."""

    def __init__(self, message: str, *, theirs: dict | None = None, yours: dict | None = None,
                 by: str | None = None) -> None:
        super().__init__(message)
        self.theirs = dict(theirs or {})
        self.yours = dict(yours or {})
        self.by = by


class Invalid(StoreError):
    """Input the store refuses: ``field_errors`` maps each field name to what is wrong.

    ``str(err)`` names every field, e.g. ``start_date: the start date is before the offer``.
    """

    def __init__(self, field_errors: dict[str, str]) -> None:
        self.field_errors = dict(field_errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.field_errors.items()))


class NotFound(StoreError):
    """A record asked for by id does not exist (deleted, or a wrong id); ``kind`` says what
    was asked for ("job order", "person")."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


class Unreachable(StoreError):
    """A PostgreSQL server that cannot be reached or refuses the login; the message names the
    server (its password hidden) and what to do. ``missing``: the database the server does not
    have (None: another reason), so that a command can say its own next step."""

    missing: str | None = None
