"""A move to Placed and its undo read every row they need through an index (issue 10, item 5:
≤ 5 ms p95 at 1M candidates — bench/fts_writes.py measures it; here the plans are checked)."""

from __future__ import annotations

import pytest
from moves_helpers import placement

from deskcrm.store import db, journal
from deskcrm.store.moves import move_submission


@pytest.fixture
def seeded_file(tmp_path, today):
    """The seeded desk as a FILE: these tests read SQLite's own query plans (PostgreSQL's
    planner picks its plans by its statistics; bench/ measures a move there)."""
    from seed import seed

    path = tmp_path / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    yield conn, ids, path
    conn.close()


def _plans(conn, statements: list[str]) -> dict[str, str]:
    plans = {}
    for sql in statements:
        if sql.lstrip().startswith("--") or sql.split(None, 1)[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA"):
            continue  # not a statement with a plan (a traced comment: SQLite's own data_version check)
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        plans[" ".join(sql.split())] = " | ".join(r[-1] for r in rows)
    return plans


def test_moving_to_placed_and_back_scans_no_table(seeded_file):
    conn, ids, _ = seeded_file
    sid = ids["sub_dev"]
    seen: list[str] = []
    conn.set_trace_callback(seen.append)  # every statement, with its values bound
    try:
        version = journal.row(conn, "submission", sid)["version"]
        moved = move_submission(conn, sid, "placed", expected_version=version, placement=placement(),
                                withdraw_others=True)
        with db.write(conn):
            journal.undo(conn, moved.txn)
    finally:
        conn.set_trace_callback(None)
    plans = _plans(conn, seen)
    last_rank = [plan for sql, plan in plans.items() if "max(rank)" in sql]
    assert last_rank and all("ix_placement_board" in plan for plan in last_rank)  # one row read, not a column
    # the desk's own definitions (custom fields, added stages: a handful of rows) are read whole
    definitions = ("FROM custom_field ", "FROM user_stage ")
    scans = {sql: plan for sql, plan in plans.items() if ("SCAN" in plan or "TEMP B-TREE" in plan)
             and not any(d in sql + " " for d in definitions)}
    assert scans == {}


def test_a_job_cards_counts_read_indexes_only(seeded_file):
    """Each job card counts the job's open submissions and live placements: from the (job_id,
    stage/status) indexes alone, not a table row per submission (``deskcrm jobs --json`` at 1M)."""
    from deskcrm.store import boards

    conn, _ids, _ = seeded_file
    conn.execute("ANALYZE")  # as a demo or the migration leaves it
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        boards.job_board(conn)
    finally:
        conn.set_trace_callback(None)
    plans = [plan for sql, plan in _plans(conn, seen).items() if "FROM submission s WHERE s.job_id" in sql]
    assert plans and all("COVERING INDEX ix_submission_job_stage" in p and "COVERING INDEX ix_placement_job_status" in p
                         for p in plans), plans
