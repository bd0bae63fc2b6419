"""Recruiters and authorship in the store (issue 11, item 4): adding, listing, correcting and
retiring a recruiter (each one journaled transaction), owners checked against the active ones,
and every activity and journal event written on a connection signed by its recruiter."""

from __future__ import annotations

import pytest
from moves_helpers import placement

from deskcrm.store import db, journal
from deskcrm.store.errors import Invalid
from deskcrm.store.recruiters import (
    actor_id,
    add_recruiter,
    desk_currency,
    edit_recruiter,
    list_recruiters,
    owner_id,
    retire_recruiter,
)


@pytest.fixture
def empty(db_path):
    conn = db.connect(db_path)
    yield conn
    conn.close()


def test_a_fresh_desk_has_none_then_one_added_is_listed_upper_cased(empty):
    assert list_recruiters(empty) == ()
    added = add_recruiter(empty, "  Alex   Morgan ", "am", target=400_000.0, email="alex@desk.example")
    assert added.recruiter.initials == "AM" and added.recruiter.name == "Alex Morgan"
    (r,) = list_recruiters(empty)
    assert (r.name, r.initials, r.email, r.target, r.active) == ("Alex Morgan", "AM", "alex@desk.example",
                                                                 400_000.0, True)
    assert "Alex Morgan (AM)" in added.message
    events = empty.execute("SELECT entity, action FROM event WHERE txn = ?", (added.txn,)).fetchall()
    assert events == [("recruiter", "insert")]


def test_initials_are_one_to_four_letters_and_unique_naming_the_holder(empty):
    add_recruiter(empty, "Alex Morgan", "AM")
    with pytest.raises(Invalid) as dup:
        add_recruiter(empty, "Amy Mills", "am")
    assert "Alex Morgan" in dup.value.field_errors["initials"] and "AM" in dup.value.field_errors["initials"]
    for bad in ("", "ABCDE", "A1", "A-M", "A M"):
        with pytest.raises(Invalid) as exc:
            add_recruiter(empty, "Someone", bad)
        assert "initials" in exc.value.field_errors
    with pytest.raises(Invalid) as exc:
        add_recruiter(empty, "  ", "ZZ")
    assert "name" in exc.value.field_errors
    with pytest.raises(Invalid) as exc:
        add_recruiter(empty, "Evil\x1b[31m", "EV")
    assert "name" in exc.value.field_errors
    assert [r.initials for r in list_recruiters(empty)] == ["AM"]


def test_edit_corrects_a_typo_and_retire_keeps_history(empty):
    add_recruiter(empty, "Alx Morgan", "AX", target=300_000.0)
    edited = edit_recruiter(empty, "ax", name="Alex Morgan", initials="AM", target=350_000.0)
    assert (edited.recruiter.name, edited.recruiter.initials, edited.recruiter.target) == ("Alex Morgan", "AM",
                                                                                           350_000.0)
    with pytest.raises(Invalid) as exc:
        edit_recruiter(empty, "ZZ", name="Nobody")
    assert "AM" in str(exc.value)  # names the known initials
    rid = edited.recruiter.id
    empty.execute("UPDATE recruiter SET active = TRUE WHERE id = ?", (rid,))
    retired = retire_recruiter(empty, "AM")
    assert retired.recruiter.active is False
    assert list_recruiters(empty)[0].active is False and list_recruiters(empty, active_only=True) == ()
    assert actor_id(empty, "AM") == rid  # still who wrote what they wrote


def test_owner_must_be_an_active_recruiter(empty):
    add_recruiter(empty, "Alex Morgan", "AM")
    add_recruiter(empty, "Priya Shah", "PS")
    assert owner_id(empty, "am") == 1 and owner_id(empty, None) is None and owner_id(empty, "") is None
    retire_recruiter(empty, "PS")
    with pytest.raises(Invalid) as exc:
        owner_id(empty, "PS")
    assert "retired" in exc.value.field_errors["owner"]
    with pytest.raises(Invalid) as exc:
        owner_id(empty, "QQ")
    assert "AM" in exc.value.field_errors["owner"] and "PS" not in exc.value.field_errors["owner"]


def test_desk_currency_is_the_main_fee_currency_else_eur(empty, seeded_store):
    assert desk_currency(empty) == "EUR"
    conn, _, _ = seeded_store
    assert desk_currency(conn) == "EUR"
    conn.execute("UPDATE company SET fee_currency = 'GBP'")
    assert desk_currency(conn) == "GBP"


def test_every_activity_and_event_on_a_signed_connection_has_its_author(seeded_store, today):
    from deskcrm.store import due_store, moves

    conn, ids, _ = seeded_store
    me = actor_id(conn, "SR")
    db.act_as(conn, me)
    txn = due_store.log_activity(conn, kind="call_talked", body="Discussed the offer", person_id=ids["dev"])
    txn = txn if isinstance(txn, str) else txn.txn
    moved = moves.move_submission(conn, ids["sub_dev"], "placed", expected_version=1, placement=placement())
    for t in (txn, moved.txn):
        assert conn.execute("SELECT count(*) FROM event WHERE txn = ? AND (actor_id IS NULL OR actor_id <> ?)", (t, me)).fetchone()[0] == 0
        authors = conn.execute(
            "SELECT a.author_id FROM activity a JOIN event e ON e.entity = 'activity' AND e.entity_id = a.id"
            " WHERE e.txn = ?", (t,)).fetchall()
        assert authors and all(a == (me,) for a in authors)
    with db.write(conn):
        journal.undo(conn, moved.txn)
    undo_rows = conn.execute("SELECT actor_id FROM event WHERE action LIKE 'undo%' ORDER BY id").fetchall()
    assert undo_rows and all(r == (me,) for r in undo_rows)  # who undid


def test_an_unsigned_connection_writes_no_author(seeded_store, today):
    from deskcrm.store import due_store

    conn, ids, _ = seeded_store
    result = due_store.log_activity(conn, kind="note", body="n", person_id=ids["dev"])
    txn = result if isinstance(result, str) else result.txn
    assert conn.execute("SELECT actor_id FROM event WHERE txn = ?", (txn,)).fetchall() == [(None,)]


def test_a_job_owner_is_set_by_initials_and_an_unchanged_retired_owner_stays(seeded_store, today):
    from deskcrm.store import jobs_write

    conn, ids, _ = seeded_store
    add_recruiter(conn, "Priya Shah", "PS")
    made = jobs_write.create_job(conn, ids["acme"], {"title": "QA Lead", "owner": "ps"})
    job = journal.row(conn, "job_order", made.job_id)
    assert job["owner_id"] == owner_id(conn, "PS")
    with pytest.raises(Invalid) as exc:
        jobs_write.create_job(conn, ids["acme"], {"title": "QA Lead 2", "owner": "ZZ"})
    assert "owner" in exc.value.field_errors
    moved = jobs_write.update_job(conn, made.job_id, {"owner": "SR"}, expected_version=1)
    body = conn.execute("SELECT body FROM activity WHERE job_id = ? ORDER BY id DESC LIMIT 1",
                        (made.job_id,)).fetchone()[0]
    assert "owner PS → SR" in body and moved.txn
    retire_recruiter(conn, "SR")
    kept = jobs_write.update_job(conn, made.job_id, {"owner": "SR", "title": "QA Lead (Berlin)"}, expected_version=2)
    assert kept.txn and journal.row(conn, "job_order", made.job_id)["owner_id"] == actor_id(conn, "SR")
    assert jobs_write.job_for_edit(conn, made.job_id).values["owner"] == "SR"
