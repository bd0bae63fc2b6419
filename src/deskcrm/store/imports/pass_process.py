"""A file's own pass (``file_pass.FilePass``) in a second process, a few chunks ahead of the
planner and writer in this one: an import then uses both cores of the box.

    for chunk in apart(batches, "people", owners, rules):    # lists of file_pass.Read, in order
        ...
    python -m deskcrm.store.imports.pass_process             # the second process itself

The second process is this Python, started on this package (no fork: the caller may be a TUI
worker thread holding a database connection; no ``multiprocessing``: it would run the caller's
main script again). Chunks go to its stdin and come back on its stdout as pickles (it is our
own process, never fed anything but what this module sends) by two threads here, so the planner
never waits on a pipe, and at most ``AHEAD`` + 1 chunks are in flight (memory flat). It ends
when its stdin closes: at the end of the import, and when this process is killed; when the
import stops early it is killed (it holds nothing but a deleted scratch file). A failure there is raised here: the exception it raised, or a
:class:`StoreError` saying it stopped; never its traceback on the terminal.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import CellRules, MappedRow

AHEAD = 2  # chunks the second process may be ahead of the planner
_GONE = object()


class PassStopped(StoreError):
    """The second process ended before the file's last chunk came back. ``unread``: when it
    ended before its first answer (it could not start), the chunks it was sent, in order."""

    def __init__(self, unread: list[list[MappedRow]] | None = None) -> None:
        super().__init__("the process reading the file stopped before its end (out of memory?): nothing was "
                         "imported; try again")
        self.unread = unread


def apart(batches: Iterable[list[MappedRow]], kind: str, owners: dict[str, int], rules: CellRules
          ) -> Iterator[list[Any]]:
    """``batches`` through a ``FilePass`` in a second process: the ``Read`` lists, in order."""
    sent: deque[list[MappedRow]] | None = deque()  # until its first answer: what it was sent
    root = str(Path(__file__).resolve().parents[3])  # the directory holding the deskcrm package
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    try:
        child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, env=env)
    except OSError:
        raise PassStopped([]) from None
    got: queue.SimpleQueue = queue.SimpleQueue()  # its answers, as they come
    outbox: queue.SimpleQueue = queue.SimpleQueue()  # what it is sent, written by a thread: a chunk is
    # bigger than a pipe holds, and this thread must never wait for the process to read one
    threading.Thread(target=_drain, args=(child.stdout, got), daemon=True).start()
    threading.Thread(target=_feed, args=(child.stdin, outbox), daemon=True).start()

    def receive() -> list[Any]:
        nonlocal sent
        found = got.get()
        if found is _GONE:
            raise PassStopped(None if sent is None else list(sent))
        sent = None
        ok, value = found
        if not ok:
            raise value
        return value

    finished = False
    try:
        outbox.put((kind, owners, rules))
        pending = 0
        for batch in batches:
            outbox.put([(r.line, r.values, r.custom) for r in batch])
            if sent is not None:
                sent.append(batch)
            pending += 1
            if pending > AHEAD:
                yield receive()
                pending -= 1
        for _ in range(pending):
            yield receive()
        finished = True
    finally:
        outbox.put(None)  # its stdin closed: it ends
        if not finished:  # stopped early: what it is still reading is of no use
            child.kill()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _feed(stream: Any, outbox: queue.SimpleQueue) -> None:
    try:
        while (item := outbox.get()) is not None:
            pickle.dump(item, stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.flush()
    except OSError:  # a broken pipe: the process ended (the drain thread says so)
        pass
    finally:
        try:
            stream.close()
        except OSError:
            pass


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
