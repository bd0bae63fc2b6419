"""``db.reading`` on both engines: a read after a failed one works, two threads reading at once
never share a connection; on a server the connection is kept for the next read (``store.pool``),
reset, and replaced when its session ended meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from deskcrm.store import db, pool
from deskcrm.store.errors import StoreError


def _session(conn) -> object:
    """What names the connection's session on the database: the server's backend, or the object."""
    if db.engine(conn) == "postgresql":
        return conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    return id(conn)


@pytest.fixture
def desk(db_path):
    yield db_path
    pool.close_all()


def test_a_read_after_a_failed_read_works(desk):
    with pytest.raises(StoreError):
        with db.reading(desk) as conn:
            conn.execute("SELECT nothing FROM no_such_table")
    with db.reading(desk) as conn:
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0
        assert not conn.in_transaction


def test_a_read_that_failed_inside_a_transaction_leaves_none_open(desk):
    with pytest.raises(StoreError):
        with db.reading(desk) as conn:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM person").fetchone()
            conn.execute("SELECT nothing FROM no_such_table")
    with db.reading(desk) as conn:
        assert not conn.in_transaction
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0


def test_two_threads_reading_at_once_each_have_their_own_connection(desk):
    with db.reading(desk):  # one kept idle on a server: one of the two threads takes it
        pass
    both_in = threading.Barrier(2, timeout=20)
    seen: list[tuple[int, object]] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            with db.reading(desk) as conn:
                both_in.wait()  # both hold a connection now
                seen.append((id(conn), _session(conn)))
                conn.execute("SELECT count(*) FROM person").fetchone()
                both_in.wait()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert len({conn for conn, _ in seen}) == 2
    assert len({session for _, session in seen}) == 2


def test_a_read_leaves_no_recruiter_signed_on_the_next(desk):
    with db.reading(desk) as conn:
        db.act_as(conn, 7)
    with db.reading(desk) as conn:
        assert db.actor(conn) is None


def _server_only(desk) -> None:
    if not db.is_server(desk):
        pytest.skip("a desk file's reads open and close their connection (sqlite3.connect is cheap)")


def test_a_server_desk_keeps_its_read_connection_for_the_next_read(desk):
    _server_only(desk)
    with db.reading(desk) as conn:
        first = _session(conn)
    assert pool.idle(desk) == 1
    with db.reading(desk) as conn:
        assert _session(conn) == first
    pool.close_all()
    assert pool.idle(desk) == 0


def test_a_kept_connection_whose_session_ended_is_replaced(desk):
    _server_only(desk)
    with db.reading(desk) as conn:
        ended = _session(conn)
    other = db.connect(desk)
    try:
        other.execute("SELECT pg_terminate_backend(?)", (ended,)).fetchone()
    finally:
        other.close()
    time.sleep(0.2)  # the session's end reaches the idle socket
    with db.reading(desk) as conn:
        assert _session(conn) != ended
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == 0


def test_no_more_than_a_few_are_kept(desk):
    _server_only(desk)
    conns = [pool.take(desk) for _ in range(pool.IDLE_PER_DESK + 2)]
    for conn in conns:
        pool.give(desk, conn)
    assert pool.idle(desk) == pool.IDLE_PER_DESK
    assert sum(c.closed for c in conns) == 2
