"""Retention review in Due today (issue 14 item 2): one summary item with the count, never one a
person; ``x`` and ``z`` on it behave like any item's (the key is stable: done or snoozed, it stays
away for its days)."""

from __future__ import annotations

import asyncio

from seed import query, screen_text, seed, settle

from deskcrm.app import DeskApp
from deskcrm.config import settings as settings_mod
from deskcrm.domain.due_rules import RETENTION_SUMMARY_KEY
from deskcrm.store import db, person_write

SIZE = (120, 40)


def _stale(path, n: int) -> None:
    conn = db.connect(path)
    try:
        for i in range(n):
            pid = person_write.create_person(conn, {"name": f"[bold]Stale {i}[/] \x1b[2J", "source": "Referral"}).person_id
            with db.write(conn):
                conn.execute("UPDATE person SET last_contact_at = ? WHERE id = ?", ("2024-11-10 10:00:00.000000", pid))
    finally:
        conn.close()


def test_one_summary_item_then_done_hides_it(tmp_path, today):
    path = tmp_path / "desk.db"
    seed(path)
    _stale(path, 3)

    async def go():
        app = DeskApp(path, settings_mod.load())
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.screen.table
            keys = [k for k in table._keys if k is not None]
            assert keys.count(RETENTION_SUMMARY_KEY) == 1
            assert not any(k.startswith("retention:person") for k in keys)  # never one item a person
            assert "Retention review — 3 candidates past" in screen_text(app)  # the rest: cut to the column
            assert "Stale" not in screen_text(app)
            await pilot.press("g")
            for _ in range(40):
                if table.cursor_key == RETENTION_SUMMARY_KEY:
                    break
                await pilot.press("j")
            await pilot.press("x")
            await settle(pilot)
            assert RETENTION_SUMMARY_KEY not in [k for k in table._keys if k is not None]
        assert query(path, "SELECT count(*) FROM due_state WHERE key = ? AND done_at IS NOT NULL",
                     RETENTION_SUMMARY_KEY) == [(1,)]

    asyncio.run(go())


def _app_with_stale(tmp_path, n):
    path = tmp_path / "desk.db"
    seed(path)
    _stale(path, n)
    return path, DeskApp(path, settings_mod.load())


async def _open_from_due(pilot, app):
    await settle(pilot)
    table = app.screen.table
    await pilot.press("g")
    for _ in range(40):
        if table.cursor_key == RETENTION_SUMMARY_KEY:
            break
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)


def test_enter_opens_the_list_mark_and_keep(tmp_path, today):
    path, app = _app_with_stale(tmp_path, 3)

    async def go():
        async with app.run_test(size=SIZE) as pilot:
            await _open_from_due(pilot, app)
            from deskcrm.screens.retention_review import RetentionReviewScreen

            assert isinstance(app.screen, RetentionReviewScreen)
            shown = screen_text(app)
            assert "[bold]Stale 0[/]" in shown and "\x1b" not in shown  # literal, no control bytes
            assert "Retained since" in shown and "Lawful basis" in shown
            await pilot.press("c")  # consent given for the one under the cursor: the ledger's form
            await settle(pilot)
            assert "Consent given — [bold]Stale" in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, RetentionReviewScreen)
            table = app.screen.query_one("DataTable")
            await pilot.press("j")  # j / k move, as in every list (k once kept the first row's data)
            await settle(pilot)
            assert table.cursor_row == 1
            await pilot.press("k")
            await settle(pilot)
            assert table.cursor_row == 0 and len(app.screen._rows) == 3
            await pilot.press("space")
            await settle(pilot)
            assert "1 marked" in screen_text(app)
            await pilot.press("K")
            await settle(pilot)
            assert len(app.screen._rows) == 2
            await pilot.press("escape")
            await settle(pilot)
            assert "Retention review — 2 candidates" in screen_text(app)
        assert query(path, "SELECT count(*) FROM consent_entry WHERE kind = 'review'") == [(1,)]

    asyncio.run(go())


def test_palette_opens_it_erase_needs_the_typed_count(tmp_path, today):
    path, app = _app_with_stale(tmp_path, 2)

    async def go():
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            for ch in "Retention review":
                await pilot.press("space" if ch == " " else ch)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            from deskcrm.screens.retention_review import RetentionReviewScreen

            assert isinstance(app.screen, RetentionReviewScreen)
            await pilot.press("a", "D")
            await settle(pilot)
            for ch in "erase 3":
                await pilot.press("space" if ch == " " else ch)
            await pilot.press("enter")
            await settle(pilot)
            assert "nothing erased" in screen_text(app)  # the wrong count is refused
            await pilot.press(*["backspace"] * 7)
            for ch in "erase 2":
                await pilot.press("space" if ch == " " else ch)
            await pilot.press("enter")
            await settle(pilot)
            for _ in range(20):
                if isinstance(app.screen, RetentionReviewScreen) and not app.screen._rows:
                    break
                await pilot.pause(0.2)
            assert "No candidates are due" in screen_text(app)
        assert query(path, "SELECT count(*) FROM person WHERE name LIKE 'Erased person%'") == [(2,)]

    asyncio.run(go())


def test_every_column_fits_80_columns(tmp_path, today):
    """At 80x24 the list showed four of its five headers ("S" of Source) behind a horizontal scroll."""
    path, app = _app_with_stale(tmp_path, 2)

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_from_due(pilot, app)
            table = app.screen.query_one("#retention-table")
            assert table.max_scroll_x == 0
            shown = screen_text(app)
            assert "Lawful basis" in shown and "Source" in shown and "Referral" in shown

    asyncio.run(go())
