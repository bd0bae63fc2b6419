"""The live desk's change token (``store.changes``): it moves when another connection commits a
change a recruiter can see, and not otherwise — not for reads, not for the idle index merge or a
no-op commit, not for the desk's own writes when it names them. On both engines (``seeded_store``):
SQLite by ``PRAGMA data_version``, PostgreSQL by ``LISTEN/NOTIFY``."""

from __future__ import annotations

import threading
import time

from deskcrm.store import db, due_store
from deskcrm.store.changes import for_desk
from deskcrm.store.moves import move_job


def _job_version(conn, job_id):
    return conn.execute("SELECT version FROM job_order WHERE id = ?", (job_id,)).fetchone()[0]


def test_token_moves_on_another_connections_commit_and_not_otherwise(seeded_store):
    conn, _ids, path = seeded_store
    changes = for_desk(path)
    try:
        start = changes.token()
        changes.settle()
        assert changes.since(start).changed is False  # nothing happened

        conn.execute("SELECT count(*) FROM person").fetchone()  # another connection only reads
        changes.settle()
        seen = changes.since(start)
        assert seen.changed is False and seen.token == start

        # a commit that changes nothing a recruiter sees (upkeep: the index merged, a no-op)
        with db.write(conn):
            conn.execute("PRAGMA user_version = 0" if db.engine(conn) == "sqlite" else "SELECT 1")
        changes.settle()
        seen = changes.since(start)
        assert seen.changed is False and seen.token.head == start.head
        token = seen.token

        # a colleague moves a card: one transaction, journaled
        move_job(conn, 1, "offer", expected_version=_job_version(conn, 1))
        changes.settle()
        seen = changes.since(token)
        assert seen.changed is True and seen.token.head > token.head
        token = seen.token
        changes.settle()
        assert changes.since(token).changed is False  # said once

        # a logged call
        due_store.log_activity(conn, "call_talked", "spoke to her", person_id=1)
        changes.settle()
        seen = changes.since(token)
        assert seen.changed is True
        assert changes.journal_reads == 3  # the journal is read only after data_version moved
    finally:
        changes.close()


def test_the_desks_own_transactions_are_not_a_change(seeded_store):
    conn, _ids, path = seeded_store
    changes = for_desk(path)
    try:
        token = changes.token()
        mine = move_job(conn, 1, "offer", expected_version=_job_version(conn, 1)).txn
        changes.settle()
        seen = changes.since(token, own={mine})
        assert seen.changed is False and seen.token.head > token.head
        token = seen.token
        theirs = move_job(conn, 1, "interviewing", expected_version=_job_version(conn, 1)).txn
        mine = due_store.log_activity(conn, "note", "mine", person_id=1)
        changes.settle()
        assert changes.since(token, own={mine}).changed is True  # theirs is among the new events
        assert theirs != mine
    finally:
        changes.close()


def test_own_connection_commits_are_seen_only_from_the_dedicated_one(seeded_store):
    """The poller's connection never writes: a commit on any other connection counts, even in
    this process (the app's write queue opens its own)."""
    _conn, _ids, path = seeded_store
    changes = for_desk(path)
    other = db.connect(path)
    try:
        token = changes.token()
        due_store.log_activity(other, "note", "from the write queue's connection", person_id=1)
        changes.settle()
        assert changes.since(token).changed is True
    finally:
        other.close()
        changes.close()


def test_a_colleagues_move_reaches_a_watcher_within_a_second(seeded_store):
    """Item 6's done-when at the store: a move committed on one connection (another recruiter's
    process) is seen by the other's watcher within a second — waited for, not slept."""
    _conn, _ids, path = seeded_store
    watcher = for_desk(path)
    colleague = db.connect(path)
    seen = threading.Event()
    try:
        token = watcher.token()

        def watch() -> None:
            deadline = time.monotonic() + 1.0
            while time.monotonic() < deadline:
                if watcher.since(token).changed:
                    seen.set()
                    return
                time.sleep(0.01)

        move_job(colleague, 1, "offer", expected_version=_job_version(colleague, 1))
        thread = threading.Thread(target=watch)
        thread.start()
        thread.join(5)
        assert seen.is_set(), "the colleague's move was not seen within a second"
    finally:
        colleague.close()
        watcher.close()


def test_a_rolled_back_write_notifies_nobody(seeded_store):
    conn, _ids, path = seeded_store
    watcher = for_desk(path)
    try:
        token = watcher.token()
        try:
            with db.write(conn):
                conn.execute("UPDATE job_order SET title = 'x' WHERE id = 1")
                raise RuntimeError("the user's action failed half way")
        except RuntimeError:
            pass
        watcher.settle()
        seen = watcher.since(token)
        assert seen.changed is False and seen.token == token
        assert watcher.journal_reads == 0
    finally:
        watcher.close()


def test_a_lost_listen_connection_is_reopened_and_what_it_missed_is_seen(seeded_store):
    """PostgreSQL: the server drops the watcher's connection (a restart, a network cut); the ask
    fails with the store's error, the next one listens again and reads the journal — a move
    committed while nobody listened is not lost."""
    import pytest

    from deskcrm.store.errors import StoreError

    conn, _ids, path = seeded_store
    if db.engine(conn) == "sqlite":
        pytest.skip("a desk file has no connection to lose")
    watcher = for_desk(path)
    try:
        token = watcher.token()
        listener = watcher._conn.raw.info.backend_pid  # the watcher's own server process
        conn.execute("SELECT pg_terminate_backend(?)", (listener,)).fetchone()
        deadline = time.monotonic() + 5  # the server ends it a moment later; the poll keeps asking
        with pytest.raises(StoreError, match="lost the connection to the server"):
            while time.monotonic() < deadline:
                watcher.since(token)
                time.sleep(0.01)
        move_job(conn, 1, "offer", expected_version=_job_version(conn, 1))  # while nobody listens
        seen = watcher.since(token)
        assert seen.changed is True
    finally:
        watcher.close()
