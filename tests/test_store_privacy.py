"""Issue 14 items 3-5 in the store (both engines): the subject-access export holds everything about
the person; the erasure cuts every link, keeps placements, records itself without personal data
and cannot be undone; the journal scrub forgets merged-away people once the undo window passed."""

from __future__ import annotations

import json
import stat
import zipfile
from datetime import timedelta

import pytest
from seed import index, seed

from deskcrm.domain import clock
from deskcrm.store import db, erasure, journal, journal_scrub, merge, privacy_export
from deskcrm.store.errors import NotFound, StoreError

NOW = "2026-11-18 09:00:00.000000"


@pytest.fixture
def desk(desk_path, today):
    ids = seed(desk_path)
    index(desk_path)
    conn = db.connect(desk_path)
    yield conn, ids
    conn.close()


def test_the_export_holds_everything_about_them_privately(desk, tmp_path):
    conn, ids = desk
    lena = ids["lena"]
    (tmp_path / "out").mkdir()
    done = privacy_export.export(conn, lena, tmp_path / "out", data_dir=tmp_path / "data")
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o700
    data = json.loads((done.path / "person.json").read_text())
    assert data["person"]["name"] == "Lena Hoffmann" and data["person"]["id"] == lena
    assert data["candidate_profile"]["person_id"] == lena
    assert {s["job"] for s in data["submissions"]} and data["activities"] and data["consents"]
    expected = {t: conn.execute(f"SELECT count(*) FROM {t} WHERE person_id = ?", (lena,)).fetchone()[0]
                for t in ("submission", "activity", "consent", "contact_role", "placement")}
    got = {"submission": len(data["submissions"]), "activity": len(data["activities"]),
           "consent": len(data["consents"]), "contact_role": len(data["contact_roles"]),
           "placement": len(data["placements"])}
    assert got == expected
    summary = (done.path / "summary.md").read_text()
    assert summary.startswith("# Everything held about Lena Hoffmann") and "## Consent ledger" in summary
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in done.path.iterdir())
    zipped = privacy_export.export(conn, lena, tmp_path / "out", data_dir=tmp_path / "data", as_zip=True)
    assert zipped.path.suffix == ".zip" and stat.S_IMODE(zipped.path.stat().st_mode) == 0o600
    names = zipfile.ZipFile(zipped.path).namelist()
    assert sorted(n.split("/", 1)[1] for n in names) == ["person.json", "summary.md"]


def test_the_export_escapes_markup_and_control_bytes(desk, tmp_path):
    conn, ids = desk
    with db.write(conn):
        conn.execute("UPDATE person SET notes = ? WHERE id = ?", ("<script>x</script> [b]y[/] \x1b[2J", ids["dev"]))
    done = privacy_export.export(conn, ids["dev"], tmp_path, data_dir=None)
    summary = (done.path / "summary.md").read_text()
    assert "\x1b" not in summary and "<script>" not in summary and "&lt;script&gt;" in summary
    assert json.loads((done.path / "person.json").read_text())["person"]["notes"].endswith("\x1b[2J")


def test_an_erasure_cuts_every_link_keeps_placements_and_records_itself(desk):
    conn, ids = desk
    bo, ana = ids["bo"], ids["ana"]
    with db.write(conn):
        conn.execute("INSERT INTO due_state (key, done_at, updated_at) VALUES (?, ?, ?)", (f"art14:person{ana}", NOW, NOW))
        conn.execute("INSERT INTO due_state (key, done_at, updated_at) VALUES (?, ?, ?)", (f"art14:person{ana}9999", NOW, NOW))
        conn.execute("INSERT INTO not_duplicate (person_a, person_b, decided_at) VALUES (?, ?, ?)",
                     (min(ana, bo), max(ana, bo), NOW))
    managed = conn.execute("SELECT count(*) FROM job_order WHERE hiring_manager_id = ?", (bo,)).fetchone()[0]
    done = erasure.erase(conn, bo, data_dir=None)
    assert done.kinds["links"] >= managed
    assert conn.execute("SELECT count(*) FROM job_order WHERE hiring_manager_id = ?", (bo,)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM contact_role WHERE person_id = ? OR reports_to_id = ?",
                        (bo, bo)).fetchone()[0] == 0
    done = erasure.erase(conn, ana, data_dir=None)
    assert done.kinds["placements_kept"] == 1 and done.kinds["due_states"] == 1
    assert conn.execute("SELECT count(*) FROM placement WHERE person_id = ?", (ana,)).fetchone()[0] == 1
    assert [k for (k,) in conn.execute("SELECT key FROM due_state")] == [f"art14:person{ana}9999"]  # another person's
    person = journal.row(conn, "person", ana)
    assert person["name"] == f"Erased person #{ana}" and person["erased_at"]
    assert all(person[c] is None for c in ("email", "phone", "city", "headline", "notes", "source"))
    kinds = json.loads(conn.execute("SELECT kinds FROM erasure WHERE person_id = ?", (ana,)).fetchone()[0])
    assert kinds["placements_kept"] == 1 and "Ana" not in json.dumps(kinds)
    with pytest.raises(NotFound, match="erased already"):
        erasure.erase(conn, ana, data_dir=None)
    with pytest.raises(StoreError, match="an erasure cannot be undone"):
        with db.write(conn):
            journal.undo(conn, journal.last_txn(conn))
    with pytest.raises(NotFound):
        privacy_export.gather(conn, ana)


