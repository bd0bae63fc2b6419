"""Every read the screens and the CLI make gives the same view on PostgreSQL as on SQLite: the
seeded desk on each engine, every section's view (dataclasses, rows) compared whole, in a zone
east of UTC so that local days are exercised. Runs when ``$DESKCRM_TEST_ENGINES`` names both."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from seed import TODAY, seed

from deskcrm.domain.due import compute_due
from deskcrm.store import account, bd_board, board_rows, boards, clients, db, due_store, people, records
from deskcrm.store import submission_list
from deskcrm.work.due_list import compute_for

pytestmark = pytest.mark.skipif(
    "postgresql" not in __import__("conftest")._engines(), reason="DESKCRM_TEST_ENGINES does not name postgresql"
)


def _views(conn) -> dict[str, object]:
    """What each section reads, by name."""
    ids = lambda table: [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]  # noqa: E731
    out: dict[str, object] = {}
    for day in (TODAY - timedelta(days=40), TODAY, TODAY + timedelta(days=40)):
        facts = due_store.load_facts(conn, day)
        out[f"due facts {day}"] = facts
        out[f"due {day}"] = compute_due(facts, day, state=due_store.load_state(conn))
    out["due state"] = due_store.load_state(conn)
    for text in ("", "acme", "SR", "ZZZ", "100%"):
        out[f"jobs {text!r}"] = boards.job_board(conn, text=text, include_closed=True)
        out[f"placements {text!r}"] = boards.placement_board(conn, text=text, include_exits=True)
        out[f"bd {text!r}"] = bd_board.bd_board(conn, text=text, include_exits=True)
    out["jobs by owner"] = boards.job_board(conn, owner="sr")
    for jid in ids("job_order"):
        out[f"pipeline {jid}"] = boards.job_pipeline(conn, jid)
        out[f"header {jid}"] = boards.job_header(conn, jid)
        out[f"submissions of job {jid}"] = submission_list.list_submissions(conn, job_id=jid)
    out["job rows"] = list(board_rows.job_rows(conn, ("intake", "sourcing", "submitting", "interviewing", "offer",
                                                      "placed", "closed_filled")))
    out["placement rows"] = list(board_rows.placement_rows(conn, ("offer_accepted", "started", "guarantee_passed",
                                                                  "fell_off"), TODAY))
    out["placement rows, 2"] = list(board_rows.placement_rows(conn, ("started",), TODAY, most=2))
    out["submissions"] = list(submission_list.submissions(conn, limit=5))
    out["submission count"] = submission_list.count_submissions(conn)
    for sort in ("name", "checkin", "value"):
        for overdue in (False, True):
            for active in (False, True):
                f = clients.ClientFilter(sort=sort, overdue=overdue, active=active)
                out[f"clients {f}"] = clients.list_clients(conn, f, today=TODAY)
                out[f"client count {f}"] = clients.count_clients(conn, f, today=TODAY)
    out["mine"] = clients.list_clients(conn, clients.ClientFilter(mine=True), today=TODAY, me="SR")
    for cid in ids("company"):
        out[f"account {cid}"] = account.load_account(conn, cid, today=TODAY)
        out[f"details of company {cid}"] = records.load_details(conn, company_id=cid)
    for pid in ids("person"):
        out[f"person {pid}"] = people.load_person(conn, pid)
        out[f"details of person {pid}"] = records.load_details(conn, person_id=pid)
        out[f"submissions of person {pid}"] = submission_list.list_submissions(conn, person_id=pid)
    for plid in ids("placement"):
        out[f"details of placement {plid}"] = records.load_details(conn, placement_id=plid)
    for jid in ids("job_order"):
        out[f"details of job {jid}"] = records.load_details(conn, job_id=jid)
    for sid in ids("submission"):
        out[f"details of submission {sid}"] = records.load_details(conn, submission_id=sid)
    return out


def test_every_section_reads_the_same_on_both_engines(tmp_path, pg_desk_copy, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    seen = {}
    for path in (tmp_path / "desk.db", pg_desk_copy):
        seed(path)
        with db.reading(path) as conn:
            seen[db.engine(conn)] = _views(conn)
        seen[f"{db.engine(conn)} launch"] = compute_for(path, TODAY, due_store.DueSettings())
    lite, pg = seen["sqlite"], seen["postgresql"]
    assert list(lite) == list(pg)
    for name in lite:
        assert pg[name] == lite[name], name
    assert seen["postgresql launch"] == seen["sqlite launch"] == lite[f"due {TODAY}"]
