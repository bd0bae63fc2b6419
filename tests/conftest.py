"""Test isolation: no real home directory, a fixed time zone, a clock that tests freeze."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest
from hypothesis import settings

from deskcrm.domain import clock, dates

TODAY = date(2026, 11, 18)  # a Wednesday; the suite's frozen "today"

# Property tests draw the same examples on every run and machine (seeded by each test's name), and
# keep no example database: a run is deterministic, and a failure reproduces anywhere.
# HYPOTHESIS_PROFILE=explore draws afresh each run (to hunt for new cases locally).
settings.register_profile("deterministic", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


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


# --- a desk on either engine ----------------------------------------------------------------


def _engines() -> list[str]:
    """The engines the ``desk_path`` tests run on: SQLite, and PostgreSQL too when
    ``$DESKCRM_TEST_ENGINES`` says so (``.ci/run`` sets ``sqlite,postgresql``)."""
    import os

    given = os.environ.get("DESKCRM_TEST_ENGINES", "sqlite")
    return [e.strip() for e in given.split(",") if e.strip()] or ["sqlite"]


@pytest.fixture(params=_engines())
def desk_path(request, tmp_path):
    """Where a test's desk goes: ``tmp_path / "desk.db"`` on SQLite; on PostgreSQL the URL
    (a ``str``) of a new database made from a template at the current schema — empty either
    way until something (``seed``, ``ensure_current``) fills or migrates it; on PostgreSQL it
    is migrated already."""
    if request.param == "sqlite":
        return tmp_path / "desk.db"
    return request.getfixturevalue("pg_desk_copy")


@pytest.fixture
def db_path(desk_path):
    """A migrated, empty desk: a file, or a database on the test server."""
    from deskcrm.store.migrate import ensure_current

    if isinstance(desk_path, str):
        return desk_path
    ensure_current(desk_path)
    return desk_path


@pytest.fixture
def seeded_store(desk_path, today):
    """The seeded test desk (tests/seed.py), open: ``(conn, ids, path)``."""
    from seed import seed

    from deskcrm.store import db

    path = desk_path
    ids = seed(path)
    conn = db.connect(path)
    yield conn, ids, path
    conn.close()


# --- PostgreSQL: a real server (tests/pgserver.py) -------------------------------------------


def _no_server(reason: str):
    """No server: a failure in CI ($CI, or DESKCRM_REQUIRE_PG=1 as .ci/run sets), a skip elsewhere."""
    import os

    if os.environ.get("CI", "") not in ("", "0") or os.environ.get("DESKCRM_REQUIRE_PG", "") not in ("", "0"):
        pytest.fail(f"no PostgreSQL server for the tests, and this run requires one: {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL server ({reason}); set DESKCRM_TEST_PG=postgresql://… to name one")


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server's maintenance database: ``$DESKCRM_TEST_PG`` (``.ci/run``
    starts one for the whole run), else a throwaway server started for this xdist worker the
    first time a test asks (~2 s) and stopped when the worker ends."""
    import os
    import tempfile
    from pathlib import Path

    import pgserver

    given = os.environ.get("DESKCRM_TEST_PG")
    if given:
        yield given
        return
    root = Path(tempfile.mkdtemp(prefix="deskcrm-pg-"))  # short: a socket path has at most 107 bytes
    try:
        _root, url = pgserver.start(root)
    except pgserver.NoServer as exc:
        pgserver.stop(root)
        _no_server(str(exc))
    try:
        yield url
    finally:
        pgserver.stop(root)


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server):
    """A new, empty database on the test server (dropped after the test): its URL."""
    import os

    import psycopg

    import pgserver

    name = f"deskcrm_t{os.getpid()}_{next(_pg_databases)}"
    try:
        admin = psycopg.connect(pg_server, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        _no_server(f"{pg_server}: {exc}".splitlines()[0])
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield pgserver.with_database(pg_server, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_desk(pg_url):
    """A deskcrm desk at head on the test server: its URL."""
    from deskcrm.store import server

    server.ensure_current(pg_url, create=True)
    return pg_url


_pg_reused: dict[str, tuple[str, str, list[str]]] = {}


def _pg_schema(conn) -> str:
    """What a test may have changed besides rows: tables, columns, indexes, functions, triggers and
    the schema revision, as one digest."""
    return conn.execute(
        """SELECT md5(coalesce((SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ','
                                        ORDER BY table_name, column_name)
                                FROM information_schema.columns WHERE table_schema = current_schema()), '')
                      || coalesce((SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes
                                   WHERE schemaname = current_schema()), '')
                      || coalesce((SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger
                                   WHERE NOT tgisinternal), '')
                      || coalesce((SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc
                                   WHERE pronamespace = current_schema()::regnamespace), '')
                      || coalesce((SELECT string_agg(version_num, ',') FROM alembic_version), ''))"""
    ).fetchone()[0]


@pytest.fixture
def pg_desk_copy(pg_server):
    """A desk at the current schema with no rows, on the test server: its URL. Each xdist worker
    migrates one database once and empties it before each test (``TRUNCATE … RESTART IDENTITY``,
    after ending any session a previous test left open: ~30 ms, where ``CREATE DATABASE … TEMPLATE``
    costs ~0.4 s on a busy server); one whose tables a test changed is made again."""
    import os

    import psycopg

    import pgserver
    from deskcrm.store import server

    name = f"deskcrm_w{os.getpid()}"
    url = pgserver.with_database(pg_server, name)
    try:
        admin = psycopg.connect(pg_server, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        _no_server(f"{pg_server}: {exc}".splitlines()[0])
    try:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        known = _pg_reused.get(pg_server)
        tables = None
        if known is not None:
            with psycopg.connect(url, autocommit=True) as conn:
                tables = _pg_schema(conn)
                if tables == known[1]:
                    conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in known[2] if t != "alembic_version")
                                 + " RESTART IDENTITY CASCADE")
        if known is None or tables != known[1]:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
            server.ensure_current(url, create=True)
            with psycopg.connect(url, autocommit=True) as conn:
                _pg_reused[pg_server] = (name, _pg_schema(conn), sorted(r[0] for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")))
    finally:
        admin.close()
    yield url



# Pilot's key presses wait for the app to go idle after each key: Textual samples the process's
# CPU time in 20 ms windows (``textual._wait``, a module of the pinned Textual), so every key
# cost 40 ms or more and typing was most of the suite's time. Sampled in 10 ms windows here (idle:
# under 0.5 ms of CPU in one): the Pilot files run faster (~1.3-1.6x at 5 ms), with the same results. A
# test that needs work to finish waits for it (``seed.settle``/``until``), never on idle alone.
import textual._wait as _textual_wait  # noqa: E402

_textual_wait.SLEEP_GRANULARITY = float(os.environ.get("DESKCRM_TEST_IDLE_MS", "10")) / 1000
_textual_wait.SLEEP_IDLE = _textual_wait.SLEEP_GRANULARITY / 20.0
