"""Console-script entry point: `deskcrm`.

The hot invocations — the TUI (`deskcrm [--db PATH]`) and `due`, `search`, `jobs`, `placements`,
`submissions`, `client` — are read by one table-driven reader (``deskcrm.cli.hot_commands``) and run
without importing Typer (its import alone costs 100-140 ms), so launch and scripts stay within
DESIGN.md §4. Anything else, including `--help` and every malformed command line, goes to the
Typer commands in ``deskcrm.cli.commands``, which own the documented interface and its error
messages; ``DESKCRM_NO_FAST_PATH=1`` sends every command line there (the tests run both ways). ``main`` is the one place failures
become output: one cleaned ``deskcrm: …`` line on stderr and a non-zero exit (an unexpected one
says "internal error … please report it"), a closed pipe a quiet exit 141 — never a traceback,
unless ``DESKCRM_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from deskcrm.cli import hot_commands
from deskcrm.errors import CliError, ConfigError, InternalError, OnServer, debugging
from deskcrm.cli.output import say
from deskcrm.text import clean

def fast_path(args: list[str]) -> tuple[str | None, dict[str, object]] | None:
    """(command, options) for a well-formed hot invocation; None sends it to Typer."""
    return hot_commands.read(args)


def main(argv: list[str] | None = None) -> None:
    """The console script. However a command ends, the result is an exit status and at most one
    ``deskcrm: …`` line on stderr — never a traceback (unless ``DESKCRM_DEBUG=1``)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if sys.stdout is None:  # started with stdout closed (`deskcrm due >&-`): nowhere to print
        say("standard output is closed: nothing could be printed")
        sys.exit(1)
    try:
        code = _reported(args)
        sys.stdout.flush()  # a reader that went away shows up here, still inside the try
    except BrokenPipeError:
        code = _pipe_closed()
    sys.exit(code)


def _reported(args: list[str]) -> int:
    """Run the command; turn each way it can fail into one cleaned line and an exit status."""
    from deskcrm.cli import launch
    from deskcrm.store.errors import Corrupt, StoreError

    launch.opened = launch.damaged = None
    try:
        code = _run(args)
    except BrokenPipeError:
        raise
    except CliError as exc:
        say(exc)
        return exc.code
    except (StoreError, ConfigError) as exc:
        if not (isinstance(exc, Corrupt) and launch.damaged):  # a damaged file is said once, as a warning
            say(exc)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes one line
        from deskcrm.store.db import translate

        err = translate(exc, launch.opened)  # a driver error escaping a read: locked, unreadable, damaged
        if err is not None:
            if not (isinstance(err, Corrupt) and launch.damaged):
                say(err)
            return 1
        if debugging():
            raise
        detail = clean(exc if isinstance(exc, InternalError) else f"{type(exc).__name__}: {exc}")
        detail = detail if len(detail) <= _DETAIL else detail[: _DETAIL - 1] + "…"
        say(f"internal error: {detail}; please report it")
        return 1
    return 1 if launch.damaged else code  # output from a damaged file: scripts must not take it as sound


_DETAIL = 300  # characters of an unexpected error's message kept in its one line


def _run(args: list[str]) -> int:
    try:
        fast = None if os.environ.get("DESKCRM_NO_FAST_PATH", "") not in ("", "0") else fast_path(args)
        if fast is None:
            return _typer(args)
        command, options = fast
        hot_commands.run(command, hot_commands.params(command, options))
        return 0
    except OnServer as exc:  # a command about a desk file, on a PostgreSQL server: one line (cli/server_cli.py)
        from deskcrm.cli.server_cli import file_only

        raise file_only(exc.url, exc.command) from None


def _pipe_closed() -> int:
    """The reader went away (``deskcrm due | head -1``): stop quietly, as ``git log | head`` does,
    with 141 (128 + SIGPIPE, the status a shell reports for it). Python flushes the standard
    streams once more at exit; pointing them at /dev/null keeps that flush from failing with an
    "Exception ignored … BrokenPipeError" line (the Python documentation's recipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError):  # not a real file (a test's capture): nothing to flush there
            pass
    os.close(devnull)
    return 141


def _typer(args: list[str]) -> int:
    """The Typer commands, invoked through Click's public ``make_context`` / ``invoke`` rather
    than ``app()``, so that every failure (a closed pipe included) reaches ``main`` as it is."""
    from typer import Abort, Exit
    from typer.exceptions import TyperException
    from typer.main import get_command

    from deskcrm.cli.commands import app

    command = get_command(app)
    try:
        with command.make_context("deskcrm", list(args)) as ctx:
            result = command.invoke(ctx)
    except Exit as exc:  # --help, --version, typer.Exit
        return exc.exit_code
    except TyperException as exc:  # bad usage: unknown option, missing argument, wrong type
        raise CliError(_usage_message(exc, args, command), getattr(exc, "exit_code", 2)) from None
    except Abort:
        raise CliError("aborted", 130) from None
    return result if isinstance(result, int) else 0


def _typed_path(root: Any, args: list[str]) -> str:
    """`deskcrm move` from the words typed, where Click failed before it knew the command (an
    option missing its value)."""
    words, group = ["deskcrm"], root
    for arg in args:
        sub = getattr(group, "commands", {}).get(arg)
        if sub is None:
            break
        words.append(arg)
        group = sub
    return " ".join(words)


def _usage_message(exc: Exception, args: list[str], root: Any) -> str:
    ctx = getattr(exc, "ctx", None)
    # the whole path (`deskcrm mail sync`), not the last word alone (`deskcrm sync` is no command)
    path = ctx.command_path if ctx is not None and ctx.parent is not None else _typed_path(root, args)
    command = f"{path} --help"
    message = exc.format_message()  # type: ignore[attr-defined]
    param = getattr(exc, "param", None)
    if ctx is not None and ctx.parent is not None and getattr(param, "param_type_name", "") == "argument":
        # a word where a number goes (`move 8 placed`): the command's form says which goes where
        form = [p.metavar or (p.name or "").upper() for p in ctx.command.params if p.param_type_name == "argument"]
        message = f"{message.rstrip('.')}; the form is {path} {' '.join(form)} [OPTIONS]"
    message += f" (see `{command}`)"
    option = getattr(exc, "option_name", None)
    takes_text = ctx is not None and any(p.param_type_name == "argument" for p in ctx.command.params)
    # by name: Typer vendors Click (typer._click, a private module) where older releases used click
    if option and takes_text and type(exc).__name__ == "NoSuchOption":
        typed = next((a for a in args if a.startswith(option)), option)
        message += f"; text that starts with - goes after --, e.g. {path} -- {typed}"
    return message
