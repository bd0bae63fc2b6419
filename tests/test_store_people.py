"""store.people.load_person: one record per human, every role, a merged timeline."""

from __future__ import annotations

from datetime import datetime

import pytest
from seed import seed

from deskcrm.store import db, people


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


def test_candidate_and_hiring_manager_on_one_record(desk):
    conn, ids = desk
    p = people.load_person(conn, ids["lena"])
    assert [r.text for r in p.roles] == [
        "Candidate (passive)",
        "Contact at Globex — Head of Data (hiring manager)",
        "Placed at Northwind Logistics in 2024",
        "Former contact at Acme Ltd — Backend Engineer (billing contact, left 2024-03-01)",
    ]
    assert [r.kind for r in p.roles] == ["candidate", "contact", "placed", "former_contact"]
    assert [r.current for r in p.roles] == [True, True, False, False]
    assert p.roles[1].company_id == ids["globex"] and p.roles[1].company == "Globex"
    # the same human is one row: one profile, both roles, nothing duplicated
    assert conn.execute("SELECT count(*) FROM person WHERE name = 'Lena Hoffmann'").fetchone() == (1,)
    c = p.profile
    assert (c.status, c.status_label, c.skills) == ("passive", "passive", ("Python", "SQL", "Airflow"))
    assert (c.current_salary, c.desired_salary, c.currency, c.notice_days, c.has_resume) == (
        98000, 110000, "EUR", 90, True,
    )
    assert p.emails == ("lena@example.com", "lena.h@proton.example")  # other_contacts included
    assert p.phones == ("+44 20 7946 0050", "+44 20 7946 0099")
    assert (p.owner_name, p.owner_initials, p.tags, p.location) == ("Sam Reed", "SR", ("fintech",), "Berlin, DE")
    assert p.linkedin_url.endswith("/lena-hoffmann") and p.version == 3 and not p.erased
    (consent,) = p.consents
    assert (consent.lawful_basis_label, consent.source, str(consent.expires_at)) == ("Consent", "Referral", "2028-03-14")


def test_submissions_with_stage_labels_and_placements_with_fee_status(desk):
    conn, ids = desk
    p = people.load_person(conn, ids["lena"])
    assert [(s.job_title, s.stage_label) for s in p.submissions] == [
        ("Senior Backend Engineer", "Submitted"),  # most recent stage change first
        ("Finance Controller", "Rejected by client"),
        ("Data Engineer", "Placed"),
    ]
    assert p.submissions[1].exit_reason == "Client chose an internal candidate"
    (pl,) = p.placements
    assert (pl.company, pl.job_title, pl.fee_amount, pl.fee_status_label, pl.status_label) == (
        "Northwind Logistics", "Data Engineer", 17600, "paid", "Guarantee passed",
    )


def test_placed_candidate_role(desk):
    conn, ids = desk
    ana = people.load_person(conn, ids["ana"])
    assert [r.text for r in ana.roles] == ["Candidate (placed)", "Placed at Globex in 2026"]
    assert ana.roles[1].current  # still in guarantee
    assert ana.placements[0].fee_status_label == "paid"
    ben = people.load_person(conn, ids["ben"])
    assert ben.placements[0].fee_status_label == "invoiced"


def test_contact_only(desk):
    conn, ids = desk
    bo = people.load_person(conn, ids["bo"])
    assert bo.profile is None
    assert [r.text for r in bo.roles] == ["Contact at Northwind Logistics — Head of Engineering (hiring manager)"]
    assert bo.submissions == () and bo.placements == ()


def test_timeline_newest_first_merging_activities_submissions_and_placements(desk):
    conn, ids = desk
    p = people.load_person(conn, ids["lena"])
    got = [(e.at.strftime("%Y-%m-%d %H:%M"), e.kind) for e in p.timeline]
    assert got == [
        ("2026-11-16 16:15", "call_talked"),
        ("2026-11-13 11:00", "stage_change"),
        ("2026-11-09 10:00", "submission"),
        ("2026-10-19 09:00", "email"),
        ("2026-09-04 10:00", "submission"),
        ("2024-05-20 09:00", "stage_change"),
        ("2024-05-20 00:00", "placement"),  # a date: below that day's timed entries
        ("2024-03-15 09:00", "submission"),
    ]
    ats = [e.at for e in p.timeline]
    assert ats == sorted(ats, reverse=True)
    assert p.timeline_total == 8
    call, stage, sub = p.timeline[:3]
    assert (call.label, call.job, call.activity_id is not None) == ("Call: talked", "Senior Backend Engineer", True)
    assert (stage.label, stage.body) == ("Stage change", "Moved to Submitted")
    assert (sub.label, sub.company, sub.job) == ("Submission", "Northwind Logistics", "Senior Backend Engineer")
    placement = p.timeline[6]
    assert placement.date_only and placement.body == "Offer accepted · salary EUR 88,000"


def test_timeline_limit_keeps_the_newest_and_counts_all(desk):
    conn, ids = desk
    p = people.load_person(conn, ids["lena"], timeline_limit=3)
    assert [e.kind for e in p.timeline] == ["call_talked", "stage_change", "submission"]
    assert p.timeline_total == 8


def test_a_new_activity_is_first(desk, today):
    from deskcrm.store import due_store

    conn, ids = desk
    due_store.log_activity(conn, "note", "Call back Monday", person_id=ids["lena"])
    first = people.load_person(conn, ids["lena"]).timeline[0]
    assert (first.kind, first.body, first.at) == ("note", "Call back Monday", datetime(2026, 11, 18, 9, 0))


def test_missing_person_is_none(desk):
    conn, _ = desk
    assert people.load_person(conn, 999_999) is None


def test_damaged_json_columns_do_not_break_the_record(desk):
    conn, ids = desk
    with db.write(conn):
        conn.execute(
            "UPDATE person SET other_contacts = 'not json', tags = '{\"a\": 1}', custom = '[1]' WHERE id = ?",
            (ids["lena"],),
        )
        conn.execute("UPDATE candidate_profile SET skills = '[' WHERE person_id = ?", (ids["lena"],))
    p = people.load_person(conn, ids["lena"])
    assert p.emails == ("lena@example.com",) and p.tags == () and p.custom == () and p.profile.skills == ()


def test_opening_a_person_reads_by_index(desk):
    conn, _ = desk
    if db.engine(conn) != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's (PostgreSQL's planner scans a table this small)")
    plans = []
    for sql in (
        "SELECT id FROM activity WHERE person_id = ? ORDER BY at DESC, id DESC LIMIT 200",
        "SELECT id FROM submission WHERE person_id = ?",
        "SELECT id FROM placement WHERE person_id = ?",
        "SELECT id FROM contact_role WHERE person_id = ?",
        "SELECT id FROM consent WHERE person_id = ?",
    ):
        plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", (1,)).fetchall())
        plans.append(plan)
        assert "USING" in plan and "INDEX" in plan, (sql, plan)
    assert "TEMP B-TREE" not in plans[0]  # the timeline walks the index newest first, then stops
