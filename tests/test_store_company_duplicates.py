"""Issue 9 item 6: a second company with an existing name is offered as a duplicate (folded
name, website domain), "create anyway" is remembered, and a company merge (preview, one
journaled transaction) moves contacts, jobs, placements, activities and the agreement; undo
restores every row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from moves_helpers import tables
from seed import TODAY, index, seed

from deskcrm.domain.client_rules import LEGAL_FORMS, company_key, web_domain
from deskcrm.store import account, db, journal
from deskcrm.store import companies_write as cw
from deskcrm.store.company_duplicates import find_company_duplicates
from deskcrm.store.company_merge import company_merge_preview, merge_companies
from deskcrm.store.errors import Conflict, StoreError


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    yield conn, ids
    conn.close()


@pytest.mark.parametrize(("a", "b"), [
    ("Kestrel Life Sciences Ltd", "kestrel life sciences"),
    ("Kestrel Life-Sciences Ltd.", "KESTREL LIFE SCIENCES LIMITED"),
    ("Müller & Söhne GmbH", "Muller and Sohne"),
    ("Acme S.A.", "ACME SA"),
    ("Globex Inc.", "globex"),
    ("Initech, LLC", "Initech"),
    ("Kestrel BV", "Kestrel B.V."),
    ("The Kestrel Company plc", "Kestrel"),
])
def test_names_fold_to_one_key(a, b):
    assert company_key(a) == company_key(b) is not None


@pytest.mark.parametrize(("a", "b"), [("Kestrel Life Sciences", "Kestrel Labs"), ("AG", "Acme AG"),
                                      ("Northwind", "Northwind Logistics")])
def test_different_names_stay_apart(a, b):
    assert company_key(a) != company_key(b)


@pytest.mark.parametrize(("url", "domain"), [
    ("https://www.kestrel.io/about", "kestrel.io"), ("kestrel.io", "kestrel.io"), ("WWW.Kestrel.IO", "kestrel.io"),
    ("http://kestrel.io:8080/x?y=1", "kestrel.io"), ("careers.kestrel.io", "careers.kestrel.io"),
    ("", None), ("not a site", None), ("localhost", None),
])
def test_website_domain(url, domain):
    assert web_domain(url) == domain


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüé", min_size=2, max_size=9).filter(
    lambda w: w not in LEGAL_FORMS and w != "the")


@given(st.lists(_WORD, min_size=1, max_size=4), st.sampled_from([" Ltd", " GmbH", " Inc.", ", LLC", " plc", " S.A."]))
def test_case_and_a_legal_form_never_change_the_key(words, form):
    name = " ".join(words).title()
    assert company_key(name + form) == company_key(name.upper()) == company_key(name.lower())


def test_the_same_name_twice_is_offered(desk):
    conn, _ids = desk
    first = cw.create_company(conn, {"name": "Kestrel Life Sciences", "website": "https://www.kestrel.io/about"})
    found = find_company_duplicates(conn, {"name": "Kestrel Life Sciences"})
    assert [m.company_id for m in found] == [first.id]
    assert "same name" in found[0].reasons[0]
    found = find_company_duplicates(conn, {"name": "kestrel life sciences ltd."})
    assert [m.company_id for m in found] == [first.id]
    found = find_company_duplicates(conn, {"name": "KLS", "website": "kestrel.io"})
    assert [(m.company_id, m.reasons) for m in found] == [(first.id, ("same website kestrel.io",))]
    both = find_company_duplicates(conn, {"name": "Kestrel Life Sciences Ltd", "website": "www.kestrel.io"})
    assert len(both[0].reasons) == 2
    assert find_company_duplicates(conn, {"name": "Kestrel Labs", "website": "kestrel-labs.io"}) == []


def test_companies_from_before_the_check_get_their_keys(tmp_path, today):
    """A database of schema 0004 with companies: the migration fills the keys."""
    from deskcrm.store import migrate

    path = tmp_path / "old.db"
    db.connect(path, create=True).close()
    migrate.upgrade(str(path), "0004")
    conn = db.connect(path)
    conn.execute("INSERT INTO company (name, name_norm, website, bd_stage, fee_currency, payment_terms_days,"
                 " guarantee_days, prorata_rule, created_at, updated_at, version, rank) VALUES ('Acme Ltd', 'acme ltd',"
                 " 'https://www.acme.example/jobs', 'target', 'EUR', 30, 90, 'linear', '2026-01-01', '2026-01-01', 1, 0)")
    conn.close()
    migrate.ensure_current(path)
    conn = db.connect(path)
    try:
        assert [m.name for m in find_company_duplicates(conn, {"name": "ACME Limited"})] == ["Acme Ltd"]
        assert [m.name for m in find_company_duplicates(conn, {"name": "A", "website": "acme.example"})] == ["Acme Ltd"]
        assert conn.execute("SELECT prorata_rule FROM company").fetchone()[0] == "prorata"
    finally:
        conn.close()


def test_a_rename_keeps_the_keys_current(desk):
    conn, ids = desk
    assert [m.company_id for m in find_company_duplicates(conn, {"name": "ACME Limited"})] == [ids["acme"]]
    a = account.load_account(conn, ids["globex"], today=TODAY)
    cw.update_company(conn, ids["globex"], {"name": "Globex Corporation", "website": "globex.example"},
                      expected_version=a.version)
    assert [m.company_id for m in find_company_duplicates(conn, {"name": "Globex Corp"})] == [ids["globex"]]
    assert [m.company_id for m in find_company_duplicates(conn, {"name": "G", "website": "https://globex.example"})] \
        == [ids["globex"]]
    # editing the company itself never matches itself
    assert find_company_duplicates(conn, {"name": "Globex"}, exclude_id=ids["globex"]) == []


def test_create_anyway_is_remembered_both_ways(desk):
    conn, ids = desk
    second = cw.create_company(conn, {"name": "Acme Ltd", "city": "Leeds"}, not_duplicate_of=[ids["acme"]])
    assert find_company_duplicates(conn, {"name": "Acme"}, exclude_id=second.id) == []
    assert find_company_duplicates(conn, {"name": "Acme"}, exclude_id=ids["acme"]) == []
    assert {m.company_id for m in find_company_duplicates(conn, {"name": "Acme"})} == {ids["acme"], second.id}
    with db.write(conn):
        journal.undo(conn, second.txn)
    assert conn.execute("SELECT count(*) FROM company_not_duplicate").fetchone()[0] == 0


def _count(conn, table, company_id):
    return conn.execute(f"SELECT count(*) FROM {table} WHERE company_id = ?", (company_id,)).fetchone()[0]


def test_merge_moves_everything_and_undo_restores_it(desk):
    conn, ids = desk
    keep, drop = ids["globex"], ids["acme"]
    conn.execute("UPDATE company SET website = 'acme.example', nps = 9 WHERE id = ?", (drop,))
    before = tables(conn)
    moved = {t: _count(conn, t, drop) for t in ("contact_role", "job_order", "placement", "activity")}
    assert all(moved.values())
    preview = company_merge_preview(conn, keep, drop)
    rows = {r.field: r for r in preview.rows}
    assert (rows["name"].kept, rows["name"].dropped, rows["name"].result) == ("Globex", "Acme Ltd", "Globex")
    assert (rows["website"].result, rows["website"].choice) == ("acme.example", "drop")  # empty kept: the other's
    assert (rows["fee"].kept, rows["fee"].dropped) == ("22% · EUR", "18% · EUR")
    assert dict(preview.moves)["job orders"] == moved["job_order"]
    txn = merge_companies(conn, keep, drop, choices={"fee": "drop", "name": "keep"},
                          keep_version=preview.keep_version, drop_version=preview.drop_version)
    assert conn.execute("SELECT count(*) FROM company WHERE id = ?", (drop,)).fetchone()[0] == 0
    for table, n in moved.items():
        assert _count(conn, table, drop) == 0
        assert _count(conn, table, keep) >= n
    kept = journal.row(conn, "company", keep)
    assert (kept["fee_percent"], kept["website"], kept["nps"], kept["web_domain"]) == (18.0, "acme.example", 9,
                                                                                      "acme.example")
    a = account.load_account(conn, keep, today=TODAY)
    assert any("Merged Acme Ltd" in e.body and "moved" in e.body for e in a.system_events)
    assert {c.person_id for c in a.contacts} >= {ids["cara"]}
    with db.write(conn):
        journal.undo(conn, txn)
    assert tables(conn) == before


def test_a_contact_at_both_keeps_one_role(desk):
    conn, ids = desk
    conn.execute("INSERT INTO contact_role (person_id, company_id, title, is_hiring_manager, is_billing, version)"
                 " VALUES (?, ?, 'CFO', FALSE, TRUE, 1)", (ids["cara"], ids["globex"]))
    preview = company_merge_preview(conn, ids["globex"], ids["acme"])
    merge_companies(conn, ids["globex"], ids["acme"], keep_version=preview.keep_version,
                    drop_version=preview.drop_version)
    roles = conn.execute("SELECT is_hiring_manager, is_billing FROM contact_role WHERE person_id = ?"
                         " AND company_id = ? AND left_at IS NULL", (ids["cara"], ids["globex"])).fetchall()
    assert roles == [(1, 1)]  # the flags of both


def test_merging_a_new_entry_updates_the_existing_company_only(desk):
    conn, ids = desk
    companies = conn.execute("SELECT count(*) FROM company").fetchone()[0]
    typed = {"name": "Acme Limited", "industry": "Chemicals", "city": None, "fee_percent": 25.0, "flat_fee": None,
             "fee_currency": "GBP", "payment_terms_days": 14, "guarantee_days": 60, "prorata_rule": "full"}
    preview = company_merge_preview(conn, ids["acme"], None, values=typed)
    assert preview.drop_name == "Acme Limited" and preview.moves == ()
    rows = {r.field: r for r in preview.rows}
    assert rows["industry"].result == "Logistics" and rows["industry"].dropped == "Chemicals"
    merge_companies(conn, ids["acme"], None, choices={"industry": "drop"}, values=typed,
                    keep_version=preview.keep_version)
    assert conn.execute("SELECT count(*) FROM company").fetchone()[0] == companies
    assert journal.row(conn, "company", ids["acme"])["industry"] == "Chemicals"


def test_a_stale_preview_is_a_conflict(desk):
    conn, ids = desk
    preview = company_merge_preview(conn, ids["globex"], ids["acme"])
    a = account.load_account(conn, ids["acme"], today=TODAY)
    cw.update_company(conn, ids["acme"], {"city": "Hull"}, expected_version=a.version)
    with pytest.raises(Conflict):
        merge_companies(conn, ids["globex"], ids["acme"], keep_version=preview.keep_version,
                        drop_version=preview.drop_version)
    with pytest.raises(StoreError):
        company_merge_preview(conn, ids["acme"], ids["acme"])
