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
