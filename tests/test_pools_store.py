"""Talent pools in the store (both engines): CRUD, saved search vs hand-picked, gone cold, paging,
and the built-in filters seniority: / notice< / type:."""

from __future__ import annotations

import pytest

from deskcrm.domain.search_query import parse
from deskcrm.store import db, journal, pool_people, pools
from deskcrm.store.errors import Invalid
from deskcrm.store.search import SqliteSearch


@pytest.fixture
def desk(seeded_store):
    """The seeded desk with its search index built."""
    from seed import index

    conn, ids, path = seeded_store
    index(path)
    return conn, ids, path


def _found(conn, today, typed: str) -> set[int]:
    return {r.id for r in SqliteSearch(conn, today, correct=False).search(parse(typed, typing=False), limit=100).rows}


def test_hand_picked_pool_crud(desk, today):
    conn, ids, _ = desk
    three = [ids["dev"], ids["eva"], ids["farah"]]
    made = pools.add_to_pool(conn, "Rust contractors", three)  # a new name: created
    assert made.added == 3 and "Created pool" in made.message
    again = pools.add_to_pool(conn, "rust  CONTRACTORS", [ids["dev"], ids["george"]])  # any case: the same pool
    assert again.added == 1 and "1 already in it" in again.message
    row = pools.find_pool(conn, "Rust contractors", today)
    assert row is not None and row.kind == "hand-picked" and row.people == 4
    names = [m.name for m in pool_people.page(conn, row.id, today, limit=10)]
    assert names == sorted(names, key=str.lower) and len(names) == 4
    assert len(pool_people.page(conn, row.id, today, limit=2, offset=2)) == 2
    pools.remove_from_pool(conn, row.id, [ids["george"]])
    assert pools.find_pool(conn, "Rust contractors", today).people == 3
    renamed = pools.rename_pool(conn, row.id, "Rust (contract)", row.version)
    assert renamed.pool.name == "Rust (contract)"
    with pytest.raises(Invalid):
        pools.create_pool(conn, "rust (CONTRACT)")
    with pytest.raises(Invalid):
        pools.create_pool(conn, "   ")
    gone = pools.delete_pool(conn, row.id, renamed.pool.version)
    assert pools.list_pools(conn, today) == ()
    journal.undo(conn, gone.txn)  # ctrl+z: the pool and its people are back
    assert pools.find_pool(conn, "Rust (contract)", today).people == 3


def test_add_is_one_transaction_and_undoable(desk, today):
    conn, ids, _ = desk
    made = pools.add_to_pool(conn, "Warm", [ids["dev"], ids["eva"]])
    journal.undo(conn, made.txn)
    assert pools.list_pools(conn, today) == ()
    with pytest.raises(Invalid):
        pools.add_to_pool(conn, "Warm", [])


def test_saved_search_pool_reruns_its_query(desk, today):
    conn, ids, _ = desk
    before = _found(conn, today, "skill:python status:passive")
    made = pools.create_pool(conn, "Passive python", query="skill:python status:passive", ids=sorted(before))
    assert made.pool.kind == "saved search" and made.pool.people == len(before) and ids["farah"] in before
    with pytest.raises(Invalid):  # a saved search's people are its query's
        pools.add_to_pool(conn, "Passive python", [ids["dev"]])
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET status = 'passive' WHERE person_id = ?", (ids["george"],))
    now = pool_people.rerun(conn, made.pool.id, today)
    assert now.people == len(before) + 1 and now.refreshed_at is not None
    assert set(pool_people.ids(conn, made.pool.id)) == before | {ids["george"]}
    assert pools.pools_of(conn, [ids["farah"], ids["dev"]]) == {ids["farah"]: ("Passive python",)}


def test_gone_cold_count_uses_the_nurture_rule(desk, today):
    conn, ids, _ = desk
    everyone = [ids[k] for k in ("dev", "eva", "farah", "george", "hana", "ana", "bo")]
    row = pools.add_to_pool(conn, "All", everyone).pool
    # nurture after 90 days: Farah (100 days) has gone cold; George (88) is going cold, not gone;
    # Hana never contacted, added 39 days ago; Ana is placed; Bo is no candidate
    assert row.cold == 1
    assert pools.list_pools(conn, today, nurture_days=30)[0].cold == 3  # + George and Hana
    cold = {m.id for m in pool_people.page(conn, row.id, today) if m.cold}
    assert cold == {ids["farah"]}
    assert row.last_touch is not None


