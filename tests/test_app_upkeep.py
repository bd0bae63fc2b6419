"""The TUI merges the search index when the desk is idle, and a save always goes first (issue 10)."""

from __future__ import annotations

import threading

import pytest
from seed import search_demo, settle, until

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp
from deskcrm.work import upkeep
from deskcrm.store import db, journal, person_write, search_merge


def _segments(path) -> int:
    conn = db.connect(path)
    try:
        return conn.execute("SELECT count(DISTINCT segid) FROM person_fts_idx").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def desk(tmp_path, today):
    """The 300-person demo after 40 saves: 40 segments waiting to be merged."""
    path = search_demo(tmp_path / "demo.db")
    conn = db.connect(path)
    try:
        for pid in range(1, 41):
            version = journal.row(conn, "person", pid)["version"]
            person_write.update_person(conn, pid, {"headline": f"Ropemaker {pid}"}, expected_version=version)
    finally:
        conn.close()
    return path


def _run(path, body, **kw) -> None:
    import asyncio

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40), **kw) as pilot:
            await settle(pilot)
            await body(app, pilot)

    asyncio.run(go())


def test_the_index_is_merged_once_the_desk_is_idle(desk, monkeypatch):
    monkeypatch.setattr(upkeep, "IDLE_S", 0.0)
    monkeypatch.setattr(upkeep, "TICK_S", 0.05)
    before = _segments(desk)
    assert before > 40

    async def body(app, pilot):
        await until(pilot, lambda: app.writes.upkeep.last is not None and app.writes.upkeep.last.done)
        await settle(pilot)
        assert _segments(desk) < 4
        conn = db.connect(desk)
        try:  # and a WAL begun afresh: the next save does not pay for the sync a new one starts with
            assert conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1] == 1
        finally:
            conn.close()

    _run(desk, body)


def test_a_key_press_means_the_desk_is_not_idle(desk):
    async def body(app, pilot):
        keeper = app.writes.upkeep
        keeper._last = 0.0  # noqa: SLF001 - nothing has happened for a long time
        assert keeper.idle()
        await pilot.press("j")
        assert not keeper.idle()

    _run(desk, body)


def test_a_save_during_an_idle_merge_waits_for_that_step_and_the_merge_stops(desk, monkeypatch):
    monkeypatch.setattr(upkeep, "IDLE_S", 3600.0)  # not while the app starts (its settling waits for workers)
    monkeypatch.setattr(upkeep, "TICK_S", 0.05)
    in_step, go_on = threading.Event(), threading.Event()
    steps: list[str] = []
    real_step = search_merge.merge_step

    def slow_step(conn, pages=search_merge.MERGE_PAGES):
        steps.append("step")
        in_step.set()
        go_on.wait(10)  # holding the write lock, as a long step would
        return real_step(conn, 1)

    monkeypatch.setattr(search_merge, "merge_step", slow_step)
    landed: list[object] = []

    def save(conn):
        steps.append("save")
        version = journal.row(conn, "person", 50)["version"]
        conn.execute("PRAGMA busy_timeout = 0")  # would fail at once if the merge still held the file
        return person_write.update_person(conn, 50, {"headline": "Sailmaker"}, expected_version=version)

    async def body(app, pilot):
        monkeypatch.setattr(upkeep, "IDLE_S", 0.0)
        await until(pilot, in_step.is_set)
        app.writes.submit(save, "Saved", on_success=landed.append)
        await pilot.pause(0.05)
        assert steps == ["step"]  # the save waits for the step in progress ...
        go_on.set()
        await until(pilot, lambda: bool(landed))
        assert steps[:2] == ["step", "save"]  # ... and goes next: the merge stopped for it
        await until(pilot, lambda: app.writes.upkeep.runs >= 1)
        assert app.writes.upkeep.last is not None and not app.writes.upkeep.last.problem

    _run(desk, body, notifications=True)
    conn = db.connect(desk)
    try:
        assert conn.execute("SELECT rowid FROM person_fts WHERE person_fts MATCH 'sailmaker'").fetchall() == [(50,)]
    finally:
        conn.close()



def test_a_desk_that_is_never_idle_is_merged_between_its_writes(desk, monkeypatch):
    """After BACKLOG writes without a merge, keys no longer hold it off: else FTS5's backstop
    (crisismerge) merges everything inside a save."""
    monkeypatch.setattr(upkeep, "IDLE_S", 3600.0)  # the recruiter never pauses
    monkeypatch.setattr(upkeep, "TICK_S", 0.05)
    before = _segments(desk)

    def save(pid):
        def run(conn):
            version = journal.row(conn, "person", pid)["version"]
            return person_write.update_person(conn, pid, {"headline": f"Wheelwright {pid}"}, expected_version=version)
        return run

    async def body(app, pilot):
        keeper = app.writes.upkeep
        landed: list[object] = []
        for pid in range(50, 50 + upkeep.BACKLOG - 1):
            app.writes.submit(save(pid), "Saved", on_success=landed.append)
        await until(pilot, lambda: len(landed) == upkeep.BACKLOG - 1)
        await pilot.press("j")
        await pilot.pause(0.3)
        assert keeper.runs == 0  # not idle, not yet behind: no merge
        app.writes.submit(save(49), "Saved", on_success=landed.append)
        await until(pilot, lambda: keeper.last is not None and keeper.last.done)
        assert keeper.behind() is False
        await pilot.press("j")  # keys went on all along

    _run(desk, body, notifications=True)
    assert _segments(desk) < 4 < before
