"""Issue 12, the writing half of an import (items 4, 5, 6): the plan (dry run), one batch written
all or nothing, and undo — on each engine of ``$DESKCRM_TEST_ENGINES`` (``seeded_store``).

Rows are built as ``MappedRow``s directly (the reading half makes them from files). The seeded
desk (tests/seed.py) has Ana Silva (ana@example.com, +44 20 7946 0001, London, no LinkedIn),
Lena Hoffmann (linkedin.com/in/lena-hoffmann) and Cara Diaz, a contact at Acme Ltd.
"""

from __future__ import annotations

import pytest
from moves_helpers import tables

from deskcrm.store import db, person_write
from deskcrm.store.errors import Conflict
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.apply import ImportRefused, apply_import, planner_for
from deskcrm.store.imports.batches import list_batches, undo_batch


def rows(*values: dict[str, str]) -> list[MappedRow]:
    return [MappedRow(i + 2, v) for i, v in enumerate(values)]


def plan(conn, kind: str, given: list[MappedRow], *, overwrite: bool = False) -> dict[int, object]:
    planner = planner_for(conn, kind, overwrite=overwrite)
    return {p.line: p for chunk in planner.chunks(given) for p in chunk}


def run(conn, kind: str, given: list[MappedRow], **kw):
    return apply_import(conn, given, kind=kind, file_name="test.csv", format="generic", mapping="", **kw)


@pytest.fixture
def desk(seeded_store):
    """The seeded desk with its search index built (as every real desk's is)."""
    from deskcrm.store.search_index import rebuild_person_index

    conn = seeded_store[0]
    with db.write(conn):
        rebuild_person_index(conn)
    return seeded_store


def index_rows(conn) -> list[tuple]:
    sql = "SELECT * FROM person_fts" if db.engine(conn) == "postgresql" else "SELECT rowid, * FROM person_fts"
    return sorted(conn.execute(sql).fetchall(), key=repr)


def everything(conn) -> dict[str, list[tuple]]:
    """Every table, the journal and the batches too, and the search index."""
    out = tables(conn)
    for name in ("event", "import_batch"):
        out[name] = sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
    out["person_fts"] = index_rows(conn)
    return out


def records(conn) -> dict[str, list[tuple]]:
    """Every table but the journal and the batches (what undo must put back exactly), the index too."""
    out = tables(conn)
    out.pop("import_batch", None)
    out["person_fts"] = index_rows(conn)
    return out


MIXED = (
    {"full_name": "Ana Silva", "email": "ANA@example.com", "linkedin": "linkedin.com/in/ana-silva", "city": "Porto"},
    {"full_name": "Nina Brandt", "email": "nina@new.example", "company": "Acme Ltd", "title": "CTO", "skills": "go, k8s"},
    {"first_name": "Omar", "last_name": "Haddad", "company": "Brand New Co", "phone": "+49 30 1234567"},
    {"full_name": "Pia Lund", "email": "pia@new.example", "tags": "fintech", "notes": "met at a meetup"},
)


def test_dry_run_writes_nothing(desk):
    conn, _ids, _path = desk
    before = everything(conn)
    planned = plan(conn, "people", rows(*MIXED, {"full_name": "Bad", "email": "not-an-email"}))
    assert [p.action for p in planned.values()] == ["update", "new", "new", "new", "error"]
    assert everything(conn) == before


def test_in_file_duplicates_name_the_earlier_line(desk):
    conn, _ids, _path = desk
    planned = plan(conn, "people", rows(
        {"full_name": "Rita Moss", "email": "rita@x.example", "phone": "+49 170 1111111",
         "linkedin": "https://www.linkedin.com/in/rita-moss", "company": "Kappa AG"},
        {"full_name": "R. Moss", "email": "Rita@X.example"},
        {"full_name": "Someone", "phone": "0049 170 1111111"},
        {"full_name": "Other", "linkedin": "linkedin.com/in/RITA-MOSS/"},
        {"full_name": "Rita Mos", "company": "KAPPA"},
        {"full_name": "Rita Moss", "company": "Lambda"},
    ))
    assert planned[2].action == "new"
    assert planned[3].action == "duplicate" and planned[3].reason == "same email rita@x.example as line 2 (Rita Moss)"
    assert planned[4].action == "duplicate" and "same phone +491701111111 as line 2" in planned[4].reason
    assert planned[5].action == "duplicate" and "same LinkedIn linkedin.com/in/rita-moss as line 2" in planned[5].reason
    assert planned[6].action == "duplicate" and planned[6].reason.startswith("similar name at KAPPA (")
    assert planned[7].action == "new"  # the same name at another company: a namesake