def test_profile_filters(desk, today):
    conn, ids, _ = desk
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET seniority = 'Senior', notice_days = 7, wanted_type = 'contract'"
                     " WHERE person_id = ?", (ids["dev"],))
        conn.execute("UPDATE candidate_profile SET notice_days = 90, wanted_type = 'either' WHERE person_id = ?",
                     (ids["eva"],))
        conn.execute("UPDATE candidate_profile SET wanted_type = 'perm' WHERE person_id = ?", (ids["farah"],))
    from deskcrm.store.search import index_person

    with db.write(conn):
        index_person(conn, ids["dev"])
    assert _found(conn, today, "seniority:senior") >= {ids["dev"]}
    assert _found(conn, today, "notice<2w") == {ids["dev"]}
    assert ids["eva"] not in _found(conn, today, "notice<2m")
    assert ids["eva"] in _found(conn, today, "notice>=3m") and ids["dev"] not in _found(conn, today, "notice>=3m")
    assert _found(conn, today, "type:contract") == {ids["dev"], ids["eva"]}
    assert _found(conn, today, "type:perm") == {ids["eva"], ids["farah"]}
    assert _found(conn, today, "type:contract notice<1m python") == {ids["dev"]}
    backend = SqliteSearch(conn, today)
    assert backend.count(parse("type:contract", typing=False)) == 2


def test_merge_and_erasure_keep_pools_right(desk, today):
    from deskcrm.store import erasure, merge

    conn, ids, _ = desk
    pools.add_to_pool(conn, "A", [ids["dev"], ids["eva"]])
    pools.add_to_pool(conn, "B", [ids["eva"]])
    p = merge.merge_preview(conn, ids["dev"], ids["eva"])
    merge.merge(conn, ids["dev"], ids["eva"], choices={}, keep_version=p.keep_version, drop_version=p.drop_version)
    assert pools.pools_of(conn, [ids["dev"]]) == {ids["dev"]: ("A", "B")}  # A once, B moved over
    assert pools.find_pool(conn, "A", today).people == 1
    erasure.erase(conn, ids["dev"], data_dir=None)
    assert pools.pools_of(conn, [ids["dev"]]) == {}
    assert pools.find_pool(conn, "B", today).people == 0


def test_undo_a_saved_search_pool_and_the_wanted_type_field(desk, today):
    from deskcrm.store import person_write, privacy_export
    from deskcrm.store.person_write import InvalidPerson

    conn, ids, _ = desk
    made = pool_people.save_search(conn, "Active", "status:active", today)
    assert made.pool.people > 0
    journal.undo(conn, made.txn)  # the pool and the people its search found go together
    assert pools.list_pools(conn, today) == ()
    assert conn.execute("SELECT count(*) FROM pool_member").fetchone()[0] == 0
    with pytest.raises(Invalid):
        pool_people.save_search(conn, "Broken", "salary<abc", today)
    with pytest.raises(Invalid):
        pools.create_pool(conn, "bad\x1b[31m name")
    stored = person_write.load_for_edit(conn, ids["dev"])
    person_write.update_person(conn, ids["dev"], {"wanted_type": "Contract"}, expected_version=stored["version"],
                               profile_expected_version=stored["profile_version"])
    assert person_write.load_for_edit(conn, ids["dev"])["wanted_type"] == "contract"
    stored = person_write.load_for_edit(conn, ids["dev"])
    with pytest.raises(InvalidPerson, match="perm, contract or either"):
        person_write.update_person(conn, ids["dev"], {"wanted_type": "hourly"}, expected_version=stored["version"],
                                   profile_expected_version=stored["profile_version"])
    pools.add_to_pool(conn, "Mine", [ids["dev"]])
    assert privacy_export.gather(conn, ids["dev"])["pools"][0]["pool"] == "Mine"
