"""A file's own pass (``file_pass.FilePass``) in a second process, a few chunks ahead of the
planner and writer in this one: an import then uses both cores of the box.

    for chunk in apart(batches, "people", owners, rules):    # lists of file_pass.Read, in order
        ...
    FileJob(path, None, mapping)                             # or the file's rows read there:
                                                             # ``file_read.FileApart``
    python -m deskcrm.store.imports.pass_process             # the second process itself

The second process is this Python, started on this package (no fork: the caller may be a TUI
worker thread holding a database connection; no ``multiprocessing``: it would run the caller's
main script again). Chunks go to its stdin and come back on its stdout as ``marshal`` frames of
plain tuples (fast, and our own process on both ends: nothing else ever writes there; the
settings and an exception raised there go as pickles), by two threads here, so the planner
never waits on a pipe, and at most ``AHEAD`` + 1 chunks are in flight (memory flat: a file read
there sends a chunk for each credit it is sent back). It ends
when its stdin closes: at the end of the import, and when this process is killed; when the
import stops early it is killed (it holds nothing but a deleted scratch file). A failure there
is raised here: the exception it raised, or a :class:`StoreError` saying it stopped; never its
traceback on the terminal. One that could not start leaves the pass to this process
(``file_pass.reads``).
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import CellRules, Mapping, MappedRow
from deskcrm.store.imports.file_pass import FilePass, Read
from deskcrm.store.imports.rows import PersonIn

AHEAD = 2  # chunks the second process may be ahead of the planner
_GONE = object()


class PassStopped(StoreError):
    """The second process ended before the file's last chunk came back. ``unread``: when it
    ended before its first answer (it could not start), the chunks it was sent, in order."""

    def __init__(self, unread: list[list[MappedRow]] | None = None) -> None:
        super().__init__("the process reading the file stopped before its end (out of memory?): nothing was "
                         "imported; try again")
        self.unread = unread


class Child:
    """The second process, fed and drained by two threads of this one (so this thread never
    waits on a pipe): :meth:`send` a frame, :meth:`receive` an answer, :meth:`close` at the end."""

    def __init__(self) -> None:
        root = str(Path(__file__).resolve().parents[3])  # the directory holding the deskcrm package
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        except OSError:
            raise PassStopped([]) from None
        self.answered = False
        self._got: queue.SimpleQueue = queue.SimpleQueue()  # its answers, as they come
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()  # what it is sent, written by a thread: a
        # chunk is bigger than a pipe holds, and this thread must never wait for the process to read one
        threading.Thread(target=_drain, args=(self.proc.stdout, self._got), daemon=True).start()
        threading.Thread(target=_feed, args=(self.proc.stdin, self._outbox), daemon=True).start()

    def send(self, item: Any) -> None:
        self._outbox.put(item)

    def receive(self, unread: list | None = None) -> Any:
        """Its next answer; the exception it raised, raised here; :class:`PassStopped` when it
        ended (``unread``: what it was sent, when it ended before its first answer)."""
        found = self._got.get()
        if found is _GONE:
            raise PassStopped(None if self.answered else (unread or []))
        self.answered = True
        if isinstance(found, BaseException):
            raise found
        return found

    def close(self, finished: bool) -> None:
        """Its stdin closed: it ends — killed first when not ``finished`` (what it still reads is of
        no use)."""
        self._outbox.put(None)
        if not finished:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def apart(batches: Iterable[list[MappedRow]], kind: str, owners: dict[str, int], rules: CellRules
          ) -> Iterator[list[Any]]:
    """``batches`` through a ``FilePass`` in a second process: the ``Read`` lists, in order."""
    sent: deque[list[MappedRow]] = deque()  # until its first answer: what it was sent
    child = Child()
    finished = False
    try:
        child.send(Pickled((kind, owners, rules)))
        pending = 0
        for batch in batches:
            child.send([(r.line, r.values, r.custom) for r in batch])
            if not child.answered:
                sent.append(batch)
            pending += 1
            if pending > AHEAD:
                yield child.receive(list(sent))
                sent.clear()
                pending -= 1
        for _ in range(pending):
            yield child.receive(list(sent))
            sent.clear()
        finished = True
    finally:
        child.close(finished)


class FileJob(NamedTuple):
    """A file the second process reads itself (``open_table(path, encoding)``, ``mapping``): its
    rows, once the importing process has checked it whole and sent (kind, owners, rules)."""

    path: str
    encoding: str | None
    mapping: Mapping


class Pickled(NamedTuple):
    """What goes as a pickle, not as plain data."""

    value: Any


def _put(stream: Any, item: Any) -> None:
    """One frame: b"m" (``marshal``: plain data) or b"p" (a pickle), its length, the bytes."""
    data = pickle.dumps(item.value, protocol=pickle.HIGHEST_PROTOCOL) if isinstance(item, Pickled) \
        else marshal.dumps(item)
    stream.write((b"p" if isinstance(item, Pickled) else b"m") + len(data).to_bytes(8, "little"))
    stream.write(data)
    stream.flush()


def _get(stream: Any) -> Any:
    head = stream.read(9)
    size = int.from_bytes(head[1:], "little") if len(head) == 9 else -1
    data = stream.read(size) if size >= 0 else b""
    if size < 0 or len(data) < size:
        raise EOFError
    return pickle.loads(data) if head[:1] == b"p" else marshal.loads(data)


def _reads(plain: list[tuple]) -> list[Read]:
    """A chunk's answer as the planner takes it (named tuples made without their constructors)."""
    new = tuple.__new__
    return [new(Read, (line, label, None if p is None else new(PersonIn, p), error, same, key))
            for line, label, p, error, same, key in plain]


