"""Due-today store side: facts loaded from SQL, done/snooze/activity writes, journal and undo."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

from deskcrm.domain import clock
from deskcrm.domain.due import compute_due
from deskcrm.store import db, due_store, journal
from deskcrm.store.errors import Conflict, StoreError
from deskcrm.store.values import ds, ts

NOW = "2026-01-01 09:00:00.000000"


def _seed(conn: sqlite3.Connection, today: date) -> dict[str, int]:
    """One live placement with a 30-day check-in due today, and its people."""
    c = conn.execute
    c("INSERT INTO recruiter (id, name, initials, active) VALUES (1, 'Alex Morgan', 'AM', TRUE)")
    c(
        "INSERT INTO company (id, name, name_norm, bd_stage, fee_currency, payment_terms_days, guarantee_days,"
        " prorata_rule, checkin_cadence_days, created_at, updated_at, version)"
        " VALUES (1, 'Nordwind Logistics', 'nordwind logistics', 'active_client', 'EUR', 30, 90, 'none', 30, ?, ?, 1)",
        (NOW, NOW),
    )
    for pid, name in ((1, "Maria Keller"), (2, "Jonas Berg")):
        c(
            "INSERT INTO person (id, name, other_contacts, tags, custom, created_at, updated_at, version)"
            " VALUES (?, ?, '[]', '[]', '{}', ?, ?, 1)",
            (pid, name, NOW, NOW),
        )
    c("INSERT INTO candidate_profile (person_id, skills, salary_currency, status, version) VALUES (1, '[]', 'EUR', 'placed', 1)")
    c("INSERT INTO contact_role (person_id, company_id, is_hiring_manager, is_billing, version) VALUES (2, 1, TRUE, FALSE, 1)")
    c(
        "INSERT INTO job_order (id, company_id, title, skills, remote, currency, openings, job_type, urgency,"
        " stage, opened_on, rank, version) VALUES (1, 1, 'Warehouse Lead', '[]', 'onsite', 'EUR', 1, 'perm', 2,"
        " 'placed', '2025-09-01', 0, 1)"
    )
    start = today - timedelta(days=30)
    c(
        "INSERT INTO placement (id, person_id, job_id, company_id, offer_accepted_on, start_date, salary, currency,"
        " fee_percent, fee_amount, fee_status, credited_amount, guarantee_days, guarantee_end, checkin_30,"
        " checkin_60, checkin_90, status, rank, version)"
        " VALUES (1, 1, 1, 1, ?, ?, 60000, 'EUR', 20, 12000, 'not_invoiced', 0, 90, ?, ?, ?, ?, 'started', 0, 1)",
        (
            ds(start - timedelta(days=20)), ds(start), ds(start + timedelta(days=90)), ds(today),
            ds(start + timedelta(days=60)), ds(start + timedelta(days=90)),
        ),
    )
    c(
        "INSERT INTO consent (person_id, lawful_basis, sourced_at, notice_sent_at, version)"
        " VALUES (1, 'legitimate_interest', '2025-01-01', '2025-01-02', 1)"
    )
    return {"person": 1, "company": 1, "placement": 1}


@pytest.fixture
def conn(db_path, today):
    connection = db.connect(db_path)
    _seed(connection, today)
    yield connection
    connection.close()


def _items(conn, today):
    return compute_due(due_store.load_facts(conn, today), today, state=due_store.load_state(conn))


def _checkin(items):
    return next(i for i in items if i.kind == "checkin")


def test_facts_loaded_from_sql_drive_the_engine(conn, today):
    items = _items(conn, today)
    checkin = _checkin(items)
    assert (checkin.bucket, checkin.person, checkin.company, checkin.job) == (
        "today", "Maria Keller", "Nordwind Logistics", "Warehouse Lead"
    )
    client = next(i for i in items if i.kind == "client_checkin")
    assert client.person == "Jonas Berg"  # the hiring manager to call


def test_done_ticks_the_checkin_on_the_placement_and_survives_reopen(conn, db_path, today):
    due_store.mark_done(conn, _checkin(_items(conn, today)))
    conn.close()
    reopened = db.connect(db_path)
    assert not any(i.kind == "checkin" for i in _items(reopened, today))
    done_at = reopened.execute("SELECT checkin_30_done_at, version FROM placement WHERE id = 1").fetchone()
    assert done_at[0] is not None and done_at[1] == 2
    assert reopened.execute("SELECT count(*) FROM activity WHERE kind = 'system'").fetchone()[0] == 1


def _accepted(conn, today, start):
    """A second placement of Maria's, still at Offer accepted, starting on ``start``."""
    conn.execute(
        "INSERT INTO placement (id, person_id, job_id, company_id, offer_accepted_on, start_date, salary, currency,"
        " fee_percent, fee_amount, fee_status, credited_amount, guarantee_days, guarantee_end, checkin_30,"
        " checkin_60, checkin_90, status, rank, version)"
        " VALUES (2, 1, 1, 1, ?, ?, 60000, 'EUR', 20, 12000, 'not_invoiced', 0, 10, ?, ?, ?, ?, 'offer_accepted', 1, 1)",
        (ds(start - timedelta(days=20)), ds(start), ds(start + timedelta(days=10)), ds(start + timedelta(days=30)),
         ds(start + timedelta(days=60)), ds(start + timedelta(days=90))),
    )


