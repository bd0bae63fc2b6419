"""The search screen's connection pool on each engine: a stale query is stopped by the next
keystroke's (``interrupt_before``) and leaves as the store's ``Interrupted``."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store.errors import Interrupted
from deskcrm.work.search_pool import SearchPool

_SLOW = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT count(*) FROM n"


def test_a_newer_query_stops_the_stale_one(db_path):
    pool = SearchPool(db_path, None)
    failed: list[BaseException] = []
    started = threading.Event()

    def stale() -> None:
        try:
            with pool.use(1, date(2026, 11, 18)) as backend:
                started.set()
                backend.conn.execute(_SLOW).fetchall()
        except BaseException as exc:  # noqa: BLE001 - what the worker would see
            failed.append(exc)

    worker = threading.Thread(target=stale)
    worker.start()
    assert started.wait(10)
    deadline = time.monotonic() + 10
    while worker.is_alive() and time.monotonic() < deadline:  # the statement may not have begun yet
        pool.interrupt_before(2)
        worker.join(0.05)
    assert not worker.is_alive()
    assert len(failed) == 1 and isinstance(failed[0], Interrupted), failed
    with pool.use(2, date(2026, 11, 18)) as backend:  # the pool goes on serving
        assert backend.search(parse("anyone")).rows == []
    pool.close()


@pytest.mark.parametrize("me", [None, "AM"])
def test_a_pooled_backend_searches(db_path, me):
    pool = SearchPool(db_path, me)
    with pool.use(1, date(2026, 11, 18)) as backend:
        assert backend.count(parse("python")) == 0
    pool.close()
