"""Custom fields from the command line, on each engine: an import fills a field whose name is a
column's header (a bad value names its line and column; nothing written), ``deskcrm search``
filters by them and its JSON names them, the subject-access export holds them by name."""

from __future__ import annotations

import json

import pytest
from clirun import run

from deskcrm.store import custom_fields, db


@pytest.fixture
def desk(seeded_store):
    conn, ids, path = seeded_store
    custom_fields.add_field(conn, "candidate", "Security clearance", "choice", choices=["SC", "DV"])
    custom_fields.add_field(conn, "candidate", "Day rate", "money")
    return conn, ids, str(path)


def _file(tmp_path, text: str):
    f = tmp_path / "people.csv"
    f.write_text(text, encoding="utf-8")
    return str(f)


def test_import_by_field_name_then_search_and_export(desk, tmp_path):
    conn, ids, path = desk
    bad = _file(tmp_path, "full_name,email,Security clearance,Day rate,Shoe size\n"
                          "Una Quest,una@quest.example,sc,650 GBP,38\n"
                          "Vic Quest,vic@quest.example,Top secret,500,41\n")
    refused = run("import", bad, "--db", path)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "line 3" in refused.stdout + refused.stderr and "one of: SC, DV" in refused.stdout + refused.stderr
    assert conn.execute("SELECT count(*) FROM person WHERE name = 'Una Quest'").fetchone()[0] == 0  # all or nothing

    good = _file(tmp_path, "full_name,email,Security clearance,Day rate,Shoe size\n"
                           "Una Quest,una@quest.example,sc,650 GBP,38\n"
                           "Vic Quest,vic@quest.example,DV,500,41\n")
    done = run("import", good, "--db", path)
    assert done.returncode == 0, done.stderr
    ana, custom, notes = conn.execute("SELECT id, custom, notes FROM person WHERE name = 'Una Quest'").fetchone()
    assert json.loads(custom) == {"day_rate": {"amount": 650.0, "currency": "GBP"}, "security_clearance": "SC"}
    assert notes == "Shoe size: 38"  # a column no field takes: kept in the notes, as before

    found = run("search", "clearance:sc", "rate<700", "--json", "--db", path)
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)
    assert [r["name"] for r in rows] == ["Una Quest"]
    assert rows[0]["custom_fields"] == {"Security clearance": "SC", "Day rate": {"amount": 650.0, "currency": "GBP"}}
    hint = run("search", "clearance:zz", "--db", path)
    assert hint.returncode == 2 and "clearance:zz: choose one of SC, DV" in hint.stderr
    text_too = run("search", "shoesize:38", "--json", "--db", path)  # no such field: said, and searched as text
    assert text_too.returncode == 0, text_too.stderr
    assert "no filter or custom field is called shoesize (searched as text)" in text_too.stderr
    assert json.loads(text_too.stdout) is not None

    out = tmp_path / "export"
    out.mkdir()
    exported = run("privacy", "export", str(ana), "--to", str(out), "--db", path)
    assert exported.returncode == 0, exported.stderr
    person_json = next(out.rglob("person.json"))
    data = json.loads(person_json.read_text("utf-8"))
    assert data["custom_fields"]["Security clearance"] == "SC"
    summary = next(out.rglob("*.md")).read_text("utf-8")
    assert "## Custom fields" in summary and "Day rate: GBP 650" in summary


def test_hostile_choices_and_labels_never_reach_the_terminal_raw(desk, tmp_path):
    conn, ids, path = desk
    custom_fields.add_field(conn, "person", "Tier\x1b[31m[@click=app.quit]", "choice", choices=["\x1b]0;pwn\x07", "[/]ok"])
    hint = run("search", "tier:zz", "--db", path)
    assert hint.returncode == 2 and "Traceback" not in hint.stderr
    assert "\x1b" not in hint.stderr and "\x07" not in hint.stderr and "[/]ok" in hint.stderr
    good = _file(tmp_path, "full_name,email,Tier\x1b[31m[@click=app.quit]\nXe Quest,xe@quest.example,[/]ok\n")
    done = run("import", good, "--db", path)
    assert done.returncode == 0, done.stderr
    found = run("search", "tier:\"[/]ok\"", "--db", path)
    assert found.returncode == 0 and "Xe Quest" in found.stdout and "\x1b" not in found.stdout


def test_a_clients_custom_fields_by_name(desk):
    conn, ids, path = desk
    from deskcrm.store import companies_write

    custom_fields.add_field(conn, "company", "Tier", "choice", choices=["Gold", "Silver"])
    version = conn.execute("SELECT version FROM company WHERE id = ?", (ids["acme"],)).fetchone()[0]
    companies_write.update_company(conn, ids["acme"], {"custom_tier": "gold"}, expected_version=version)
    shown = run("client", str(ids["acme"]), "--json", "--db", path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["custom_fields"] == {"Tier": "Gold"}
    assert "Tier: Gold" in run("client", str(ids["acme"]), "--db", path).stdout


def test_a_companies_file_fills_company_fields_by_name(desk, tmp_path):
    conn, ids, path = desk
    custom_fields.add_field(conn, "company", "Tier", "choice", choices=["Gold", "Silver"])
    f = tmp_path / "companies.csv"
    f.write_text("Company name,Website,Tier,Sector code\nQuestco,questco.example,silver,K64\n", encoding="utf-8")
    done = run("import", str(f), "--kind", "companies", "--db", path)
    assert done.returncode == 0, done.stdout + done.stderr
    custom, notes = conn.execute("SELECT custom, notes FROM company WHERE name = 'Questco'").fetchone()
    assert json.loads(custom) == {"tier": "Silver"} and notes == "Sector code: K64"
