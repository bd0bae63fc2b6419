"""``E`` while an unsent copy waits in the Outbox (acceptance finding: with no mail set up, ``E`` on an
overdue invoice left #1 in the Outbox; after mail was set up, ``E`` again sent a new one and #1 still
waited — retrying it sent the client a duplicate). The store finds the waiting copy and a new message
replaces it in one transaction (both engines); the TUI asks first — ``s`` sends the waiting one, ``n``
writes a new one that replaces it — and says before the editor opens that, with no mail set up, the
message will wait in the Outbox."""

from __future__ import annotations

import pytest
from seed import Names, run_app, screen_text, seed, settle, toasts, until

from deskcrm.config import paths
from deskcrm.domain.mail import Draft, MailSettings
from deskcrm.screens.dialogs.key_choice import WaitingDialog
from deskcrm.screens.dialogs.mail import MailEditDialog, SendConfirm
from deskcrm.screens.mail_waiting import NOT_SET_UP, describe
from deskcrm.store import db, outbox
from deskcrm.store.errors import StoreError
from deskcrm.store.mail_transport import SendFailed

NO_MAIL = MailSettings()


def _draft(ids, **overrides) -> Draft:
    values = dict(to=("cara@example.com",), subject="Invoice for Chloe: payment overdue", body="Hi Cara,\n",
                  person_ids=(ids["cara"],), company_id=ids["acme"], template="invoice_chase")
    return Draft(**{**values, **overrides})


def _failed(conn, draft: Draft) -> int:
    with pytest.raises(SendFailed):
        outbox.send(conn, draft, NO_MAIL)
    return outbox.unsent(conn)[0].id


def _files(folder):
    return sorted(folder.glob("*.eml")) if folder.exists() else []


# --------------------------------------------------------------------------- the store (both engines)


def test_an_unsent_copy_is_found_by_recipient_and_template_or_subject_or_due_item(seeded_store):
    conn, ids, _path = seeded_store
    assert outbox.waiting(conn, _draft(ids)) is None
    first = _failed(conn, _draft(ids))
    assert outbox.waiting(conn, _draft(ids)).id == first
    assert outbox.waiting(conn, _draft(ids, to=("CARA@example.com",), subject="Reminder")).id == first  # the template
    assert outbox.waiting(conn, _draft(ids, template=None)).id == first  # the subject
    # the same due item (template, person, company) to another address: still the same message
    assert outbox.waiting(conn, _draft(ids, to=("billing@acme.example",))).id == first
    assert outbox.waiting(conn, _draft(ids, template="client_checkin", subject="Checking in")) is None
    assert outbox.waiting(conn, _draft(ids, to=("dev@example.com",), person_ids=(ids["dev"],))) is None