def _starts(items):
    return [i for i in items if i.kind == "start_confirm"]


def test_a_start_to_confirm_is_due_on_the_start_day_not_before(conn, today):
    _accepted(conn, today, today)
    assert _starts(_items(conn, today - timedelta(days=1))) == []
    item = next(iter(_starts(_items(conn, today))))
    assert (item.placement_id, item.person, item.company, item.bucket) == (2, "Maria Keller", "Nordwind Logistics",
                                                                           "today")


def test_confirming_the_start_moves_the_placement_to_started_and_undo_takes_it_back(conn, today):
    _accepted(conn, today, today - timedelta(days=3))
    item = next(iter(_starts(_items(conn, today))))
    due_store.mark_done(conn, item)
    assert conn.execute("SELECT status, version FROM placement WHERE id = 2").fetchone() == ("started", 2)
    items = _items(conn, today)
    assert _starts(items) == []
    assert [i.placement_id for i in items if i.kind == "guarantee_ending"].count(2) == 1  # its guarantee now runs
    due_store.undo_last(conn)
    assert conn.execute("SELECT status, version FROM placement WHERE id = 2").fetchone() == ("offer_accepted", 1)
    assert len(_starts(_items(conn, today))) == 1


def test_confirming_a_start_leaves_a_placement_that_fell_off_meanwhile(conn, today):
    _accepted(conn, today, today)
    item = next(iter(_starts(_items(conn, today))))
    conn.execute("UPDATE placement SET status = 'fell_off' WHERE id = 2")
    due_store.mark_done(conn, item)
    assert conn.execute("SELECT status FROM placement WHERE id = 2").fetchone() == ("fell_off",)


def test_snoozed_item_hidden_until_its_day(conn, today):
    item = _checkin(_items(conn, today))
    due_store.snooze(conn, item, today + timedelta(days=1))
    assert not any(i.key == item.key for i in _items(conn, today))
    tomorrow = today + timedelta(days=1)
    back = next(i for i in _items(conn, tomorrow) if i.key == item.key)
    assert back.snoozed and back.bucket == "overdue"


def test_logging_a_call_resets_last_contact_and_client_cadence(conn, today):
    before = {i.key for i in _items(conn, today) if i.kind == "client_checkin"}
    assert before
    due_store.log_activity(conn, "call_talked", "Happy with Maria", person_id=2, company_id=1)
    row = conn.execute("SELECT last_contact_at, version FROM person WHERE id = 2").fetchone()
    assert row[0] == ts(clock.utcnow()) and row[1] == 2
    assert not any(i.kind == "client_checkin" for i in _items(conn, today))


