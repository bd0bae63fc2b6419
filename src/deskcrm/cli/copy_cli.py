"""What ``deskcrm db copy --from SOURCE --to TARGET`` does on the command line: runs
``store.copy.copy_desk`` with a progress display on stderr (a Rich bar per table, then one each
for the indexes built, the foreign keys checked and the tables read back, on a terminal; else one
plain line per table copied and per phase begun and ended), then prints each table's row count and checksum and
"verified". Everything it prints names a server through ``dburl.shown`` (no password) and goes
through ``output`` (cleaned). Ctrl-C stops it with the target as it was (exit 130).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from deskcrm.cli.output import echo, say, table
from deskcrm.errors import CliError

_COLUMNS = (("Table", 22), ("Rows", 12), ("Checksum (blake2b sum)", 32))


def copy(source: str, target: str) -> None:
    from deskcrm import dburl
    from deskcrm.store.copy import copy_desk
    from deskcrm.store.errors import Unreachable

    if not source.strip() or not target.strip():
        raise CliError("db copy: --from and --to each name a desk file or a postgresql:// URL", 2)
    progress, stop = _progress()
    heard, restore = _ctrl_c()

    def report(name: str, done: int, total: int) -> None:
        if heard:  # a Ctrl-C that fell in a garbage collector's callback: raised here instead
            raise KeyboardInterrupt
        progress(name, done, total)

    try:
        done = copy_desk(source, target, report)
    except KeyboardInterrupt:
        raise CliError("db copy stopped (Ctrl-C): nothing was copied, the target is as it was", 130) from None
    except Unreachable as exc:
        if exc.missing is not None and dburl.is_server(target) and dburl.database(target) == exc.missing:
            raise CliError(f"{dburl.shown(target)}: the server has no database {exc.missing}; create it (createdb "
                           f"{exc.missing}, or CREATE DATABASE on the server), then run this copy again: it makes "
                           "the tables itself", 1) from None
        if exc.missing is not None and dburl.is_server(source) and dburl.database(source) == exc.missing:
            raise CliError(f"{dburl.shown(source)}: the server has no database {exc.missing}; check the name given to "
                           "--from (psql -l lists the server's databases)", 1) from None
        raise
    finally:
        restore()
        stop()
    rows = [(t.table, f"{t.rows:,}", t.checksum) for t in done.tables]
    echo(table(_COLUMNS, rows, f"verified: {done.rows:,} rows in {len(rows)} tables copied from {done.source} to "
                               f"{done.target}; every table's row count and checksum match the source"))


def _ctrl_c() -> tuple[list[BaseException], Callable[[], None]]:
    """(heard, restore): a Ctrl-C whose KeyboardInterrupt Python could not raise — it fell in a
    weakref callback run by the garbage collector, and Python drops those ("Exception ignored
    in …", with a traceback on stderr) — is kept here instead, silently; the progress raises it
    again after the batch."""
    previous = sys.unraisablehook

    def unraisable(info) -> None:  # noqa: ANN001 - sys.UnraisableHookArgs
        if isinstance(info.exc_value, KeyboardInterrupt):
            heard.append(info.exc_value)
        else:
            previous(info)

    heard: list[BaseException] = []
    sys.unraisablehook = unraisable

    def restore() -> None:
        sys.unraisablehook = previous

    return heard, restore


def _progress() -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    """(report, stop): a Rich progress bar on a terminal's stderr, else one line per table."""
    from deskcrm.store.copy_build import INDEXES, KEYS, VERIFY

    err = sys.stderr
    if err is None or not err.isatty():
        phases = {INDEXES: ("building {:,} indexes…", "built {:,} indexes"),
                  KEYS: ("checking {:,} foreign keys…", "checked {:,} foreign keys"),
                  VERIFY: ("reading the copy back…", "read back {:,} tables: each one's count and checksum")}

        def plain(name: str, done: int, total: int) -> None:
            if name in phases:  # after the rows: a line as each phase starts (at 1M, minutes) and ends
                if done in (0, total):
                    say(phases[name][done == total].format(total))
            elif done == total:
                say(f"copied {name}: {done:,} rows")

        return plain, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description:<22}", markup=False), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=False)
    tasks: dict[str, int] = {}
    bar.start()

    def show(name: str, done: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total, completed=done)
        else:
            bar.update(tasks[name], completed=done)

    return show, bar.stop
