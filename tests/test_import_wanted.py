"""Issue 12 item 2 (a generic sheet's and Bullhorn's columns): what a candidate wants — a desired
salary, the date they are available from, their notice period — imported into their profile, read
with the import's parsers (amounts, dates in their column's order, a notice in days or weeks);
a cell they cannot take is refused with its line and column, and nothing is written. Store tests
on each engine of ``$DESKCRM_TEST_ENGINES``; the header recognised and a property test of the
notice parser need no desk.
"""

from __future__ import annotations

import pytest
from clirun import run

from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.apply import ImportRefused, apply_import, planner_for
from deskcrm.store.imports.formats import recognise


def _rows(*values: dict[str, str]) -> list[MappedRow]:
    return [MappedRow(i + 2, v) for i, v in enumerate(values)]


def _profile(conn, email: str) -> tuple:
    found = conn.execute(
        "SELECT cp.desired_salary, cp.available_from, cp.notice_days, cp.salary_currency FROM candidate_profile AS cp"
        " JOIN person AS p ON p.id = cp.person_id WHERE p.email_norm = ?", (email,)).fetchone()
    desired, available, notice, currency = found
    return desired, str(available), notice, currency


def test_the_columns_are_recognised_in_a_sheet_and_a_bullhorn_export():
    sheet = recognise(["Name", "Email", "Desired salary", "Available", "Notice"])
    assert [sheet.columns[c] for c in ("Desired salary", "Available", "Notice")] == [
        "desired_salary", "available_from", "notice_days"]
    bullhorn = recognise(["candidateID", "firstName", "lastName", "email", "desiredSalary", "dateAvailable"])
    assert bullhorn.format == "bullhorn_candidates"
    assert (bullhorn.columns["desiredSalary"], bullhorn.columns["dateAvailable"]) == ("desired_salary",
                                                                                      "available_from")


def test_a_new_candidate_and_an_update_get_what_they_want(seeded_store):
    conn, _ids, _path = seeded_store
    done = apply_import(conn, _rows(
        {"full_name": "Marta Lind", "email": "marta@new.example", "desired_salary": "€85k",
         "available_from": "25/03/2027", "notice_days": "4 weeks"},
        {"full_name": "Ana Silva", "email": "ana@example.com", "desired_salary": "90,000", "notice_days": "60",
         "available_from": "01/04/2027"},
    ), kind="people", file_name="t.csv", format="generic", mapping="",
        rules=CellRules(date_orders={"available_from": "dmy"}))  # (the file's pass finds it: see below)
    assert done.counts["new"] == 1 and done.counts["update"] == 1
    assert _profile(conn, "marta@new.example") == (85000.0, "2027-03-25", 28, "EUR")
    ana = _profile(conn, "ana@example.com")  # her empty fields filled; her notice (30 days) kept
    assert ana == (90000.0, "2027-04-01", 30, "EUR")


@pytest.mark.parametrize("cell", ["immediately", "ASAP", "Available  now"])
def test_available_now_is_the_day_of_the_import(seeded_store, today, cell):
    """A sheet's "Available: immediately" was refused as not a date; "today" still is (the day
    the file was written, which the import cannot know)."""
    conn, _ids, _path = seeded_store
    apply_import(conn, _rows({"full_name": "Nia Now", "email": "nia@new.example", "available_from": cell}),
                 kind="people", file_name="t.csv", format="generic", mapping="")
    assert _profile(conn, "nia@new.example")[1] == today.isoformat()
    with pytest.raises(ImportRefused):
        apply_import(conn, _rows({"full_name": "Tod Today", "email": "tod@new.example", "available_from": "today"}),
                     kind="people", file_name="t.csv", format="generic", mapping="")


def test_a_kept_notice_is_listed_and_overwrite_takes_it(seeded_store):
    conn, _ids, _path = seeded_store
    row = _rows({"full_name": "Ana Silva", "email": "ana@example.com", "notice_days": "60 days"})
    [p] = [p for chunk in planner_for(conn, "people").chunks(row) for p in chunk]
    assert [(c.field, c.old, c.new, c.kept) for c in p.changes] == [("notice_days", 30, 60, True)]
    apply_import(conn, row, kind="people", file_name="t.csv", format="generic", mapping="", overwrite=True)
    assert _profile(conn, "ana@example.com")[2] == 60


@pytest.mark.parametrize(("column", "cell", "said"), [
    ("desired_salary", "lots", 'line 3, desired_salary "lots": '),
    ("available_from", "someday", 'line 3, available_from "someday": '),
    ("notice_days", "3 months", 'line 3, notice_days "3 months": a month is not a fixed number of days'),
])
def test_a_bad_cell_is_refused_with_its_line_and_column(seeded_store, column, cell, said):
    conn, _ids, _path = seeded_store
    before = conn.execute("SELECT count(*) FROM person").fetchone()
    with pytest.raises(ImportRefused) as refused:
        apply_import(conn, _rows({"full_name": "Ok Row", "email": "ok@new.example"},
                                 {"full_name": "Bad Row", "email": "bad@new.example", column: cell}),
                     kind="people", file_name="t.csv", format="generic", mapping="")
    assert str(refused.value).startswith(said) and str(refused.value).endswith("nothing was imported")
    assert conn.execute("SELECT count(*) FROM person").fetchone() == before


def test_a_desired_salary_in_another_currency_than_the_salary_is_refused(seeded_store):
    conn, _ids, _path = seeded_store
    with pytest.raises(ImportRefused, match='desired_salary "£90k": is in GBP but the salary is in EUR'):
        apply_import(conn, _rows({"full_name": "Two Pay", "email": "two@new.example", "salary": "€80k",
                                  "desired_salary": "£90k"}),
                     kind="people", file_name="t.csv", format="generic", mapping="")


def test_a_bullhorn_export_brings_them_from_the_command_line(seeded_store, tmp_path):
    conn, _ids, path = seeded_store
    file = tmp_path / "candidates.csv"
    file.write_text("candidateID,firstName,lastName,email,desiredSalary,dateAvailable,comments\n"
                    "101,Marta,Lind,marta@new.example,85000,25/03/2027,\n"
                    "102,Olle,Berg,olle@new.example,,03/04/2027,\n", encoding="utf-8")
    done = run("import", str(file), "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert _profile(conn, "marta@new.example")[:2] == (85000.0, "2027-03-25")  # 25/…: the column is day-first
    assert _profile(conn, "olle@new.example")[:2] == (None, "2027-04-03")