def test_matches_to_existing_records(desk):
    conn, ids, _path = desk
    planned = plan(conn, "people", rows(
        {"full_name": "Ana S.", "email": "Ana@Example.com"},
        {"full_name": "L. Hoffmann", "linkedin": "http://linkedin.com/in/Lena-Hoffmann?trk=x"},
        {"full_name": "Unknown Caller", "phone": "+44 (0)20 7946 0001"},
        {"full_name": "Cara Dias", "company": "ACME LTD."},
    ))
    assert (planned[2].action, planned[2].record_id) == ("unchanged", ids["ana"])
    assert planned[3].record_id == ids["lena"] and planned[3].action in ("update", "unchanged")
    assert (planned[4].action, planned[4].record_id) == ("duplicate", ids["ana"])
    assert planned[4].reason == f"same phone +442079460001 as #{ids['ana']} Ana Silva"
    assert (planned[5].action, planned[5].record_id) == ("duplicate", ids["cara"])
    assert planned[5].reason.startswith("similar name at Acme Ltd (") and "Cara Diaz" in planned[5].reason
    both = plan(conn, "people", rows(
        {"full_name": "Ana Silva", "email": "ana@example.com", "linkedin": "linkedin.com/in/lena-hoffmann"}))[2]
    assert both.action == "duplicate"  # one person's email, another's profile: which one is it?
    assert both.reason == (f"same email ana@example.com as #{ids['ana']} Ana Silva; "
                           f"same LinkedIn linkedin.com/in/lena-hoffmann as #{ids['lena']} Lena Hoffmann")


def test_never_overwrites_a_value_unless_asked(desk):
    conn, ids, _path = desk
    given = rows({"full_name": "Ana Silva", "email": "ana@example.com", "city": "Porto",
                  "linkedin": "linkedin.com/in/ana-silva"})
    fields = {c.field: c for c in plan(conn, "people", given)[2].changes}
    assert fields["city"].kept and (fields["city"].old, fields["city"].new) == ("London", "Porto")
    assert not fields["linkedin_url"].kept
    run(conn, "people", given)
    city, linkedin, norm = conn.execute("SELECT city, linkedin_url, linkedin_norm FROM person WHERE id = ?",
                                        (ids["ana"],)).fetchone()
    assert (city, linkedin, norm) == ("London", "https://www.linkedin.com/in/ana-silva", "linkedin.com/in/ana-silva")
    run(conn, "people", rows({"full_name": "Ana Silva", "email": "ana@example.com", "city": "Porto"}), overwrite=True)
    assert conn.execute("SELECT city FROM person WHERE id = ?", (ids["ana"],)).fetchone()[0] == "Porto"


