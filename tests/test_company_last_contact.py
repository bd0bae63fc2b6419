"""A company's last contact is stored (``company.last_contact_at``, issue 10) and kept right by
every write that adds, moves or takes back a touch: it always equals the newest touch in the
company's timeline, which is what it was derived from before it was stored."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from seed import TODAY, _at

from deskcrm.domain import clock
from deskcrm.store import company_merge, companies_write, db, due_store, journal, merge, migrate
from deskcrm.store.last_contact import TOUCH_KINDS
from deskcrm.store.values import local


def _stored(conn: sqlite3.Connection, company_id: int) -> str | None:
    return conn.execute("SELECT last_contact_at FROM company WHERE id = ?", (company_id,)).fetchone()[0]


def _derived(conn: sqlite3.Connection) -> dict[int, str | None]:
    touches = ", ".join(f"'{k}'" for k in TOUCH_KINDS)
    return dict(conn.execute(
        f"SELECT c.id, (SELECT max(a.at) FROM activity a WHERE a.company_id = c.id AND a.kind IN ({touches}))"
        " FROM company c"))


def _consistent(conn: sqlite3.Connection) -> None:
    stored = dict(conn.execute("SELECT id, last_contact_at FROM company"))
    assert stored == _derived(conn)


def _undo(conn: sqlite3.Connection, txn: str) -> None:
    with db.write(conn):
        journal.undo(conn, txn)


def test_the_seeded_desk_stores_what_the_timeline_says(seeded_store):
    conn, ids, _path = seeded_store
    assert _stored(conn, ids["northwind"]) == _at(-39, 11)
    assert _stored(conn, ids["acme"]) == _at(-12, 15)
    assert _stored(conn, ids["globex"]) is None
    _consistent(conn)


@pytest.mark.parametrize("kind", TOUCH_KINDS)
def test_a_touch_logged_with_a_company_is_its_last_contact_and_undo_takes_it_back(seeded_store, kind):
    conn, ids, _path = seeded_store
    before = _stored(conn, ids["northwind"])
    due_store.log_activity(conn, kind, "", person_id=ids["bo"], company_id=ids["northwind"])
    now = conn.execute("SELECT max(at) FROM activity").fetchone()[0]
    assert _stored(conn, ids["northwind"]) == now != before
    _consistent(conn)
    due_store.undo_last(conn)
    assert _stored(conn, ids["northwind"]) == before
    _consistent(conn)


@pytest.mark.parametrize("kind", ["call_no_answer", "note"])
def test_a_no_answer_call_or_a_note_is_not_contact(seeded_store, kind):
    conn, ids, _path = seeded_store
    before = _stored(conn, ids["northwind"])
    due_store.log_activity(conn, kind, "", person_id=ids["bo"], company_id=ids["northwind"])
    assert _stored(conn, ids["northwind"]) == before
    _consistent(conn)


def test_a_logged_call_moves_the_client_check_in_on_the_due_list(seeded_store, today):
    conn, ids, _path = seeded_store

    def checkins():
        facts = due_store.load_facts(conn, today)
        return [c for c in facts.companies if c.id == ids["northwind"]]

    assert [c.last_contact for c in checkins()] == [local(_at(-39, 11)).date()]  # overdue by 9 days
    due_store.log_activity(conn, "call_talked", "", person_id=ids["bo"], company_id=ids["northwind"])
    assert checkins() == []  # next due in 30 days: not loaded at all
    due_store.undo_last(conn)
    assert [c.last_contact for c in checkins()] == [local(_at(-39, 11)).date()]


def test_a_company_merge_takes_the_newest_contact_of_both_and_undo_gives_each_its_own(seeded_store):
    conn, ids, _path = seeded_store
    keep, drop = ids["northwind"], ids["acme"]  # contacted 39 / 12 days ago
    preview = company_merge.company_merge_preview(conn, keep, drop)
    txn = company_merge.merge_companies(conn, keep, drop, keep_version=preview.keep_version,
                                        drop_version=preview.drop_version)
    assert _stored(conn, keep) == _at(-12, 15)
    _consistent(conn)
    _undo(conn, txn)
    assert (_stored(conn, keep), _stored(conn, drop)) == (_at(-39, 11), _at(-12, 15))
    _consistent(conn)


def test_a_company_merge_into_a_company_never_contacted(seeded_store):
    conn, ids, _path = seeded_store
    keep, drop = ids["globex"], ids["acme"]
    preview = company_merge.company_merge_preview(conn, keep, drop)
    company_merge.merge_companies(conn, keep, drop, keep_version=preview.keep_version,
                                  drop_version=preview.drop_version)
    assert _stored(conn, keep) == _at(-12, 15)
    _consistent(conn)


def test_undoing_an_edit_made_before_a_call_keeps_the_call(seeded_store):
    """The company row's before-image (restored by undo) holds the old last contact: the undo
    recomputes it instead of putting the stale value back."""
    conn, ids, _path = seeded_store
    version = conn.execute("SELECT version FROM company WHERE id = ?", (ids["northwind"],)).fetchone()[0]
    edit = companies_write.update_company(conn, ids["northwind"], {"city": "Leeds"}, expected_version=version)
    due_store.log_activity(conn, "call_talked", "", person_id=ids["bo"], company_id=ids["northwind"])
    call = _stored(conn, ids["northwind"])
    assert call != _at(-39, 11)
    _undo(conn, edit.txn)
    assert conn.execute("SELECT city FROM company WHERE id = ?", (ids["northwind"],)).fetchone()[0] == "London"
    assert _stored(conn, ids["northwind"]) == call
    _consistent(conn)


def test_a_call_does_not_make_an_open_company_form_stale(seeded_store):
    """Derived, not edited: logging a call does not bump the company's version, so an edit
    opened before the call still saves."""
    conn, ids, _path = seeded_store
    version = conn.execute("SELECT version FROM company WHERE id = ?", (ids["northwind"],)).fetchone()[0]
    due_store.log_activity(conn, "call_talked", "", person_id=ids["bo"], company_id=ids["northwind"])
    companies_write.update_company(conn, ids["northwind"], {"city": "Leeds"}, expected_version=version)
    _consistent(conn)


def test_a_person_merge_leaves_every_companys_last_contact_right(seeded_store):
    conn, ids, _path = seeded_store
    keep, drop = ids["cara"], ids["bo"]  # Bo's call is Northwind's last contact
    versions = dict(conn.execute("SELECT id, version FROM person WHERE id IN (?, ?)", (keep, drop)))
    txn = merge.merge(conn, keep, drop, keep_version=versions[keep], drop_version=versions[drop])
    assert _stored(conn, ids["northwind"]) == _at(-39, 11)
    _consistent(conn)
    _undo(conn, txn)
    _consistent(conn)


def test_the_migration_fills_the_last_contact_of_the_companies_already_there(tmp_path):
    path = tmp_path / "old.db"
    migrate.upgrade(str(path), "0005")
    conn = sqlite3.connect(path)
    at = "2026-11-01 10:00:00.000000"
    with db.write(conn):
        for cid in (1, 2):
            conn.execute(
                "INSERT INTO company (id, name, name_norm, bd_stage, fee_currency, payment_terms_days, guarantee_days,"
                " prorata_rule, created_at, updated_at, version) VALUES (?, 'C', 'c', 'active_client', 'EUR', 30, 90,"
                " 'none', ?, ?, 1)", (cid, at, at))
        for kind, when in (("email", "2026-10-01 09:00:00.000000"), ("meeting", at),
                           ("note", "2026-11-05 09:00:00.000000"), ("call_no_answer", "2026-11-06 09:00:00.000000")):
            conn.execute("INSERT INTO activity (kind, body, at, company_id) VALUES (?, '', ?, 1)", (kind, when))
    conn.close()
    migrate.ensure_current(path)
    conn = db.connect(path)
    assert dict(conn.execute("SELECT id, last_contact_at FROM company")) == {1: at, 2: None}
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_company_checkin", "ix_person_never_contacted", "ix_placement_invoiced", "ix_placement_start",
            "ix_placement_checkin_30_open", "ix_placement_checkin_60_open", "ix_placement_checkin_90_open",
            "ix_consent_first_contact"} <= indexes
    conn.close()


def test_the_clients_list_and_the_account_read_the_stored_last_contact(seeded_store, today):
    from deskcrm.store import account, clients

    conn, ids, _path = seeded_store
    due_store.log_activity(conn, "meeting", "", person_id=ids["cara"], company_id=ids["acme"])
    rows = {r.id: r for r in clients.list_clients(conn, clients.ClientFilter(), today=today, limit=50)}
    assert rows[ids["acme"]].last_contact == clock.today() == TODAY
    assert rows[ids["northwind"]].last_contact == date.fromisoformat(_at(-39, 11)[:10])
    assert account.load_account(conn, ids["acme"], today=today).last_contact.date() == TODAY
