"""Store errors: each carries a one-line message a recruiter can act on."""


class StoreError(Exception):
    """Base class; ``str(err)`` is the user-facing message."""


class NotADatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class MigrationFailed(StoreError):
    pass


class Conflict(StoreError):
    """A stale save: the row changed since it was read."""


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
