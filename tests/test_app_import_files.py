"""Pilot tests of issue 12's last TUI import items: the mapping screen saves the mapping it shows
(``s``, as ``--save-map``) and loads one (``o``, as ``--map``; a bad file is one line naming the
file and the key); the dry run's counts follow the rule (``u``) and the row decisions
(``space``) as "Becomes" does; CVs from a folder (``c``): the dry run lists each row's CV (a
hostile file name shown literally), the import attaches them and ``ctrl+z`` takes them and
their copies away. The store under these is tested on both engines (test_import_cvs.py,
test_import_write.py): here the screen, on SQLite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cv_files import make_pdf
from engines import sqlite_only
from seed import (in_tmp_folder,  # noqa: F401 - the fixture, used through pytestmark
                  index, keys, query, run_app, screen_text, seed, settle, toasts, typed, until)
from textual.widgets import Static

from deskcrm.screens.dialogs.path_prompt import PathPrompt
from deskcrm.screens.import_flow import ImportScreen
from deskcrm.screens.import_work import DryRun, Listed, decided_counts

SIZE = (120, 40)
PEOPLE = "Name,Email,Favourite\nZed Quill,zed@example.org,blue\n"
TWO_DUPLICATES = (
    "Name,Email,Phone\n"
    "Zed Quill,zed@example.org,\n"
    "Ana Duplicate,,+44 20 7946 0001\n"
    "Zed Again,zed@example.org,\n"
)

pytestmark = pytest.mark.usefixtures("in_tmp_folder")


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    index(desk_path)
    return desk_path, ids


async def open_mapping(pilot, path) -> None:
    from deskcrm.screens.dialogs.import_file import ImportFileDialog

    await keys(pilot, "ctrl+p")
    await pilot.press(*"Import")
    await settle(pilot)
    await keys(pilot, "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportFileDialog))
    await pilot.press(*typed(path))
    await keys(pilot, "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))


async def prompt(pilot, key: str, value: str) -> None:
    """``key`` opens the path box; ``value`` typed, then enter."""
    await keys(pilot, key)
    await until(pilot, lambda: isinstance(pilot.app.screen, PathPrompt))
    await pilot.press(*value)
    await keys(pilot, "enter")


@sqlite_only
def test_the_mapping_shown_is_saved_and_loaded_back(desk, tmp_path):
    path, _ = desk
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "bad.toml").write_text('kind = "people"\n[columns]\nName = "shoe_size"\n', encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, tmp_path / "people.csv")
        screen = app.screen
        await keys(pilot, "down", "down", "enter")  # Favourite: ignored
        await pilot.press(*"ignore")
        await keys(pilot, "enter")
        await until(pilot, lambda: app.screen is screen and screen.mapping.columns["Favourite"] == "")
        await prompt(pilot, "s", "saved.toml")
        await until(pilot, lambda: app.screen is screen)
        assert 'Favourite" = ""' in (tmp_path / "saved.toml").read_text(encoding="utf-8")
        await keys(pilot, "t")  # another kind: the columns recognised again
        assert screen.mapping.kind == "companies"
        await prompt(pilot, "o", "bad.toml")  # refused: one line naming the file and the key
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        said = str(app.screen.query_one("#path-error", Static).content)
        assert "bad.toml" in said and "shoe_size" in said and "\n" not in said
        await keys(pilot, "escape")
        await prompt(pilot, "o", "saved.toml")
        await until(pilot, lambda: app.screen is screen)
        assert screen.mapping.kind == "people" and screen.mapping.columns["Favourite"] == ""
        assert "(ignored)" in screen_text(app)

    run_app(path, body, SIZE)


@sqlite_only
def test_the_counts_follow_the_rule_and_the_row_decisions(desk, tmp_path):
    path, _ = desk
    (tmp_path / "dups.csv").write_text(TWO_DUPLICATES, encoding="utf-8")

    def counts(app) -> str:
        return str(app.screen.query_one("#import-counts", Static).content)

    async def body(app, pilot):
        await open_mapping(pilot, tmp_path / "dups.csv")
        await keys(pilot, "r")
        await until(pilot, lambda: app.screen.plan is not None)
        await settle(pilot)
        assert counts(app) == ("Dry run: 1 new · 0 updates · 0 unchanged · 2 likely duplicates: 2 skipped · "
                               "0 errors")
        await keys(pilot, "tab", "space")  # line 3, Ana Duplicate: new after all
        assert counts(app).startswith("Dry run: 2 new · 0 updates · 0 unchanged · 2 likely duplicates: 1 skipped")
        await keys(pilot, "space")  # …or an update of the desk's Ana Silva (her empty fields filled)
        assert "update #" in screen_text(app)
        assert counts(app).startswith("Dry run: 1 new · 0 updates · 1 unchanged")  # a phone she has already
        await keys(pilot, "u")  # the rule for all: every duplicate new — but Ana's, decided by hand, kept
        assert app.screen.decisions == {3: "update"}
        assert counts(app).startswith("Dry run: 2 new · 0 updates · 1 unchanged · 2 likely duplicates: 0 skipped")
        assert "1 decided by hand kept as they are" in toasts(app)
        await keys(pilot, "u", "u")  # update, then back to skipped: her decision still stands
        assert app.screen.decisions == {3: "update"}
        assert counts(app).startswith("Dry run: 1 new · 0 updates · 1 unchanged · 2 likely duplicates: 1 skipped")

    run_app(path, body, SIZE, notifications=True)


def test_decided_counts_count_the_duplicates_not_listed_by_the_rule():
    plan = DryRun({"new": 1, "update": 0, "unchanged": 0, "duplicate": 4, "error": 0},
                  [Listed(2, "A", "", 7, "update")], [], {"update": 3, "unchanged": 0, "skip": 1})
    assert decided_counts(plan, "skip", {})["skip"] == 4
    assert decided_counts(plan, "update", {2: "new"}) == {
        "new": 2, "update": 2, "unchanged": 0, "duplicate": 4, "error": 0, "skip": 1}


@sqlite_only
def test_cvs_from_a_folder_listed_imported_and_undone(desk, tmp_path):
    path, _ = desk
    data = Path(os.environ["XDG_DATA_HOME"]) / "deskcrm" / "attachments"
    (tmp_path / "people.csv").write_text("Name,Email\nZed Quill,zed@example.org\n[bold]Fay\x1b[2J,fay@x.org\n"
                                         "Hal Who,hal@example.org\n", encoding="utf-8")
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    make_pdf(cvs / "zed-quill.pdf")
    make_pdf(cvs / "[bold]Fay\x1b[2J.pdf", ["Fay", "hostile names"])

    async def body(app, pilot):
        await open_mapping(pilot, tmp_path / "people.csv")
        screen = app.screen
        await prompt(pilot, "c", "nope")
        await settle(pilot)
        assert "no such folder" in str(app.screen.query_one("#path-error", Static).content)
        await keys(pilot, "ctrl+u")
        await pilot.press(*"cvs")
        await keys(pilot, "enter")
        await until(pilot, lambda: app.screen is screen and screen.cvs is not None)
        await keys(pilot, "r")
        await until(pilot, lambda: screen.plan is not None)
        await settle(pilot)
        shown = screen_text(app)
        assert "CVs: 2 matched, 1 without a CV file" in shown
        assert "line 2  Zed Quill: zed-quill.pdf (by name)" in shown
        assert "[bold]Fay␛[2J.pdf (by name)" in shown  # literal: no markup, no escape sent
        assert "line 4  Hal Who: no CV file named after them or their email" in shown
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), rounds=1500)
        await settle(pilot)
        assert query(path, "SELECT count(*) FROM attachment") == [(2,)]
        assert len(list(data.iterdir())) == 2
        await keys(pilot, "ctrl+z")
        await until(pilot, lambda: query(path, "SELECT state FROM import_batch") == [("undone",)])
        await settle(pilot)
        assert query(path, "SELECT count(*) FROM attachment") == [(0,)]
        assert list(data.iterdir()) == []

    run_app(path, body, SIZE)
