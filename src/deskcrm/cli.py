"""Console-script entry point: `deskcrm`.

The two hot invocations — the TUI (`deskcrm [--db PATH]`) and `deskcrm [--db PATH] due
[--db PATH] [--date D] [--json]` — are recognised by hand and run without importing Typer (its import
alone costs ~65 ms), so launch and scripts stay within DESIGN.md §4. Anything else, including
`--help` and every malformed command line, goes to the Typer commands in ``deskcrm.commands``,
which own the documented interface and its error messages. Every expected failure becomes one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

from deskcrm.errors import CliError

_FLAG_OPTIONS = {"--json"}
_ROOT = {"--db"}  # `deskcrm --db PATH [due ...]`: the root's options, before the command
_FAST = {None: set(), "due": {"--db", "--date", "--json"}}


def fast_path(args: list[str]) -> tuple[str | None, dict[str, str | bool]] | None:
    """(command, options) for a well-formed hot invocation; None sends it to Typer.

    ``--db`` may come before the command or after it (not both: Typer says which one)."""
    options: dict[str, str | bool] = {}
    i = _options(args, 0, _ROOT, options)
    if i is None:
        return None
    command = None
    if i < len(args):
        command, i = args[i], i + 1
    allowed = _FAST.get(command)
    if allowed is None:
        return None
    end = _options(args, i, allowed, options)
    if end != len(args):
        return None
    return command, options


def _options(args: list[str], i: int, allowed: set[str], options: dict[str, str | bool]) -> int | None:
    """Read ``allowed`` options from ``args[i:]`` into ``options`` up to the first word that is
    not an option; its index, or None for anything unusual (repeated, unknown, missing value)."""
    while i < len(args) and args[i].startswith("-"):
        name, eq, value = args[i].partition("=")
        if name not in allowed or name in options:
            return None
        if name in _FLAG_OPTIONS:
            if eq:
                return None
            options[name] = True
        else:
            if not eq:
                i += 1
                if i == len(args) or args[i].startswith("-"):
                    return None
                value = args[i]
            options[name] = value
        i += 1
    return i


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    from deskcrm import launch
    from deskcrm.settings import ConfigError
    from deskcrm.store.errors import Corrupt, StoreError

    launch.opened = launch.damaged = None
    try:
        fast = fast_path(args)
        if fast is None:
            code = _typer(args)
        else:
            command, options = fast
            db = options.get("--db")
            if command is None:
                launch.run_tui(launch.open_db(db, check=None))  # the TUI checks the file in a worker
            else:
                launch.print_due(db, options.get("--date"), bool(options.get("--json")))
            code = 0
    except CliError as exc:
        _fail(str(exc), exc.code)
    except (StoreError, ConfigError) as exc:
        _fail(None if isinstance(exc, Corrupt) and launch.damaged else str(exc), 1)  # said once, as a warning
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a driver error escaping a read: a locked, unreadable or damaged file
        from deskcrm.store.db import translate

        err = translate(exc, launch.opened)
        if err is None:
            raise
        _fail(None if isinstance(err, Corrupt) and launch.damaged else str(err), 1)
    if launch.damaged:
        sys.exit(1)  # the output came from a damaged file: scripts must not take it as sound
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str | None, code: int) -> None:
    if message is not None:
        print(f"deskcrm: {message}", file=sys.stderr)
    sys.exit(code)


def _typer(args: list[str]) -> object:
    from typer import Abort
    from typer.exceptions import TyperException

    from deskcrm.commands import app

    try:
        return app(args=args, prog_name="deskcrm", standalone_mode=False)
    except TyperException as exc:  # bad usage: unknown option, missing argument, wrong type
        ctx = getattr(exc, "ctx", None)
        command = f"deskcrm {ctx.info_name} --help" if ctx is not None and ctx.parent is not None else "deskcrm --help"
        raise CliError(f"{exc.format_message()} (see `{command}`)", getattr(exc, "exit_code", 2)) from None
    except Abort:
        raise CliError("aborted", 130) from None
