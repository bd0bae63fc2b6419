"""How ``deskcrm demo`` loads a fresh file (issue 10, item 7): the work it does, counted — no
wall-clock figures (``bench/demo.py`` prints those)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from seed import traced_statements

from deskcrm.store import db
from deskcrm.store.demo import build_demo

TODAY = date(2026, 11, 18)


def test_the_load_writes_no_rollback_journal_and_leaves_a_normal_wal_database(tmp_path):
    """A fresh file has nothing to roll back to (a failed build is deleted): no page is written
    to a journal first. Afterwards the file is an ordinary deskcrm database another connection
    can write to (the load's exclusive lock is gone)."""
    path = tmp_path / "demo.db"
    journals: list[str] = []

    def progress(stage: str, fraction: float) -> None:
        for extra in ("-journal", "-wal"):
            if Path(f"{path}{extra}").exists() and 0.0 < fraction < 1.0:
                journals.append(f"{stage}: {extra}")

    build_demo(path, candidates=300, seed=1, today=TODAY, progress=progress)
    assert journals == []
    c = db.connect(path)
    try:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with db.write(c):
            c.execute("UPDATE person SET notes = 'written after the build' WHERE id = 1")
        assert c.execute("SELECT notes FROM person WHERE id = 1").fetchone()[0] == "written after the build"
    finally:
        c.close()


def test_rows_are_inserted_many_to_a_statement(tmp_path, monkeypatch):
    """SQLite runs one INSERT per hundred rows, not one per row: per statement, Python's
    ``executemany`` spent more than SQLite's own insert. Same rows, same order (ids), as the
    determinism tests of ``test_demo`` check."""
    statements = traced_statements(monkeypatch)
    report = build_demo(tmp_path / "demo.db", candidates=2000, seed=1, today=TODAY)
    inserts = sum(1 for sql in statements if sql.lstrip().upper().startswith("INSERT INTO \""))
    assert report.rows > 10_000
    assert inserts <= report.rows / 50
