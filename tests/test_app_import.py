"""Pilot tests of the TUI import (issue 12, items 1, 5, 6): the palette's "Import…", the file box,
the mapping with the first rows, a column's target changed, the dry run's counts and
duplicates, the import as one batch and ``ctrl+z`` right after; a malformed file's one-line
message at the box; hostile cells shown as text. On each engine of ``$DESKCRM_TEST_ENGINES``.

The files are written by the tests into ``tmp_path``. The seeded desk (tests/seed.py) has Ana
Silva, +44 20 7946 0001.
"""

from __future__ import annotations

import pytest
from engines import sqlite_only
from textual.widgets import Static
from seed import (in_tmp_folder,  # noqa: F401 - the fixture, used through pytestmark
                  typed, index, keys, query, run_app, screen_text, seed, settle, until)

from deskcrm.screens.dialogs.import_file import ImportFileDialog, complete, given_path
from deskcrm.screens.dialogs.pick import PickDialog
from deskcrm.screens.import_flow import ImportScreen

SIZE = (120, 40)

PEOPLE = (
    "Name,Email,Phone,Company,Favourite\n"
    "Zed Quill,zed@example.org,,Acme Ltd,blue\n"
    "Yara Voss,yara@example.org,,Newco Ltd,green\n"
    "Ana Duplicate,,+44 20 7946 0001,,red\n"
)



pytestmark = pytest.mark.usefixtures("in_tmp_folder")  # paths typed relative to the test's folder


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    if not isinstance(desk_path, str):
        index(desk_path)
    return desk_path, ids


async def open_file(pilot, path) -> None:
    """The palette's Import…, then the path typed into the box and enter."""
    app = pilot.app
    await keys(pilot, "ctrl+p")
    await pilot.press(*"Import")
    await settle(pilot)
    await keys(pilot, "enter")
    await until(pilot, lambda: isinstance(app.screen, ImportFileDialog))
    await pilot.press(*typed(path))
    await keys(pilot, "enter")



async def open_mapping(pilot, path) -> None:
    """:func:`open_file`, then wait for the mapping screen it opens."""
    await open_file(pilot, path)
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))