def test_a_batch_brings_people_companies_roles_and_index_rows(desk):
    conn, ids, _path = desk
    done = run(conn, "people", rows(*MIXED))
    assert done.counts == {"new": 3, "update": 1, "unchanged": 0, "duplicate": 0, "error": 0}
    nina = conn.execute("SELECT id, source FROM person WHERE email_norm = 'nina@new.example'").fetchone()
    assert nina[1] == "Import: test.csv"
    role = conn.execute("SELECT c.name, r.title FROM contact_role AS r JOIN company AS c ON c.id = r.company_id"
                        " WHERE r.person_id = ?", (nina[0],)).fetchall()
    assert role == [("Acme Ltd", "CTO")]  # matched, not created again
    assert conn.execute("SELECT count(*) FROM company WHERE name = 'Brand New Co'").fetchone()[0] == 1
    assert conn.execute("SELECT skills, current_employer FROM candidate_profile WHERE person_id = ?",
                        (nina[0],)).fetchone() == ('["go", "k8s"]', "Acme Ltd")
    assert conn.execute("SELECT count(*) FROM consent WHERE person_id = ?", (nina[0],)).fetchone()[0] == 1
    from deskcrm.store.duplicates import find_duplicates

    found = find_duplicates(conn, {"name": "Nina Brandt", "current_employer": "Acme Ltd"})
    assert [m.person_id for m in found] == [nina[0]]  # the search index has her, with her employer
    assert [(b.id, b.kind, b.state) for b in list_batches(conn)] == [(done.batch_id, "people", "done")]


def test_an_error_anywhere_writes_nothing(desk):
    conn, _ids, _path = desk
    before = everything(conn)
    many = [{"full_name": f"Person {i}", "email": f"p{i}@bulk.example"} for i in range(2500)]
    many[2100] = {"full_name": "Broken", "salary": "lots"}
    with pytest.raises(ImportRefused) as refused:
        run(conn, "people", rows(*many))
    assert str(refused.value).startswith('line 2102, salary "lots": not an amount')
    assert everything(conn) == before


def test_undo_restores_exactly(desk):
    conn, _ids, _path = desk
    before = records(conn)
    done = run(conn, "people", rows(*MIXED))
    assert records(conn) != before
    undo_batch(conn, done.batch_id)
    assert records(conn) == before
    assert [b.state for b in list_batches(conn)] == ["undone"]
    with pytest.raises(Exception, match="undone already"):
        undo_batch(conn, done.batch_id)


def test_undo_after_other_work_and_refusing_what_a_colleague_changed(desk):
    conn, ids, _path = desk
    done = run(conn, "people", rows(*MIXED))
    nina = conn.execute("SELECT id, version FROM person WHERE email_norm = 'nina@new.example'").fetchone()
    other = person_write.create_person(conn, {"name": "Walk In", "source": "Referral"})  # other work: kept
    db.act_as(conn, 1)  # Sam Reed edits an imported person
    person_write.update_person(conn, nina[0], {"headline": "VP Engineering"}, expected_version=nina[1])
    db.act_as(conn, None)
    kept = everything(conn)
    with pytest.raises(Conflict) as refused:
        undo_batch(conn, done.batch_id)
    assert "“Nina Brandt”" in str(refused.value) and "Sam Reed" in str(refused.value)
    assert "nothing was undone" in str(refused.value)
    assert everything(conn) == kept
    assert conn.execute("SELECT name FROM person WHERE id = ?", (other.person_id,)).fetchone() == ("Walk In",)


def test_a_placements_file_links_person_company_and_job(desk):
    conn, ids, _path = desk
    given = rows(
        {"person": "Ana Silva", "company": "Northwind Logistics", "job": "Data Engineer", "start_date": "2026-01-05",
         "salary": "90k", "fee_percent": "20"},
        {"person_email": "george@example.com", "company": "Brand New AG", "job": "Platform Lead",
         "start_date": "2026-12-20", "salary": "100,000", "fee": "25k"},
        {"person": f"#{ids['dev']}", "company": "Acme Ltd", "job": "Platform Lead", "start_date": "2026-12-01",
         "salary": "80000"},
        {"person": "Ana Silva", "company": "Northwind Logistics", "job": "Data Engineer", "start_date": "2026-01-05",
         "salary": "90k"},
    )
    planned = plan(conn, "placements", given)
    assert [p.action for p in planned.values()] == ["new", "new", "new", "duplicate"]
    before = records(conn)
    done = run(conn, "placements", given)
    placed = conn.execute(
        "SELECT p.person_id, c.name, j.title, j.company_id = p.company_id, p.fee_amount, p.guarantee_end"
        " FROM placement AS p JOIN company AS c ON c.id = p.company_id JOIN job_order AS j ON j.id = p.job_id"
        " WHERE p.id > 4 ORDER BY p.id").fetchall()
    assert placed == [
        (ids["ana"], "Northwind Logistics", "Data Engineer", 1, 18000.0, "2026-04-05"),
        (ids["george"], "Brand New AG", "Platform Lead", 1, 25000.0, "2027-03-20"),
        (ids["dev"], "Acme Ltd", "Platform Lead", 1, 14400.0, "2027-03-01"),  # Acme's agreement: 18 %
    ]
    undo_batch(conn, done.batch_id)
    assert records(conn) == before


