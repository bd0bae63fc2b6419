"""The live desk's change token (``store.changes``): it moves when another connection commits a
change a recruiter can see, and not otherwise — not for reads, not for the idle index merge or a
no-op commit, not for the desk's own writes when it names them."""

from __future__ import annotations

from deskcrm.store import db, due_store
from deskcrm.store.changes import SqliteChanges
from deskcrm.store.moves import move_job


def _job_version(conn, job_id):
    return conn.execute("SELECT version FROM job_order WHERE id = ?", (job_id,)).fetchone()[0]


def test_token_moves_on_another_connections_commit_and_not_otherwise(seeded_store):
    conn, _ids, path = seeded_store
    changes = SqliteChanges(path)
    try:
        start = changes.token()
        assert changes.since(start).changed is False  # nothing happened

        conn.execute("SELECT count(*) FROM person").fetchone()  # another connection only reads
        seen = changes.since(start)
        assert seen.changed is False and seen.token == start

        # a commit that changes nothing a recruiter sees (upkeep: the index merged, a no-op)
        with db.write(conn):
            conn.execute("PRAGMA user_version = 0")
        seen = changes.since(start)
        assert seen.changed is False and seen.token.head == start.head
        token = seen.token

        # a colleague moves a card: one transaction, journaled
        move_job(conn, 1, "offer", expected_version=_job_version(conn, 1))
        seen = changes.since(token)
        assert seen.changed is True and seen.token.head > token.head
        token = seen.token
        assert changes.since(token).changed is False  # said once

        # a logged call
        due_store.log_activity(conn, "call_talked", "spoke to her", person_id=1)
        seen = changes.since(token)
        assert seen.changed is True
        assert changes.journal_reads == 3  # the journal is read only after data_version moved
    finally:
        changes.close()


def test_the_desks_own_transactions_are_not_a_change(seeded_store):
    conn, _ids, path = seeded_store
    changes = SqliteChanges(path)
    try:
        token = changes.token()
        mine = move_job(conn, 1, "offer", expected_version=_job_version(conn, 1)).txn
        seen = changes.since(token, own={mine})
        assert seen.changed is False and seen.token.head > token.head
        token = seen.token
        theirs = move_job(conn, 1, "interviewing", expected_version=_job_version(conn, 1)).txn
        mine = due_store.log_activity(conn, "note", "mine", person_id=1)
        assert changes.since(token, own={mine}).changed is True  # theirs is among the new events
        assert theirs != mine
    finally:
        changes.close()


def test_own_connection_commits_are_seen_only_from_the_dedicated_one(seeded_store):
    """The poller's connection never writes: a commit on any other connection counts, even in
    this process (the app's write queue opens its own)."""
    _conn, _ids, path = seeded_store
    changes = SqliteChanges(path)
    other = db.connect(path)
    try:
        token = changes.token()
        due_store.log_activity(other, "note", "from the write queue's connection", person_id=1)
        assert changes.since(token).changed is True
    finally:
        other.close()
        changes.close()
