"""An imported person's title is also their headline when the file gives none (what the Search
table shows, and what a recruiter searches and ranks by: "accountant" finds the imported
Accountants); a row without a status is a passive candidate (the file does not say they are
looking: they do not jump ahead of the desk's known candidates on the "active first" tie-break).
Both engines."""

from __future__ import annotations

from datetime import date

from test_import_write import desk, plan, rows, run  # noqa: F401 - desk: the fixture

from deskcrm.domain.search_query import parse
from deskcrm.store import db
from deskcrm.store.search import SqliteSearch


def _person(conn, email: str) -> tuple:
    return conn.execute(
        "SELECT p.headline, cp.current_title, cp.status FROM person AS p"
        " JOIN candidate_profile AS cp ON cp.person_id = p.id WHERE p.email_norm = ?", (email,)).fetchone()


def test_a_title_is_the_headline_and_is_found(desk):
    conn = desk[0]
    run(conn, "people", rows(
        {"full_name": "Quinn Ledger", "email": "quinn@ledger.example", "title": "Senior Accountant",
         "company": "Ledger & Sons", "city": "Leeds"},
        {"full_name": "Rae Both", "email": "rae@both.example", "title": "Accountant", "headline": "Finance lead"},
        {"full_name": "Sol Nostat", "email": "sol@nostat.example", "status": "Active"},
    ))
    assert _person(conn, "quinn@ledger.example") == ("Senior Accountant", "Senior Accountant", "passive")
    assert _person(conn, "rae@both.example") == ("Finance lead", "Accountant", "passive")  # the file's headline kept
    assert _person(conn, "sol@nostat.example")[2] == "active"  # a status the file gives is kept
    search = SqliteSearch(conn, date(2026, 12, 7))
    found = search.search(parse("accountant leeds", typing=False), ranked=True)
    assert [r.name for r in found.rows] == ["Quinn Ledger"] and found.rows[0].headline == "Senior Accountant"


def test_an_update_fills_an_empty_headline_from_the_title(desk):
    conn = desk[0]
    pid = conn.execute("SELECT id FROM person WHERE email_norm IS NOT NULL AND headline IS NULL"
                       " AND id IN (SELECT person_id FROM candidate_profile) LIMIT 1").fetchone()
    if pid is None:  # the seed gives every candidate a headline: empty one
        pid = conn.execute("SELECT person_id FROM candidate_profile LIMIT 1").fetchone()
        with db.write(conn):
            conn.execute("UPDATE person SET headline = NULL WHERE id = ?", (pid[0],))
    email = conn.execute("SELECT email FROM person WHERE id = ?", (pid[0],)).fetchone()[0]
    planned = plan(conn, "people", rows({"full_name": "Someone", "email": email, "title": "Payroll Specialist"}))
    assert ("headline", None, "Payroll Specialist") in [(c.field, c.old, c.new) for c in planned[2].changes]
