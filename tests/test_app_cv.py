"""CVs in the TUI (Pilot, real key presses, both engines): ``A`` on the person screen and on a search
result attaches a file through the path dialog, the CV panel shows its text (hostile text as
text), ``ctrl+z`` takes it away, ``o`` opens it, a refused file is one line and writes nothing."""

from __future__ import annotations

import pytest
from engines import sqlite_only
from cv_files import PHRASE, make_encrypted_pdf, make_odt, make_pdf
from seed import (in_tmp_folder,  # noqa: F401 - the fixture, used through pytestmark
                  typed, Names, index, open_person, query, screen_text, seed, settle, until)

from deskcrm.screens import cv_actions
from deskcrm.screens.dialogs.attach_file import AttachDialog, completion, rooted
from deskcrm.screens.person import PersonScreen
from deskcrm.screens.search import SearchScreen

SIZE = (120, 50)



pytestmark = pytest.mark.usefixtures("in_tmp_folder")  # paths typed relative to the test's folder


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    index(desk_path)
    return desk_path, ids


def run(path, body, size=SIZE):
    from seed import run_app

    run_app(path, body, size=size, notifications=True)


async def type_path(pilot, path) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, AttachDialog))
    dialog = pilot.app.screen
    box = dialog.query_one("#attach-path")
    box.value = ""
    await pilot.press(*typed(path))
    await pilot.press("enter")


def attachments_of(path, person_id):
    return [tuple(r) for r in query(path, "SELECT file_name, kind FROM attachment WHERE person_id = ?", person_id)]


def test_A_on_the_person_screen_attaches_and_shows_the_cv(desk, tmp_path):
    path, ids = desk
    cv = make_odt(tmp_path / "dev-cv.odt")

    async def body(app, pilot):
        screen = await open_person(pilot, ids["dev"])
        await until(pilot, lambda: "Resume       none" in screen_text(app))
        assert "A Attach" in screen_text(app) and "Open CV" not in screen_text(app)
        await pilot.press("A")
        await type_path(pilot, cv)
        await until(pilot, lambda: screen.record is not None and screen.record.cv is not None)
        await settle(pilot)
        await until(pilot, lambda: "CV — dev-cv.odt" in screen_text(app))  # the panel drawn, not only loaded
        shown = screen_text(app)
        assert "CV — dev-cv.odt · 16 words" in shown
        assert PHRASE in shown  # the text, in its scrollable panel
        assert "Resume       dev-cv.odt" in shown  # "Resume: none" became the CV's name
        assert "o Open CV" in shown
        assert attachments_of(path, ids["dev"]) == [("dev-cv.odt", "cv")]
        await pilot.press("ctrl+z")
        await until(pilot, lambda: screen.record is not None and screen.record.cv is None)
        assert attachments_of(path, ids["dev"]) == []
        await until(pilot, lambda: "CV — dev-cv.odt" not in screen_text(app))  # the panel redrawn after the record

    run(path, body)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_hostile_cv_text_is_shown_as_text(desk, tmp_path):
    path, ids = desk
    cv = tmp_path / "hostile.txt"
    cv.write_text("[bold]Boss[/bold] [@click=app.quit]x[/]\n\x1b[31mred\x1b[0m \x07bell \u202eevil\nKubernetes",
                  encoding="utf-8")

    async def body(app, pilot):
        screen = await open_person(pilot, ids["dev"])
        await pilot.press("A")
        await type_path(pilot, cv)
        await until(pilot, lambda: screen.record is not None and screen.record.cv is not None)
        await settle(pilot)
        shown = screen_text(app)
        assert "[bold]Boss[/bold] [@click=app.quit]x[/]" in shown
        assert "␛[31mred␛[0m ␇bell" in shown and "\x1b" not in shown and "\x07" not in shown
        assert app.is_running

    run(path, body)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_A_on_a_search_result_attaches_to_that_person(desk, tmp_path):
    path, ids = desk
    cv = make_pdf(tmp_path / "eva.pdf")

    async def body(app, pilot):
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        search = app.screen
        await pilot.press(*Names.eva, "enter")  # best match first, the results focused
        await until(pilot, lambda: app.focused is search.table and search._selected() is not None)
        assert search._selected().id == ids["eva"]
        assert search.key_for("attach") == "A"  # in help and the palette (the results' keys fill the footer)
        await pilot.press("A")
        await type_path(pilot, cv)
        await until(pilot, lambda: attachments_of(path, ids["eva"]) == [("eva.pdf", "cv")])
        await settle(pilot)

    run(path, body, size=(150, 50))
    # and the search finds her by a phrase from it
    from deskcrm.store import db
    from deskcrm.store.search import SqliteSearch
    from deskcrm.domain.search_query import parse
    from deskcrm.domain import clock

    conn = db.connect(path)
    try:
        rows = SqliteSearch(conn, clock.today()).search(parse(f'"{PHRASE}"', typing=False)).rows
    finally:
        conn.close()
    assert [r.id for r in rows] == [ids["eva"]]


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_a_refused_file_is_one_line_and_writes_nothing(desk, tmp_path):
    path, ids = desk
    locked = make_encrypted_pdf(tmp_path / "locked.pdf")

    async def body(app, pilot):
        screen = await open_person(pilot, ids["dev"])
        await pilot.press("A")
        await type_path(pilot, locked)
        await until(pilot, lambda: any("locked.pdf: the PDF is encrypted" in str(n.message)
                                       for n in app._notifications))
        await settle(pilot)
        assert screen.record.cv is None and app.is_running
        assert attachments_of(path, ids["dev"]) == []

    run(path, body)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_the_dialog_completes_paths_and_refuses_a_folder(desk, tmp_path):
    path, ids = desk
    folder = tmp_path / "cvs"
    folder.mkdir()
    make_pdf(folder / "jordan-example.pdf")
    (folder / "bad\x1bname.pdf").write_bytes(b"x")
    assert completion(str(folder) + "/jo") == str(folder) + "/jordan-example.pdf"
    assert completion(str(tmp_path / "cv")) == str(folder) + "/"
    assert completion(str(folder) + "/bad") is None  # a name with a control character is never offered

    async def body(app, pilot):
        screen = await open_person(pilot, ids["dev"])
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, AttachDialog))
        dialog = app.screen
        box = dialog.query_one("#attach-path")
        box.value = ""
        await pilot.press(*(str(folder) + "/"))
        await settle(pilot)  # the folder is listed by a worker, off the UI thread
        listed = dialog.query_one("#attach-list").render().plain
        assert "jordan-example.pdf" in listed and "bad" not in listed
        await pilot.press("j", "o", "tab")
        await settle(pilot)
        assert box.value == str(folder) + "/jordan-example.pdf"
        assert dialog.query_one("#attach-list").render().plain == "jordan-example.pdf"
        box.value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and "That is a folder" in screen_text(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "another file" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and attachments_of(path, ids["dev"]) == []

    run(path, body)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_an_absolute_path_typed_after_the_home_folder_starts_again_from_the_root(desk, tmp_path):
    """The box starts at ``~/``; a recruiter types ``/tmp/…`` straight after it, tab, enter: the
    file at ``/tmp/…`` is attached (``~//x`` is ``/x``, as in Emacs), not "No such file"."""
    path, ids = desk
    cv = make_pdf(tmp_path / "jordan-example.pdf")
    assert rooted("~/" + str(cv)) == str(cv) and rooted("~/docs/~/cv.pdf") == "~/cv.pdf"
    assert completion("~/" + str(tmp_path / "jor")) == "~/" + str(cv)  # continues what was typed

    async def body(app, pilot):
        await open_person(pilot, ids["dev"])
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, AttachDialog))
        box = app.screen.query_one("#attach-path")
        assert box.value == "~/"
        await pilot.press(*str(tmp_path / "jor"), "tab", "enter")
        await until(pilot, lambda: attachments_of(path, ids["dev"]) == [("jordan-example.pdf", "cv")])
        await settle(pilot)

    run(path, body)


