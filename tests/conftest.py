"""Test isolation: no real home directory, a fixed time zone, a clock that tests freeze."""

from __future__ import annotations

import time
from datetime import date

import pytest

from deskcrm.domain import clock, dates

TODAY = date(2026, 11, 18)  # a Wednesday; the suite's frozen "today"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("DESKCRM_DB", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    clock.freeze(None)
    dates.configure(None)
    yield
    clock.freeze(None)
    dates.configure(None)


@pytest.fixture
def today() -> date:
    clock.freeze(TODAY)
    return TODAY


@pytest.fixture
def db_path(tmp_path):
    """A migrated, empty database file."""
    from deskcrm.store.migrate import ensure_current

    path = tmp_path / "desk.db"
    ensure_current(path)
    return path


@pytest.fixture
def seeded_store(tmp_path, today):
    """The seeded test desk (tests/seed.py), open: ``(conn, ids, path)``."""
    from seed import seed

    from deskcrm.store import db

    path = tmp_path / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    yield conn, ids, path
    conn.close()
