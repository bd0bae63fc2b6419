"""Issue 12: `deskcrm import FILE` reads real files through the reading half (``open_table``,
``check``, ``recognise``, ``--map`` / ``--save-map``, ``--encoding``) and writes them with the
writing half — LinkedIn's Connections.csv, a Bullhorn candidate export, a cp1252 `;` file, an
XLSX, dates in a column's order, and malformed files refused with nothing written; on each
engine of ``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import json

import pytest
from engines import sqlite_only
from clirun import assert_one_line_error, run
from moves_helpers import tables

PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
            'missing. You will only see email addresses for connections who have allowed it."\n\n')


@pytest.fixture
def desk(seeded_store):
    conn, ids, path = seeded_store
    return conn, ids, str(path)


def _everything(conn) -> dict:
    out = tables(conn)
    out["event"] = sorted(conn.execute("SELECT * FROM event").fetchall(), key=repr)
    return out


def _person(conn, email: str):
    return conn.execute("SELECT id, name, linkedin_url, linkedin_norm, notes, phone FROM person"
                        " WHERE email_norm = ?", (email,)).fetchone()


def test_a_linkedin_connections_export_with_its_notes_preamble(desk, tmp_path):
    conn, ids, path = desk
    f = tmp_path / "Connections.csv"
    f.write_text(PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                 "Lea,Example,https://linkedin.com/in/Lea-Example/,lea@li.example,\"Acme, Ltd\",CTO,06 Dec 2026\n"
                 "Ana,Silva,https://www.linkedin.com/in/ana-silva,ana@example.com,,,01 Jan 2025\n",
                 encoding="utf-8")
    result = run("import", str(f), "--json", "--db", path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["format"], doc["kind"]) == ("linkedin", "people")
    assert doc["read_as"] == "read as UTF-8, comma-delimited, 3 lines before the header skipped"
    assert doc["counts"]["new"] == 1 and doc["counts"]["error"] == 0
    assert "linkedin of people" in result.stderr
    pid, name, url, norm, notes, _phone = _person(conn, "lea@li.example")
    assert (name, url, norm) == ("Lea Example", "https://www.linkedin.com/in/lea-example", "linkedin.com/in/lea-example")
    assert notes == "Connected on: 2026-12-06"
    assert conn.execute("SELECT c.name, r.title FROM contact_role r JOIN company c ON c.id = r.company_id"
                        " WHERE r.person_id = ?", (pid,)).fetchone() == ("Acme Ltd", "CTO")  # the desk's
    assert conn.execute("SELECT count(*) FROM person WHERE email_norm = 'ana@example.com'").fetchone()[0] == 1


def test_a_bullhorn_candidate_export(desk, tmp_path):
    conn, _ids, path = desk
    f = tmp_path / "candidates.csv"
    f.write_text("id,firstName,lastName,email,mobile,phone,companyName,occupation,skillSet,salary\n"
                 "501,Nina,Brandt,nina@bh.example,+49 30 1234567,,Kestrel Labs,CTO,Python;Go|SQL,85k\n"
                 "502,Omar,Haddad,omar@bh.example,,+44 20 7946 0999,,Engineer,,€92.5k\n", encoding="utf-8")
    result = run("import", str(f), "--db", path)
    assert result.returncode == 0, result.stderr
    assert "bullhorn candidates of people" in result.stderr
    assert result.stdout.startswith("Imported candidates.csv as batch 1: 2 new")
    pid, name, *_rest, phone = _person(conn, "nina@bh.example")
    assert (name, phone) == ("Nina Brandt", "+49 30 1234567")
    skills, salary, currency = conn.execute("SELECT skills, current_salary, salary_currency FROM candidate_profile"
                                            " WHERE person_id = ?", (pid,)).fetchone()
    assert (json.loads(skills), salary) == (["Python", "Go", "SQL"], 85000.0)
    oid = _person(conn, "omar@bh.example")[0]
    assert conn.execute("SELECT current_salary, salary_currency FROM candidate_profile WHERE person_id = ?",
                        (oid,)).fetchone() == (92500.0, "EUR")


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_a_cp1252_semicolon_file_and_the_users_encoding(desk, tmp_path):
    conn, _ids, path = desk
    f = tmp_path / "kandidaten.csv"
    f.write_bytes("Name;E-Mail;Gehalt;Salary;City\nJürgen Müller;jm@de.example;x;85.000;Köln\n".encode("cp1252"))
    result = run("import", str(f), "--dry-run", "--json", "--db", path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["read_as"] == "read as cp1252, semicolon-delimited"
    done = run("import", str(f), "--db", path)
    assert done.returncode == 0, done.stderr
    pid, name, *_rest = _person(conn, "jm@de.example")
    assert name == "Jürgen Müller"
    assert conn.execute("SELECT current_salary FROM candidate_profile WHERE person_id = ?", (pid,)).fetchone() == (
        85000.0,)
    assert conn.execute("SELECT city, notes FROM person WHERE id = ?", (pid,)).fetchone() == ("Köln", "Gehalt: x")
    # The user's word over the detection: read as UTF-8, the file's 0xFC is refused naming the line.
    said = run("import", str(f), "--encoding", "utf-8", "--dry-run", "--db", path)
    assert_one_line_error(said, "kandidaten.csv", "line 2", "nothing was imported")
    assert_one_line_error(run("import", str(f), "--encoding", "klingon", "--db", path), "'klingon' is not an encoding")


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_an_xlsx_workbook(desk, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    conn, _ids, path = desk
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Full name", "Email", "Phone", "Salary", "Notes"])
    sheet.append(["Xia Wen", "xia@xl.example", "+86 10 6552 9988", 120000, "[b]met[/b] at a meetup"])
    f = tmp_path / "people.xlsx"
    book.save(f)
    result = run("import", str(f), "--json", "--db", path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["read_as"] == "read as a workbook, first sheet 'People'" and doc["counts"]["new"] == 1
    pid, name, *_rest = _person(conn, "xia@xl.example")
    assert name == "Xia Wen"
    assert conn.execute("SELECT notes FROM person WHERE id = ?", (pid,)).fetchone() == ("[b]met[/b] at a meetup",)
    assert conn.execute("SELECT current_salary FROM candidate_profile WHERE person_id = ?", (pid,)).fetchone() == (
        120000.0,)


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
@pytest.mark.parametrize(("content", "fragments"), [
    (b'full_name,email\nOk Person,ok@x.example\n"Open Quote,bad@x.example\n', ("bad.csv", "line 3")),
    (b"full_name,email\nOk Person,ok@x.example\nNul\x00Person,nul@x.example\n", ("bad.csv", "line 3")),
    (b"full_name,email,city\nA,a@x.example,B\n" + b"C,c@x.example,D\n" * 5000 + b"E,e@x.example\n",
     ("bad.csv: line 5003, column 3 (city)",)),
    (b"title,company,opened_on\nDev,Acme Ltd,03/04/2026\n", ("line 2", "date_order")),
    (b"title,company,opened_on\nDev,Acme Ltd,25/03/2026\nOps,Acme Ltd,03/25/2026\n", ("mixes both",)),
])
def test_a_malformed_file_is_refused_before_anything_is_written(desk, tmp_path, content, fragments):
    conn, _ids, path = desk
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    before = _everything(conn)
    kind = ("--kind", "jobs") if content.startswith(b"title") else ()
    assert_one_line_error(run("import", str(f), *kind, "--db", path), *fragments, "nothing was imported")
    assert _everything(conn) == before


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_dates_read_in_their_columns_order(desk, tmp_path):
    conn, _ids, path = desk
    f = tmp_path / "jobs.csv"
    f.write_text("title,company,opened_on\nDev,Acme Ltd,25/03/2026\nOps,Acme Ltd,03/04/2026\n", encoding="utf-8")
    result = run("import", str(f), "--kind", "jobs", "--db", path)
    assert result.returncode == 0, result.stderr
    got = dict(conn.execute("SELECT title, opened_on FROM job_order WHERE title IN ('Dev', 'Ops')").fetchall())
    assert {k: str(v) for k, v in got.items()} == {"Dev": "2026-03-25", "Ops": "2026-04-03"}


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_save_map_then_map_reuses_it(desk, tmp_path):
    conn, _ids, path = desk
    f = tmp_path / "sheet.csv"
    f.write_text("Name,E-mail,Favourite colour\nMia Berg,mia@new.example,teal\n", encoding="utf-8")
    saved = tmp_path / "sheet.toml"
    dry = run("import", str(f), "--dry-run", "--save-map", str(saved), "--db", path)
    assert dry.returncode == 0, dry.stderr
    text = saved.read_text(encoding="utf-8")
    assert 'kind = "people"' in text and '"Favourite colour" = "custom:Favourite colour"' in text
    saved.write_text(text.replace('"custom:Favourite colour"', '""') + '"Gone" = "city"\n', encoding="utf-8")
    f.write_text("Name,E-mail,Favourite colour,Extra\nMia Berg,mia@new.example,teal,x\n", encoding="utf-8")
    done = run("import", str(f), "--map", str(saved), "--db", path)
    assert done.returncode == 0, done.stderr
    assert "the mapping names \"Gone\", which is not a column of the file (ignored)" in done.stderr
    assert "column \"Extra\" is not in the mapping (not imported)" in done.stderr
    assert conn.execute("SELECT name, notes FROM person WHERE email_norm = 'mia@new.example'").fetchone() == (
        "Mia Berg", None)
    assert_one_line_error(run("import", str(f), "--map", str(saved), "--kind", "jobs", "--db", path),
                          "maps people, not --kind jobs")
