"""The throwaway PostgreSQL server of .ci/run and the tests (tests/pgserver.py): it starts, takes
connections on its socket only, and is gone after stop; a test that needs a server and finds none
skips on a developer's machine and fails in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

import pgserver

HERE = Path(__file__).parent


def test_start_and_stop_as_ci_run_does(tmp_path_factory):
    import tempfile

    try:
        pgserver.bindir()
    except pgserver.NoServer as exc:
        from conftest import _no_server

        _no_server(str(exc))
    root = Path(tempfile.mkdtemp(prefix="deskcrm-pgt-"))
    helper = [sys.executable, str(HERE / "pgserver.py")]
    started = subprocess.run([*helper, "start", str(root)], capture_output=True, text=True, timeout=120)
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url == f"postgresql://postgres@/postgres?host={root}"
        with psycopg.connect(url, autocommit=True) as conn:
            assert conn.execute("SHOW server_version_num").fetchone()[0] >= "150000"
            assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""  # no TCP listener
            assert conn.execute("SHOW fsync").fetchone()[0] == "off"
    finally:
        stopped = subprocess.run([*helper, "stop", str(root)], capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 0, stopped.stderr
    assert not root.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)


def _pytest_without_a_server(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DESKCRM_TEST_PG", "DESKCRM_REQUIRE_PG", "CI")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n0", "-q", "-p", "no:cacheprovider", "-rs",
         str(HERE / "test_pg_migrations.py::test_a_database_of_another_program_is_not_made_a_desk")],
        capture_output=True, text=True, timeout=300, cwd=HERE.parent,
        env={**clean, "DESKCRM_PG_BINDIR": "/nonexistent/postgresql/bin", **env},
    )


def test_no_server_skips_with_a_reason_but_fails_in_ci():
    skipped = _pytest_without_a_server()
    assert skipped.returncode == 0, skipped.stdout
    assert "SKIPPED" in skipped.stdout and "no PostgreSQL server (initdb failed" in skipped.stdout

    required = _pytest_without_a_server(DESKCRM_REQUIRE_PG="1")
    assert required.returncode != 0
    assert "no PostgreSQL server for the tests, and this run requires one" in required.stdout

    in_ci = _pytest_without_a_server(CI="true")
    assert in_ci.returncode != 0
    assert "no PostgreSQL server for the tests, and this run requires one" in in_ci.stdout