def test_import_from_the_palette_map_check_commit_and_undo(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "people.csv"
    file.write_text(PEOPLE, encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await settle(pilot)
        shown = screen_text(app)
        assert "generic" in shown and "people" in shown and "read as UTF-8, comma-delimited" in shown
        assert "Zed Quill" in shown and "Yara Voss" in shown  # the first rows, beside their columns
        assert "custom: Favourite" in shown
        # the Favourite column (the 5th) is not to be imported
        await keys(pilot, "down", "down", "down", "down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press(*"ignore")
        await keys(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        assert app.screen.mapping.columns["Favourite"] == ""
        assert "(ignored)" in screen_text(app)
        await keys(pilot, "r")
        await until(pilot, lambda: app.screen.plan is not None)
        await settle(pilot)
        shown = screen_text(app)
        assert "2 new" in shown and "1 likely duplicate:" in shown and "0 errors" in shown
        assert "Ana Duplicate" in shown and "same phone" in shown and "Ana Silva" in shown and "skipped" in shown
        assert query(path, "SELECT count(*) FROM person WHERE name IN ('Zed Quill', 'Yara Voss')") == [(0,)]
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        await settle(pilot)
        assert sorted(query(path, "SELECT name, notes FROM person WHERE name IN ('Zed Quill', 'Yara Voss')")) == [
            ("Yara Voss", None), ("Zed Quill", None)]  # Favourite was ignored: nothing in the notes
        assert query(path, "SELECT state, file_name FROM import_batch") == [("done", "people.csv")]
        await keys(pilot, "ctrl+z")
        await settle(pilot)
        assert query(path, "SELECT count(*) FROM person WHERE name IN ('Zed Quill', 'Yara Voss')") == [(0,)]
        assert query(path, "SELECT state FROM import_batch") == [("undone",)]
        assert query(path, "SELECT count(*) FROM company WHERE name = 'Newco Ltd'") == [(0,)]

    run_app(path, body, SIZE, notifications=True)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_the_message_after_an_import_says_ctrl_z_undoes_it(desk, tmp_path, monkeypatch):
    """... and only then, in the write's worker, the WAL is checkpointed (``bulk_sql.settle``: the
    import's commit leaves it, the user is not kept waiting for it)."""
    from deskcrm.store.imports import bulk_sql

    path, _ = desk
    file = tmp_path / "few.csv"
    file.write_text("Name,Email\nZed Quill,zed@example.org\n", encoding="utf-8")
    said: list[str] = []
    settled = bulk_sql.settle
    monkeypatch.setattr(bulk_sql, "settle", lambda conn: (said.append("settled"), settled(conn))[1])

    async def body(app, pilot):
        original = app.notify
        app.notify = lambda message, *a, **kw: (said.append(str(message)), original(message, *a, **kw))[1]
        await open_mapping(pilot, file)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        await until(pilot, lambda: "settled" in said)

    run_app(path, body, SIZE, notifications=True)
    batch = query(path, "SELECT id FROM import_batch")[0][0]
    shown = [i for i, s in enumerate(said) if f"Imported 1 person from few.csv (batch #{batch})" in s]
    assert shown and "ctrl+z undoes it" in said[shown[0]]
    assert said.count("settled") == 1 and said.index("settled") > shown[0]


def said(dialog) -> str:
    return str(dialog.query_one("#path-error", Static).content)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_a_malformed_file_is_one_line_at_the_box_and_the_path_stays(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "ragged.csv"
    file.write_text("Name,Email\nZed Quill,zed@example.org,extra\n", encoding="utf-8")

    async def body(app, pilot):
        await open_file(pilot, file)
        dialog = app.screen
        assert isinstance(dialog, ImportFileDialog)
        await until(pilot, lambda: "line 2" in said(dialog))
        assert dialog.box.value == typed(file)  # the path typed stays
        assert said(dialog).startswith("ragged.csv: line 2, column 3: this row has 3 cells")
        assert "\n" not in said(dialog) and "Traceback" not in screen_text(app)
        dialog.box.value = str(tmp_path / "nope.csv")
        await keys(pilot, "enter")
        await until(pilot, lambda: said(dialog) == "nope.csv: no such file")
        assert query(path, "SELECT count(*) FROM import_batch") == [(0,)]

    run_app(path, body, SIZE)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_hostile_cells_show_as_text(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "hostile.csv"
    file.write_text("Name,Notes\n[bold]x[/] [@click=app.quit]y,\x1b[2Jwipe\u202e\n", encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await settle(pilot)
        shown = screen_text(app)
        assert "[bold]x[/] [@click=app.quit]y" in shown
        assert "\x1b" not in shown and "\u202e" not in shown and "wipe" in shown

    run_app(path, body, SIZE)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_kind_cycles_and_the_columns_are_recognised_again(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "companies.csv"
    file.write_text("Name,Website\nNewco Ltd,newco.example\n", encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        kind = app.screen.mapping.kind
        await keys(pilot, "t")
        assert app.screen.mapping.kind != kind
        assert app.screen.mapping.kind in screen_text(app)

    run_app(path, body, SIZE)


def test_tab_completes_a_path(tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "Connections.csv").write_text("x\n")
    assert complete(f"{tmp_path}/exp") == f"{tmp_path}/exports/"
    assert complete(f"{tmp_path}/exports/Con") == f"{tmp_path}/exports/Connections.csv"
    assert complete(f"{tmp_path}/zzz") is None


TWO_DUPLICATES = (
    "Name,Email,Phone\n"
    "Zed Quill,zed@example.org,\n"
    "Ana Duplicate,,+44 20 7946 0001\n"
    "Zed Again,zed@example.org,\n"
)


def test_duplicates_resolved_row_by_row(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "dups.csv"
    file.write_text(TWO_DUPLICATES, encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await keys(pilot, "r")
        await until(pilot, lambda: app.screen.plan is not None)
        await settle(pilot)
        shown = screen_text(app)
        assert "1 new" in shown and "2 likely duplicates" in shown
        assert "same email zed@example.org as line 2" in shown and shown.count("skipped") >= 2
        await keys(pilot, "tab")
        assert app.screen.focused.id == "import-dups"
        await keys(pilot, "space")  # line 3, Ana Duplicate: imported as new after all
        assert app.screen.decisions == {3: "new"}
        assert "new person" in screen_text(app)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        await settle(pilot)

    run_app(path, body, SIZE)
    assert sorted(query(path, "SELECT name FROM person WHERE name IN ('Zed Quill', 'Ana Duplicate', 'Zed Again')")) == [
        ("Ana Duplicate",), ("Zed Quill",)]
    counts = query(path, "SELECT counts FROM import_batch")[0][0]
    assert '"new": 2' in counts and '"duplicate": 1' in counts


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_duplicates_rule_for_all_imports_them_as_new(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "dups.csv"
    file.write_text(TWO_DUPLICATES, encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await keys(pilot, "r")
        await until(pilot, lambda: app.screen.plan is not None)
        await keys(pilot, "u")
        assert app.screen.rule == "new" and "new person" in screen_text(app)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        await settle(pilot)
        await keys(pilot, "ctrl+z")  # the whole batch, the duplicates imported as new included
        await settle(pilot)

    run_app(path, body, SIZE)
    assert query(path, "SELECT count(*) FROM person WHERE name IN ('Zed Quill', 'Ana Duplicate', 'Zed Again')") == [(0,)]
    assert query(path, "SELECT state FROM import_batch") == [("undone",)]


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_errors_are_listed_with_line_and_column_and_the_import_writes_nothing(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "bad.csv"
    file.write_text("Name,Email,Status\nZed Quill,zed@example.org,active\nYara Voss,yara@example.org,"
                    "sleeping\n", encoding="utf-8")
    said: list[str] = []

    async def body(app, pilot):
        original = app.notify
        app.notify = lambda message, *a, **kw: (said.append(str(message)), original(message, *a, **kw))[1]
        await open_mapping(pilot, file)
        await keys(pilot, "r")
        await until(pilot, lambda: app.screen.plan is not None)
        await settle(pilot)
        shown = screen_text(app)
        assert "· 1 error" in shown and "1 errors" not in shown and "line 3" in shown
        assert 'Status "sleeping": not a status this import reads' in shown  # the file's header, the cell, why
        await keys(pilot, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen)  # refused: the screen stays, with the reason
        assert any("line 3" in s and "nothing was imported" in s for s in said)

    run_app(path, body, SIZE, notifications=True)
    assert query(path, "SELECT count(*) FROM person WHERE name IN ('Zed Quill', 'Yara Voss')") == [(0,)]
    assert query(path, "SELECT count(*) FROM import_batch") == [(0,)]


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_a_ragged_row_past_the_preview_is_named_by_the_dry_run(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "late.csv"
    rows = "".join(f"Person {n},p{n}@example.org\n" for n in range(10))
    file.write_text("Name,Email\n" + rows + "Late Row,late@example.org,extra\n", encoding="utf-8")

    async def body(app, pilot):
        await open_file(pilot, file)
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))  # the first rows read fine
        await keys(pilot, "r")
        await until(pilot, lambda: "line 12, column 3" in screen_text(app))
        assert app.screen.plan is None and app.screen._busy is None

    run_app(path, body, SIZE)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_an_empty_desk_offers_i_to_import(db_path, today):
    async def body(app, pilot):
        await until(pilot, lambda: "press i" in screen_text(app))
        await keys(pilot, "i")
        assert isinstance(app.screen, ImportFileDialog)
        await keys(pilot, "escape")
        assert not isinstance(app.screen, ImportFileDialog)

    run_app(db_path, body, SIZE)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_the_progress_bar_follows_a_long_dry_run(desk, tmp_path, monkeypatch):
    import threading

    from textual.widgets import ProgressBar

    from deskcrm.screens import import_flow, import_work

    path, _ = desk
    file = tmp_path / "people.csv"
    file.write_text(PEOPLE, encoding="utf-8")
    release = threading.Event()
    real = import_work.dry_run

    def slow(conn, path_, mapping, progress=None, **kw):
        progress(5, 10)
        release.wait(10)
        return real(conn, path_, mapping, progress, **kw)

    monkeypatch.setattr(import_work, "dry_run", slow)
    monkeypatch.setattr(import_flow, "SHOW_PROGRESS_AFTER_S", 0.01)

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await pilot.press("r")
        bar = app.screen.query_one("#import-progress", ProgressBar)
        await until(pilot, lambda: bar.display and bar.progress == 5 and bar.total == 10)
        release.set()
        await until(pilot, lambda: app.screen.plan is not None)
        assert not bar.display

    run_app(path, body, SIZE)


def test_a_dropped_or_quoted_path_is_taken_as_the_file():
    assert given_path(" '/tmp/my file.csv' ") == "/tmp/my file.csv"
    assert given_path('"/tmp/x.csv"') == "/tmp/x.csv"
    assert given_path("file:///tmp/my%20file.csv") == "/tmp/my file.csv"
    assert given_path("~/x.csv") == "~/x.csv"
    assert given_path("~//tmp/x.csv") == "/tmp/x.csv"  # an absolute path typed after ~/ (as in the attach box)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_f1_lists_the_import_keys(desk, tmp_path):
    path, _ = desk
    file = tmp_path / "people.csv"
    file.write_text(PEOPLE, encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await keys(pilot, "f1")
        shown = screen_text(app)
        for described in ("Import as…", "Kind", "Dry run", "Duplicates", "Skip/new/update", "Import", "Close"):
            assert described in shown
        await keys(pilot, "escape")
        assert isinstance(app.screen, ImportScreen)

    run_app(path, body, SIZE)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_duplicates_rule_update_fills_the_desk_persons_empty_fields(desk, tmp_path):
    path, ids = desk
    file = tmp_path / "dups.csv"
    file.write_text("Name,Phone,LinkedIn\nAna Duplicate,+44 20 7946 0001,https://www.linkedin.com/in/ana-dup\n",
                    encoding="utf-8")
    before = query(path, "SELECT id, name, linkedin_url, version FROM person WHERE name = 'Ana Silva'")
    assert before and before[0][2] is None

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await keys(pilot, "r")
        await until(pilot, lambda: app.screen.plan is not None)
        await keys(pilot, "u", "u")
        assert app.screen.rule == "update" and f"update #{before[0][0]}" in screen_text(app)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        await settle(pilot)
        after = query(path, "SELECT name, linkedin_url FROM person WHERE id = ?", before[0][0])
        assert after[0][0] == "Ana Silva" and "ana-dup" in after[0][1]
        assert query(path, "SELECT count(*) FROM person WHERE name = 'Ana Duplicate'") == [(0,)]
        await keys(pilot, "ctrl+z")
        await settle(pilot)

    run_app(path, body, SIZE)
    assert query(path, "SELECT id, name, linkedin_url, version FROM person WHERE name = 'Ana Silva'") == before


def test_d_tells_how_an_ambiguous_date_column_reads(desk, tmp_path):
    """A column of dates such as 03/04/2026 and no cell that tells: the dry run's message names
    the screen's key (not --map), `d` sets day first, then month first, and the rows read so."""
    path, _ = desk
    file = tmp_path / "dates.csv"
    file.write_text("Name,Email,Available\nZed Quill,zed@example.org,03/04/2027\n", encoding="utf-8")

    async def body(app, pilot):
        await open_mapping(pilot, file)
        await settle(pilot)
        await keys(pilot, "r")
        await until(pilot, lambda: "reads as day/month or month/day" in screen_text(app))
        shown = screen_text(app)
        assert "press d: day first or month first" in shown and "--map" not in shown
        await keys(pilot, "d")
        assert app.screen.mapping.date_order == "dmy" and "Dates: day first (03/04/2026 = 3 Apr)" in screen_text(app)
        await keys(pilot, "d")
        assert app.screen.mapping.date_order == "mdy" and "month first" in screen_text(app)
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: query(path, "SELECT count(*) FROM person WHERE name = 'Zed Quill'") == [(1,)])

    run_app(path, body, size=SIZE)
    assert query(path, "SELECT cp.available_from FROM candidate_profile cp JOIN person p ON p.id = cp.person_id"
                       " WHERE p.name = 'Zed Quill'") == [("2027-03-04",)]
