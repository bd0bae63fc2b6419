"""work.latest_read: a newer report read interrupts the older one (both engines)."""

from __future__ import annotations

import threading

import pytest

from deskcrm.store import db
from deskcrm.store.errors import Interrupted
from deskcrm.store.migrate import ensure_current
from deskcrm.work.latest_read import LatestRead

SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000000)"
        " SELECT count(*) FROM c")


def test_a_newer_read_interrupts_the_older(desk_path):
    ensure_current(desk_path)
    latest = LatestRead(desk_path)
    started, outcome = threading.Event(), {}

    def slow(conn):
        started.set()
        return conn.execute(SLOW).fetchone()

    def older():
        try:
            outcome["older"] = latest.run(slow)
        except Interrupted as exc:
            outcome["older"] = exc

    thread = threading.Thread(target=older)
    thread.start()
    assert started.wait(30)
    for _ in range(50):  # the slow statement may not have begun the instant the event is set
        assert latest.run(lambda conn: conn.execute("SELECT 1").fetchone()[0]) == 1
        thread.join(0.1)
        if not thread.is_alive():
            break
    thread.join(60)
    assert not thread.is_alive()
    assert isinstance(outcome["older"], Interrupted)
    assert latest.run(lambda conn: conn.execute("SELECT 2").fetchone()[0]) == 2  # the desk reads on


def test_a_read_alone_is_not_interrupted(desk_path):
    ensure_current(desk_path)
    latest = LatestRead(desk_path)
    assert latest.run(lambda conn: conn.execute("SELECT 3").fetchone()[0]) == 3
    latest.stop()  # nothing on its way: nothing happens
    assert latest.run(lambda conn: conn.execute("SELECT 4").fetchone()[0]) == 4