def _feed(stream: Any, outbox: queue.SimpleQueue) -> None:
    try:
        while (item := outbox.get()) is not None:
            _put(stream, item)
    except Exception:  # noqa: BLE001 - a broken pipe (it ended), or a row that is not plain data: its stdin
        pass  # closes, it ends, and the drain thread says so (never a thread's traceback on the terminal)
    finally:
        try:
            stream.close()
        except OSError:
            pass


def _drain(stream: Any, got: queue.SimpleQueue) -> None:
    try:
        while True:
            found = _get(stream)
            got.put(_reads(found) if isinstance(found, list) else found)  # None: a file's end
    except Exception:  # noqa: BLE001 - EOF, or a broken pipe: the process ended either way
        got.put(_GONE)
    finally:
        stream.close()


def serve() -> None:
    """The second process: (kind, owners, rules), then chunks of rows, in; each chunk's answer
    (its reads, or the exception it raised) out; until its stdin closes. Or a :class:`FileJob`
    first: the file read here (``_serve_file``)."""
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the answers on the answers' stream
    # No garbage collector here: the pass makes no reference cycles (a row's error is kept as its
    # text, ``FilePass.plain``), so counting references frees all it drops, and the collections
    # walking what it keeps (its name index, a row's objects) cost ~15 % of its CPU.
    gc.disable()
    first = _get(inp)
    try:
        if isinstance(first, FileJob):
            _serve_file(first, inp, out)
            return
    except (EOFError, OSError):  # the import ended (its end of a pipe closed)
        return
    except Exception as exc:  # noqa: BLE001 - raised in the importing process instead
        _answer_error(out, exc)
        return
    here = FilePass(*first)
    try:
        while True:
            try:
                batch = _get(inp)
            except EOFError:
                return
            try:
                answer: Any = _plain(here.plain([MappedRow(*r) for r in batch]))
            except Exception as exc:  # noqa: BLE001 - raised in the importing process instead
                answer = Pickled(exc)
            try:
                _put(out, answer)
            except (pickle.PicklingError, TypeError, AttributeError):  # an exception that does not pickle
                _put(out, Pickled(StoreError(f"reading the file failed: {answer.value}")))
    finally:
        here.close()


def _serve_file(job: FileJob, inp: Any, out: Any) -> None:
    """``job``'s file opened, then — once (kind, owners, rules) come: the importing process has
    checked the file whole meanwhile — its rows' reads, a chunk a credit."""
    from deskcrm.store.imports.file_pass import batches
    from deskcrm.store.imports.source import open_table

    with open_table(job.path, job.encoding) as table:
        here = FilePass(*_get(inp))
        try:
            credit = AHEAD + 1
            for batch in batches(table.mapped_rows(job.mapping)):
                if not credit:
                    _get(inp)  # EOFError: the import ended
                    credit = 1
                _put(out, _plain(here.plain(batch)))
                credit -= 1
            _put(out, None)
        finally:
            here.close()


def _plain(reads: list[tuple]) -> list[tuple]:
    """A chunk's reads (``FilePass.plain``) as ``marshal`` takes them: the person a plain tuple too."""
    return [(line, label, None if p is None else tuple(p), error, same, key)
            for line, label, p, error, same, key in reads]


def _answer_error(out: Any, exc: Exception) -> None:
    try:
        _put(out, Pickled(exc))
    except (pickle.PicklingError, TypeError, AttributeError):
        _put(out, Pickled(StoreError(f"reading the file failed: {exc}")))
    except OSError:
        pass


if __name__ == "__main__":  # run as the package's module, not as __main__: a FileJob unpickles as its class
    from deskcrm.store.imports.pass_process import serve as _serve

    _serve()
