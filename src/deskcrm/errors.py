"""Errors the command line reports as one line."""

import os


class CliError(Exception):
    """A one-line message for stderr; exit status 2 for bad input, 1 otherwise."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class ConfigError(Exception):
    """The config file is wrong: ``str(err)`` names the file and what is wrong (exit status 1).
    Defined here, not in ``settings``, so the command line can catch it without importing
    the settings reader."""


class OnServer(Exception):
    """The desk named is on a PostgreSQL server (``url``, as given: never print it, print
    ``dburl.shown(url)``). Raised where a command is about a desk FILE (``command``: backup,
    restore, demo); ``cli/entry.py`` answers it with one line saying what applies on a server."""

    def __init__(self, url: str, command: str | None = None) -> None:
        super().__init__("a PostgreSQL desk")
        self.url = url
        self.command = command


class InternalError(Exception):
    """An unexpected failure, already described (e.g. the screen crashed): reported as
    "internal error: <message>; please report it", exit status 1."""


def debugging() -> bool:
    """``DESKCRM_DEBUG=1``: show Python's traceback instead of the one line."""
    return os.environ.get("DESKCRM_DEBUG", "") not in ("", "0")
