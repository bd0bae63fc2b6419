"""Pilot tests of the TUI import as an acceptance tester used it (a LinkedIn Connections export, a
generic sheet, a CV folder; at 120x40 and 80x24), real keys: every dry-run error reached on a
small terminal (W6), each CV not attached said with why (W7), esc asking before work is lost
(R2), an in-file duplicate's decisions (R3), pgdn/pgup shown and paging (R8), the file box
listing what fits (R7), a LinkedIn file read as companies (R13). SQLite only: the screen's keys
and text (the plans under them are tested on both engines).
"""

from __future__ import annotations

import pytest
from engines import sqlite_only
from seed import index, keys, run_app, screen_text, seed, settle, until
from test_app_import_report import checked, opened, written

from deskcrm.screens.import_flow import ImportScreen, open_import

pytestmark = sqlite_only


@pytest.fixture
def desk(desk_path, today):
    seed(desk_path)
    index(desk_path)
    return desk_path


# 30 rows, every third with a status the desk does not know: 10 errors of two lines each at 80 columns
ERRORS = "Name,Email,Status,Company\n" + "".join(
    f"Person {i:02d},p{i}@example.org,{'sleeping' if i % 3 == 1 else 'active'},Firm {i % 4}\n" for i in range(30))


def test_at_80x24_the_last_dry_run_error_is_reached(desk, tmp_path):
    file = written(tmp_path, ERRORS)

    async def body(app, pilot):
        screen = await checked(pilot, file)
        assert screen.plan.counts["error"] == 10
        assert "line 30" not in screen_text(app)
        await keys(pilot, "tab", "tab")  # the duplicates, then the list of errors
        assert app.focused is screen.query_one("#import-more")
        await keys(pilot, "end")
        shown = screen_text(app)
        assert 'line 30  Person 28  Status "sleeping": ' in shown  # the file's header and the cell, as the CLI says them
        last = shown.rstrip().splitlines()[-3]  # the box's last line (its border and the keys below)
        assert screen.plan.errors[-1].why.endswith(last.strip("│ "))  # the last error's last line: not cut

    run_app(desk, body, (80, 24))


def test_after_a_cv_folder_import_each_cv_not_attached_is_said_with_why(desk, tmp_path):
    from cv_files import make_encrypted_pdf, make_pdf
    from seed import query, toasts, typed

    file = written(tmp_path, "Name,Email\nZed Quill,zed@example.org\nSven Berg,sven@example.org\n"
                             "[@click=app.quit]Hal\x1b[31m,hal@example.org\n")
    folder = tmp_path / "cvs"
    folder.mkdir()
    make_pdf(folder / "zed-quill.pdf")
    make_encrypted_pdf(folder / "Sven Berg.pdf")
    make_encrypted_pdf(folder / "hal@example.org.pdf")

    async def body(app, pilot):
        screen = await opened(pilot, file)
        await keys(pilot, "c")
        await pilot.press(*typed(folder))
        await keys(pilot, "enter")
        await until(pilot, lambda: app.screen is screen and screen.cvs is not None)
        await keys(pilot, "r")
        await until(pilot, lambda: screen.plan is not None)
        await settle(pilot)
        assert "line 3  Sven Berg: Sven Berg.pdf (by name)" in screen_text(app)  # matched: not read yet
        await keys(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen), rounds=1500)
        await settle(pilot)
        said = toasts(app)
        assert "CVs: 1 attached, 2 unreadable (each one not attached is said below)" in said
        assert "line 3  Sven Berg: Sven Berg.pdf: " in said and "encrypted" in said
        assert "line 4  [@click=app.quit]Hal" in said and "\x1b" not in said
        shown = screen_text(app)
        assert "Sven Berg.pdf:" in shown and "encrypted" in shown  # on the screen, not only queued
        assert app.is_running

    run_app(desk, body, (120, 40), notifications=True)
    assert query(desk, "SELECT count(*) FROM attachment") == [(1,)]


