"""Privacy from the person screen (Pilot, real key presses, both engines): ``X`` exports everything
held about the person into a folder asked for; ``D`` erases them after their name is typed again —
the screen closes and says "Erased person #N". A hostile name is shown and matched literally."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from seed import (in_tmp_folder,  # noqa: F401 - the fixture, used through pytestmark
                  Names, index, open_person, query, screen_text, seed, settle, toasts, typed, until)

from deskcrm.screens.dialogs.erase_confirm import EraseConfirm
from deskcrm.screens.dialogs.path_prompt import PathPrompt
from deskcrm.screens.person import PersonScreen

HOSTILE = "Dev [bold]Patel[/] \x1b[2J"
pytestmark = pytest.mark.usefixtures("in_tmp_folder")


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path, Names(dev=HOSTILE))
    index(desk_path)
    return desk_path, ids


def run(path, body):
    from seed import run_app

    run_app(path, body, size=(120, 50), notifications=True)


def test_X_exports_the_person_into_a_folder(desk, tmp_path):
    path, ids = desk
    target = tmp_path / "exports"
    target.mkdir()

    async def body(app, pilot):
        await open_person(pilot, ids["dev"])
        await pilot.press("question_mark")  # in help: a rare key keeps the footer's room for the daily ones
        await until(pilot, lambda: "Export everything held" in screen_text(app) and "Erase this person" in screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))
        await pilot.press("X")
        await until(pilot, lambda: isinstance(app.screen, PathPrompt))
        box = app.screen.query_one("#path-box")
        box.value = ""
        typo = target / "nothere" / "report.csv"  # a typo makes no folders: refused, the path kept
        await pilot.press(*typed(typo), "enter")
        said = f"no folder {Path(typed(target)) / 'nothere'}: create it first, or give another path"
        await until(pilot, lambda: str(app.screen.query_one("#path-error").render()) == said)
        assert isinstance(app.screen, PathPrompt) and box.value == typed(typo)
        assert not (target / "nothere").exists()
        box.value = ""
        await pilot.press(*typed(target))
        await pilot.press("enter")
        await until(pilot, lambda: "Exported everything held about" in toasts(app))
        assert isinstance(app.screen, PersonScreen)

    run(path, body)
    [folder] = list(target.iterdir())
    assert folder.name.startswith(f"person-{ids['dev']}-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == ["person.json", "summary.md"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    summary = (folder / "summary.md").read_text()
    assert "\x1b" not in summary and "\\[bold\\]Patel\\[/\\]" in summary  # literal, escaped


def test_D_erases_the_person_after_the_name_is_typed_and_closes_the_screen(desk):
    path, ids = desk
    pid = ids["dev"]

    async def body(app, pilot):
        screen = await open_person(pilot, pid)
        depth = len(app.screen_stack)
        await pilot.press("D")
        await until(pilot, lambda: isinstance(app.screen, EraseConfirm))
        assert "[bold]Patel[/]" in screen_text(app)  # the name as it is, not as markup
        await pilot.press(*"Dev Patel", "enter")  # not their name: nothing happens
        await until(pilot, lambda: "That is not their name" in screen_text(app))
        assert query(path, "SELECT erased_at FROM person WHERE id = ?", pid)[0][0] is None
        app.screen.query_one("#erase-box").value = HOSTILE.lower()  # case aside (ESC cannot be typed in a box)
        await pilot.press("enter")
        await until(pilot, lambda: f"Erased person #{pid}" in toasts(app))
        assert "could not be compacted" not in toasts(app)  # the desk's own readers did not hold the WAL
        await until(pilot, lambda: screen not in app.screen_stack)
        assert len(app.screen_stack) == depth - 1

    run(path, body)
    assert query(path, "SELECT name FROM person WHERE id = ?", pid) == [(f"Erased person #{pid}",)]
    assert query(path, "SELECT count(*) FROM activity WHERE person_id = ?", pid) == [(0,)]


def test_opening_the_desk_scrubs_a_merge_past_the_undo_window(desk):
    from deskcrm.store import db, merge

    path, ids = desk
    conn = db.connect(path)
    try:
        preview = merge.merge_preview(conn, ids["lena"], ids["eva"])
        txn = merge.merge(conn, ids["lena"], ids["eva"], keep_version=preview.keep_version,
                          drop_version=preview.drop_version)
        with db.write(conn):  # made 40 days ago: past the default 30-day window
            conn.execute("UPDATE event SET at = '2026-10-09 09:00:00.000000' WHERE txn = ?", (txn,))
    finally:
        conn.close()
    held = "SELECT count(*) FROM event WHERE entity = 'person' AND entity_id = ? AND before IS NOT NULL"
    assert query(path, held, ids["eva"])[0][0] > 0

    async def body(app, pilot):
        await until(pilot, lambda: query(path, held, ids["eva"])[0][0] == 0)  # the integrity check's thread

    run(path, body)
