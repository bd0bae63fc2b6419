"""Issue 11, item 1: the layers of DESIGN.md §2 hold, and screens never see a database driver.

The contracts are in ``.importlinter`` (cli > app > screens > widgets | work > store | config >
domain; widgets import no store; the store and domain import no UI library; screens, widgets,
the app and its workers import no driver; text/errors/files import no layer; no person-screen
circle). ``lint-imports`` reads the code, it does not run it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from deskcrm.store import db
from deskcrm.store.errors import Interrupted, StoreError

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "8 kept" in result.stdout, result.stdout


def test_the_layer_packages_start_empty():
    """An ``__init__`` that imported its modules would drag them into every command's start."""
    for layer in ("cli", "config", "domain", "work", "screens", "widgets", "store"):
        assert (ROOT / "src" / "deskcrm" / layer / "__init__.py").read_text(encoding="utf-8").strip() == "", layer


def test_no_screen_widget_or_cli_module_names_sqlite3():
    """The issue's check: ``grep -rn sqlite3 src/deskcrm/screens src/deskcrm/widgets src/deskcrm/cli``."""
    for folder in ("screens", "widgets", "cli"):
        for path in (ROOT / "src" / "deskcrm" / folder).rglob("*.py"):
            assert "sqlite3" not in path.read_text(encoding="utf-8"), path


def test_a_read_raises_the_stores_errors_not_the_drivers(db_path):
    said = "no such table: nowhere" if not db.is_server(db_path) else 'relation "nowhere" does not exist'
    with pytest.raises(StoreError, match=f"database error: {said}") as caught:
        with db.reading(db_path) as conn:
            conn.execute("SELECT * FROM nowhere")
    assert not isinstance(caught.value, (sqlite3.Error, *db.DRIVER_ERRORS))


def test_an_interrupted_query_is_the_stores_interrupted(db_path):
    conn = db.connect(db_path)
    stop = threading.Timer(0.2, conn.interrupt)  # as the search pool stops a stale keystroke's query
    try:
        stop.start()
        with pytest.raises(Interrupted), db.translated(db_path):  # an endless query, until interrupted
            conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
    finally:
        stop.cancel()
        conn.close()


def test_the_console_script_and_python_m_start(tmp_path):
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "deskcrm"]
    assert script.value == "deskcrm.cli.entry:main"
    assert callable(script.load())
    result = subprocess.run([sys.executable, "-m", "deskcrm", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Usage" in result.stdout, result.stderr
