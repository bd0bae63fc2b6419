"""Compose and send from the TUI (issue 15, Pilot, real key presses): ``E`` on a person picks the
template, fills it, opens it in ``$EDITOR`` (a script that edits the file), shows To / Subject and
sends on ``y``; the toast says sent and the email is on the timeline. With no ``$EDITOR`` the in-app
editor opens; a failed send is one toast and the message waits in the Outbox, retried from there.
A hostile name is shown as text all the way."""

from __future__ import annotations

import contextlib
import re
import stat

import pytest
from seed import Names, open_person, query, run_app, screen_text, seed, settle, toasts, unsent, until

from deskcrm.app import DeskApp
from deskcrm.config import paths
from deskcrm.screens.dialogs.form import FormDialog
from deskcrm.screens.dialogs.mail import MailEditDialog, SendConfirm
from deskcrm.screens.dialogs.pick import PickDialog

HOSTILE = "Dev [bold]Patel[/] {{ 7*7 }}"


@pytest.fixture
def desk(desk_path, today, tmp_path):
    ids = seed(desk_path, Names(dev=HOSTILE))
    return desk_path, ids


def _mail_config(folder) -> None:
    folder.mkdir(exist_ok=True)  # a [mail] folder that is not there is refused, never made
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[mail]\nmethod = "file"\nfrom = "sam@desk.example"\nfolder = "{folder}"\n'
                      'signature = "Sam Reed, Desk Ltd"\n', encoding="utf-8")


def test_E_on_a_person_writes_in_the_editor_and_sends(desk, tmp_path, monkeypatch):
    path, ids = desk
    _mail_config(tmp_path / "sent")
    script = tmp_path / "edit.sh"
    script.write_text("#!/bin/sh\nsed -i 's/Good luck!/Break a leg!/' \"$1\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setattr(DeskApp, "suspend", lambda self: contextlib.nullcontext())  # headless: no terminal to hand over

    async def body(app, pilot):
        await open_person(pilot, ids["dev"])
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        assert "Interview prep (candidate)" in screen_text(app) and "Art. 14 privacy notice" in screen_text(app)
        await pilot.press("enter")  # the fitting one is first: interview prep for the interview tomorrow
        await until(pilot, lambda: isinstance(app.screen, SendConfirm))
        shown = screen_text(app)
        assert "To:      dev@example.com" in shown and "Subject: Your interview with Northwind Logistics" in shown
        await pilot.press("y")
        await until(pilot, lambda: "Sent to dev@example.com" in toasts(app))
        await settle(pilot)
        await until(pilot, lambda: "Your interview with Northwind" in screen_text(app))  # on the timeline
        assert HOSTILE in screen_text(app)

    run_app(path, body, size=(120, 50), notifications=True)
    (eml,) = (tmp_path / "sent").glob("*.eml")
    sent = eml.read_text()
    assert "Break a leg!" in sent and "Hi Dev," in sent and "Sam Reed, Desk Ltd" in sent
    assert 'filename="invite.ics"' in sent and "text/calendar" in sent  # the invite, as the proposal's
    assert f"{HOSTILE} " not in sent or "{{ 7*7 }}" in sent  # the name as text, never run
    ((kind, body_text),) = query(path, "SELECT kind, body FROM activity WHERE person_id = ? AND kind = 'email'", ids["dev"])
    assert body_text.startswith("Your interview with Northwind Logistics") and "Break a leg!" in body_text


def test_no_editor_in_app_then_a_failed_send_waits_in_the_outbox(desk, tmp_path, monkeypatch):
    path, ids = desk
    monkeypatch.delenv("EDITOR", raising=False)  # no [mail] yet either: the send fails

    async def body(app, pilot):
        await open_person(pilot, ids["bo"])
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("enter")  # a client contact: the check-in first
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        area = app.screen.query_one("#mail-text")
        assert area.text.startswith("To: bo@example.com\nCc: \nSubject: Checking in from Sam Reed")
        area.text = area.text.replace("To: bo@example.com", "To: not-an-address")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SendConfirm))
        assert "'not-an-address' is not an email address" in screen_text(app)
        await pilot.press("y")  # not offered: nothing is sent
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        area = app.screen.query_one("#mail-text")
        assert "To: not-an-address" in area.text  # what was typed is kept
        area.text = area.text.replace("To: not-an-address", "To: bo@example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SendConfirm))
        await pilot.press("y")
        await until(pilot, lambda: "mail is not set up" in toasts(app) and "kept in the outbox as #1" in toasts(app))
        (failed,) = [n for n in app._notifications if n.severity == "error"]
        assert failed.title == "Not sent" and failed.message.startswith("/")  # "not sent" said once
        assert "mail is not set up" in failed.message
        _mail_config(tmp_path / "sent")
        from deskcrm.config import settings as settings_mod

        app.settings = settings_mod.load()
        app.action_command_palette()
        await until(pilot, lambda: "Search for commands" in screen_text(app) or "Search" in screen_text(app))
        await pilot.press(*"Outbox")
        await until(pilot, lambda: "Messages that were not sent" in screen_text(app))  # the palette found it
        await pilot.press("enter")
        await until(pilot, lambda: "Checking in from Sam Reed" in screen_text(app))
        await pilot.press("s")
        await until(pilot, lambda: "Sent to bo@example.com" in toasts(app))
        await until(pilot, lambda: "The outbox is empty" in screen_text(app))

    run_app(path, body, size=(120, 40), notifications=True)
    assert len(list((tmp_path / "sent").glob("*.eml"))) == 1
    assert query(path, "SELECT count(*) FROM activity WHERE person_id = ? AND kind = 'email'", ids["bo"]) == [(1,)]


def test_E_on_a_due_item_and_on_a_pipeline_card_fills_the_fitting_template(desk, monkeypatch):
    from deskcrm.screens.job_pipeline import JobPipelineScreen

    path, ids = desk
    monkeypatch.delenv("EDITOR", raising=False)

    async def body(app, pilot):
        due = app.screen
        (key,) = [k for k, item in due._items.items() if item.kind == "client_checkin"
                  and item.company_id == ids["northwind"]]
        due.table.move_cursor(due.table._keys.index(key))
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        assert app.screen.query_one("#mail-text").text.startswith("To: bo@example.com\nCc: \nSubject: Checking in")
        await pilot.press("escape")
        await until(pilot, lambda: "kept as a draft" in toasts(app))
        (key,) = [k for k, item in due._items.items() if item.kind == "invoice_overdue" and item.placement_id == ids["p3"]]
        due.table.move_cursor(due.table._keys.index(key))  # Chloe's overdue invoice: the reminder to Acme
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        assert app.screen.query_one("#mail-text").text.startswith(
            "To: cara@example.com\nCc: \nSubject: Our invoice for Chloe Martin (EUR 16,200)")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is due)
        pipeline = JobPipelineScreen(ids["job_backend"])
        app.push_screen(pipeline)
        await until(pilot, lambda: pipeline.cards)
        pipeline.kanban.focus_card(ids["sub_dev"])
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        shown = screen_text(app)
        assert shown.index("Interview prep (candidate)") < shown.index("Submittal (hiring manager)")
        await pilot.press("down", "enter")  # the confirmation, to the hiring manager
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        assert app.screen.query_one("#mail-text").text.startswith(
            "To: bo@example.com\nCc: \nSubject: Interview confirmed: " + HOSTILE)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is pipeline)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("down", "down", "enter")  # the submittal: S's dialog for this card (CVs, the move)
        await until(pilot, lambda: isinstance(app.screen, FormDialog))
        assert "Submittal to" in screen_text(app) and "1 candidate: " + HOSTILE in screen_text(app)

    run_app(path, body, size=(120, 40), notifications=True)


