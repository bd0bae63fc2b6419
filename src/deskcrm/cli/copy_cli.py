"""What ``deskcrm db copy --from SOURCE --to TARGET`` does on the command line: runs
``store.copy.copy_desk`` with a progress display on stderr (a Rich bar per table on a terminal,
else one plain line per table copied), then prints each table's row count and checksum and
"verified". Everything it prints names a server through ``dburl.shown`` (no password) and goes
through ``output`` (cleaned). Ctrl-C stops it with the target as it was (exit 130).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from deskcrm.cli.output import echo, say, table
from deskcrm.errors import CliError

_COLUMNS = (("Table", 22), ("Rows", 12), ("Checksum (blake2b sum)", 32))


def copy(source: str, target: str) -> None:
    from deskcrm.store.copy import copy_desk

    if not source.strip() or not target.strip():
        raise CliError("db copy: --from and --to each name a desk file or a postgresql:// URL", 2)
    progress, stop = _progress()
    try:
        with _ctrl_c_kept() as asked:
            def report(name: str, done: int, total: int) -> None:
                if asked.is_set():  # a Ctrl-C that Python swallowed (it came inside a finaliser): now
                    raise KeyboardInterrupt
                progress(name, done, total)

            done = copy_desk(source, target, report)
    except KeyboardInterrupt:
        raise CliError("db copy stopped (Ctrl-C): nothing was copied, the target is as it was", 130) from None
    finally:
        stop()
    rows = [(t.table, f"{t.rows:,}", t.checksum) for t in done.tables]
    echo(table(_COLUMNS, rows, f"verified: {done.rows:,} rows in {len(rows)} tables copied from {done.source} to "
                               f"{done.target}; every table's row count and checksum match the source"))


@contextmanager
def _ctrl_c_kept() -> Iterator[threading.Event]:
    """SIGINT raises KeyboardInterrupt as usual, and is remembered: one that lands inside a
    finaliser or weakref callback (garbage collection mid-copy) would be lost, with Python's
    "Exception ignored" traceback on stderr: it is not printed, and the copy's progress callback
    raises it again at the next batch."""
    asked = threading.Event()

    def on_ctrl_c(_signum: int, _frame: object) -> None:
        asked.set()
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield asked
        return
    def unraisable(what: sys.UnraisableHookArgs) -> None:
        if not (what.exc_type and issubclass(what.exc_type, KeyboardInterrupt)):
            hook_before(what)

    before, hook_before = signal.signal(signal.SIGINT, on_ctrl_c), sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        yield asked
    finally:
        signal.signal(signal.SIGINT, before)
        sys.unraisablehook = hook_before


def _progress() -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    """(report, stop): a Rich progress bar on a terminal's stderr, else one line per table."""
    err = sys.stderr
    if err is None or not err.isatty():
        def plain(name: str, done: int, total: int) -> None:
            if done == total:
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
