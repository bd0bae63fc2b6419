"""What an import writes differently per engine: the one module for it.

| Concern | SQLite | PostgreSQL |
|---|---|---|
| ids for a batch of new rows | ``max(id)`` + 1 … + n: the import holds the write lock (``BEGIN IMMEDIATE``), nobody else can take them | ``nextval`` of the table's sequence n times, in one statement (colleagues insert meanwhile) |
| the new people's search index rows | ONE FTS5 statement over the range of their ids (they are contiguous, none indexed yet): one segment, not one per chunk; with the indexes down (``bulk_indexes``), one-row inserts after each chunk instead (pending in FTS5's memory with the earlier ones: no segment per chunk either) | ``index_people`` on their ids (a colleague's person may sit between two of ours) |
| the page cache while an import writes | :data:`CACHE_KB` for its duration (its rows land at random places of the desk's indexes: with SQLite's default 2 MB, a 1M desk's index pages are read again and again) | the server's (``shared_buffers``) |
| the WAL after the commit | not checkpointed by the commit (no ``wal_autocheckpoint`` while the import writes): the caller copies it into the desk file once the user has the result (:func:`settle`; ~0.25 s for 100k new people) | the server's own log |

Nothing here imports a driver.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from deskcrm.store import db, search_index
from deskcrm.store.db import Connection


def new_ids(conn: Connection, table: str, n: int) -> list[int]:
    """``n`` ids for new rows of ``table`` (inside the caller's write transaction)."""
    if n <= 0:
        return []
    if db.engine(conn) == "postgresql":
        rows = conn.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, ?)",
                            (n,)).fetchall()
        return [int(r[0]) for r in rows]
    top = conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]
    return list(range(top + 1, top + 1 + n))


def index_new_people(conn: Connection, ids: Sequence[int], *, written: bool = False) -> None:
    """Index people this transaction created (``ids`` ascending, none indexed yet). ``written``:
    their ``person_fts`` rows are in already (SQLite; a writer's chunk by chunk,
    ``search_index.new_person_row``): their custom-field filter rows only."""
    if not ids:
        return
    if db.engine(conn) == "postgresql":
        search_index.index_people(conn, ids)  # their custom-field filter rows too
        return
    if not written:
        search_index.bulk_index_people(conn, ids[0], ids[-1])
    from deskcrm.store import custom_index

    custom_index.refresh_range(conn, ids[0], ids[-1])  # the custom-field filters' rows of the same people


CACHE_KB = 32 * 1024  # SQLite's page cache while an import writes: bounded, whatever the file's size


@contextmanager
def bulk_session(conn: Connection) -> Iterator[None]:
    """The connection tuned for an import's writes while it runs, as it was after; and Python's
    cyclic garbage collector held meanwhile (:func:`collector_held`). On SQLite its commit does
    not checkpoint the WAL (the commit of 100k new people found ~94 MB in it: copying that into
    the desk file took ~0.25 s of the 0.33 s the commit took): :func:`settle` does, after."""
    with collector_held():
        if db.engine(conn) == "postgresql":
            yield
            return
        was = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        auto = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = {-CACHE_KB}")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {was}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {auto}")


def settle(conn: Connection) -> None:
    """After an import has committed and the user has its result: what it wrote copied from the
    WAL into the desk file (a PASSIVE checkpoint: it waits for nobody; what a reader still holds
    waits for the next one). Skipped, the next commit that finds the WAL long does it, inside
    someone's save; the TUI's idle upkeep would too (``search_merge``). Never raises
    (``db.checkpoint``); nothing to do on PostgreSQL."""
    db.checkpoint(conn)


@contextmanager
def collector_held() -> Iterator[None]:
    """No cyclic garbage collection while an import writes, back on after (when it was on): the
    collections walk what the planner holds, growing with every chunk (the file's companies and
    names, the desk's people it met), again and again — ~15 % of the writer's CPU on a 100k-row
    file. An import makes little cyclic garbage; what the rest of the process makes meanwhile
    waits for the next collection (as during the TUI's launch, ``cli.launch.gc_held``)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
