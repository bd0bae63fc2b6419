"""Shared by the database-file CLI tests: a demo database, a private copy per test, and the
ways the issue hurt a file (40 KB overwritten mid-file)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from clirun import run


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run("demo", "--db", str(path), "--candidates", "300", "--seed", "7", "--no-open")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def desk(demo, tmp_path) -> Path:
    """A private copy of the demo database."""
    path = tmp_path / "desk.db"
    shutil.copy(demo, path)
    return path


def damage(path: Path) -> None:
    """What the issue did: overwrite 40 KB in the middle of the file."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(random.Random(40).randbytes(40 * 1024))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_db() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "deskcrm" / "deskcrm.db"


def job_stage(path: Path, job_id: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT stage FROM job_order WHERE id = ?", (job_id,)).fetchone()[0]
    finally:
        conn.close()


def open_job(path: Path) -> tuple[int, str]:
    """An open job and a stage to move it to that is no exit (needs no --reason)."""
    conn = sqlite3.connect(path)
    try:
        job_id, stage = conn.execute("SELECT id, stage FROM job_order WHERE stage = 'intake' ORDER BY id").fetchone()
    finally:
        conn.close()
    return job_id, "sourcing"
