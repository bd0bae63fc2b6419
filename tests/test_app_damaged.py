"""The TUI on a damaged database file (issue 9 item 11): it says so, and saves nothing."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3

from seed import seed, settle, until

from deskcrm.config import settings as settings_mod
from deskcrm.app import DeskApp


def damage_the_tail(path) -> None:
    """Damage pages the due list never reads: a filler table at the end of the file."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE filler (x TEXT)")
    conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 400)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size - 100 * 1024)
        f.write(b"\xa5" * 40 * 1024)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:  # "database disk image is malformed": damaged too
        pass
    finally:
        conn.close()


def test_damaged_database_is_named_and_no_write_lands(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    damage_the_tail(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)

            def said_damaged() -> bool:  # the integrity check runs in the background: a busy box takes longer
                return any("is damaged" in n.message and "deskcrm restore" in n.message for n in app._notifications)

            await until(pilot, said_damaged)
            rows = [k for k in app.screen.table._keys if k is not None]
            assert rows  # the due list still reads
            await pilot.press("x")  # done: a write
            await settle(pilot)
            assert app.is_running
            assert [k for k in app.screen.table._keys if k is not None] == rows
            errors = [n for n in app._notifications if n.severity == "error" and n.title == "Not saved"]
            assert errors and "nothing will be written" in errors[-1].message

    asyncio.run(go())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_restore_refuses_while_the_tui_has_the_file_open(tmp_path, today):
    from clirun import assert_one_line_error, run

    path = tmp_path / "desk.db"
    seed(path)
    backup = tmp_path / "desk.bak"
    assert run("backup", str(backup), "--db", str(path)).returncode == 0

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert_one_line_error(run("restore", str(backup), "--db", str(path)), "open in another program")

    asyncio.run(go())
    assert run("restore", str(backup), "--db", str(path)).returncode == 0  # closed: now it may