def test_esc_asks_before_losing_the_dry_run_and_closes_at_once_when_nothing_is_lost(desk, tmp_path):
    from deskcrm.screens.dialogs.confirm import ConfirmDialog

    file = written(tmp_path, "Name,Email\nZed Quill,zed@example.org\n", name="[@click=app.quit]x[b].csv")

    async def body(app, pilot):
        await opened(pilot, file)
        await keys(pilot, "escape")  # nothing done here yet: closed at once
        assert not isinstance(app.screen, (ImportScreen, ConfirmDialog))
        screen = await checked(pilot, file)
        await keys(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        shown = screen_text(app)
        assert "Close the import of [@click=app.quit]x[b].csv? The dry run" in shown  # the name as text
        assert "will be lost; nothing has been imported." in shown
        await keys(pilot, "escape")  # keep it open: as it was
        assert app.screen is screen and screen.plan is not None
        await keys(pilot, "escape", "y")
        assert not isinstance(app.screen, (ImportScreen, ConfirmDialog)) and app.is_running

    run_app(desk, body, (80, 24))


# line 3 is like the desk's Ana Silva (her phone); line 4 like line 2 of the file (the same email)
TWO_DUPLICATES = (
    "Name,Email,Phone\n"
    "Zed Quill,zed@example.org,\n"
    "Ana Duplicate,,+44 20 7946 0001\n"
    "Zed Again,zed@example.org,\n"
)


def test_a_duplicate_of_an_earlier_row_cycles_skipped_and_new_only(desk, tmp_path):
    import re

    from textual.widgets import DataTable

    file = written(tmp_path, TWO_DUPLICATES)

    def becomes(screen, row: int) -> str:
        return str(screen.query_one("#import-dups", DataTable).get_row_at(row)[2])

    async def body(app, pilot):
        screen = await checked(pilot, file)
        assert [d.line for d in screen.plan.duplicates] == [3, 4]
        await keys(pilot, "tab", "down")  # Zed Again, like line 2
        assert becomes(screen, 1) == "skipped"
        await keys(pilot, "space")
        assert becomes(screen, 1) == "new person" and screen.decisions == {4: "new"}
        await keys(pilot, "space")  # back to skipped: no third, same-as-skipped step
        assert becomes(screen, 1) == "skipped" and screen.decisions == {}
        await keys(pilot, "u", "u")  # the rule for all: update the desk's person
        assert screen.rule == "update"
        assert becomes(screen, 0).startswith("update #") and becomes(screen, 1) == "skipped"
        await keys(pilot, "space")  # under that rule too: new, then skipped again
        assert becomes(screen, 1) == "new person"
        await keys(pilot, "space")
        assert becomes(screen, 1) == "skipped" and screen.decisions == {}
        assert re.search(r"Zed Again\s+skipped\s+same email", screen_text(app))  # whole, not cut

    run_app(desk, body, (120, 40))


def test_pgdn_and_pgup_are_in_the_footer_and_the_help_and_page_the_focused_list(desk, tmp_path):
    file = written(tmp_path, "Name,Status\n" + "".join(f"Person {i:02d},sleeping\n" for i in range(40)))

    async def body(app, pilot):
        screen = await checked(pilot, file)
        assert "u Duplicates  pgup/pgdn Page" in screen_text(app).splitlines()[-1]  # after the screen's own keys
        await keys(pilot, "tab")  # the errors list (no duplicates here)
        listed = screen.query_one("#import-more")
        assert app.focused is listed and listed.scroll_y == 0
        await keys(pilot, "pagedown")
        assert listed.scroll_y > 0
        await keys(pilot, "pageup")
        assert listed.scroll_y == 0
        await keys(pilot, "f1")
        shown = screen_text(app)
        assert "pgdn          Page down — The list that has the focus, a page" in shown
        assert "[import.page_down]" in shown and "[import.page_up]" in shown  # the ids [keys] remaps
        await keys(pilot, "escape")
        assert app.screen is screen

    run_app(desk, body, (120, 40))


def test_tab_in_the_import_file_box_lists_the_files_that_fit_as_the_attach_box_does(desk, tmp_path):
    from seed import typed

    from deskcrm.screens.dialogs.import_file import ImportFileDialog

    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("people-2024.csv", "people-2025.csv", "[@click=app.quit]people.csv", "other.csv"):
        (folder / name).write_text("Name\nZed Quill\n", encoding="utf-8")

    async def body(app, pilot):
        await settle(pilot)
        open_import(app)
        await until(pilot, lambda: isinstance(app.screen, ImportFileDialog))
        dialog = app.screen
        await pilot.press(*typed(folder / "peo"), "tab")
        await settle(pilot)
        assert dialog.box.value.endswith("exports/people-202")  # what the two share
        shown = screen_text(app)
        assert "people-2024.csv" in shown and "people-2025.csv" in shown and "other.csv" not in shown
        await pilot.press("5", "tab")
        await settle(pilot)
        assert dialog.box.value.endswith("exports/people-2025.csv")
        assert "people-2024.csv" not in screen_text(app)
        await pilot.press(*["backspace"] * len("people-2025.csv"))
        await settle(pilot)
        shown = screen_text(app)  # the folder's every entry, a hostile name as text
        assert "[@click=app.quit]people.csv" in shown and "other.csv" in shown and app.is_running

    run_app(desk, body, (80, 24))


LINKEDIN = ("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are "
            "missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "".join(
                f"Lin{i},Example,https://www.linkedin.com/in/lin{i},,Corp {i % 5},Engineer,0{1 + i % 9} Mar 2024\n"
                for i in range(30)))


def test_t_to_companies_reads_linkedins_company_column_as_the_name(desk, tmp_path):
    file = written(tmp_path, LINKEDIN, name="Connections.csv")

    async def body(app, pilot):
        screen = await opened(pilot, file)
        assert screen.mapping.format == "linkedin" and screen.mapping.kind == "people"
        while screen.mapping.kind != "companies":
            await keys(pilot, "t")
        assert screen.mapping.columns["Company"] == "name"
        assert screen.mapping.columns["URL"] == "custom:URL"  # a person's profile is no company's website
        await keys(pilot, "r")
        await until(pilot, lambda: screen.plan is not None)
        await settle(pilot)
        assert screen.plan.counts.get("error", 0) == 0  # was 30: "name: empty" on every row
        assert "0 errors" in screen_text(app) and "5 new" in screen_text(app)

    run_app(desk, body, (120, 40))
