"""A file's own pass (``file_pass.FilePass``) in a second process, a few chunks ahead of the
planner and writer in this one: an import then uses both cores of the box.

    for chunk in apart(batches, "people", owners, rules):    # lists of file_pass.Read, in order
        ...
    python -m deskcrm.store.imports.pass_process             # the second process itself

The second process is this Python, started on this package (no fork: the caller may be a TUI
worker thread holding a database connection; no ``multiprocessing``: it would run the caller's
main script again). Chunks go to its stdin and come back on its stdout as pickles (it is our
own process, never fed anything but what this module sends); a thread here drains its stdout,
so neither side blocks the other, and at most ``AHEAD`` chunks are in flight (memory flat).
It ends when its stdin closes: at the end of the import, when the import stops early, and when
this process is killed. A failure there is raised here: the exception it raised, or a
:class:`StoreError` saying it stopped; never its traceback on the terminal.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import CellRules, MappedRow

AHEAD = 2  # chunks the second process may be ahead of the planner
_GONE = object()


class PassStopped(StoreError):
    """The second process ended before the file's last chunk came back."""

    def __init__(self) -> None:
        super().__init__("the process reading the file stopped before its end (out of memory?): nothing was "
                         "imported; try again")


def apart(batches: Iterable[list[MappedRow]], kind: str, owners: dict[str, int], rules: CellRules
          ) -> Iterator[list[Any]]:
    """``batches`` through a ``FilePass`` in a second process: the ``Read`` lists, in order."""
    root = str(Path(__file__).resolve().parents[3])  # the directory holding the deskcrm package
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env)
    got: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_drain, args=(child.stdout, got), daemon=True).start()

    def send(obj: Any) -> None:
        try:
            pickle.dump(obj, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            child.stdin.flush()
        except (BrokenPipeError, OSError):
            raise PassStopped() from None

    def receive() -> list[Any]:
        found = got.get()
        if found is _GONE:
            raise PassStopped()
        ok, value = found
        if not ok:
            raise value
        return value

    try:
        send((kind, owners, rules))
        pending = 0
        for batch in batches:
            send([(r.line, r.values, r.custom) for r in batch])
            pending += 1
            if pending > AHEAD:
                yield receive()
                pending -= 1
        for _ in range(pending):
            yield receive()
    finally:
        try:
            child.stdin.close()
        except OSError:
            pass
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _drain(stream: Any, got: queue.SimpleQueue) -> None:
    try:
        while True:
            got.put(pickle.load(stream))
    except Exception:  # noqa: BLE001 - EOF, or a broken pipe: the process ended either way
        got.put(_GONE)
    finally:
        stream.close()


def serve() -> None:
    """The second process: (kind, owners, rules), then chunks of rows, in; (ok, Reads or the
    exception) out, one a chunk; until its stdin closes."""
    from deskcrm.store.imports.file_pass import FilePass

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the answers on the answers' stream
    here = FilePass(*pickle.load(inp))
    try:
        while True:
            try:
                batch = pickle.load(inp)
            except EOFError:
                return
            try:
                answer: tuple[bool, Any] = (True, here.chunk([MappedRow(*r) for r in batch]))
            except Exception as exc:  # noqa: BLE001 - raised in the importing process instead
                answer = (False, exc)
            try:
                data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that does not pickle: said as a StoreError
                data = pickle.dumps((False, StoreError(f"reading the file failed: {answer[1]}")))
            out.write(data)
            out.flush()
    finally:
        here.close()


if __name__ == "__main__":
    serve()
