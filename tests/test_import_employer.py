"""Issue 12 item 5 (never overwrite a non-empty value unless ``--overwrite``), for a person's
employer: an update whose person the desk has at another company keeps that employer, and then
adds no current role at the file's company (nor makes the company for it only); with overwrite
the file's company becomes a current one. A company a people file names only as an employer is
not a BD target. On each engine of ``$DESKCRM_TEST_ENGINES`` (``seeded_store``).

The seeded desk (tests/seed.py): Ana Silva (ana@example.com) is a candidate employed at Initech
(no contact role); Cara Diaz (cara@example.com) is a contact at Acme Ltd.
"""

from __future__ import annotations

from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.apply import EMPLOYER_STAGE, apply_import, planner_for


def _rows(*values: dict[str, str]) -> list[MappedRow]:
    return [MappedRow(i + 2, v) for i, v in enumerate(values)]


def _plan(conn, kind: str, *values: dict[str, str], overwrite: bool = False):
    planner = planner_for(conn, kind, overwrite=overwrite)
    return [p for chunk in planner.chunks(_rows(*values)) for p in chunk]


def _run(conn, kind: str, *values: dict[str, str], overwrite: bool = False):
    return apply_import(conn, _rows(*values), kind=kind, file_name="t.csv", format="generic", mapping="",
                        overwrite=overwrite)


def _roles(conn, pid: int) -> list[str]:
    return sorted(r[0] for r in conn.execute(
        "SELECT c.name FROM contact_role AS r JOIN company AS c ON c.id = r.company_id"
        " WHERE r.person_id = ? AND r.left_at IS NULL", (pid,)))


def _employer(conn, pid: int) -> str | None:
    return conn.execute("SELECT current_employer FROM candidate_profile WHERE person_id = ?", (pid,)).fetchone()[0]


def _stage(conn, name: str) -> str | None:
    found = conn.execute("SELECT bd_stage FROM company WHERE name = ?", (name,)).fetchone()
    return found[0] if found else None


ANA_AT_ACME = {"full_name": "Ana Silva", "email": "ana@example.com", "company": "Acme Ltd", "city": "London"}
ANA_AT_ORCHARD = {"full_name": "Ana Silva", "email": "ana@example.com", "company": "Orchard Digital"}


def test_a_kept_employer_adds_no_role_at_the_files_company(seeded_store):
    conn, ids, _path = seeded_store
    [p] = _plan(conn, "people", ANA_AT_ACME)
    assert p.action == "unchanged" and not p.new_role and p.company_key is None
    assert [(c.field, c.old, c.new, c.kept) for c in p.changes] == [("current_employer", "Initech", "Acme Ltd", True)]
    _run(conn, "people", ANA_AT_ACME, ANA_AT_ORCHARD)
    assert _roles(conn, ids["ana"]) == [] and _employer(conn, ids["ana"]) == "Initech"
    assert _stage(conn, "Orchard Digital") is None  # no company made only for a role not added


def test_overwrite_makes_the_files_company_the_current_one(seeded_store):
    conn, ids, _path = seeded_store
    [p] = _plan(conn, "people", ANA_AT_ORCHARD, overwrite=True)
    assert p.action == "update" and p.new_role
    assert {(c.field, c.old, c.new, c.kept) for c in p.changes} == {
        ("current_employer", "Initech", "Orchard Digital", False), ("company", None, "Orchard Digital", False)}
    _run(conn, "people", ANA_AT_ORCHARD, overwrite=True)
    assert _roles(conn, ids["ana"]) == ["Orchard Digital"] and _employer(conn, ids["ana"]) == "Orchard Digital"


def test_the_same_employer_written_another_way_is_not_another(seeded_store):
    conn, ids, _path = seeded_store
    _run(conn, "people", {"full_name": "Ana Silva", "email": "ana@example.com", "company": "INITECH Inc."})
    assert _roles(conn, ids["ana"]) == ["INITECH Inc."] and _employer(conn, ids["ana"]) == "Initech"


def test_a_contacts_current_company_is_kept_too(seeded_store):
    conn, ids, _path = seeded_store
    cara = {"full_name": "Cara Diaz", "email": "cara@example.com", "company": "Globex"}
    for kind in ("contacts", "people"):  # a contact in a people file: their contact role is their employer
        [p] = _plan(conn, kind, cara)
        field = "company" if kind == "contacts" else "current_employer"
        assert (field, "Acme Ltd", "Globex", True) in [(c.field, c.old, c.new, c.kept) for c in p.changes], kind
        assert not p.new_role and p.company_key is None
    _run(conn, "contacts", cara)
    assert _roles(conn, ids["cara"]) == ["Acme Ltd"]
    _run(conn, "contacts", cara, overwrite=True)
    assert _roles(conn, ids["cara"]) == ["Acme Ltd", "Globex"]


def test_an_employer_named_by_a_people_file_is_no_bd_target(seeded_store):
    conn, _ids, _path = seeded_store
    _run(conn, "people", {"full_name": "Nia Berg", "email": "nia@new.example", "company": "Quill Works"})
    _run(conn, "contacts", {"full_name": "Max Roe", "email": "max@new.example", "company": "Prospect Co"})
    assert _stage(conn, "Quill Works") == EMPLOYER_STAGE == "dormant"  # off the BD board, dim in Clients
    assert _stage(conn, "Prospect Co") == "target"  # a contact's company: a prospect
