"""A batch's statements of the journal's shapes run from plans the server keeps (``store.pg_plans``):
which statements are prepared, what a move stores through them (every value as typed, hostile ones
too), and a batch that fails (its new names forgotten, the next one prepares again)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("psycopg")

from deskcrm.store import db, journal  # noqa: E402
from deskcrm.store.errors import Conflict  # noqa: E402
from deskcrm.store.moves import move_job, move_submission  # noqa: E402
from deskcrm.store.pg import translate_sql  # noqa: E402
from deskcrm.store.pg_plans import MAX_PLANS, Plans  # noqa: E402

HOSTILE = ["[/]", "[@click=app.quit]x", "\x1b[31mred", "\u202egnp.exe", "it's 100% o'clock \\N %s %(x)s $1 ;--"]


def _t(sql: str) -> str:
    return translate_sql(sql)


@pytest.mark.parametrize("sql", [
    'SELECT * FROM "submission" WHERE "id" = ? FOR UPDATE',
    'SELECT * FROM "person" WHERE id = (SELECT "person_id" FROM "submission" WHERE id = ?) FOR UPDATE',
    "SELECT id, status FROM placement WHERE submission_id = ?",
    'INSERT INTO "activity" ("kind", "body", "at") VALUES (?, ?, ?) RETURNING *',
    "INSERT INTO event (at, actor_id, txn, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    'UPDATE "job_order" SET "stage" = ?, "version" = ? WHERE "id" = ? AND version = ? RETURNING *',
    'UPDATE "candidate_profile" SET "status" = ? WHERE "person_id" = ? RETURNING *',
])
def test_the_journals_shapes_are_prepared_once_then_executed(sql):
    plans = Plans()
    text = _t(sql)
    params = (1,) * text.count("%s")
    sent, prepare = plans.text(text, params)
    marks = ", ".join(["%s"] * len(params))
    assert sent == f"EXECUTE dk_1({marks})" and prepare is not None
    assert prepare.startswith("PREPARE dk_1 AS ") and "%s" not in prepare
    assert f"${len(params)}" in prepare and f"${len(params) + 1}" not in prepare
    plans.sent(True)
    assert plans.text(text, params) == (sent, None)


@pytest.mark.parametrize("sql", [
    "SELECT ?",  # a parameter with no column: the server could not type it
    "SELECT coalesce(max(rank), 0) + 1 FROM placement WHERE status = 'offer_accepted'",
    "UPDATE submission SET rank = ? + 1 WHERE id = ?",
    "SELECT count(*) FROM placement WHERE job_id = ? AND status NOT IN (?, ?)",
    "INSERT INTO event (at) SELECT ?",
    "NOTIFY deskcrm_changes",
    "BEGIN",
])
def test_other_statements_are_sent_as_they_are(sql):
    text = _t(sql)
    assert Plans().text(text, (1,) * text.count("%s")) == (text, None)


def test_named_parameters_are_sent_as_they_are():
    text = _t('SELECT * FROM "person" WHERE "id" = :id')
    assert Plans().text(text, {"id": 1}) == (text, None)


def test_a_failed_batch_forgets_its_new_names_and_never_reuses_one():
    plans = Plans()
    a, b = _t('SELECT * FROM "person" WHERE "id" = ?'), _t('SELECT * FROM "company" WHERE "id" = ?')
    plans.text(a, (1,))
    plans.sent(True)
    plans.text(b, (1,))
    plans.sent(False)  # b's PREPARE may or may not have run: its name is not used again
    assert plans.text(a, (1,)) == ("EXECUTE dk_1(%s)", None)
    sent, prepare = plans.text(b, (1,))
    assert sent == "EXECUTE dk_3(%s)" and prepare is not None and prepare.startswith("PREPARE dk_3 ")


def test_a_connection_prepares_at_most_max_plans():
    plans = Plans()
    for n in range(MAX_PLANS):
        plans.text(_t(f'SELECT * FROM "t{n}" WHERE "id" = ?'), (1,))
    plans.sent(True)
    text = _t('SELECT * FROM "one_more" WHERE "id" = ?')
    assert plans.text(text, (1,)) == (text, None)


def _prepared(conn) -> list[str]:
    if db.engine(conn) != "postgresql":
        return []
    return [r[0] for r in conn.execute("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'dk%'")]


@pytest.mark.parametrize("reason", HOSTILE)
def test_moves_through_prepared_plans_store_every_value_as_typed(seeded_store, reason):
    """On both engines: the second and third moves of a card run from the plans the first one
    made (PostgreSQL), and store what was typed; the journal has it; undo restores the card."""
    conn, ids, _ = seeded_store
    sid = ids["sub_dev"]
    version = journal.row(conn, "submission", sid)["version"]
    move_submission(conn, sid, "rejected_by_client", expected_version=version, exit_reason=reason)
    move_submission(conn, sid, "submitted", expected_version=version + 1)
    done = move_submission(conn, sid, "rejected_by_us", expected_version=version + 2, exit_reason=reason + "\n2")
    row = journal.row(conn, "submission", sid)
    assert (row["stage"], row["exit_reason"], row["version"]) == ("rejected_by_us", reason + "\n2", version + 3)
    bodies = [r[0] for r in conn.execute("SELECT body FROM activity WHERE submission_id = ? ORDER BY id DESC LIMIT 3",
                                         (sid,))]
    assert bodies[0].endswith(f"({reason}\n2)") and bodies[2].endswith(f"({reason})")
    events = conn.execute("SELECT after FROM event WHERE txn = ? AND entity = 'submission'", (done.txn,)).fetchall()
    assert len(events) == 1 and json.loads(events[0][0])["exit_reason"] == reason + "\n2"
    if db.engine(conn) == "postgresql":
        prepared = _prepared(conn)
        assert any(s.startswith('PREPARE dk_') and 'UPDATE "submission"' in s for s in prepared)
        assert any("INSERT INTO event" in s for s in prepared)
    journal.undo(conn, done.txn)
    assert journal.row(conn, "submission", sid)["stage"] == "submitted"


def test_a_stale_move_is_still_a_conflict_and_the_next_one_runs(seeded_store):
    conn, ids, _ = seeded_store
    job = ids["job_backend"]
    version = journal.row(conn, "job_order", job)["version"]
    move_job(conn, job, "on_hold", expected_version=version, reason="budget")
    with pytest.raises(Conflict):
        move_job(conn, job, "sourcing", expected_version=version)
    move_job(conn, job, "sourcing", expected_version=version + 1)
    assert journal.row(conn, "job_order", job)["stage"] == "sourcing"


def test_a_batch_that_fails_rolls_back_whole_and_the_next_one_prepares_again(seeded_store):
    """A failing statement after a new PREPARE in the same batch: the transaction is rolled back,
    the name is forgotten, and the same statement in the next batch runs (under a new name)."""
    conn, ids, _ = seeded_store
    if db.engine(conn) != "postgresql":
        pytest.skip("a batch is PostgreSQL's (on SQLite each statement runs on its own)")
    insert = 'INSERT INTO "activity" ("kind", "body", "at", "person_id") VALUES (?, ?, ?, ?) RETURNING *'
    before = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    with pytest.raises(Exception):
        with db.write(conn):
            db.execute_each(conn, [(insert, ("note", "kept?", "2026-11-18 10:00:00.000000", ids["dev"])),
                                   (insert, ("note", "no such person", "2026-11-18 10:00:00.000000", 10**9))])
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == before
    with db.write(conn):
        done = db.execute_each(conn, [(insert, ("note", "[/]\x1b[31m", "2026-11-18 10:00:00.000000", ids["dev"]))])
    assert journal.image(done[0])["body"] == "[/]\x1b[31m"
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == before + 1


def _pg_only(conn) -> None:
    if db.engine(conn) != "postgresql":
        pytest.skip("plans a PostgreSQL server keeps")


def _move_twice(conn, sid: int) -> None:
    version = journal.row(conn, "submission", sid)["version"]
    move_submission(conn, sid, "rejected_by_us", expected_version=version, exit_reason="x")
    move_submission(conn, sid, "submitted", expected_version=version + 1)


def test_psycopgs_deallocate_all_after_a_rollback_forgets_the_plans(seeded_store):
    """psycopg holds a prepared statement of its own; a Conflict rolls back, psycopg deallocates
    every statement: the next moves prepare theirs again and land."""
    conn, ids, _ = seeded_store
    _pg_only(conn)
    sid = ids["sub_dev"]
    _move_twice(conn, sid)
    conn.execute_prepared("SELECT id FROM person WHERE id = ?", (ids["dev"],)).fetchall()  # psycopg's own
    version = journal.row(conn, "submission", sid)["version"]
    with pytest.raises(Conflict):
        move_submission(conn, sid, "qualified", expected_version=version - 1)
    assert _prepared(conn) == []  # every plan deallocated by psycopg after the ROLLBACK
    _move_twice(conn, sid)
    assert journal.row(conn, "submission", sid)["version"] == version + 2 and _prepared(conn)


def test_plans_deallocated_around_the_connection_are_prepared_again(seeded_store):
    """A DEALLOCATE ALL the connection did not see (sent on the driver's connection): the next
    move's first batch finds its plan gone, is rolled back whole and sent again, prepared afresh."""
    conn, ids, _ = seeded_store
    _pg_only(conn)
    sid = ids["sub_dev"]
    _move_twice(conn, sid)
    activities = conn.execute("SELECT count(*) FROM activity").fetchone()[0]
    conn.raw.execute("DEALLOCATE ALL")
    _move_twice(conn, sid)
    assert conn.execute("SELECT count(*) FROM activity").fetchone()[0] == activities + 2
    assert journal.row(conn, "submission", sid)["stage"] == "submitted"
