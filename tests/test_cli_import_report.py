"""What `deskcrm import --dry-run` says, as an acceptance tester read it: a dry run that finds
errors exits 2 as the import would (after printing the plan); an error names the file's column
header and shows the cell as text (hostile-safe). On each engine of ``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import json

import pytest
from clirun import run


@pytest.fixture
def desk(seeded_store):
    conn, ids, path = seeded_store
    return conn, ids, str(path)


def test_a_dry_run_finding_errors_exits_2_after_printing_the_plan(desk, tmp_path):
    _conn, _ids, path = desk
    f = tmp_path / "people.csv"
    f.write_text("Full name,Email Address\nNina Brandt,nina@x.example\nBad Emailer,bad.emailer@@acc31\n",
                 encoding="utf-8")
    result = run("import", str(f), "--dry-run", "--db", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "1 new" in result.stdout and "Errors:" in result.stdout and "line 3" in result.stdout
    assert "1 row in error (listed above): the import would write nothing" in result.stderr
    result = run("import", str(f), "--dry-run", "--json", "--db", path)
    assert result.returncode == 2 and json.loads(result.stdout)["counts"]["error"] == 1
    f.write_text("Full name,Email Address\nNina Brandt,nina@x.example\n", encoding="utf-8")
    assert run("import", str(f), "--dry-run", "--db", path).returncode == 0


HOSTILE = "[@click=app.quit]\x1b[31m[/]\u202e@@x"


def test_an_error_names_the_files_header_and_shows_the_cell_as_text(desk, tmp_path):
    conn, _ids, path = desk
    f = tmp_path / "people.csv"
    f.write_text(f'Full name,Email Address\nBad Emailer,bad.emailer@@acc31\nEvil,"{HOSTILE}"\n', encoding="utf-8")
    result = run("import", str(f), "--dry-run", "--db", path)
    out = result.stdout
    assert 'line 2, Email Address "bad.emailer@@acc31": not an email address' in out
    evil = next(line for line in out.splitlines() if "line 3" in line)
    assert "\x1b" not in evil and "\u202e" not in evil and '"[@click=app.quit]' in evil  # as text, never control
    result = run("import", str(f), "--db", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert 'people.csv, line 2, Email Address "bad.emailer@@acc31": not an email address' in result.stderr
    assert "1 more row in error" in result.stderr and "\x1b" not in result.stderr
    doc = json.loads(run("import", str(f), "--dry-run", "--json", "--db", path).stdout)
    assert doc["errors"][0] | {"message": ""} == {"line": 2, "name": "Bad Emailer", "column": "email",
                                                   "header": "Email Address", "cell": "bad.emailer@@acc31",
                                                   "message": ""}


def test_an_owner_is_said_by_initials_not_by_id(desk, tmp_path):
    conn, _ids, path = desk
    from deskcrm.store import db

    with db.write(conn):
        conn.execute("INSERT INTO recruiter (name, initials, email, revenue_target, active)"
                     " VALUES ('Pat Stone', 'PS', 'pat@desk.example', 0, TRUE)")
    f = tmp_path / "people.csv"
    f.write_text("Full name,Email,Owner\nAna Silva,ana@example.com,PS\n", encoding="utf-8")
    out = run("import", str(f), "--dry-run", "--db", path).stdout
    assert "owner: SR kept (file: PS)" in out and "owner_id" not in out
    out = run("import", str(f), "--dry-run", "--overwrite", "--db", path).stdout
    assert "owner: SR -> PS" in out


def test_a_reimports_kept_only_rows_are_listed_as_unchanged_not_as_updates(desk, tmp_path):
    conn, _ids, path = desk
    f = tmp_path / "people.csv"
    f.write_text("Full name,Email,City\nNina Brandt,nina@x.example,Berlin\nOmar Haddad,omar@x.example,Paris\n",
                 encoding="utf-8")
    assert run("import", str(f), "--db", path).returncode == 0
    f.write_text("Full name,Email,City\nNina Brandt,nina@x.example,Hamburg\nOmar Haddad,omar@x.example,Paris\n",
                 encoding="utf-8")
    out = run("import", str(f), "--dry-run", "--db", path).stdout
    assert "0 updates, 2 unchanged" in out and "Updates:" not in out
    assert out.splitlines()[1:3] == ["Unchanged, the desk's value kept (--overwrite replaces it):",
                                     "  line 2  Nina Brandt (#%d): city: Berlin kept (file: Hamburg)" % conn.execute(
                                         "SELECT id FROM person WHERE email_norm = 'nina@x.example'").fetchone()[0]]
    doc = json.loads(run("import", str(f), "--dry-run", "--json", "--db", path).stdout)
    assert doc["updates"] == [] and [e["name"] for e in doc["unchanged"]] == ["Nina Brandt"]
