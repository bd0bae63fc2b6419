"""The file's integrity check (issue 9) never delays the first frame or a keystroke (issue 10
item 3): at 1M candidates ``PRAGMA quick_check`` reads the whole file for seconds, so it runs in
a thread of its own at the lowest CPU priority, and quitting interrupts it."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time

import pytest
from seed import seed, settle

from deskcrm.config import paths
from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.store import db, health


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="niceness is per thread on Linux")
def test_the_check_runs_off_the_ui_thread_at_the_lowest_priority(tmp_path, today, monkeypatch):
    path = tmp_path / "desk.db"
    seed(path)
    seen: list[tuple[str, int]] = []
    quick_check = health.quick_check

    def watched(conn):
        seen.append((threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        return quick_check(conn)

    monkeypatch.setattr(health, "quick_check", watched)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(100):
                await settle(pilot)
                if seen:
                    break
                await pilot.pause(0.05)
            ui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
            assert seen, "the file was not checked"
            (name, niceness), = seen
            assert name != threading.current_thread().name
            assert niceness == 19 and ui < 19  # only that thread was lowered

    asyncio.run(go())


def test_closing_interrupts_a_check_under_way(tmp_path, today, monkeypatch):
    """Quitting deskcrm while it checks a big file does not wait for the check to end."""
    path = tmp_path / "desk.db"
    seed(path)
    running = threading.Event()
    conns = []

    def endless(conn):  # a check that only an interrupt ends
        conns.append(conn)
        running.set()
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        return None

    monkeypatch.setattr(health, "quick_check", endless)
    stamps = health.Stamps(paths.checks_dir())
    gate = health.Gate(path, stamps)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(gate.run()), daemon=True)
    worker.start()
    assert running.wait(10)
    started = time.monotonic()
    try:
        gate.close()
        worker.join(5)
        assert not worker.is_alive() and time.monotonic() - started < 5
        assert result == [None]  # not checked: no clean stamp was remembered
        assert not stamps.matches(path, health.stamp(path))
    finally:
        for conn in conns:
            try:
                conn.interrupt()
            except Exception:  # noqa: BLE001 - closed already: nothing runs on it
                pass
    db.connect(path).close()  # the file is fine
