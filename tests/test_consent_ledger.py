"""Issue 14 item 1 in the store (both engines): every change to basis, source, consent and the
Art. 14 notice is a new ledger entry (history kept), the current consent row follows, one journalled
transaction (undo reverts both), and withdrawal marks the candidate do not contact at once."""

from __future__ import annotations

from datetime import date

import pytest
from seed import seed

from deskcrm.domain import due
from deskcrm.store import consent_ledger, db, due_store, journal, people
from deskcrm.store.errors import Invalid

TODAY = date(2026, 11, 18)


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    conn = db.connect(desk_path)
    yield conn, ids
    conn.close()


def _current(conn, pid):
    return people.load_person(conn, pid).consents[0]


def test_each_change_is_a_new_entry_and_the_past_stays(desk):
    conn, ids = desk
    hana = ids["hana"]
    consent_ledger.record(conn, hana, "basis", detail="consent")
    consent_ledger.record(conn, hana, "source", detail="  Referral from Ivan  ")
    consent_ledger.record(conn, hana, "given", on_date=date(2026, 11, 10), method="email",
                          detail="permanent roles in logistics")
    consent_ledger.record(conn, hana, "expiry", on_date=date(2028, 11, 10))
    consent_ledger.record(conn, hana, "basis", detail="contract")
    history = consent_ledger.history(conn, hana)
    assert [e.kind for e in history] == ["basis", "expiry", "given", "source", "basis"]  # newest first
    assert [e.detail for e in history if e.kind == "basis"] == ["contract", "consent"]  # the first not overwritten
    given = history[2]
    assert (given.on_date, given.method, given.detail) == (date(2026, 11, 10), "email", "permanent roles in logistics")
    assert given.describe() == "Consent given · for permanent roles in logistics · 2026-11-10 · by email"
    assert history[0].recruiter is None or isinstance(history[0].recruiter, str)
    now = _current(conn, hana)
    assert (now.lawful_basis, now.source, now.given_at, now.expires_at) == (
        "contract", "Referral from Ivan", date(2026, 11, 10), date(2028, 11, 10))
    assert people.load_person(conn, hana).ledger == history


def test_one_transaction_journalled_and_undone_whole(desk):
    conn, ids = desk
    lena = ids["lena"]
    before = _current(conn, lena)
    txn = consent_ledger.record(conn, lena, "expiry", on_date=date(2027, 1, 31)).txn
    entities = {e for (e,) in conn.execute("SELECT entity FROM event WHERE txn = ?", (txn,)).fetchall()}
    assert entities == {"consent_entry", "consent"}
    with db.write(conn):
        journal.undo(conn, txn)
    assert consent_ledger.history(conn, lena) == ()
    assert _current(conn, lena).expires_at == before.expires_at


def test_withdrawal_marks_do_not_contact_in_the_same_transaction(desk):
    conn, ids = desk
    lena = ids["lena"]
    assert people.load_person(conn, lena).profile.status != "do_not_contact"
    done = consent_ledger.record(conn, lena, "withdrawn", on_date=TODAY, method="email")
    txn = done.txn
    assert done.do_not_contact
    person = people.load_person(conn, lena)
    assert person.profile.status == "do_not_contact" and person.consents[0].withdrawn_at == TODAY
    changed = conn.execute("SELECT entity FROM event WHERE txn = ? ORDER BY id", (txn,)).fetchall()
    assert [e for (e,) in changed] == ["consent_entry", "consent", "candidate_profile"]
    with db.write(conn):
        journal.undo(conn, txn)
    person = people.load_person(conn, lena)
    assert person.profile.status != "do_not_contact" and person.consents[0].withdrawn_at is None
    # consent given again after the withdrawal: the withdrawal no longer holds (both stay in the history)
    consent_ledger.record(conn, lena, "withdrawn", on_date=date(2026, 11, 1))
    consent_ledger.record(conn, lena, "given", on_date=date(2026, 11, 2), method="phone", detail="contract roles")
    assert _current(conn, lena).withdrawn_at is None
    assert [e.kind for e in consent_ledger.history(conn, lena)] == ["given", "withdrawn"]


def test_a_contact_without_a_profile_withdraws_without_a_status(desk):
    conn, _ids = desk
    (contact,) = conn.execute("SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM candidate_profile) "
                              "ORDER BY id LIMIT 1").fetchone()
    done = consent_ledger.record(conn, contact, "withdrawn", on_date=TODAY)
    assert not done.do_not_contact and _current(conn, contact).withdrawn_at == TODAY


def test_the_notice_recorded_ends_the_art14_item(desk):
    conn, ids = desk
    hana = ids["hana"]
    settings = None
    assert any(i.kind == "art14_notice" and i.person_id == hana for i in _items(conn, settings))
    consent_ledger.record(conn, hana, "notice", on_date=date(2026, 11, 17), method="letter")
    assert _current(conn, hana).notice_sent_at == date(2026, 11, 17)
    assert not any(i.kind == "art14_notice" and i.person_id == hana for i in _items(conn, settings))
    assert consent_ledger.history(conn, hana)[0].describe() == "Art. 14 notice sent · 2026-11-17 · by letter"


def test_x_on_an_art14_item_records_how_the_notice_went(desk):
    conn, ids = desk
    hana = ids["hana"]
    item = next(i for i in _items(conn, None) if i.kind == "art14_notice" and i.person_id == hana)
    due_store.mark_done(conn, item, notice_method="in_person")
    entry = consent_ledger.history(conn, hana)[0]
    assert (entry.kind, entry.on_date, entry.method) == ("notice", TODAY, "in_person")
    assert _current(conn, hana).notice_sent_at == TODAY


@pytest.mark.parametrize(("kind", "values", "field"), [
    ("given", {"method": "email", "detail": "perm"}, "on_date"),
    ("given", {"on_date": date(2026, 11, 19), "method": "email", "detail": "perm"}, "on_date"),  # tomorrow
    ("given", {"on_date": TODAY, "method": "email"}, "detail"),
    ("notice", {"on_date": TODAY, "method": "pigeon"}, "method"),
    ("notice", {"on_date": TODAY}, "method"),
    ("basis", {"detail": "vital_interest"}, "detail"),
    ("source", {"detail": "   "}, "detail"),
    ("expiry", {}, "on_date"),
])
def test_bad_values_are_refused_at_their_field_and_nothing_is_written(desk, kind, values, field):
    conn, ids = desk
    events = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    with pytest.raises(Invalid) as refused:
        consent_ledger.record(conn, ids["lena"], kind, **values)
    assert field in refused.value.field_errors
    assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == events
    assert consent_ledger.history(conn, ids["lena"]) == ()


def test_an_erasure_takes_the_ledger_too(desk, tmp_path):
    from deskcrm.store import erasure

    conn, ids = desk
    lena = ids["lena"]
    consent_ledger.record(conn, lena, "source", detail="Qzx-ledger-marker")
    erasure.erase(conn, lena, data_dir=tmp_path / "data", confirm_name="Lena Hoffmann")
    assert conn.execute("SELECT count(*) FROM consent_entry WHERE person_id = ?", (lena,)).fetchone()[0] == 0


def _items(conn, _settings=None):
    return due.compute_due(due_store.load_facts(conn, TODAY), TODAY, state=due_store.load_state(conn))
