"""Company, fee agreement and contact writes: one journaled transaction each, validated, stale
saves are conflicts, a former candidate becomes a contact on the same person record."""

from __future__ import annotations

from datetime import date

import pytest
from seed import TODAY, index, seed

from deskcrm.domain.client_rules import company_errors
from deskcrm.store import account, db, journal
from deskcrm.store import companies_write as cw
from deskcrm.store.errors import Conflict, Invalid, StoreError


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


def count(conn, sql, *args):
    return conn.execute(sql, args).fetchone()[0]


@pytest.mark.parametrize(("values", "field"), [
    ({"fee_percent": 140.0}, "fee_percent"),
    ({"fee_percent": -1.0}, "fee_percent"),
    ({"flat_fee": -5.0}, "flat_fee"),
    ({"fee_percent": 20.0, "flat_fee": 10000.0}, "flat_fee"),
    ({"payment_terms_days": -1}, "payment_terms_days"),
    ({"guarantee_days": None}, "guarantee_days"),
    ({"guarantee_days": 1.5}, "guarantee_days"),
    ({"checkin_cadence_days": -7}, "checkin_cadence_days"),
    ({"fee_currency": "EURO"}, "fee_currency"),
    ({"fee_currency": "eu"}, "fee_currency"),
    ({"prorata_rule": "sometimes"}, "prorata_rule"),
    ({"nps": 11}, "nps"),
    ({"bd_stage": "friends"}, "bd_stage"),
    ({"name": "  "}, "name"),
])
def test_rules_name_the_field(values, field):
    assert field in company_errors(values)


def test_good_values_pass():
    assert company_errors({"name": "X", "fee_percent": 0.0, "flat_fee": None, "fee_currency": "GBP",
                           "payment_terms_days": 0, "guarantee_days": 0, "checkin_cadence_days": None,
                           "prorata_rule": "prorata", "nps": 10, "bd_stage": "lost"}) == {}
    assert company_errors({"flat_fee": 0.0, "fee_percent": None}) == {}


def test_create_edit_and_undo_a_company(desk):
    conn, _ids = desk
    w = cw.create_company(conn, {"name": " Initech ", "city": "Austin", "fee_percent": 25.0})
    a = account.load_account(conn, w.id, today=TODAY)
    assert (a.name, a.bd_stage, a.fee.fee_percent, a.fee.guarantee_days) == ("Initech", "target", 25.0, 90)
    assert count(conn, "SELECT count(*) FROM activity WHERE company_id = ? AND kind = 'system'", w.id) == 1
    e = cw.set_fee_agreement(conn, w.id, {"fee_percent": None, "flat_fee": 12000.0, "fee_currency": "USD",
                                          "payment_terms_days": 14, "guarantee_days": 60, "prorata_rule": "prorata"},
                             expected_version=a.version)
    a2 = account.load_account(conn, w.id, today=TODAY)
    assert (a2.fee.flat_fee, a2.fee.fee_percent, a2.fee.currency, a2.version) == (12000.0, None, "USD", 2)
    assert "Fee agreement: flat USD 12,000" in a2.system_events[0].body  # a system record, not a conversation
    with pytest.raises(Conflict):  # the form was opened before that save
        cw.update_company(conn, w.id, {"name": "Initech Inc"}, expected_version=a.version)
    with pytest.raises(Invalid) as err:
        cw.update_company(conn, w.id, {"fee_percent": 20.0}, expected_version=2)  # flat fee still set
    assert "flat_fee" in err.value.field_errors
    with db.write(conn):
        journal.undo(conn, e.txn)
    assert account.load_account(conn, w.id, today=TODAY).fee.fee_percent == 25.0


def test_a_former_candidate_becomes_a_contact_on_the_same_record(desk):
    conn, ids = desk
    people = count(conn, "SELECT count(*) FROM person")
    found = cw.find_people(conn, "Ana Silva", today=TODAY)
    assert (found[0].id, found[0].name) == (ids["ana"], "Ana Silva")
    assert cw.find_people(conn, "ANA@example.com", today=TODAY)[0].id == ids["ana"]
    w = cw.add_contact(conn, ids["globex"], person_id=ids["ana"], title="Product Lead", hiring_manager=True)
    assert w.person_id == ids["ana"]
    assert count(conn, "SELECT count(*) FROM person") == people  # no second person
    globex = account.load_account(conn, ids["globex"], today=TODAY)
    ana = next(c for c in globex.contacts if c.person_id == ids["ana"])
    assert ana.alumni and ana.hiring_manager and ana.title == "Product Lead"
    with pytest.raises(Invalid, match="already a contact"):
        cw.add_contact(conn, ids["globex"], person_id=ids["ana"])