def test_activities_attach_to_their_person(desk):
    conn, ids, _path = desk
    given = rows({"person_email": "ana@example.com", "kind": "Call: talked", "at": "2026-11-17 16:30", "body": "Q1"},
                 {"person": "Ana Silva", "kind": "note", "at": "2026-11-17", "body": "a note"},
                 {"person": "Nobody", "kind": "note", "at": "2026-11-17"})
    planned = plan(conn, "activities", given)
    assert planned[4].action == "error" and planned[4].column == "person"
    run(conn, "activities", given[:2])
    found = conn.execute("SELECT kind, body FROM activity WHERE person_id = ? AND body IN ('Q1', 'a note')"
                         " ORDER BY kind", (ids["ana"],)).fetchall()
    assert found == [("call_talked", "Q1"), ("note", "a note")]
    last = conn.execute("SELECT last_contact_at FROM person WHERE id = ?", (ids["ana"],)).fetchone()[0]
    assert last.startswith("2026-11-17 16:30")  # TZ=UTC in the tests
    again = plan(conn, "activities", given[:2])
    assert [p.action for p in again.values()] == ["duplicate", "duplicate"]


def test_undo_refuses_when_a_later_record_refers_to_an_imported_one(desk):
    conn, _ids, _path = desk
    done = run(conn, "people", rows(*MIXED))
    pia = conn.execute("SELECT id FROM person WHERE email_norm = 'pia@new.example'").fetchone()[0]
    from deskcrm.store import journal

    with db.write(conn):  # a colleague's activity on an imported person, written as any write is
        journal.insert(conn, journal.new_txn(), "activity",
                       {"kind": "note", "body": "called back", "at": "2026-11-18 09:00:00.000000", "person_id": pia})
    kept = everything(conn)
    with pytest.raises(Conflict, match="“Pia Lund”.*activity #"):
        undo_batch(conn, done.batch_id)
    assert everything(conn) == kept


def test_the_journal_undoes_an_import_as_any_write(desk):
    """ctrl+z right after an import replays the same txn through ``journal.undo``."""
    conn, _ids, _path = desk
    before = records(conn)
    done = run(conn, "people", rows(*MIXED))
    from deskcrm.store import journal

    with db.write(conn):
        journal.undo(conn, done.txn)
    assert records(conn) == before