def test_the_outbox_shows_hostile_subjects_and_errors_literally(desk):
    from test_hostile import assert_safe

    from deskcrm.screens.outbox_view import OutboxScreen

    path, ids = desk
    subject = "Offer [@click=app.quit]x[/] \x1b[2J \u202eevil"
    unsent(path, ids["dev"], subject, where="[bold]conf[/]")

    async def body(app, pilot):
        app.push_screen(OutboxScreen())
        await until(pilot, lambda: "Offer [@click=app.quit]x[/]" in screen_text(app))
        shown = screen_text(app)
        assert "[bold]conf[/]: mail is not set up" in shown
        assert_safe(app, shown)
        await pilot.press("s")  # still no [mail]: fails again, and the list says so (2 tries)
        await until(pilot, lambda: re.search(r"failed +2 +dev@example.com", screen_text(app)))

    run_app(path, body, size=(120, 30))


def test_a_slow_mail_server_holds_up_no_save(desk):
    """A send runs beside the write queue (``Writes.submit(aside=True)``): while the mail server
    keeps it waiting, a save made after it lands; then the send finishes too."""
    import threading

    from deskcrm.store import person_write

    path, ids = desk
    server_answers = threading.Event()
    landed: list[str] = []

    def slow_send(_conn):  # what outbox.send does while the server has not answered
        server_answers.wait(10)
        return "sent"

    def save(conn):
        version = conn.execute("SELECT version FROM person WHERE id = ?", (ids["dev"],)).fetchone()[0]
        return person_write.update_person(conn, ids["dev"], {"headline": "Sailmaker"}, expected_version=version)

    async def body(app, pilot):
        app.writes.submit(slow_send, "Sent", on_success=lambda r: landed.append("send"), aside=True)
        app.writes.submit(save, "Saved", on_success=lambda r: landed.append("save"))
        await until(pilot, lambda: landed == ["save"])  # the save did not wait for the server
        server_answers.set()
        await until(pilot, lambda: landed == ["save", "send"])

    run_app(path, body, notifications=True)
    assert query(path, "SELECT headline FROM person WHERE id = ?", ids["dev"]) == [("Sailmaker",)]


def test_a_message_is_signed_by_the_recruiter_at_the_keyboard_not_the_persons_owner(desk, monkeypatch):
    """Sam owns Chloe; Alex (me) writes the invoice reminder: it is signed Alex (the read that fills the
    template had no recruiter, and the store fell back to the person's owner)."""
    from deskcrm.store import db

    path, ids = desk
    monkeypatch.delenv("EDITOR", raising=False)
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("INSERT INTO recruiter (name, initials, email, revenue_target, active)"
                     " VALUES ('Alex Morgan', 'AM', 'alex@desk.example', NULL, TRUE)")
    conn.close()
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('me = "AM"\n', encoding="utf-8")

    async def body(app, pilot):
        due = app.screen
        (key,) = [k for k, item in due._items.items() if item.kind == "invoice_overdue" and item.placement_id == ids["p3"]]
        due.table.move_cursor(due.table._keys.index(key))
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        assert app.screen.query_one("#mail-text").text.rstrip().endswith("Thank you,\n\nAlex Morgan")

    run_app(path, body, size=(120, 40), notifications=True)
