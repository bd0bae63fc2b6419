"""store.person_write (create / edit a person) and store.duplicates (is this human on file?)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from seed import index, index_hits, seed

from deskcrm.domain import due
from deskcrm.store import db, due_store, duplicates, journal, people, person_write
from deskcrm.store.errors import Conflict
from deskcrm.store.person_write import InvalidPerson, create_person, update_person


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


JANE = {
    "name": "Jane Roe", "email": "Jane.Roe@Example.COM", "phone": "+49 (30) 123-4567",
    "linkedin_url": "https://www.linkedin.com/in/Jane-Roe/?trk=x", "city": "Berlin", "country": "DE",
    "headline": "Data Engineer", "source": "Referral", "owner": "sr", "tags": ["fintech", "Fintech", "remote"],
    "skills": ["Python", "dbt"], "current_title": "Data Engineer", "current_employer": "Umbrella",
    "current_salary": 85000.0, "desired_salary": 95000.0, "salary_currency": "eur", "notice_days": 30,
    "available_from": date(2027, 1, 15), "status": "active",
}


def _search(conn, words):
    """Who the search index finds for ``words`` (the store's search, on either engine)."""
    from deskcrm.domain.search_query import parse
    from deskcrm.store.search import SqliteSearch

    return [r.id for r in SqliteSearch(conn, date.today()).search(parse(words + " ", typing=False), limit=500).rows]


def test_create_person_writes_everything_in_one_journaled_txn(desk, today):
    conn, _ = desk
    saved = create_person(conn, JANE)
    p = journal.row(conn, "person", saved.person_id)
    assert (p["email"], p["email_norm"]) == ("Jane.Roe@Example.COM", "jane.roe@example.com")
    assert (p["phone"], p["phone_norm"]) == ("+49 (30) 123-4567", "+49301234567")
    assert p["linkedin_norm"] == "linkedin.com/in/jane-roe"
    assert json.loads(p["tags"]) == ["fintech", "remote"] and p["owner_id"] == 1 and p["version"] == 1
    cp = journal.row(conn, "candidate_profile", saved.person_id)
    assert json.loads(cp["skills"]) == ["Python", "dbt"]
    assert (cp["current_salary"], cp["salary_currency"], cp["notice_days"], cp["available_from"], cp["status"]) == (
        85000.0, "EUR", 30, "2027-01-15", "active")
    consent = conn.execute("SELECT lawful_basis, source, sourced_at, notice_sent_at FROM consent WHERE person_id = ?",
                           (saved.person_id,)).fetchall()
    assert consent == [("legitimate_interest", "Referral", today.isoformat(), None)]
    acts = conn.execute("SELECT kind, body FROM activity WHERE person_id = ?", (saved.person_id,)).fetchall()
    assert acts == [("system", "Created (source: Referral)")]
    assert _search(conn, "umbrella") == [saved.person_id]  # indexed in the same transaction
    entities = {r[0] for r in conn.execute("SELECT entity FROM event WHERE txn = ?", (saved.txn,))}
    assert entities == {"person", "candidate_profile", "consent", "activity"}
    journal_undo(conn, saved.txn)
    assert journal.row(conn, "person", saved.person_id) is None and _search(conn, "umbrella") == []


def journal_undo(conn, txn):
    with db.write(conn):
        journal.undo(conn, txn)


def test_a_new_person_falls_due_for_the_art14_notice(desk, today):
    conn, _ = desk
    saved = create_person(conn, {"name": "New Person", "source": "Job board"})
    later = date(2026, 12, 18)
    items = due.compute_due(due_store.load_facts(conn, later), later, state=due_store.load_state(conn))
    assert any(i.kind == "art14_notice" and i.person_id == saved.person_id for i in items)


def test_contact_only_person_has_no_profile(desk):
    conn, _ = desk
    saved = create_person(conn, {"name": "Clara Client", "source": "Business development"}, candidate=False)
    assert journal.row(conn, "candidate_profile", saved.person_id) is None
    assert people.load_person(conn, saved.person_id).profile is None


@pytest.mark.parametrize("values, field", [
    ({"name": "  ", "source": "x"}, "name"),
    ({"name": "A B", "source": ""}, "source"),
    ({"name": "A B", "source": "x", "email": "not-an-email"}, "email"),
    ({"name": "A B", "source": "x", "phone": "call me"}, "phone"),
    ({"name": "A B", "source": "x", "owner": "ZZ"}, "owner"),
    ({"name": "A B", "source": "x", "current_salary": -5}, "current_salary"),
    ({"name": "A B", "source": "x", "status": "retired"}, "status"),
    ({"name": "A B", "source": "x", "salary_currency": "euro"}, "salary_currency"),
])
def test_validation_names_the_field_and_writes_nothing(desk, values, field):
    conn, _ = desk
    before = conn.execute("SELECT count(*) FROM person").fetchone()
    with pytest.raises(InvalidPerson) as err:
        create_person(conn, values)
    assert err.value.field == field
    assert conn.execute("SELECT count(*) FROM person").fetchone() == before


def test_update_changes_fields_reindexes_and_logs(desk):
    conn, ids = desk
    lena = ids["lena"]
    form = person_write.load_for_edit(conn, lena)
    assert form["version"] == 3 and form["profile_version"] == 1 and form["owner"] == "SR"
    saved = update_person(conn, lena, {"headline": "Chief Data Officer", "skills": ["Python", "Spark"],
                                       "email": "LENA@new.example"},
                          expected_version=3, profile_expected_version=1)
    p, cp = journal.row(conn, "person", lena), journal.row(conn, "candidate_profile", lena)
    assert (p["version"], p["email_norm"], cp["version"]) == (4, "lena@new.example", 2)
    assert json.loads(cp["skills"]) == ["Python", "Spark"]
    assert lena in _search(conn, "spark") and lena in _search(conn, "chief")
    body = conn.execute("SELECT body FROM activity WHERE person_id = ? ORDER BY id DESC", (lena,)).fetchone()[0]
    assert body == "Edited: email, headline, skills"
    journal_undo(conn, saved.txn)
    assert journal.row(conn, "person", lena)["version"] == 3
    assert lena not in _search(conn, "spark")  # undo puts the index back too


def test_stale_save_is_a_conflict_not_an_overwrite(desk):
    conn, ids = desk
    lena = ids["lena"]
    update_person(conn, lena, {"city": "Hamburg"}, expected_version=3)  # someone else saved first
    with pytest.raises(Conflict, match="changed elsewhere"):
        update_person(conn, lena, {"city": "Munich"}, expected_version=3)
    assert journal.row(conn, "person", lena)["city"] == "Hamburg"
    update_person(conn, lena, {"current_title": "VP Data"}, expected_version=4, profile_expected_version=1)
    with pytest.raises(Conflict, match="candidate profile"):
        update_person(conn, lena, {"current_title": "CTO"}, expected_version=5, profile_expected_version=1)


# --------------------------------------------------------------------------- duplicates


def _reasons(matches):
    return {m.person_id: m.reasons for m in matches}


def test_duplicate_by_normalised_email_phone_and_linkedin(desk):
    conn, ids = desk
    lena = ids["lena"]
    assert _reasons(duplicates.find_duplicates(conn, {"name": "X", "email": " LENA@example.com "})) == {
        lena: ("same email lena@example.com",)}
    assert _reasons(duplicates.find_duplicates(conn, {"name": "X", "phone": "+44 (20) 7946-0050"})) == {
        lena: ("same phone +442079460050",)}
    got = duplicates.find_duplicates(conn, {"name": "X", "linkedin_url": "linkedin.com/in/Lena-Hoffmann/"})
    assert _reasons(got) == {lena: ("same LinkedIn linkedin.com/in/lena-hoffmann",)}
    assert (got[0].name, got[0].employer) == ("Lena Hoffmann", "Globex")
    assert duplicates.find_duplicates(conn, {"name": "Lena Hoffmann", "email": "other@x.io"}) == []


def test_duplicate_by_name_at_the_same_employer(desk):
    conn, ids = desk
    lena = ids["lena"]
    same = duplicates.find_duplicates(conn, {"name": "hoffmann LENA", "current_employer": "globex"})
    assert _reasons(same) == {lena: ("same name at Globex",)}
    close = duplicates.find_duplicates(conn, {"name": "Lena Hofmann", "current_employer": "Globex"})
    assert close[0].person_id == lena and close[0].reasons[0].startswith("similar name at Globex (")
    assert duplicates.find_duplicates(conn, {"name": "Lena Hoffmann", "current_employer": "Initech"}) == []
    assert duplicates.find_duplicates(conn, {"name": "Lara Hoffmann-Schultz", "current_employer": "Globex"}) == []
    # never an error, whatever is typed
    assert duplicates.find_duplicates(conn, {"name": '" NEAR( * AND', "current_employer": '"*'}) == []


def test_several_reasons_rank_first_and_the_edited_record_is_skipped(desk):
    conn, ids = desk
    values = {"name": "Lena Hoffmann", "email": "lena@example.com", "phone": "+44 20 7946 0001",
              "current_employer": "Globex"}
    got = duplicates.find_duplicates(conn, values)
    assert [m.person_id for m in got] == [ids["lena"], ids["ana"]]
    assert len(got[0].reasons) == 2
    assert [m.person_id for m in duplicates.find_duplicates(conn, values, exclude_id=ids["lena"])] == [ids["ana"]]


def test_not_a_duplicate_is_remembered(desk):
    conn, ids = desk
    saved = create_person(conn, {"name": "Lena Hoffmann", "source": "Referral", "current_employer": "Globex",
                                 "email": "lena2@x.io"}, not_duplicate_of=[ids["lena"]])
    pair = conn.execute("SELECT person_a, person_b FROM not_duplicate").fetchall()
    assert pair == [tuple(sorted((ids["lena"], saved.person_id)))]
    values = {"name": "Lena Hoffmann", "current_employer": "Globex"}
    assert duplicates.find_duplicates(conn, values, exclude_id=saved.person_id) == []
    assert ids["lena"] in _reasons(duplicates.find_duplicates(conn, values))  # a third record still sees both
    person_write.mark_not_duplicate(conn, ids["ana"], ids["ben"])
    person_write.mark_not_duplicate(conn, ids["ben"], ids["ana"])  # once is enough
    assert conn.execute("SELECT person_a, person_b FROM not_duplicate WHERE person_a = ?",
                        (ids["ana"],)).fetchall() == [(ids["ana"], ids["ben"])]
