"""Console-script entry point: `deskcrm`.

The two hot invocations — the TUI (`deskcrm [--db PATH]`) and `deskcrm due [--db PATH]
[--date D] [--json]` — are recognised by hand and run without importing Typer (its import
alone costs ~65 ms), so launch and scripts stay within DESIGN.md §4. Anything else, including
`--help` and every malformed command line, goes to the Typer commands in ``deskcrm.commands``,
which own the documented interface and its error messages. Every expected failure becomes one
line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

from deskcrm.errors import CliError

_FLAG_OPTIONS = {"--json"}
_FAST = {None: {"--db"}, "due": {"--db", "--date", "--json"}}


def fast_path(args: list[str]) -> tuple[str | None, dict[str, str | bool]] | None:
    """(command, options) for a well-formed hot invocation; None sends it to Typer."""
    command = None
    if args and not args[0].startswith("-"):
        command, args = args[0], args[1:]
    allowed = _FAST.get(command)
    if allowed is None:
        return None
    options: dict[str, str | bool] = {}
    i = 0
    while i < len(args):
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
    return command, options


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    from deskcrm.settings import ConfigError
    from deskcrm.store.errors import StoreError

    try:
        fast = fast_path(args)
        if fast is None:
            code = _typer(args)
        else:
            from deskcrm import launch

            command, options = fast
            db = options.get("--db")
            if command is None:
                launch.run_tui(launch.open_db(db, create=True))
            else:
                launch.print_due(db, options.get("--date"), bool(options.get("--json")))
            code = 0
    except CliError as exc:
        print(f"deskcrm: {exc}", file=sys.stderr)
        sys.exit(exc.code)
    except (StoreError, ConfigError) as exc:
        print(f"deskcrm: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


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