def test_note_is_not_a_touch(conn):
    due_store.log_activity(conn, "note", "Prefers email", person_id=1)
    assert conn.execute("SELECT last_contact_at FROM person WHERE id = 1").fetchone()[0] is None


def test_bad_activity_input_is_refused(conn):
    with pytest.raises(ValueError, match="kind"):
        due_store.log_activity(conn, "fax", "x", person_id=1)
    with pytest.raises(ValueError, match="person or a company"):
        due_store.log_activity(conn, "note", "x")


def test_an_action_is_one_transaction(conn):
    """A failure half-way (unknown person: foreign key) leaves nothing behind."""
    with pytest.raises(db.INTEGRITY_ERRORS):
        due_store.log_activity(conn, "call_talked", "x", person_id=999)
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == 0


def test_undo_restores_everything_an_action_wrote(conn, today):
    due_store.mark_done(conn, _checkin(_items(conn, today)))
    assert due_store.undo_last(conn) == 3  # due_state row, placement tick, activity
    assert _checkin(_items(conn, today)).bucket == "today"
    assert conn.execute("SELECT checkin_30_done_at, version FROM placement").fetchone() == (None, 1)
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == 0
    with pytest.raises(StoreError, match="nothing to undo"):
        due_store.undo_last(conn)


def test_undo_of_a_call_restores_last_contact(conn):
    due_store.log_activity(conn, "call_talked", "x", person_id=1)
    due_store.undo_last(conn)
    assert conn.execute("SELECT last_contact_at FROM person WHERE id = 1").fetchone()[0] is None
    assert conn.execute("SELECT first_contact_at FROM consent").fetchone()[0] is None


def test_stale_update_is_a_conflict_not_an_overwrite(conn):
    txn = journal.new_txn()
    with db.write(conn):
        journal.update(conn, txn, "person", 1, {"headline": "Ops lead"}, expected_version=1)
    with pytest.raises(Conflict, match="changed elsewhere"):
        with db.write(conn):
            journal.update(conn, journal.new_txn(), "person", 1, {"headline": "Stale"}, expected_version=1)
    assert conn.execute("SELECT headline FROM person WHERE id = 1").fetchone()[0] == "Ops lead"


def test_undo_refuses_when_the_row_changed_since(conn):
    due_store.log_activity(conn, "call_talked", "x", person_id=1)
    txn = journal.new_txn()
    with db.write(conn):
        journal.update(conn, txn, "person", 1, {"headline": "Later edit"})
    with pytest.raises(Conflict):
        with db.write(conn):
            journal.undo(conn, journal.last_txn(conn, ("activity",)))
    assert conn.execute("SELECT headline FROM person WHERE id = 1").fetchone()[0] == "Later edit"


def test_busy_database_is_a_clear_error(conn, db_path, monkeypatch):
    if db.is_server(db_path):
        pytest.skip("a SQLite file held by another writer (PostgreSQL locks rows: the writes' tests)")
    monkeypatch.setattr(db, "_WRITE_RETRIES", 2)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    conn.execute("PRAGMA busy_timeout = 10")
    try:
        with pytest.raises(StoreError, match="busy"):
            due_store.log_activity(conn, "note", "x", person_id=1)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_only_real_touches_reset_a_clients_cadence(conn, today):
    """Ticking a placement item or writing a note is not contact with the client."""
    due_store.mark_done(conn, _checkin(_items(conn, today)))
    due_store.log_activity(conn, "note", "Invoice query", person_id=2, company_id=1)
    due_store.log_activity(conn, "call_no_answer", "", person_id=2, company_id=1)
    assert any(i.kind == "client_checkin" for i in _items(conn, today))
    due_store.log_activity(conn, "email", "Quarterly check-in", person_id=2, company_id=1)
    assert not any(i.kind == "client_checkin" for i in _items(conn, today))