def test_contacts_companies_and_jobs_files(desk):
    conn, ids, _path = desk
    before = records(conn)
    contacts = run(conn, "contacts", rows(
        {"full_name": "Hugo Park", "email": "hugo@acme.example", "company": "Acme Ltd", "title": "VP Sales",
         "hiring_manager": "yes"}))
    hugo = conn.execute("SELECT id FROM person WHERE email_norm = 'hugo@acme.example'").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM candidate_profile WHERE person_id = ?", (hugo,)).fetchone()[0] == 0
    assert conn.execute("SELECT title, is_hiring_manager FROM contact_role WHERE person_id = ?",
                        (hugo,)).fetchone() == ("VP Sales", 1)
    planned = plan(conn, "companies", rows({"name": "ACME Ltd.", "website": "https://acme.example", "industry": "Retail"},
                                           {"name": "Zeta Works", "bd_stage": "Meeting"},
                                           {"name": "zeta works ltd"},
                                           {"name": "Bad Stage", "bd_stage": "Maybe"}))
    assert [p.action for p in planned.values()] == ["update", "new", "duplicate", "error"]
    assert {c.field: c.kept for c in planned[2].changes} == {"website": False, "industry": True}
    companies = run(conn, "companies", rows({"name": "ACME Ltd.", "website": "https://acme.example"},
                                            {"name": "Zeta Works", "bd_stage": "Meeting"}))
    assert conn.execute("SELECT website, web_domain FROM company WHERE id = ?", (ids["acme"],)).fetchone() == (
        "https://acme.example", "acme.example")
    assert conn.execute("SELECT bd_stage FROM company WHERE name = 'Zeta Works'").fetchone() == ("meeting",)
    jobs = run(conn, "jobs", rows({"title": "ML Engineer", "company": "Zeta Works", "status": "Sourcing",
                                   "openings": "2", "salary_max": "100k"},
                                  {"title": "ml engineer", "company": "ZETA WORKS"}))
    assert jobs.counts["new"] == 1 and jobs.counts["duplicate"] == 1
    assert conn.execute("SELECT j.stage, j.openings, j.comp_max FROM job_order AS j JOIN company AS c"
                        " ON c.id = j.company_id WHERE c.name = 'Zeta Works'").fetchall() == [("sourcing", 2, 100000.0)]
    for done in (jobs, companies, contacts):  # newest first: the jobs are at a company a later batch made
        undo_batch(conn, done.batch_id)
    assert records(conn) == before


def test_created_rows_are_journaled_by_their_keys_and_undone_only_while_unchanged(desk):
    """One ``insert_ids`` event per table and chunk (not one JSON image per row); undo deletes
    exactly those rows, and refuses — naming the person — when one was saved since (its version)."""
    conn, _ids, _path = desk
    before = records(conn)
    many = [{"full_name": f"Bulk Person {i}", "email": f"b{i}@bulk.example", "company": "Acme Ltd"}
            for i in range(2500)]
    done = run(conn, "people", rows(*many))
    events = conn.execute("SELECT entity, action, count(*) FROM event WHERE txn = ? GROUP BY entity, action"
                          " ORDER BY entity", (done.txn,)).fetchall()
    assert events == [("candidate_profile", "insert_ids", 3), ("consent", "insert_ids", 3),
                      ("contact_role", "insert_ids", 3), ("person", "insert_ids", 3)]
    pid, version = conn.execute("SELECT id, version FROM person WHERE email_norm = 'b0@bulk.example'").fetchone()
    with db.write(conn):  # a save the journal does not see (an old client): the version tells
        conn.execute("UPDATE person SET headline = 'CTO', version = ? WHERE id = ?", (version + 1, pid))
    kept = everything(conn)
    with pytest.raises(Conflict, match="“Bulk Person 0”.*changed since the import"):
        undo_batch(conn, done.batch_id)
    assert everything(conn) == kept
    with db.write(conn):
        conn.execute("UPDATE person SET headline = NULL, version = 1 WHERE id = ?", (pid,))
    undo_batch(conn, done.batch_id)
    assert records(conn) == before


def test_two_rows_of_a_chunk_updating_one_person_both_land_and_undo(desk):
    """One row finds her by email, the next by LinkedIn (another email): the second is planned
    once the first is written, against her new version — not a conflict with ourselves."""
    conn, _ids, _path = desk
    pat = person_write.create_person(conn, {"name": "Pat Two", "source": "Referral", "email": "pat@two.example",
                                            "linkedin_url": "https://www.linkedin.com/in/pat-two"}).person_id
    before = records(conn)
    done = run(conn, "people", rows(
        {"full_name": "Pat Two", "email": "pat@two.example", "city": "Oslo"},
        {"full_name": "Pat T.", "linkedin": "linkedin.com/in/pat-two", "email": "pat@else.example", "headline": "CTO"},
    ))
    assert done.counts["update"] == 2
    assert conn.execute("SELECT city, headline, email, version FROM person WHERE id = ?", (pat,)).fetchone() == (
        "Oslo", "CTO", "pat@two.example", 3)
    undo_batch(conn, done.batch_id)
    assert records(conn) == before
