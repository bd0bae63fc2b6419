"""Two recruiters on one desk (issue 11, items 5 and 6): two connections, each signed
(``db.act_as``), on each engine under test. Whatever the interleaving, a save over a
colleague's is a visible Conflict carrying both values, never a lost write; a move of a card
the colleague just moved is refused; an edit of a person the colleague merged away is refused
by name, never written to a deleted row; undo refuses, naming the colleague, a record they
changed since.

The "while the other is saving" tests hold one recruiter's transaction open (its row locked)
while the other's action runs in a thread: on PostgreSQL the second waits on the row lock
(``store.locking``), on SQLite on the file's write lock; either way it then reads what the
first committed. The outcome does not depend on timing, only on the order of the commits.
"""

from __future__ import annotations

import threading
import time

import pytest
from seed import seed

from deskcrm.store import db, journal, merge, recruiters
from deskcrm.store.errors import Conflict, NotFound, StoreError
from deskcrm.store.moves import move_submission
from deskcrm.store.person_write import load_for_edit, update_person


@pytest.fixture
def team(desk_path, today):
    """(alex, sam, ids): two connections to one seeded desk, signed by two recruiters."""
    ids = seed(desk_path)  # Sam Reed (SR) is recruiter 1
    alex, sam = db.connect(desk_path), db.connect(desk_path)
    ids["alex_id"] = recruiters.add_recruiter(alex, "Alex Morgan", "AM").recruiter.id
    db.act_as(alex, ids["alex_id"])
    db.act_as(sam, 1)
    yield alex, sam, ids
    alex.close()
    sam.close()


