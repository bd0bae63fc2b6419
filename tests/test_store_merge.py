"""store.merge: a field-by-field preview, everything moved in ONE transaction, exactly undoable."""

from __future__ import annotations

import json

import pytest
from moves_helpers import table_names
from seed import index, index_hits, index_rows, seed

from deskcrm.store import db, journal, merge, people
from deskcrm.store.errors import Conflict, StoreError


@pytest.fixture
def desk(desk_path, today):
    path = desk_path
    ids = seed(path)
    index(path)
    conn = db.connect(path)
    now = "2026-11-18 09:00:00.000000"
    with db.write(conn):  # due-list state naming Dev, and a remembered pair
        conn.execute("INSERT INTO due_state (key, done_at, updated_at) VALUES (?, ?, ?)",
                     (f"art14:person{ids['dev']}", now, now))
        conn.execute("INSERT INTO due_state (key, snoozed_until, updated_at) VALUES (?, '2026-11-25', ?)",
                     (f"nurture:person{ids['dev']}:2026-11-20", now))
        conn.execute("INSERT INTO due_state (key, done_at, updated_at) VALUES (?, ?, ?)",
                     (f"art14:person{ids['dev']}0", now, now))  # another person's key: untouched
        conn.execute("INSERT INTO not_duplicate (person_a, person_b, decided_at) VALUES (?, ?, ?)",
                     (ids["dev"], ids["eva"], now))
        conn.execute("INSERT INTO consent (person_id, lawful_basis, source, sourced_at, version)"
                     " VALUES (?, 'legitimate_interest', 'LinkedIn', '2026-10-01', 1)", (ids["dev"],))
    yield conn, ids
    conn.close()


def dump(conn) -> dict[str, list]:
    """Every row of every table (the journal aside), and the search index."""
    tables = [t for t in table_names(conn) if t not in ("event", "alembic_version")]
    out = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    out["person_fts"] = index_rows(conn)
    return out


def _do(conn, keep, drop, choices=None):
    p = merge.merge_preview(conn, keep, drop)
    return merge.merge(conn, keep, drop, choices=choices or {}, keep_version=p.keep_version,
                       drop_version=p.drop_version)


def test_preview_rows_show_both_values_and_the_result(desk):
    conn, ids = desk
    p = merge.merge_preview(conn, ids["lena"], ids["dev"])
    rows = {r.field: r for r in p.rows}
    assert (p.keep_name, p.drop_name, p.keep_version, p.drop_version) == ("Lena Hoffmann", "Dev Patel", 3, 1)
    assert (rows["name"].kept, rows["name"].dropped, rows["name"].result, rows["name"].choice) == (
        "Lena Hoffmann", "Dev Patel", "Lena Hoffmann", "keep")
    assert rows["skills"].choice == "both" and rows["skills"].result == "Python, SQL, Airflow"  # python: the same skill
    assert rows["skills"].choices == ("keep", "drop", "both") and rows["email"].choices == ("keep", "drop")
    assert rows["city"].differs is True and rows["source"].differs is True
    chosen = {r.field: r for r in merge.merge_preview(conn, ids["lena"], ids["dev"], {"email": "drop"}).rows}
    assert chosen["email"].result == "dev@example.com"
    assert dict(p.moves) == {"activities": 1, "submissions": 1, "placements": 0, "contact roles": 0, "consents": 1,
                             "files": 0}


def test_merge_moves_everything_and_undo_restores_every_row(desk):
    conn, ids = desk
    lena, dev = ids["lena"], ids["dev"]
    before = dump(conn)
    txn = _do(conn, lena, dev, {"email": "drop", "phone": "keep", "notes": "keep"})
    assert journal.row(conn, "person", dev) is None
    p = journal.row(conn, "person", lena)
    assert (p["email"], p["email_norm"], p["phone_norm"]) == ("dev@example.com", "dev@example.com", "+442079460050")
    others = json.loads(p["other_contacts"])
    assert {"kind": "email", "value": "lena@example.com", "norm": "lena@example.com"} in others
    assert {"kind": "phone", "value": "+44 20 7946 0004", "norm": "+442079460004"} in others
    assert [o["value"] for o in others].count("lena.h@proton.example") == 1
    # nothing names Dev any more
    for table, column in (("activity", "person_id"), ("submission", "person_id"), ("consent", "person_id"),
                          ("candidate_profile", "person_id"), ("not_duplicate", "person_a")):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (dev,)).fetchone() == (0,)
    # both were on the backend job: Dev's Interviewing beats Lena's Submitted
    subs = conn.execute("SELECT id, stage FROM submission WHERE person_id = ? AND job_id = ?",
                        (lena, ids["job_backend"])).fetchall()
    assert subs == [(ids["sub_dev"], "interviewing")]
    moved = conn.execute("SELECT count(*) FROM activity WHERE submission_id = ?", (ids["sub_lena_backend"],))
    assert moved.fetchone() == (0,)  # Lena's "Moved to Submitted" now names the surviving submission
    keys = {r[0] for r in conn.execute("SELECT key FROM due_state")}
    assert keys == {f"art14:person{lena}", f"nurture:person{lena}:2026-11-20", f"art14:person{dev}0"}
    body = conn.execute("SELECT body FROM activity WHERE person_id = ? ORDER BY id DESC LIMIT 1", (lena,)).fetchone()[0]
    assert body.startswith(f"Merged Dev Patel (#{dev}) into this record; moved 1 activity, 1 consent;") and "kept Interviewing, dropped Submitted" in body
    record = people.load_person(conn, lena)
    assert len(record.consents) == 2 and "dev@example.com" in record.emails
    assert index_hits(conn, "patel") == []

    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before