def test_a_new_message_replaces_the_waiting_one_in_the_same_transaction(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    first = _failed(conn, _draft(ids))
    with pytest.raises(SendFailed, match=rf"kept in the outbox as #\d+, in place of #{first}"):
        outbox.send(conn, _draft(ids, body="Hi again\n"), NO_MAIL, replaces=first)
    (second,) = outbox.unsent(conn)  # one copy waits, never two
    assert second.id != first and outbox.draft_of(conn, second.id).body == "Hi again\n"
    folder = tmp_path / "sent"
    folder.mkdir()
    sent = outbox.send(conn, _draft(ids, body="Final\n"), MailSettings(method="file", folder=str(folder),
                                                                      from_address="sam@desk.example"),
                       replaces=second.id)
    assert outbox.unsent(conn) == [] and len(_files(folder)) == 1
    assert outbox.waiting(conn, _draft(ids)) is None and sent.outbox_id not in (first, second.id)


def test_a_waiting_message_sent_meanwhile_is_not_replaced_nor_sent_twice(seeded_store, tmp_path):
    conn, ids, _path = seeded_store
    first = _failed(conn, _draft(ids))
    folder = tmp_path / "sent"
    folder.mkdir()
    mail = MailSettings(method="file", folder=str(folder), from_address="sam@desk.example")
    outbox.retry(conn, first, mail)  # a colleague retried it from the Outbox
    with pytest.raises(StoreError, match=f"outbox #{first} was sent meanwhile"):
        outbox.send(conn, _draft(ids), mail, replaces=first)
    assert len(_files(folder)) == 1
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1


def test_the_waiting_line_shows_user_data_literally(seeded_store):
    conn, ids, _path = seeded_store
    _failed(conn, _draft(ids, to=("x@example.com",), subject="[@click=app.quit] \x1b[31m \u202eHi"))
    (waiting,) = outbox.unsent(conn)
    said = describe(waiting)
    assert said.startswith(f"#{waiting.id} to x@example.com · [@click=app.quit] ␛[31m")
    assert "\x1b" not in said and "\u202e" not in said and "mail is not set up" in said


# --------------------------------------------------------------------------- the TUI


def _mail_config(folder) -> None:
    folder.mkdir(exist_ok=True)  # a [mail] folder that is not there is refused, never made
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[mail]\nmethod = "file"\nfrom = "sam@desk.example"\nfolder = "{folder}"\n', encoding="utf-8")


def test_E_on_an_invoice_offers_the_waiting_copy_first(desk_path, today, tmp_path, monkeypatch):
    """No mail: the editor says the message will wait in the Outbox; it does (#1). Mail set up: ``E``
    asks about #1 — ``s`` sends it (one message went). Unsent again (#2), then ``n``: the new one is
    sent and #2 leaves the Outbox, said in the toast. The names in the subject are shown literally."""
    from deskcrm.config import settings as settings_mod

    monkeypatch.delenv("EDITOR", raising=False)
    ids = seed(desk_path, Names(cara="Cara [@click=app.quit] Diaz", chloe="Chloe [/] \x1b[31mMartin"))
    folder = tmp_path / "sent"
    folder.mkdir()

    async def body(app, pilot):
        due = app.screen

        def invoice():
            return [k for k, item in due._items.items()
                    if item.kind == "invoice_overdue" and item.placement_id == ids["p3"]]

        async def press_E():
            await until(pilot, invoice)
            due.table.move_cursor(due.table._keys.index(invoice()[0]))
            await settle(pilot)
            await pilot.press("E")

        async def write_and_send():
            await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, SendConfirm))
            await pilot.press("y")

        def set_mail(on: bool) -> None:
            if on:
                _mail_config(folder)
            else:
                paths.config_file().unlink(missing_ok=True)
            app.settings = settings_mod.load()

        set_mail(False)
        await press_E()
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        assert NOT_SET_UP in str(app.screen.query_one("#mail-note").render())  # said before anything is written
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SendConfirm))
        assert str(app.screen.query_one("#send-note").render()) == NOT_SET_UP
        await pilot.press("y")
        await until(pilot, lambda: "kept in the outbox as #1" in toasts(app))
        app.clear_notifications()

        set_mail(True)
        await press_E()
        await until(pilot, lambda: isinstance(app.screen, WaitingDialog))
        shown = screen_text(app)
        assert "An unsent copy waits in the Outbox" in shown and "#1 to cara@example.com" in shown
        assert "Chloe [/] ␛[31mMartin" in shown and "\x1b" not in shown  # the subject, literally
        assert "s  send the waiting one now" in shown and "n  write a new one (it replaces the waiting one)" in shown
        await pilot.press("s")
        await until(pilot, lambda: "Sent to cara@example.com" in toasts(app))
        assert len(_files(folder)) == 1
        app.clear_notifications()

        set_mail(False)
        await press_E()  # nothing waits now: straight to the editor
        await write_and_send()
        await until(pilot, lambda: "kept in the outbox as #2" in toasts(app))
        app.clear_notifications()
        set_mail(True)
        await press_E()
        await until(pilot, lambda: isinstance(app.screen, WaitingDialog))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        assert NOT_SET_UP not in str(app.screen.query_one("#mail-note").render())  # set up: only who it goes to
        await write_and_send()
        await until(pilot, lambda: "the unsent #2 left the Outbox (replaced)" in toasts(app))
        assert len(_files(folder)) == 2
        conn = db.connect(desk_path)
        try:
            assert outbox.unsent(conn) == []
        finally:
            conn.close()

    run_app(desk_path, body, notifications=True)
