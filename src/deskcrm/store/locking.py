"""Locking: how a read that decides a write holds its rows until the transaction ends.

On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` (``store.db.write``): the whole
file is the writer's until COMMIT, so a row read inside it cannot change under it. On
PostgreSQL ``store.db.write`` is ``BEGIN`` at READ COMMITTED: two recruiters' transactions run
side by side, and a value read (a version, a stage, a count) may be stale by the time the write
lands. A read that decides a write therefore locks its rows (``FOR UPDATE``): the second
recruiter waits for the first one's commit and then reads what it committed — a stale version
becomes a visible ``Conflict``, never a lost write.

A deadlock or a serialization failure between two such transactions is the store's ``Busy``
(``store.server_errors``); :func:`retry_once` runs an action again once where that is safe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from deskcrm.store.db import Connection, engine
from deskcrm.store.errors import Busy

T = TypeVar("T")


def for_update(conn: Connection) -> str:
    """The clause a locking read ends with: ``" FOR UPDATE"`` on PostgreSQL, nothing on SQLite."""
    return " FOR UPDATE" if engine(conn) == "postgresql" else ""


def lock_rows(conn: Connection, table: str, ids: list[int]) -> None:
    """Lock rows ``ids`` of ``table`` (an ``id`` keyed table) in ascending id order, before an
    action that reads and writes several of them: two actions on the same rows then queue
    instead of deadlocking. Nothing to do on SQLite (the write transaction holds the file)."""
    if engine(conn) != "postgresql" or not ids:
        return
    keys = sorted(set(ids))
    conn.execute(f'SELECT 1 FROM "{table}" WHERE id IN ({", ".join("?" for _ in keys)}) ORDER BY id FOR UPDATE',
                 keys).fetchall()


def retry_once(action: Callable[..., T]) -> Callable[..., T]:
    """A write action (its first argument the connection; it opens its own transaction) run
    once more when a colleague's transaction deadlocked with it or made it fail to serialize:
    the server rolled it back whole, so running it again is safe, and the second run reads what
    the colleague committed (a stale version then is a Conflict, as always). Any other failure,
    a second ``Busy``, or one inside a caller's own transaction, is raised as it is."""

    @functools.wraps(action)
    def run(conn: Connection, *args: Any, **kwargs: Any) -> T:
        if conn.in_transaction:  # the caller owns the transaction: it decides
            return action(conn, *args, **kwargs)
        try:
            return action(conn, *args, **kwargs)
        except Busy as exc:
            if not exc.retryable:
                raise
        return action(conn, *args, **kwargs)

    return run
