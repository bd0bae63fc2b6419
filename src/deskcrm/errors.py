"""Errors the command line reports as one line."""


class CliError(Exception):
    """A one-line message for stderr; exit status 2 for bad input, 1 otherwise."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