def test_an_erasure_needs_their_name_when_one_is_typed(desk):
    conn, ids = desk
    with pytest.raises(StoreError, match="nothing was erased"):
        erasure.erase(conn, ids["dev"], data_dir=None, confirm_name="Eva Novak")
    assert journal.row(conn, "person", ids["dev"])["erased_at"] is None
    erasure.erase(conn, ids["dev"], data_dir=None, confirm_name="  dev   PATEL ", compact_after=False)
    assert journal.row(conn, "person", ids["dev"])["erased_at"] is not None


def test_a_merge_is_scrubbed_once_past_the_undo_window_and_then_cannot_be_undone(desk):
    conn, ids = desk
    keep, drop = ids["lena"], ids["dev"]
    preview = merge.merge_preview(conn, keep, drop)
    txn = merge.merge(conn, keep, drop, keep_version=preview.keep_version, drop_version=preview.drop_version)
    images = "SELECT count(*) FROM event WHERE entity = 'person' AND entity_id = ? AND before IS NOT NULL"
    assert conn.execute(images, (drop,)).fetchone()[0] > 0
    exported = privacy_export.gather(conn, keep)["journal"]  # the merged-away record's history is theirs too
    assert any(e["entity"] == "person" and e["entity_id"] == drop and e["action"] == "delete" for e in exported)
    assert journal_scrub.scrub(conn, window_days=30) == 0  # inside the window: undoable still
    later = clock.utcnow() + timedelta(days=31)
    assert journal_scrub.scrub(conn, window_days=30, now=later) == 1
    assert conn.execute(images, (drop,)).fetchone()[0] == 0
    assert journal_scrub.scrub(conn, window_days=30, now=later) == 0  # nothing left: no write
    with pytest.raises(StoreError, match="can no longer be undone"):
        with db.write(conn):
            journal.undo(conn, txn)


def test_older_backups_beside_the_file_are_listed(desk, desk_path, tmp_path):
    conn, ids = desk
    if db.is_server(desk_path):
        assert erasure.erase(conn, ids["dev"], data_dir=None).backups == ()
        return
    from deskcrm.store.backup import backup

    kept = backup(conn, tmp_path / "desk.db.pre-0012.bak")
    (tmp_path / "notes.txt").write_text("not a database")
    done = erasure.erase(conn, ids["dev"], data_dir=None)
    assert done.backups == (kept,) and "1 backup older than this still holds them" in done.message


def test_the_scrub_probe_reads_only_the_removals_index(desk, desk_path):
    conn, _ids = desk
    if db.is_server(desk_path):
        pytest.skip("SQLite's plan (PostgreSQL drops the hint and plans for itself)")
    traced: list[str] = []
    conn.set_trace_callback(traced.append)
    journal_scrub.scrub(conn, window_days=30)
    conn.set_trace_callback(None)
    (probe,) = [s for s in traced if "FROM event" in s]
    plan = conn.execute("EXPLAIN QUERY PLAN " + probe).fetchall()
    assert [r[3] for r in plan] == ["SEARCH event USING INDEX ix_event_removed_person (at<?)"]


def test_a_mention_in_another_record_is_replaced_whatever_its_letters(desk):
    from deskcrm.store.due_store import log_activity

    conn, ids = desk
    with db.write(conn):
        conn.execute("UPDATE person SET name = 'Åsa Ødegaard' WHERE id = ?", (ids["dev"],))
    log_activity(conn, "note", "Åsa Ødegaard referred her; ÅSA ØDEGAARD called back", person_id=ids["eva"])
    with db.write(conn):
        conn.execute("UPDATE person SET notes = 'Knows Åsa Ødegaard well' WHERE id = ?", (ids["eva"],))
        conn.execute("UPDATE company SET notes = 'Ask åsa ødegaard first' WHERE id = ?", (ids["acme"],))
    version = journal.row(conn, "person", ids["eva"])["version"]
    erasure.erase(conn, ids["dev"], data_dir=None, compact_after=False)
    eva = journal.row(conn, "person", ids["eva"])
    assert eva["notes"] == f"Knows Erased person #{ids['dev']} well" and eva["version"] == version + 1
    assert journal.row(conn, "company", ids["acme"])["notes"] == f"Ask Erased person #{ids['dev']} first"
    body = conn.execute("SELECT body FROM activity WHERE person_id = ? AND kind = 'note' ORDER BY id DESC LIMIT 1",
                        (ids["eva"],)).fetchone()[0]
    stub = f"Erased person #{ids['dev']}"
    assert body == f"{stub} referred her; {stub} called back"


# --------------------------------------------------------------------------- properties of the helpers

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402



@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**9), st.integers(1, 10**9), st.dictionaries(st.sampled_from(["id", "kind", "body"]),
                                                                      st.integers() | st.text(max_size=12)))
def test_a_person_id_pattern_finds_that_id_and_no_other(mine, other, extra):
    """``"person_id": 52`` must never match an image of person 5200 (or 152), wherever the key sits."""
    import json as _json

    patterns = journal_scrub.id_patterns("person_id", mine)

    from contextlib import closing
    from sqlite3 import connect

    with closing(connect(":memory:")) as like:
        def hit(image: dict) -> bool:
            text = _json.dumps(image, default=str)
            return any(like.execute("SELECT ? LIKE ?", (text, p)).fetchone()[0] for p in patterns)

        assert hit({**extra, "person_id": mine}) and hit({"person_id": mine, **extra})
        if other != mine:
            assert not hit({**extra, "person_id": other}) and not hit({"person_id": other, **extra})


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_summary_shows_any_value_literally(value):
    shown = privacy_export.md(value)
    assert not any(ch in shown for ch in "<>\x1b\x00\n\r\u202e")
    assert "[" not in shown.replace("\\[", "") and "*" not in shown.replace("\\*", "")
