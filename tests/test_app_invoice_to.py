"""``E`` on an overdue invoice: the reminder goes to the client's billing contact; with none (or
none with an email) it goes to the hiring manager and the due list says so in one line, naming the
key that adds a billing contact; with neither a billing contact nor a hiring manager with an
email, a one-line message and nothing is written. Store on both engines; the TUI with hostile
names (the company's and the manager's shown literally)."""

from __future__ import annotations

from seed import Names, run_app, screen_text, seed, settle, toasts, until

from deskcrm.screens.dialogs.mail import MailEditDialog
from deskcrm.screens.due_mail import invoice_note
from deskcrm.store import db
from deskcrm.store.mail_compose import InvoiceTo, invoice_to

ACME = "Acme [/] Ltd \x1b[31m"
CARA = "Cara [@click=app.quit]\u202eDiaz"


def test_the_billing_contact_with_an_email_else_the_hiring_manager_else_nobody(desk_path, today):
    ids = seed(desk_path)
    conn = db.connect(desk_path)
    try:
        acme, job = ids["acme"], ids["job_analyst"]
        assert invoice_to(conn, acme, job) == InvoiceTo("Acme Ltd", ids["cara"], "Cara Diaz")  # no billing contact
        with db.write(conn):  # Bo pays Acme's invoices, but has no email on file
            conn.execute("INSERT INTO contact_role (person_id, company_id, is_hiring_manager, is_billing, version)"
                         " VALUES (?, ?, FALSE, TRUE, 1)", (ids["bo"], acme))
            conn.execute("UPDATE person SET email = NULL WHERE id = ?", (ids["bo"],))
        cara = InvoiceTo("Acme Ltd", ids["cara"], "Cara Diaz", billing_without_email=True)
        assert invoice_to(conn, acme, job) == cara
        with db.write(conn):
            conn.execute("UPDATE person SET email = 'bo@acme.example' WHERE id = ?", (ids["bo"],))
        assert invoice_to(conn, acme, job) == InvoiceTo("Acme Ltd", ids["bo"], "Bo Chen", billing=True)
        with db.write(conn):  # Bo leaves; Cara's address is gone
            conn.execute("UPDATE contact_role SET left_at = ? WHERE person_id = ? AND company_id = ?",
                         (today.isoformat(), ids["bo"], acme))
            conn.execute("UPDATE person SET email = '' WHERE id = ?", (ids["cara"],))
        assert invoice_to(conn, acme, job) == InvoiceTo("Acme Ltd")
    finally:
        conn.close()


def test_the_note_says_who_instead_and_how_to_set_a_billing_contact():
    assert invoice_note(InvoiceTo("Acme", 3, "Bo", billing=True), ("c", "n")) is None
    assert invoice_note(InvoiceTo("Acme", 4, "Jane Roe"), ("c", "n")) == (
        "No billing contact at Acme: addressed to the hiring manager, Jane Roe — on the client's account: c on a"
        " contact, or n to add one (Billing contact: yes)")
    assert invoice_note(InvoiceTo("Acme", billing_without_email=True), ("ctrl+r", "ctrl+b")).startswith(
        "The billing contact at Acme has no email and no hiring manager with an email — nothing written: on the"
        " client's account: ctrl+r on a contact, or ctrl+b to add one")


def test_E_on_an_invoice_says_it_goes_to_the_hiring_manager_or_that_it_cannot_go(desk_path, today, monkeypatch):
    from test_hostile import assert_safe

    monkeypatch.delenv("EDITOR", raising=False)
    ids = seed(desk_path, Names(acme=ACME, cara=CARA))

    async def body(app, pilot):
        due = app.screen

        def invoices():
            return [k for k, item in due._items.items()
                    if item.kind == "invoice_overdue" and item.placement_id == ids["p3"]]

        await until(pilot, invoices)
        (key,) = invoices()
        due.table.move_cursor(due.table._keys.index(key))  # Chloe's overdue invoice at Acme: no billing contact
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, MailEditDialog))
        said = "No billing contact at Acme [/] Ltd ␛[31m: addressed to the hiring manager, Cara [@click=app.quit]"
        assert said in str(app.screen.query_one("#mail-note").render())
        assert "c on a contact, or n to add one (Billing contact: yes)" in str(app.screen.query_one("#mail-note").render())
        assert app.screen.query_one("#mail-text").text.startswith("To: cara@example.com\n")
        assert_safe(app, screen_text(app))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is due)
        app.clear_notifications()
        conn = db.connect(desk_path)
        with db.write(conn):  # Cara's address is gone: nobody to write to
            conn.execute("UPDATE person SET email = NULL WHERE id = ?", (ids["cara"],))
        conn.close()
        await pilot.press("E")
        await until(pilot, lambda: "nothing written" in toasts(app))
        assert "No billing contact at Acme [/] Ltd ␛[31m and no hiring manager with an email" in toasts(app)
        assert app.screen is due

    run_app(desk_path, body, notifications=True)
