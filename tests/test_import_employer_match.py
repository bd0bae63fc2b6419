"""Issue 12 item 5: "a close name at the same company" is a likely duplicate whether the desk's
person is a contact there or a candidate whose current employer (free text) names it — matched
by ``candidate_profile.employer_key`` (``store.employer_keys``), which every write keeps. On each
engine of ``$DESKCRM_TEST_ENGINES`` (``seeded_store``).

The seeded desk (tests/seed.py): Ana Silva (ana@example.com) is a candidate employed at Initech
(no contact role, no company record named so needed).
"""

from __future__ import annotations

import pytest

from deskcrm.store import db, journal, person_write
from deskcrm.store.employer_keys import fill
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.apply import apply_import, planner_for
from deskcrm.store.imports.bulk_indexes import HeldDesk


def _plan(conn, *values: dict[str, str], held: bool = False):
    planner = planner_for(conn, "people")
    planner.held = HeldDesk(conn) if held else None  # a big file into an almost empty desk: held in memory
    return [p for chunk in planner.chunks([MappedRow(i + 2, v) for i, v in enumerate(values)]) for p in chunk]


def _key(conn, pid: int) -> str | None:
    return conn.execute("SELECT employer_key FROM candidate_profile WHERE person_id = ?", (pid,)).fetchone()[0]


@pytest.mark.parametrize("held", [False, True])
def test_a_close_name_at_a_candidates_current_employer_is_a_likely_duplicate(seeded_store, held):
    conn, ids, _path = seeded_store
    ana = ids["ana"]
    same, other = _plan(
        conn,
        {"full_name": "Ana Silvá", "email": "a.silva@elsewhere.example", "company": "INITECH GmbH"},
        {"full_name": "Ana Silva", "email": "ana2@elsewhere.example", "company": "Orchard Digital"}, held=held)
    [close] = _plan(conn, {"full_name": "Anna Silva", "email": "anna@elsewhere.example", "company": "Initech"},
                    held=held)
    assert (same.action, same.record_id) == ("duplicate", ana)
    assert same.reason == f"same name at INITECH GmbH as #{ana} Ana Silva"
    assert (close.action, close.record_id) == ("duplicate", ana)
    assert close.reason.startswith("similar name at Initech (") and close.reason.endswith(f"%) as #{ana} Ana Silva")
    assert other.action == "new"  # the same name at another employer: another person


def test_every_write_keeps_the_employer_key(seeded_store):
    conn, ids, _path = seeded_store
    assert _key(conn, ids["ana"]) == "initech"  # the seeded desk's, as written
    saved = person_write.create_person(conn, {"name": "Zoë Moss", "source": "Referral",
                                              "current_employer": "Brightpath Logistics GmbH"})
    assert _key(conn, saved.person_id) == "brightpathlogistics"
    version, pversion = conn.execute(
        "SELECT p.version, cp.version FROM person AS p JOIN candidate_profile AS cp ON cp.person_id = p.id"
        " WHERE p.id = ?", (saved.person_id,)).fetchone()
    edit = person_write.update_person(conn, saved.person_id, {"current_employer": "Axiomatic Retail Ltd."},
                                      expected_version=version, profile_expected_version=pversion)
    assert _key(conn, saved.person_id) == "axiomaticretail"
    with db.write(conn):
        journal.undo(conn, edit.txn)
    assert _key(conn, saved.person_id) == "brightpathlogistics"  # undo puts the key back with the name
    done = apply_import(conn, [MappedRow(2, {"full_name": "Ben Okafor", "company": "Nova Labs S.A."}),
                               MappedRow(3, {"full_name": "Eva Novak"})],
                        kind="people", file_name="t.csv", format="generic", mapping="")
    assert done.counts["new"] == 2
    keys = dict(conn.execute("SELECT p.name, cp.employer_key FROM person AS p JOIN candidate_profile AS cp"
                             " ON cp.person_id = p.id WHERE p.name IN ('Ben Okafor', 'Eva Novak')").fetchall())
    assert keys == {"Ben Okafor": "novalabs", "Eva Novak": None}


def test_the_fill_keys_the_profiles_already_there(seeded_store):
    conn, ids, _path = seeded_store
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET employer_key = NULL")
        fill(lambda sql, rows: conn.execute(sql).fetchall() if rows is None
             else [conn.execute(sql, r) for r in rows] and [])
    assert _key(conn, ids["ana"]) == "initech"


def test_an_almost_empty_desk_held_in_memory_knows_the_employers(seeded_store):
    conn, ids, _path = seeded_store
    found = HeldDesk(conn).people_employed({"initech", "nosuch"})
    assert (ids["ana"], "Ana Silva") in found["initech"] and found["nosuch"] == []


def test_migration_0025_keys_the_employers_of_a_desk_that_had_none(seeded_store):
    from alembic import command

    from deskcrm.store.migrate import alembic_config, upgrade
    from deskcrm.store.orm import make_engine

    conn, ids, path = seeded_store
    conn.close()  # the migration's own connection does the work
    engine = make_engine(str(path))
    try:
        with engine.begin() as connection:  # the desk as it was before 0025: no employer_key
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0024")
    finally:
        engine.dispose()
    upgrade(str(path))
    again = db.connect(path)
    try:
        assert _key(again, ids["ana"]) == "initech"
        assert again.execute("SELECT count(*) FROM candidate_profile WHERE current_employer IS NOT NULL"
                             " AND employer_key IS NULL").fetchone()[0] == 0
    finally:
        again.close()