@sqlite_only  # the screen's keys and text: the store under it is tested on both engines
def test_o_opens_the_cv_in_the_viewer_or_the_pager(desk, tmp_path, monkeypatch):
    path, ids = desk
    from deskcrm.store import attachments, db
    from deskcrm.work import viewer

    conn = db.connect(path)
    try:
        attachments.attach(conn, ids["dev"], make_pdf(tmp_path / "cv.pdf"), data_dir=cv_actions.data_dir())
    finally:
        conn.close()
    opened, paged = [], []
    monkeypatch.setattr(viewer, "system_opener", lambda: ["xdg-open"])
    monkeypatch.setattr(viewer, "open_file", lambda p, opener: opened.append((p, opener)))
    monkeypatch.setattr(viewer, "page", lambda title, body: paged.append((title, body)))

    async def body(app, pilot):
        await open_person(pilot, ids["dev"])
        await pilot.press("o")
        await settle(pilot)
        assert len(opened) == 1 and opened[0][0].read_bytes() == (tmp_path / "cv.pdf").read_bytes()
        monkeypatch.setattr(viewer, "system_opener", lambda: None)  # no desktop: the pager
        await pilot.press("o")
        await settle(pilot)

    run(path, body)
    assert len(paged) <= 1  # a headless test terminal may not suspend; when it does, the text is paged
    if paged:
        assert paged[0][0] == f"{Names.dev} — cv.pdf" and PHRASE in paged[0][1]


def test_a_long_cv_is_cut_in_the_panel_and_says_how_to_read_it_all():
    from datetime import datetime

    from deskcrm.screens import person_panels
    from deskcrm.store.person_record import CvFile

    body = "\n".join(f"line {i} kubernetes operator" for i in range(5000))
    cv = CvFile(1, "long.txt", "attachments/x.txt", body, None, datetime(2026, 11, 18), 1)

    class Record:
        pass

    record = Record()
    record.cv = cv
    shown = person_panels.cv_body(record).plain
    assert len(shown) < person_panels.CV_SHOWN + 100
    assert shown.endswith("more characters: o opens the whole CV") and "line 0 kubernetes" in shown


def test_a_path_typed_from_the_root_replaces_the_start_folder(desk, tmp_path):
    """Acceptance, 7 Dec: typing /tmp/… over the box's "~/" showed "~//tmp/…"; it shows the
    path typed. A path pasted there (quoted, as a file manager copies it) replaces it too; an
    edit inside the box stays as typed."""
    from textual import events

    path, ids = desk
    cv = make_odt(tmp_path / "dev-cv.odt")

    async def body(app, pilot):
        await open_person(pilot, ids["dev"])
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, AttachDialog))
        box = app.screen.query_one("#attach-path")
        assert box.value == "~/" and box.cursor_position == 2
        await pilot.press(*str(tmp_path / "dev-"))
        assert box.value == f"{tmp_path}/dev-"  # not ~//tmp/…
        await pilot.press("home", "x", "end")
        assert box.value == f"x{tmp_path}/dev-"  # inside the box: as typed
        box.value = "~/Downloads/"
        box.cursor_position = len(box.value)
        box.post_message(events.Paste(f"'{cv}'"))
        await until(pilot, lambda: box.value == f"'{cv}'")
        await pilot.press("enter")
        await until(pilot, lambda: attachments_of(path, ids["dev"]) == [("dev-cv.odt", "cv")])

    run(path, body)
