"""The launch prefetch: the same due list as a direct read, handed over once, never an error."""

from __future__ import annotations

import os

from deskcrm.domain.due import DueSettings
from deskcrm.work.due_list import Prefetch, compute_for
from seed import seed


def _children() -> set[int]:
    try:
        with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as f:
            return {int(pid) for pid in f.read().split()}
    except OSError:  # not Linux: nothing to check
        return set()


def test_prefetch_matches_a_direct_read_and_is_taken_once(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    before = _children()
    prefetch = Prefetch(path, DueSettings())
    items = prefetch.take(timeout=30)
    assert items is not None and items == compute_for(path, today, DueSettings())
    assert prefetch.today == today
    assert prefetch.take(timeout=1) is None  # handed over once: later loads read the database
    assert _children() == before  # the forked child was reaped


def test_a_failed_prefetch_is_only_a_missed_head_start(tmp_path, today):
    prefetch = Prefetch(tmp_path / "missing.db", DueSettings())
    assert prefetch.take(timeout=30) is None


def test_app_shows_the_prefetched_list_on_its_first_frame(tmp_path, today):
    import asyncio

    from deskcrm.app import DeskApp

    path = tmp_path / "desk.db"
    seed(path)
    expected = [i.key for i in compute_for(path, today, DueSettings())]

    async def go():
        app = DeskApp(path, None, Prefetch(path, DueSettings()))
        async with app.run_test(size=(120, 40)):
            # no pause: the rows were drawn from the prefetch before the first frame
            assert [k for k in app.screen.table._keys if k is not None] == expected

    asyncio.run(go())