# --- done: retired for good, or back while its fact still holds (issue 9 item 3) -----------


def _kind(items, kind):
    return next((i for i in items if i.kind == kind), None)


def test_a_chased_invoice_is_back_after_the_chase_interval_until_paid(conn, today):
    from deskcrm.store.placements_write import set_fee_status

    set_fee_status(conn, 1, "invoiced", expected_version=None, on=today - timedelta(days=40))
    item = _kind(_items(conn, today), "invoice_overdue")
    assert item is not None and item.days_late == 10
    due_store.mark_done(conn, item)  # "chased today"
    assert _kind(_items(conn, today), "invoice_overdue") is None
    assert _kind(_items(conn, today + timedelta(days=6)), "invoice_overdue") is None
    back = _kind(_items(conn, today + timedelta(days=7)), "invoice_overdue")
    assert back is not None and back.key == item.key and back.snoozed  # shown as "↻ … late"
    set_fee_status(conn, 1, "paid", expected_version=None)
    assert _kind(_items(conn, today + timedelta(days=30)), "invoice_overdue") is None


def test_done_state_keeps_the_day_it_was_done(conn, today):
    item = _kind(_items(conn, today), "client_checkin")
    due_store.mark_done(conn, item)
    assert due_store.load_state(conn).done == {item.key: today}
    cadence = 30
    assert _kind(_items(conn, today + timedelta(days=cadence - 1)), "client_checkin") is None
    assert _kind(_items(conn, today + timedelta(days=cadence)), "client_checkin").key == item.key


def test_done_on_an_ended_guarantee_confirms_it_passed(conn, today):
    conn.execute("UPDATE placement SET guarantee_end = ? WHERE id = 1", (ds(today - timedelta(days=2)),))
    item = _kind(_items(conn, today), "guarantee_ending")
    assert item.title == "Guarantee ended — confirm passed"
    due_store.mark_done(conn, item)
    assert conn.execute("SELECT status FROM placement WHERE id = 1").fetchone() == ("guarantee_passed",)
    assert _kind(_items(conn, today + timedelta(days=30)), "guarantee_ending") is None
    due_store.undo_last(conn)
    assert conn.execute("SELECT status FROM placement WHERE id = 1").fetchone() == ("started",)


def test_done_on_a_guarantee_not_yet_ended_only_notes_it(conn, today):
    conn.execute("UPDATE placement SET guarantee_end = ? WHERE id = 1", (ds(today + timedelta(days=3)),))
    due_store.mark_done(conn, _kind(_items(conn, today), "guarantee_ending"))
    assert conn.execute("SELECT status FROM placement WHERE id = 1").fetchone() == ("started",)
    assert _kind(_items(conn, today + timedelta(days=3)), "guarantee_ending") is None
    assert _kind(_items(conn, today + timedelta(days=4)), "guarantee_ending").title == (
        "Guarantee ended — confirm passed")


def test_done_on_an_art14_notice_records_the_notice_as_sent(conn, today):
    conn.execute(
        "INSERT INTO consent (person_id, lawful_basis, sourced_at, version) VALUES (2, 'legitimate_interest', ?, 1)",
        (ds(today - timedelta(days=40)),),
    )
    item = _kind(_items(conn, today), "art14_notice")
    assert item is not None
    due_store.mark_done(conn, item)
    assert conn.execute("SELECT notice_sent_at FROM consent WHERE person_id = 2").fetchone() == (ds(today),)
    assert conn.execute("SELECT notice_sent_at FROM consent WHERE person_id = 1").fetchone() == ("2025-01-02",)
    due_store.undo_last(conn)
    assert conn.execute("SELECT notice_sent_at FROM consent WHERE person_id = 2").fetchone() == (None,)
    assert _kind(_items(conn, today), "art14_notice") is not None
