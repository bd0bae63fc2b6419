"""The consent ledger from the keyboard (Pilot, real key presses, both engines): B/S/C/W/Y/N on the
person screen record a new entry each (shown in the Contact & consent panel's history, undone with
ctrl+z); W marks the person do not contact and says what follows; a bad date is a message at its
field; x on an Art. 14 item in Due today asks how the notice went and records it. Hostile text in
the ledger renders literally."""

from __future__ import annotations

import pytest
from seed import Names, index, open_person, query, screen_text, seed, settle, toasts, until

from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.key_choice import BasisDialog, NoticeHowDialog
from deskcrm.screens.person import PersonScreen

HOSTILE = "Fair [bold]X[/] \x1b[2J"


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path, Names())
    index(desk_path)
    return desk_path, ids


def run(path, body):
    from seed import run_app

    run_app(path, body, size=(120, 50), notifications=True)


def panel(app) -> str:
    return str(app.screen.query_one("#contact").render())


def test_W_withdraws_consent_marks_do_not_contact_and_ctrl_z_undoes(desk):
    path, ids = desk
    lena = ids["lena"]

    async def body(app, pilot):
        screen = await open_person(pilot, lena)
        await pilot.press("question_mark")  # the keys are listed in help
        await until(pilot, lambda: "Record consent withdrawn" in " ".join(str(
            app.screen.query_one("#help-keys").render()).split()) if app.screen is not screen else False)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("W")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.press("ctrl+s")  # When: today, How: not said
        await until(pilot, lambda: "erase (D) or keep for retention review" in toasts(app))
        await until(pilot, lambda: app.screen is screen and [e.kind for e in screen.record.ledger] == ["withdrawn"])
        await until(pilot, lambda: "History (1)" in screen_text(app) and "do not contact" in screen_text(app))
        assert query(path, "SELECT status FROM candidate_profile WHERE person_id = ?", lena) == [("do_not_contact",)]
        await pilot.press("ctrl+z")
        await until(pilot, lambda: query(path, "SELECT count(*) FROM consent_entry") == [(0,)])
        assert query(path, "SELECT status FROM candidate_profile WHERE person_id = ?", lena) != [("do_not_contact",)]

    run(path, body)


def test_C_a_bad_date_is_a_message_at_its_field_then_B_records_the_basis_with_one_key(desk):
    path, ids = desk
    lena = ids["lena"]

    async def body(app, pilot):
        screen = await open_person(pilot, lena)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        form = app.screen
        await pilot.press(*"31 Feb")  # the When box is selected: typing replaces "today"
        await pilot.press("tab")
        form.query_one("#field-method").value = "phone"
        await pilot.press("tab")
        await pilot.press(*"perm roles")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one("#error-on_date").render()).strip()  # a one-line message at the field
        form.query_one("#field-on_date").value = "yesterday"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: query(path, "SELECT kind, on_date, method, detail FROM consent_entry")
                    == [("given", "2026-11-17", "phone", "perm roles")])
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BasisDialog))
        await pilot.press("k")
        await until(pilot, lambda: query(path, "SELECT lawful_basis FROM consent WHERE person_id = ?", lena)
                    == [("contract",)])
        await until(pilot, lambda: "History (2)" in screen_text(app))

    run(path, body)


def test_S_a_hostile_source_shows_literally_in_the_history(desk):
    path, ids = desk

    async def body(app, pilot):
        screen = await open_person(pilot, ids["lena"])
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        app.screen.query_one("#field-detail").value = "Fair [bold]X[/] job board"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen and "History (1)" in screen_text(app))
        shown = screen_text(app)
        assert "Source · Fair [bold]X[/] job board" in shown
        assert "\x1b" not in panel(app)

    run(path, body)


def test_a_control_byte_in_the_ledger_is_shown_not_sent_to_the_terminal(desk):
    from deskcrm.store import consent_ledger, db

    path, ids = desk
    conn = db.connect(path)
    try:  # the form refuses control bytes; a value written another way still renders inert
        consent_ledger.record(conn, ids["lena"], "source", detail=HOSTILE)
    finally:
        conn.close()

    async def body(app, pilot):
        await open_person(pilot, ids["lena"])
        await until(pilot, lambda: "History (1)" in screen_text(app))
        shown = screen_text(app)
        assert "Source · Fair [bold]X[/]" in shown and "\x1b" not in shown and "\x1b" not in panel(app)

    run(path, body)


def test_x_on_an_art14_item_asks_how_and_records_the_notice(desk):
    path, ids = desk
    hana = ids["hana"]
    key = f"art14:person{hana}"

    async def body(app, pilot):
        await settle(pilot)
        table = app.screen.table
        await pilot.press("g")
        for _ in range(40):
            if table.cursor_key == key:
                break
            await pilot.press("j")
        assert table.cursor_key == key
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, NoticeHowDialog))
        assert "in person" in screen_text(app)
        shown = str(app.screen.query_one(".choices").render())
        assert shown.count("cancel") == 1 and "escape" not in shown  # esc said once, as esc
        await pilot.press("l")
        await until(pilot, lambda: key not in [k for k in app.screen.table._keys if k is not None])
        assert "by letter" in toasts(app)

    run(path, body)
    assert query(path, "SELECT kind, on_date, method FROM consent_entry WHERE person_id = ?", hana) == [
        ("notice", "2026-11-18", "letter")]
    assert query(path, "SELECT notice_sent_at FROM consent WHERE person_id = ?", hana) == [("2026-11-18",)]


def test_I_shows_the_filled_notice_and_c_copies_it(desk_path, today):
    from deskcrm.screens.dialogs.notice_view import NoticeView

    ids = seed(desk_path, Names(dev="Dev [bold]Patel[/] \x1b[2J"))
    copied: list[str] = []

    async def body(app, pilot):
        app.copy_to_clipboard = copied.append
        await open_person(pilot, ids["dev"])
        await pilot.press("I")
        await until(pilot, lambda: isinstance(app.screen, NoticeView))
        await until(pilot, lambda: "Dear Dev," in screen_text(app) and "art14_notice.txt" in screen_text(app))
        await pilot.press("c")
        await until(pilot, lambda: "Notice copied" in toasts(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PersonScreen))

    run(desk_path, body)
    assert copied and copied[0].startswith("Dear Dev,") and "\x1b" not in copied[0]