def test_namesakes_are_told_apart_by_city_employer_email_status_and_roles(desk):
    """Two people called Ana Silva: the match says which is which (the candidate: placed, where,
    her email and job; the other: a contact at Acme, her title and email)."""
    conn, ids = desk
    conn.execute("UPDATE person SET city = 'Lisbon', email = 'ana@example.com' WHERE id = ?", (ids["ana"],))
    conn.execute("UPDATE candidate_profile SET current_title = 'Product Manager', current_employer = 'Globex'"
                 " WHERE person_id = ?", (ids["ana"],))
    other = cw.add_contact(conn, ids["acme"], name="Ana Silva", email="a.silva@acme.example", title="CFO").person_id
    found = {m.id: m for m in cw.find_people(conn, "Ana Silva", today=TODAY)}
    assert set(found) >= {ids["ana"], other}
    ana, namesake = found[ids["ana"]], found[other]
    assert (ana.location, ana.email, ana.now, ana.status) == ("Lisbon", "ana@example.com",
                                                             "Product Manager at Globex", "placed")
    assert (namesake.email, namesake.status, namesake.contacts) == ("a.silva@acme.example", None,
                                                                    ("contact at Acme Ltd — CFO",))
    cw.contact_left(conn, conn.execute("SELECT id FROM contact_role WHERE person_id = ?", (other,)).fetchone()[0],
                    on=TODAY, expected_version=1)
    assert cw.find_people(conn, "a.silva@acme.example", today=TODAY)[0].contacts == ("formerly at Acme Ltd",)


def test_a_new_contact_is_a_new_searchable_person(desk):
    conn, ids = desk
    people = count(conn, "SELECT count(*) FROM person")
    w = cw.add_contact(conn, ids["acme"], name="Quentin Blake", email="q@acme.example", phone="+44 20 1234 5678",
                       title="CFO", billing=True)
    assert count(conn, "SELECT count(*) FROM person") == people + 1
    assert cw.find_people(conn, "quentin", today=TODAY)[0].id == w.person_id
    assert count(conn, "SELECT phone_norm FROM person WHERE id = ?", w.person_id) == "+442012345678"
    with pytest.raises(Invalid) as err:
        cw.add_contact(conn, ids["acme"], name=" ")
    assert set(err.value.field_errors) == {"name"}


def test_a_contact_who_left_keeps_the_history(desk):
    conn, ids = desk
    acme = account.load_account(conn, ids["acme"], today=TODAY)
    cara = next(c for c in acme.contacts if c.person_id == ids["cara"])
    w = cw.contact_left(conn, cara.role_id, on=date(2026, 11, 1), expected_version=cara.version)
    after = account.load_account(conn, ids["acme"], today=TODAY)
    cara2 = next(c for c in after.contacts if c.person_id == ids["cara"])
    assert cara2.left_at == date(2026, 11, 1)
    assert any(e.person == "Cara Diaz" and e.kind == "email" for e in after.timeline)  # history kept
    with pytest.raises(StoreError, match="already left"):
        cw.contact_left(conn, cara.role_id, on=date(2026, 11, 2), expected_version=cara2.version)
    with db.write(conn):
        journal.undo(conn, w.txn)
    assert next(c for c in account.load_account(conn, ids["acme"], today=TODAY).contacts
                if c.person_id == ids["cara"]).left_at is None


def test_a_contacts_role_is_edited_field_by_field_and_a_stale_save_is_a_conflict(desk):
    conn, ids = desk
    cara = next(c for c in account.load_account(conn, ids["acme"], today=TODAY).contacts if c.person_id == ids["cara"])
    w = cw.update_contact(conn, cara.role_id, {"billing": True}, expected_version=cara.version)
    after = next(c for c in account.load_account(conn, ids["acme"], today=TODAY).contacts
                 if c.person_id == ids["cara"])
    assert after.billing and (after.title, after.hiring_manager) == (cara.title, cara.hiring_manager)  # others kept
    with pytest.raises(Conflict):  # a colleague's form opened before that save
        cw.update_contact(conn, cara.role_id, {"title": "CFO"}, expected_version=cara.version)
    w2 = cw.update_contact(conn, cara.role_id, {"title": "  CFO ", "hiring_manager": False},
                           expected_version=after.version)
    now = next(c for c in account.load_account(conn, ids["acme"], today=TODAY).contacts
               if c.person_id == ids["cara"])
    assert (now.title, now.hiring_manager, now.billing) == ("CFO", False, True)
    with db.write(conn):
        journal.undo(conn, w2.txn)
    undone = next(c for c in account.load_account(conn, ids["acme"], today=TODAY).contacts
                  if c.person_id == ids["cara"])
    assert (undone.title, undone.hiring_manager, undone.billing) == (cara.title, cara.hiring_manager, True)
    assert w.message == "Contact saved"
    assert cw.update_contact(conn, cara.role_id, {}, expected_version=0).message == "Nothing changed"
