"""Pilot test: ``ctrl+z`` right after a TUI import shows how far its undo is (issue 12: a progress
bar on anything over a second), then "Undone: …", and the desk is as before. On each engine of
``$DESKCRM_TEST_ENGINES``. The threshold is set to 0 (no wall clock); the undo is held in its
last stage (the search re-index) until the test has seen the note, so nothing races."""

from __future__ import annotations

import re
import threading

import pytest
from moves_helpers import tables
from seed import (in_tmp_folder,  # noqa: F401 - the fixture, used through pytestmark
                  index, keys, query, run_app, screen_text, seed, settle, toasts, until)
from test_app_import import open_mapping

from deskcrm.screens import import_flow, undo_progress
from deskcrm.store import db
from deskcrm.screens.import_flow import ImportScreen
from deskcrm.store.imports import batches

pytestmark = pytest.mark.usefixtures("in_tmp_folder")

HOSTILE = "[@click=app.quit]x[b]"  # a file name that would be markup


def test_ctrl_z_after_an_import_shows_the_undo_progress_then_undone(desk_path, today, tmp_path, monkeypatch):
    seed(desk_path)
    if not isinstance(desk_path, str):
        index(desk_path)
    file = tmp_path / f"{HOSTILE}.csv"
    file.write_text("Name,Email,Company\n" + "".join(f"Person {i},p{i}@bulk.example,Firm {i}\n" for i in range(60)),
                    encoding="utf-8")
    before = _records(desk_path)
    monkeypatch.setattr(import_flow, "SHOW_PROGRESS_AFTER_S", 0.001)  # a timer of 0 s is refused
    monkeypatch.setattr(undo_progress, "_EVERY_S", 0.0)
    seen, indexing = threading.Event(), batches.index_people

    def held(conn, people):  # the write queue's thread: waits until the test saw the note
        seen.wait(30)
        indexing(conn, people)

    monkeypatch.setattr(batches, "index_people", held)

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        await settle(pilot)
        await pilot.press("ctrl+z")  # not keys(): it waits for the write, held until the note is seen
        await until(pilot, lambda: bool(app.screen.query("#undo-progress")))
        await until(pilot, lambda: " rows · " in screen_text(app))
        shown = screen_text(app)
        seen.set()
        assert re.search(rf"Undo: [\d,]+ of [\d,]+ rows · batch #1, the import of {re.escape(HOSTILE)}\.csv", shown)  # literal
        assert app.screen.query("#undo-progress")
        await settle(pilot)
        await until(pilot, lambda: not app.screen.query("#undo-progress"))  # ended with the undo
        assert f"Undone: the import of {HOSTILE}.csv (batch #1)" in toasts(app)
        assert app.is_running  # the name's [@click=app.quit] did nothing

    try:
        run_app(desk_path, body, (120, 40), notifications=True)
    finally:
        seen.set()
    assert _records(desk_path) == before
    assert query(desk_path, "SELECT state FROM import_batch") == [("undone",)]


def _records(path) -> dict:
    """Every table but the batches (an undone one stays, marked so)."""
    conn = db.connect(path)
    try:
        return {name: rows for name, rows in tables(conn).items() if name != "import_batch"}
    finally:
        conn.close()


def test_the_undo_note_shows_a_hostile_file_name_as_plain_text(monkeypatch):
    """No Pilot: the label the write queue's thread posts, for a file name with markup, an escape
    and a bidi override — cleaned, literal Content."""
    from deskcrm.screens.undo_progress import UndoProgress

    posted: list = []

    class App:
        def call_from_thread(self, _show, label, done, total):
            posted.append((label, done, total))

    monkeypatch.setattr(import_flow, "SHOW_PROGRESS_AFTER_S", 0.0)
    monkeypatch.setattr(undo_progress, "_EVERY_S", 0.0)
    progress = UndoProgress(App())
    progress.begin("the import of [@click=app.quit]\x1b[31mevil\u202e.csv (batch #2)")
    progress(900, 1800)
    progress.stage("indexing")
    progress(10, 10)
    (first, *_), (second, *_) = posted
    assert first.plain.startswith("Undo: 900 of 1,800 rows · the import of [@click=app.quit]")
    assert second.plain.startswith("Re-indexing: 10 of 10 people · after undoing the import of [@click=app.quit]")
    for label, *_ in posted:
        assert "\x1b" not in label.plain and "\u202e" not in label.plain and not label.spans
