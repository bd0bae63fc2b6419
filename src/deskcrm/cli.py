"""Console-script entry point: `deskcrm`.

The plain TUI invocation (`deskcrm`, `deskcrm --db PATH`) is recognised by hand and opens
the app without importing Typer, so launch stays close to a bare Textual app (DESIGN.md §4).
Everything else goes to the Typer commands in ``deskcrm.commands``. Every expected failure
becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

from deskcrm.errors import CliError


def _plain_tui_db(args: list[str]) -> tuple[bool, str | None]:
    """(True, db) when ``args`` only asks to open the TUI, optionally on ``--db PATH``."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db="):
        return True, args[0].removeprefix("--db=")
    return False, None


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    from deskcrm.settings import ConfigError
    from deskcrm.store.errors import StoreError

    try:
        plain, db = _plain_tui_db(args)
        if plain:
            from deskcrm.launch import open_db, run_tui

            run_tui(open_db(db, create=True))
            sys.exit(0)
        code = _typer(args)
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
