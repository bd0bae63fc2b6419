"""A board move's journal images known before it runs (``store.journal_ahead``): on PostgreSQL a
one-stage move commits in two round trips, and on both engines what every kind of move journals
is exactly the rows the desk holds after it; a statement that fails in the last trip leaves
nothing written; a table the server may change rows of falls back to reading them back."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from moves_helpers import placement, tables

from deskcrm.domain import stages
from deskcrm.store import db, journal, journal_ahead
from deskcrm.store.errors import Conflict
from deskcrm.store.moves import move_job, move_placement, move_submission
from deskcrm.store.user_stages import add_stage

HOSTILE = "[/][@click=app.quit]\x1b[31m\u202egnp.exe it's 100% \\N %s"


def _exact(conn, txn: str) -> int:
    """Assert that each row ``txn`` wrote is journaled (its last event's after-image) exactly as
    the desk reads it back: the same JSON text, column order and value formats included."""
    last: dict[tuple[str, int], str | None] = {}
    for entity, key, after in conn.execute(
            "SELECT entity, entity_id, after FROM event WHERE txn = ? AND action IN ('insert', 'update') ORDER BY id",
            (txn,)):
        last[(entity, key)] = after
    assert last, "the move journaled nothing"
    for (entity, key), after in last.items():
        held = json.dumps(journal.row(conn, entity, key), default=str)
        if db.engine(conn) == "sqlite":  # SQLite's RETURNING gives a REAL column's whole number as 0.0, its
            held, after = json.loads(held), json.loads(after)  # SELECT as 0: the same value
        assert after == held, (entity, key)
    return len(last)


def _trips(conn) -> list[int]:
    """A counter of the round trips ``conn`` makes to a server (as bench/move_pg.py counts them)."""
    count = [0]
    for name in ("execute", "executemany", "execute_each"):
        plain = getattr(conn, name)

        def counted(*args, _plain=plain):
            count[0] += 1
            return _plain(*args)

        setattr(conn, name, counted)
    return count


def _version(conn, table: str, key: int) -> int:
    return journal.row(conn, table, key)["version"]


@pytest.fixture
def desk(seeded_store):
    yield seeded_store
    stages.set_added("submission", [])  # the registry of added stages is the process's: leave it as found


def test_every_kind_of_move_journals_exactly_the_rows_it_wrote_and_undo_restores_them(desk):
    conn, ids, _ = desk
    db.act_as(conn, 1)
    sid, job, dev = ids["sub_lena_backend"], ids["job_backend"], ids["sub_dev"]
    tech = f"u{add_stage(conn, 'Technical test', 'qualified').stage_id}"

    def sub(key: int, to: str, **how):
        return lambda: move_submission(conn, key, to, expected_version=_version(conn, "submission", key), **how)

    def jobs(to: str, **how):
        return lambda: move_job(conn, job, to, expected_version=_version(conn, "job_order", job), **how)

    def placed(to: str, **how):
        def move():
            key = conn.execute("SELECT id FROM placement WHERE submission_id = ?", (dev,)).fetchone()[0]
            return move_placement(conn, key, to, expected_version=_version(conn, "placement", key), **how)
        return move

    steps = [
        sub(sid, "qualified"), sub(sid, tech),
        sub(sid, "interviewing", interview_at=datetime(2026, 12, 3, 14, 30), interview_place='[/] "4" 100% \\N %s'),
        sub(sid, "rejected_by_client", exit_reason=HOSTILE), sub(sid, "submitted"),
        jobs("on_hold", reason=HOSTILE), jobs("closed_lost"), jobs("interviewing"),
        sub(dev, "placed", placement=placement(date(2026, 12, 1)), withdraw_others=True),
        placed("fell_off", reason=HOSTILE), placed("started"), placed("fell_off"),  # the job reopened, filled, reopened
        sub(dev, "offered"),  # and the candidate back from Placed
    ]
    for step in steps:
        before = tables(conn)
        done = step()
        _exact(conn, done.txn)
        journal.undo(conn, done.txn)
        assert tables(conn) == before  # the journal's before-images put the desk back exactly
        done = step()  # and once more, kept (the next step starts from it)
        _exact(conn, done.txn)
    assert journal.row(conn, "submission", dev)["stage"] == "offered"
    authors = conn.execute("SELECT DISTINCT author_id FROM activity WHERE submission_id IN (?, ?)", (sid, dev))
    assert authors.fetchall() == [(1,)]


def test_a_one_stage_move_on_a_server_commits_in_two_round_trips(seeded_store):
    conn, ids, _ = seeded_store
    if db.engine(conn) != "postgresql":
        pytest.skip("round trips to a server")
    sid, job = ids["sub_lena_backend"], ids["job_backend"]
    move_submission(conn, sid, "qualified", expected_version=_version(conn, "submission", sid))  # shapes read
    move_job(conn, job, "sourcing", expected_version=_version(conn, "job_order", job))
    trips = _trips(conn)
    for move, key, to, table in ((move_submission, sid, "submitted", "submission"),
                                 (move_job, job, "interviewing", "job_order")):
        version = _version(conn, table, key)
        trips[0] = 0
        done = move(conn, key, to, expected_version=version)
        assert trips[0] == 2
        _exact(conn, done.txn)


def test_a_statement_that_fails_in_the_last_trip_leaves_nothing_written(seeded_store):
    """The card's update and its activity travel with the journal's rows and the commit: an
    activity refused by a foreign key or a taken key aborts all of it, as the store's error."""
    conn, ids, _ = seeded_store
    sid = ids["sub_lena_backend"]
    taken = conn.execute("SELECT max(id) FROM activity").fetchone()[0]
    for links, key in (({"person_id": 10**9}, None), ({"person_id": ids["lena"]}, taken)):
        before = tables(conn)
        txn = journal.new_txn()
        with pytest.raises(db.INTEGRITY_ERRORS):  # as such a failure always left a write (store.db.write)
            with db.write(conn):
                sub = journal.row(conn, "submission", sid, lock=True)
                reserved = journal_ahead.key(db.execute_each(conn, journal_ahead.reserve(conn, "activity")))
                journal.update_and_insert(conn, txn, "submission", sub, {"stage": "qualified"}, "activity",
                                          {"kind": "stage_change", "body": "x", "at": "2026-11-18 10:00:00.000000",
                                           **links}, key=key or reserved)
        assert tables(conn) == before
        assert conn.execute("SELECT count(*) FROM event WHERE txn = ?", (txn,)).fetchone()[0] == 0
    done = move_submission(conn, sid, "qualified", expected_version=_version(conn, "submission", sid))
    _exact(conn, done.txn)  # the connection goes on


def test_a_stale_card_is_still_a_conflict_and_writes_nothing(seeded_store):
    conn, ids, _ = seeded_store
    sid = ids["sub_lena_backend"]
    version = _version(conn, "submission", sid)
    move_submission(conn, sid, "qualified", expected_version=version)
    before = tables(conn)
    with pytest.raises(Conflict):
        move_submission(conn, sid, "submitted", expected_version=version)
    assert tables(conn) == before


def test_a_table_whose_rows_the_server_changes_is_read_back(seeded_store):
    """A trigger that rewrites a column on update: the images cannot be known ahead, so the move
    reads the rows back (three round trips) and journals what the server made of them."""
    conn, ids, _ = seeded_store
    if db.engine(conn) != "postgresql":
        pytest.skip("a PostgreSQL trigger")
    conn.execute("CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS "
                 "$$ BEGIN NEW.source := upper(NEW.source); RETURN NEW; END $$")
    conn.execute("CREATE TRIGGER shout BEFORE UPDATE ON submission FOR EACH ROW EXECUTE FUNCTION shout()")
    sid = ids["sub_lena_backend"]
    source = journal.row(conn, "submission", sid)["source"]
    assert journal_ahead.shape(conn, "submission") is None and journal_ahead.shape(conn, "activity") is not None
    done = move_submission(conn, sid, "qualified", expected_version=_version(conn, "submission", sid))
    _exact(conn, done.txn)
    assert journal.row(conn, "submission", sid)["source"] == source.upper() != source


def test_only_values_the_server_reads_back_unchanged_are_known_ahead(seeded_store):
    conn, ids, _ = seeded_store
    if db.engine(conn) != "postgresql":
        assert journal_ahead.reserve(conn, "activity") == [] and journal_ahead.shape(conn, "activity") is None
        return
    sub = journal.row(conn, "submission", ids["sub_dev"])
    ok = {"stage": "qualified", "stage_changed_at": "2026-11-18 10:00:00.000000", "exit_reason": HOSTILE,
          "user_stage_id": None, "version": sub["version"] + 1}
    assert journal_ahead.updated(conn, "submission", sub, ok) == {**sub, **ok}
    for odd in ({"stage_changed_at": "2026-11-18 10:00"}, {"rank": 1.5}, {"version": True}, {"version": "2"},
                {"no_such_column": 1}, {"interview_at": datetime(2026, 11, 18)}):
        assert journal_ahead.updated(conn, "submission", sub, odd) is None, odd
    values = {"id": 10**6, "kind": "note", "body": "x", "at": "2026-11-18 10:00:00.000000"}
    assert list(journal_ahead.inserted(conn, "activity", values)) == list(
        journal.image(conn.execute("SELECT * FROM activity LIMIT 1")))
    job = {"id": 10**6, "company_id": ids["acme"], "title": "t"}  # custom has a default: not known ahead
    assert journal_ahead.inserted(conn, "job_order", job) is None


def test_the_keys_nextval_is_prepared_once_then_executed():
    from deskcrm.store.pg_plans import Plans

    plans = Plans()
    sql = "SELECT nextval('activity_id_seq')"
    assert plans.text(sql, ()) == ("EXECUTE dk_1", f"PREPARE dk_1 AS {sql}")
    plans.sent(True)
    assert plans.text(sql, ()) == ("EXECUTE dk_1", None)
    assert plans.text("SELECT nextval('x'); DROP TABLE y; --')", ()) == ("SELECT nextval('x'); DROP TABLE y; --')", None)