def _while_held(holder, write, other_action):
    """Run ``write(holder)`` inside an open transaction on ``holder``, start ``other_action()``
    in a thread while that transaction still holds its rows, then commit. Returns what
    ``other_action`` returned or raised."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = other_action()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    with db.write(holder):
        write(holder)
        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(0.3)  # let it reach the lock (if it has not, it reads the commit anyway)
    thread.join(timeout=30)
    assert not thread.is_alive()
    return outcome


def _city(conn, pid) -> str | None:
    return conn.execute("SELECT city FROM person WHERE id = ?", (pid,)).fetchone()[0]


# --- item 5: the same person, the same card, a merge against an edit --------------------------


def test_two_recruiters_save_the_same_person_the_second_is_a_conflict_with_both_values(team):
    alex, sam, ids = team
    pid = ids["lena"]
    opened = load_for_edit(alex, pid)["version"]
    assert load_for_edit(sam, pid)["version"] == opened  # both forms open on the same version
    update_person(alex, pid, {"city": "Leeds"}, expected_version=opened)
    with pytest.raises(Conflict, match="changed elsewhere.*Alex Morgan") as err:
        update_person(sam, pid, {"city": "Bristol"}, expected_version=opened)
    assert (err.value.theirs["city"], err.value.yours["city"]) == ("Leeds", "Bristol")  # both values
    assert _city(sam, pid) == "Leeds"
    assert journal.row(sam, "person", pid)["version"] == opened + 1


def test_a_stale_form_save_names_the_colleague_with_both_values_for_the_form_to_show(team):
    """What ``screens.dialogs.form_conflict`` shows: ``Conflict.by`` (who saved), ``theirs`` and
    ``yours`` — for a person, a job order, a company (its fee agreement), a pool."""
    from deskcrm.domain import clock
    from deskcrm.store import companies_write, pools
    from deskcrm.store.moves import job_for_edit, update_job

    alex, sam, ids = team
    person = load_for_edit(sam, ids["lena"])
    job = job_for_edit(sam, ids["job_backend"]).version
    company = journal.row(sam, "company", ids["northwind"])["version"]
    pool = pools.create_pool(alex, "Rust").pool.id
    pool_version = pools.pool(sam, pool, clock.today()).version
    update_person(alex, ids["lena"], {"city": "Munich"}, expected_version=person["version"])
    update_job(alex, ids["job_backend"], {"city": "Munich"}, expected_version=job)
    companies_write.set_fee_agreement(alex, ids["northwind"], {"fee_percent": 25.0}, expected_version=company)
    pools.rename_pool(alex, pool, "Rust (contract)", pool_version)
    saves = [
        lambda: update_person(sam, ids["lena"], {"city": "Hamburg"}, expected_version=person["version"]),
        lambda: update_job(sam, ids["job_backend"], {"city": "Hamburg"}, expected_version=job),
        lambda: companies_write.set_fee_agreement(sam, ids["northwind"], {"fee_percent": 22.0},
                                                  expected_version=company),
        lambda: pools.rename_pool(sam, pool, "Rust (perm)", pool_version),
    ]
    for save, field, theirs, yours in zip(saves, ("city", "city", "fee_percent", "name"),
                                          ("Munich", "Munich", 25.0, "Rust (contract)"),
                                          ("Hamburg", "Hamburg", 22.0, "Rust (perm)")):
        with pytest.raises(Conflict) as err:
            save()
        assert (err.value.by, err.value.theirs[field], err.value.yours[field]) == ("Alex Morgan", theirs, yours)
    assert (_city(sam, ids["lena"]), journal.row(sam, "job_order", ids["job_backend"])["city"],
            journal.row(sam, "company", ids["northwind"])["fee_percent"]) == ("Munich", "Munich", 25.0)


def test_an_unsigned_colleague_is_not_named(desk_path, today):
    ids = seed(desk_path)
    first, second = db.connect(desk_path), db.connect(desk_path)  # nobody chosen on either
    try:
        opened = load_for_edit(first, ids["lena"])["version"]
        update_person(first, ids["lena"], {"city": "Munich"}, expected_version=opened)
        with pytest.raises(Conflict) as err:
            update_person(second, ids["lena"], {"city": "Hamburg"}, expected_version=opened)
        assert err.value.by is None  # the form says "Someone else"
    finally:
        first.close()
        second.close()


def test_a_save_made_while_a_colleague_is_saving_the_same_person_waits_then_conflicts(team):
    alex, sam, ids = team
    pid = ids["lena"]
    opened = load_for_edit(sam, pid)["version"]
    outcome = _while_held(
        alex,
        lambda c: journal.update(c, journal.new_txn(), "person", pid, {"city": "Leeds"}, expected_version=opened),
        lambda: update_person(sam, pid, {"city": "Bristol"}, expected_version=opened),
    )
    err = outcome.get("error")
    assert isinstance(err, Conflict), outcome  # never a lost write: Alex's city stays
    assert (err.theirs["city"], err.yours["city"]) == ("Leeds", "Bristol")
    assert _city(alex, pid) == "Leeds"
    assert journal.row(alex, "person", pid)["version"] == opened + 1


def test_two_recruiters_move_the_same_card_one_wins_the_other_is_refused(team):
    alex, sam, ids = team
    sid = ids["sub_dev"]
    seen = journal.row(sam, "submission", sid)["version"]
    move_submission(alex, sid, "offered", expected_version=seen)
    with pytest.raises(Conflict, match="changed elsewhere"):
        move_submission(sam, sid, "rejected_by_client", expected_version=seen)
    assert journal.row(sam, "submission", sid)["stage"] == "offered"


def test_a_move_made_while_a_colleague_moves_the_same_card_waits_then_is_refused(team):
    alex, sam, ids = team
    sid = ids["sub_dev"]
    seen = journal.row(sam, "submission", sid)["version"]
    outcome = _while_held(
        alex,
        lambda c: journal.update(c, journal.new_txn(), "submission", sid, {"stage": "offered"}, expected_version=seen),
        lambda: move_submission(sam, sid, "rejected_by_client", expected_version=seen),
    )
    assert isinstance(outcome.get("error"), Conflict), outcome
    row = journal.row(alex, "submission", sid)
    assert (row["stage"], row["version"]) == ("offered", seen + 1)
    moves = alex.execute("SELECT count(*) FROM event WHERE entity = 'submission' AND entity_id = ?", (sid,)).fetchone()
    assert moves == (1,)  # Alex's only: Sam's move wrote nothing


def test_an_edit_of_a_person_a_colleague_merged_away_is_refused_by_name(team):
    alex, sam, ids = team
    keep, gone = ids["lena"], ids["dev"]
    editing = load_for_edit(alex, gone)["version"]  # Alex opens Dev's form
    p = merge.merge_preview(sam, keep, gone)
    merge.merge(sam, keep, gone, keep_version=p.keep_version, drop_version=p.drop_version)
    kept_before = journal.row(alex, "person", keep)
    with pytest.raises(NotFound, match=f"person {gone} no longer exists \\(merged or deleted\\); nothing was saved"):
        update_person(alex, gone, {"city": "Leeds"}, expected_version=editing)
    assert journal.row(alex, "person", gone) is None  # nothing landed on the deleted row
    assert journal.row(alex, "person", keep) == kept_before  # nor on the record it joined


def test_a_merge_while_a_colleague_saves_the_dropped_person_waits_then_conflicts(team):
    alex, sam, ids = team
    keep, drop = ids["lena"], ids["dev"]
    p = merge.merge_preview(sam, keep, drop)
    outcome = _while_held(
        alex,
        lambda c: update_in(c, drop, {"city": "Leeds"}),
        lambda: merge.merge(sam, keep, drop, keep_version=p.keep_version, drop_version=p.drop_version),
    )
    assert isinstance(outcome.get("error"), Conflict), outcome
    assert "Dev Patel was changed elsewhere" in str(outcome["error"])
    assert _city(alex, drop) == "Leeds"  # Alex's edit is there, and Dev was not merged away


def update_in(conn, pid: int, values: dict) -> None:
    """An edit of ``pid`` inside the caller's open transaction (the form's save, uncommitted)."""
    journal.update(conn, journal.new_txn(), "person", pid, values)


# --- item 6: undo per recruiter, refused when a colleague changed the record since -------------


def test_undo_refuses_naming_the_colleague_who_changed_the_record_since(team):
    alex, sam, ids = team
    pid = ids["lena"]
    mine = update_person(alex, pid, {"city": "Leeds"}, expected_version=load_for_edit(alex, pid)["version"])
    update_person(sam, pid, {"headline": "Staff Engineer"}, expected_version=load_for_edit(sam, pid)["version"])
    with pytest.raises(Conflict, match=r"^Sam Reed changed the person “Lena Hoffmann” \(#\d+\) since; nothing undone$"):
        with db.write(alex):
            journal.undo(alex, mine.txn)
    row = journal.row(alex, "person", pid)
    assert (row["city"], row["headline"]) == ("Leeds", "Staff Engineer")  # nothing undone
    assert alex.execute("SELECT count(*) FROM event WHERE action LIKE 'undo%'").fetchone() == (0,)


def test_undo_of_ones_own_later_change_is_not_blamed_on_a_colleague(team):
    alex, sam, ids = team
    pid = ids["lena"]
    first = update_person(alex, pid, {"city": "Leeds"}, expected_version=load_for_edit(alex, pid)["version"])
    update_person(alex, pid, {"city": "York"}, expected_version=load_for_edit(alex, pid)["version"])
    with pytest.raises(Conflict) as err:
        with db.write(alex):
            journal.undo(alex, first.txn)
    assert "Sam Reed" not in str(err.value) and "can no longer be undone" in str(err.value)


def test_last_undoable_action_is_the_recruiters_own(team):
    alex, sam, ids = team
    pid = ids["lena"]
    mine = update_person(alex, pid, {"city": "Leeds"}, expected_version=load_for_edit(alex, pid)["version"])
    theirs = update_person(sam, ids["dev"], {"city": "York"}, expected_version=load_for_edit(sam, ids["dev"])["version"])
    assert journal.last_txn(alex, ("person",)) == mine.txn
    assert journal.last_txn(sam, ("person",)) == theirs.txn
    with db.write(alex):
        journal.undo(alex, journal.last_txn(alex, ("person",)))
    assert _city(alex, pid) != "Leeds" and _city(alex, ids["dev"]) == "York"  # Sam's edit stands


def test_a_deleted_row_is_not_found_not_a_driver_error(team):
    alex, _sam, ids = team
    with pytest.raises(NotFound, match="no longer exists"), db.write(alex):
        journal.update(alex, journal.new_txn(), "person", 999_999, {"city": "Leeds"})
    assert issubclass(NotFound, StoreError)


# --- a deadlock / serialization failure: Busy, the action run once more --------------------------


class _Deadlock(db.ServerError):
    """What the server says when two transactions wait on each other (it rolls one back)."""

    sqlstate = "40P01"


def test_a_deadlocked_move_is_run_once_more_and_lands_once(team, monkeypatch):
    from deskcrm.store import moves

    alex, _sam, ids = team
    sid = ids["sub_dev"]
    seen = journal.row(alex, "submission", sid)["version"]
    real, failures = moves.fetch_each, []

    def deadlocks_once(conn, rows, *also):  # the move's locking read of its rows
        if rows[0][0] == "submission" and not failures:
            failures.append(rows[0][1])
            raise _Deadlock("deadlock detected")
        return real(conn, rows, *also)

    monkeypatch.setattr(moves, "fetch_each", deadlocks_once)
    move_submission(alex, sid, "offered", expected_version=seen)
    row = journal.row(alex, "submission", sid)
    assert failures == [sid] and (row["stage"], row["version"]) == ("offered", seen + 1)
    assert alex.execute("SELECT count(*) FROM event WHERE entity = 'submission' AND entity_id = ?",
                        (sid,)).fetchone() == (1,)  # the move landed once


def test_a_second_deadlock_is_busy_with_a_clear_line(team, monkeypatch):
    from deskcrm.store import moves
    from deskcrm.store.errors import Busy, Locked

    alex, _sam, ids = team
    sid = ids["sub_dev"]
    seen = journal.row(alex, "submission", sid)["version"]

    def deadlocks(conn, *rows):
        raise _Deadlock("deadlock detected")

    monkeypatch.setattr(moves, "fetch_each", deadlocks)  # the move's locking read of its rows
    with pytest.raises(Busy, match="busy — a colleague was saving the same records at the same moment; try again"):
        move_submission(alex, sid, "offered", expected_version=seen)
    assert Locked is Busy  # the name before team mode still catches it
    assert journal.row(alex, "submission", sid)["version"] == seen
