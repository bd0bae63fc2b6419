"""`deskcrm search` finds a person by phone number or email, as a user types them: a real
process, real exit codes."""

from __future__ import annotations

import json

import pytest
from clirun import run
from seed import seed

from deskcrm.domain import validate
from deskcrm.store import db


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    path = tmp_path_factory.mktemp("search-contacts") / "desk.db"
    ids = seed(path)
    conn = db.connect(path)
    with db.write(conn):
        conn.execute("UPDATE person SET phone = ?, phone_norm = ?, email = ?, email_norm = ? WHERE id = ?",
                     ("+49 172 23104960", validate.phone_norm("+49 172 23104960"), "Jan.Janssens@example.com",
                      "jan.janssens@example.com", ids["eva"]))
    conn.close()
    return path, ids


@pytest.mark.parametrize("typed", [("+49 172 23104960",), ("+4917223104960",), ("23104960",), ("0172 23104960",),
                                   ("0172", "23104960"), ("jan.janssens@example.com",), ("JAN.JANSSENS@EXAMPLE.COM",)])
def test_search_by_phone_or_email_finds_the_person(desk, typed):
    path, ids = desk
    result = run("search", "--db", str(path), "--json", "--", *typed)
    assert result.returncode == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == [ids["eva"]]
    table = run("search", "--db", str(path), "--", *typed)
    assert table.returncode == 0 and "1 of 1 matches" in table.stdout, table.stdout
