"""Case-insensitive company filters (the clients list's text filter, ``find_companies``) and
accent-insensitive person search, on each engine: PostgreSQL's ``lower()`` in the C locale folds
ASCII only, so non-ASCII text has to be folded the way the store says (``store.search_sql``)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store import account, clients, db
from deskcrm.store.search import SqliteSearch, index_people

TODAY = date(2026, 11, 18)
NOW = "2026-11-18 09:00:00.000000"


@pytest.fixture
def conn(db_path):
    conn = db.connect(db_path)
    with db.write(conn):
        for name, city, industry in [("Zürich Bänk AG", "ZÜRICH", "Banking"), ("Ärzte Ohne Grenzen", "Köln", "NGO"),
                                     ("Acme Ltd", "Leeds", "Software"), ("ÉCOLE 42 [/]", None, "Éducation")]:
            conn.execute(
                "INSERT INTO company (name, name_norm, city, industry, bd_stage, fee_currency, payment_terms_days,"
                " guarantee_days, prorata_rule, created_at, updated_at, version)"
                " VALUES (?, ?, ?, ?, 'target', 'EUR', 30, 90, 'none', ?, ?, 1)",
                (name, name.lower(), city, industry, NOW, NOW))
    yield conn
    conn.close()


def _clients(conn, text: str) -> list[str]:
    """The companies the clients list's text filter keeps (its conditions alone)."""
    where, params = clients._where(conn, clients.ClientFilter(text=text), TODAY, None)
    sql = "SELECT c.name FROM company AS c WHERE " + " AND ".join(where or ["TRUE"]) + " ORDER BY c.name"
    return [r[0] for r in conn.execute(sql, params)]


@pytest.mark.parametrize(("typed", "found"), [
    ("zürich", ["Zürich Bänk AG"]), ("ZÜRICH BÄNK", ["Zürich Bänk AG"]), ("bänk", ["Zürich Bänk AG"]),
    ("ärzte", ["Ärzte Ohne Grenzen"]), ("KÖLN", ["Ärzte Ohne Grenzen"]), ("école", ["ÉCOLE 42 [/]"]),
    ("éducation", ["ÉCOLE 42 [/]"]), ("[/]", ["ÉCOLE 42 [/]"]), ("%", []), ("_", []), ("'", []),
    ("acme leeds", ["Acme Ltd"]),
])
def test_the_clients_text_filter_ignores_case_beyond_ascii(conn, typed, found):
    assert _clients(conn, typed) == found


def test_find_companies_ignores_case_beyond_ascii(conn):
    assert [n for _, n in account.find_companies(conn, "zürich bänk ag")] == ["Zürich Bänk AG"]  # exact
    assert [n for _, n in account.find_companies(conn, "ÄRZTE")] == ["Ärzte Ohne Grenzen"]  # a word
    assert [n for _, n in account.find_companies(conn, "école 42")] == ["ÉCOLE 42 [/]"]
    assert account.find_companies(conn, "100%") == []


def test_person_search_ignores_accents_and_case(db_path):
    conn = db.connect(db_path)
    try:
        with db.write(conn):
            ids = [conn.execute(
                "INSERT INTO person (name, other_contacts, city, headline, tags, custom, created_at, updated_at,"
                " version) VALUES (?, '[]', ?, ?, ?, '{}', ?, ?, 1)",
                (name, city, headline, json.dumps(tags), NOW, NOW)).lastrowid
                for name, city, headline, tags in [
                    ("Zoë Ångström", "São Paulo", "ÜBER Engineer", ["Fintech", "Straße"]),
                    ("José Müller", "Düsseldorf", "Data ENGINEER", ["ÉLITE"]),
                    ("Jose Muller", "Dusseldorf", "o'brien-style jean-luc", [])]]
            index_people(conn, ids)
        backend = SqliteSearch(conn, TODAY)

        def find(text: str, typing: bool = False) -> list[str]:
            return [r.name for r in backend.search(parse(text, typing=typing)).rows]

        assert find("zoe") == find("ZOË") == find("angstrom") == ["Zoë Ångström"]
        assert find("jose") == ["José Müller", "Jose Muller"] == find("JOSÉ MÜLLER")
        assert find("düss", typing=True) == ["José Müller", "Jose Muller"]
        assert find("sao paulo") == ["Zoë Ångström"] and find("city:\"são paulo\"") == ["Zoë Ångström"]
        assert find("uber engineer") == ["Zoë Ångström"]
        assert find('"jean luc"') == ["Jose Muller"] and find("o'brien") == ["Jose Muller"]
        assert find("tag:fintech") == ["Zoë Ångström"] and find("tag:élite") == ["José Müller"]
        assert find("tag:\"%\"") == [] and find("tag:_") == []
        for hostile in ["'", "\\", "':*", "a & b", "!x", "(", "<->", "zoe:*A", "*", "\x00", "NEAR(zoe"]:
            backend.search(parse(hostile, typing=True))  # never an error
            backend.search(parse(hostile, typing=False), ranked=True)
            backend.count(parse(hostile, typing=False))
    finally:
        conn.close()
