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


def _pytests_without_a_server(*envs: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    """One pytest run per ``env``, all at once (each is mostly pytest's start-up, waiting)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DESKCRM_TEST_PG", "DESKCRM_REQUIRE_PG", "CI")}
    args = [sys.executable, "-m", "pytest", "-n0", "-q", "-p", "no:cacheprovider", "-rs",
            str(HERE / "test_pg_migrations.py::test_a_database_of_another_program_is_not_made_a_desk")]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE.parent,
                             env={**clean, "DESKCRM_PG_BINDIR": "/nonexistent/postgresql/bin", **env})
            for env in envs]
    done = []
    for run in runs:
        out, _ = run.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(run.args, run.returncode, out, ""))
    return done


def test_no_server_skips_with_a_reason_but_fails_in_ci():
    skipped, required, in_ci = _pytests_without_a_server({}, {"DESKCRM_REQUIRE_PG": "1"}, {"CI": "true"})
    assert skipped.returncode == 0, skipped.stdout
    assert "SKIPPED" in skipped.stdout and "no PostgreSQL server (initdb failed" in skipped.stdout

    assert required.returncode != 0
    assert "no PostgreSQL server for the tests, and this run requires one" in required.stdout

    assert in_ci.returncode != 0
    assert "no PostgreSQL server for the tests, and this run requires one" in in_ci.stdout