def test_a_contact_merged_into_a_candidate_and_a_candidate_into_a_contact(desk):
    conn, ids = desk
    before = dump(conn)
    # Bo (contact, hiring manager of two jobs) into Cara (contact): roles and job links move
    txn = _do(conn, ids["cara"], ids["bo"])
    assert conn.execute("SELECT count(*) FROM job_order WHERE hiring_manager_id = ?", (ids["cara"],)).fetchone() == (3,)
    assert conn.execute("SELECT count(*) FROM contact_role WHERE person_id = ?", (ids["cara"],)).fetchone() == (2,)
    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before
    # Eva (candidate) into Cara (no profile): Cara becomes a candidate with Eva's profile
    txn = _do(conn, ids["cara"], ids["eva"])
    cp = journal.row(conn, "candidate_profile", ids["cara"])
    assert cp is not None and cp["status"] == "active" and journal.row(conn, "candidate_profile", ids["eva"]) is None
    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before


def test_merge_is_one_transaction(desk, monkeypatch):
    conn, ids = desk
    before = dump(conn)

    def boom(*_args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(merge, "_due_state", boom)  # after activities, submissions, roles have moved
    with pytest.raises(RuntimeError):
        _do(conn, ids["lena"], ids["dev"])
    assert dump(conn) == before
    assert conn.execute("SELECT count(*) FROM event").fetchone() == (0,)


def test_merge_refuses_stale_versions_and_itself(desk):
    conn, ids = desk
    p = merge.merge_preview(conn, ids["lena"], ids["dev"])
    with db.write(conn):
        journal.update(conn, journal.new_txn(), "person", ids["dev"], {"city": "Paris"})
    before = dump(conn)
    with pytest.raises(Conflict, match="Dev Patel was changed elsewhere"):
        merge.merge(conn, ids["lena"], ids["dev"], keep_version=p.keep_version, drop_version=p.drop_version)
    assert dump(conn) == before
    with pytest.raises(StoreError, match="itself"):
        merge.merge_preview(conn, ids["lena"], ids["lena"])
    with pytest.raises(StoreError, match="no longer exists"):
        merge.merge_preview(conn, ids["lena"], 9999)


def test_a_person_being_created_merges_into_the_existing_record(desk):
    conn, ids = desk
    lena = ids["lena"]
    values = {"name": "Lena Hoffmann", "email": "lena.new@x.io", "phone": "+49 30 555", "source": "Job board",
              "skills": ["Rust"], "current_employer": "Globex", "salary_currency": "EUR", "status": "active"}
    p = merge.merge_preview(conn, lena, None, values=values)
    rows = {r.field: r for r in p.rows}
    assert p.drop_id is None and p.moves == () and rows["skills"].result == "Python, SQL, Airflow, Rust"
    assert rows["email"].outcome("drop") == "lena.new@x.io"
    people_before = conn.execute("SELECT count(*) FROM person").fetchone()
    before = dump(conn)
    txn = merge.merge(conn, lena, None, values=values, choices={"email": "drop"}, keep_version=p.keep_version)
    assert conn.execute("SELECT count(*) FROM person").fetchone() == people_before  # nobody new
    row = journal.row(conn, "person", lena)
    assert row["email_norm"] == "lena.new@x.io" and "lena@example.com" in row["other_contacts"]
    assert "+4930555" in row["other_contacts"]
    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before


def test_an_edit_saved_as_a_merge_uses_the_typed_values_and_undo_restores_the_original(desk):
    conn, ids = desk
    before = dump(conn)
    typed = {"headline": "Typed headline", "phone": "+44 20 7946 0050"}  # Dev's phone typed over
    p = merge.merge_preview(conn, ids["lena"], ids["dev"], values=typed)
    assert {r.field: r for r in p.rows}["headline"].dropped == "Typed headline"
    txn = merge.merge(conn, ids["lena"], ids["dev"], values=typed,
                      choices={"headline": "drop"}, keep_version=p.keep_version, drop_version=p.drop_version)
    assert journal.row(conn, "person", ids["lena"])["headline"] == "Typed headline"
    assert "+442079460004" in journal.row(conn, "person", ids["lena"])["other_contacts"]  # Dev's stored phone
    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before


def test_a_placed_submission_beats_a_rejected_one_and_its_placement_moves(desk):
    conn, ids = desk
    lena, ben = ids["lena"], ids["ben"]
    before = dump(conn)
    txn = _do(conn, lena, ben)  # both on the finance job: Ben placed, Lena rejected by the client
    subs = conn.execute("SELECT id, stage FROM submission WHERE person_id = ? AND job_id = ?",
                        (lena, ids["job_finance"])).fetchall()
    assert subs == [(ids["sub_ben"], "placed")]
    assert conn.execute("SELECT person_id, submission_id FROM placement WHERE id = ?", (ids["p2"],)).fetchone() == (
        lena, ids["sub_ben"])
    assert journal.row(conn, "submission", ids["sub_lena_finance"]) is None
    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before


def test_undo_after_the_dropped_id_was_reused_is_a_clear_conflict(tmp_path, today):
    """SQLite re-uses the highest deleted rowid: a person created after a merge can take the
    dropped person's id; undoing the merge then says so instead of a database error."""
    from deskcrm.store import db, journal
    from deskcrm.store.errors import Conflict
    from deskcrm.store.migrate import ensure_current

    path = tmp_path / "reuse.db"
    ensure_current(path)
    conn = db.connect(path)
    with db.write(conn):
        txn = journal.new_txn()
        for name in ("Ann", "Bob"):
            journal.insert(conn, txn, "person", {
                "name": name, "created_at": "2026-11-18", "updated_at": "2026-11-18", "version": 1,
                "other_contacts": "[]", "tags": "[]", "custom": "{}",
            })
    bob = conn.execute("SELECT id FROM person WHERE name = 'Bob'").fetchone()[0]
    with db.write(conn):
        gone = journal.new_txn()
        journal.delete(conn, gone, "person", bob)
    conn.execute("INSERT INTO person (name, created_at, updated_at, version, other_contacts, tags, custom) "
                 "VALUES ('Cy', '2026-11-18', '2026-11-18', 1, '[]', '[]', '{}')")
    assert conn.execute("SELECT id FROM person WHERE name = 'Cy'").fetchone()[0] == bob
    with pytest.raises(Conflict, match="can no longer be undone"), db.write(conn):
        journal.undo(conn, gone)
    assert conn.execute("SELECT name FROM person WHERE id = ?", (bob,)).fetchone()[0] == "Cy"


def test_a_merge_brings_the_dropped_persons_cvs_and_undo_puts_them_back(desk, tmp_path):
    """Attachments hang off the person with ON DELETE CASCADE: a merge that did not move them
    would lose them unjournaled. They move; the newest CV is the kept person's resume."""
    from cv_files import PHRASE, make_pdf

    from deskcrm.store import attachments

    conn, ids = desk
    lena, dev = ids["lena"], ids["dev"]
    attachments.attach(conn, dev, make_pdf(tmp_path / "dev.pdf"), data_dir=tmp_path / "data")
    before = dump(conn)
    p = merge.merge_preview(conn, lena, dev)
    assert dict(p.moves)["files"] == 1
    txn = _do(conn, lena, dev)
    assert [(a.person_id, a.file_name) for a in attachments.list_attachments(conn, lena)] == [(lena, "dev.pdf")]
    resume = conn.execute("SELECT resume_text FROM candidate_profile WHERE person_id = ?", (lena,)).fetchone()[0]
    assert PHRASE in resume and index_hits(conn, "kubernetes") == [lena]
    body = conn.execute("SELECT body FROM activity WHERE person_id = ? ORDER BY id DESC LIMIT 1", (lena,)).fetchone()[0]
    assert "1 file" in body
    with db.write(conn):
        journal.undo(conn, txn)
    assert dump(conn) == before
