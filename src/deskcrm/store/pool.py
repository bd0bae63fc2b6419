"""Idle read connections to a desk on a server, kept for the next read (``db.reading``).

Every screen load reads on a connection of its own. On PostgreSQL opening one costs a round
trip, authentication and the session's set-up (several ms; more over a network), so a read
hands its connection back here instead of closing it, and the next read takes it: a few per
server desk (:data:`IDLE_PER_DESK`), per process. A connection is only ever in one thread's
hands: :func:`take` removes it from the idle list, :func:`give` puts it back. Handed back, it is
reset (``ROLLBACK`` when a transaction is open, its recruiter forgotten); one that failed to
reset, was closed, or whose server session ended while it was idle, is dropped, so a read
after a failed one (or after a server restart) gets a working connection.
:func:`close_all` closes the idle ones (the app at exit, and the process at exit).

A desk file never comes here: ``sqlite3.connect`` is cheap, and ``db.reading`` opens and closes
a file's connection as it always did.
"""

from __future__ import annotations

import atexit
import select
import threading
from typing import Any

IDLE_PER_DESK = 4

_idle: dict[str, list[Any]] = {}
_lock = threading.Lock()


def take(url: str) -> Any:
    """An idle connection to the desk at ``url``, or a new one (``db.connect``)."""
    with _lock:
        idle = _idle.get(url)
        conn = idle.pop() if idle else None
    if conn is not None and _alive(conn):
        return conn
    if conn is not None:
        _close(conn)
    from deskcrm.store import db

    return db.connect(url)


def _alive(conn: Any) -> bool:
    """Whether an idle connection still has its server session, asked without a round trip: an
    idle session has nothing to say, so anything waiting on its socket means the server ended it
    (restarted, or an administrator or an idle timeout terminated it)."""
    if conn.closed:
        return False
    try:
        waiting, _, _ = select.select([conn.raw.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not waiting


def give(url: str, conn: Any) -> None:
    """``conn`` back from a read: reset and kept idle, or closed (failed to reset, or enough kept)."""
    from deskcrm.store import db

    if conn.closed:
        return
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except db.DRIVER_ERRORS:
        _close(conn)
        return
    conn.__dict__.pop("actor_id", None)  # the next read is nobody's until it says (db.act_as)
    with _lock:
        idle = _idle.setdefault(url, [])
        if len(idle) < IDLE_PER_DESK:
            idle.append(conn)
            return
    _close(conn)


def idle(url: str) -> int:
    """How many idle connections are kept for ``url``."""
    with _lock:
        return len(_idle.get(url, ()))


def close_all() -> None:
    """Close every idle connection (the app's exit; the process's, for a CLI command)."""
    with _lock:
        conns = [c for idle in _idle.values() for c in idle]
        _idle.clear()
    for conn in conns:
        _close(conn)


def _close(conn: Any) -> None:
    try:
        conn.close()
    except Exception:  # noqa: BLE001 - a broken connection: nothing left to close
        pass


atexit.register(close_all)
