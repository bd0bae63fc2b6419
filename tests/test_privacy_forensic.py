"""Issue 14 item 6: an erasure leaves no trace — the raw bytes of the database file, its -wal and
-shm, the attachments folder and (PostgreSQL) a pg_dump hold none of a person's marker strings
after they are erased; also after an import, and after an undone create is scrubbed. On each
engine of ``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from cv_files import make_txt
from moves_helpers import placement
from seed import seed

from deskcrm.domain import clock
from deskcrm.store import attachments, consent_ledger, db, erasure, journal, journal_scrub, merge, moves, person_write
from deskcrm.store.due_store import log_activity
from deskcrm.store.search_index import rebuild_person_index
from deskcrm.store.submissions_write import submit

KEPT = {  # the erased person: a marker in every field
    "name": "Wumplex Yorvath", "email": "krazzlemail@frobnic.test", "phone": "+44 20 7946 0958",
    "linkedin_url": "https://www.linkedin.com/in/blivnarpq", "city": "Glorptown", "country": "Vexlandia",
    "headline": "Chief Snorkwhistle", "source": "Quibblenet", "tags": ["tagzorpex"], "notes": "Likes plimbusk",
    "skills": ["skillvornic"], "current_title": "Titlequaxer", "current_employer": "Employzedcorp",
}
DROPPED = {  # merged into them first
    "name": "Drozzle Kempfit", "email": "snarflemail@frobnic.test", "headline": "Head of Quorbling",
    "notes": "Prefers yabbadoozle", "city": "Flimtown", "source": "Sourcezibble",
}
CV_MARK = "cvmarkerglimf"
ACTIVITY_MARK = "frindlewaxer"
LEDGER_MARKS = ["plimvoxxledger", "trandlesnitch"]  # the consent ledger (issue 14 item 1): a purpose, a source
MARKERS = ["Wumplex", "Yorvath", "krazzlemail", "7946 0958", "2079460958", "blivnarpq", "Glorptown", "Vexlandia",
           "Snorkwhistle", "Quibblenet", "tagzorpex", "plimbusk", "skillvornic", "Titlequaxer", "Employzedcorp",
           "Drozzle", "Kempfit", "snarflemail", "Quorbling", "yabbadoozle", "Flimtown", "Sourcezibble", CV_MARK, ACTIVITY_MARK]


def hits(desk_path, data_dir: Path, markers: list[str]) -> dict[str, list[str]]:
    """Where each marker's bytes are found (any case): the file, -wal, -shm, attachments, a pg_dump."""
    blobs: dict[str, bytes] = {}
    if db.is_server(desk_path):
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        dumped = subprocess.run([os.path.join(bindir, "pg_dump"), "--data-only", "-d", desk_path],
                                capture_output=True, check=True)
        blobs["pg_dump"] = dumped.stdout
    else:
        for suffix in ("", "-wal", "-shm"):
            f = Path(f"{desk_path}{suffix}")
            if f.exists():
                blobs[f.name] = f.read_bytes()
    folder = data_dir / attachments.FOLDER
    if folder.exists():
        for f in folder.rglob("*"):
            if f.is_file():
                blobs[f"attachments/{f.name}"] = f.read_bytes()
    found: dict[str, list[str]] = {}
    for marker in markers:
        for spelled in {marker.lower(), marker, marker.upper()}:
            for where, blob in blobs.items():
                if spelled.encode() in blob.lower() or spelled.encode() in blob:
                    found.setdefault(marker, []).append(where)
    return {m: sorted(set(w)) for m, w in found.items()}


def index_terms(desk_path) -> list[str]:
    """The search index's terms (SQLite's FTS5 vocabulary: tokens a prefix-compressed segment may hide)."""
    if db.is_server(desk_path):
        return []
    conn = db.connect(desk_path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, person_fts, row)")
        return [r[0] for r in conn.execute("SELECT term FROM temp.terms")]
    finally:
        conn.close()


@pytest.fixture
def desk(desk_path, today, tmp_path):
    ids = seed(desk_path)
    conn = db.connect(desk_path)
    with db.write(conn):
        rebuild_person_index(conn)
    yield conn, ids, desk_path, tmp_path / "data"
    conn.close()


def _person(conn, values: dict) -> int:
    return person_write.create_person(conn, values).person_id


def test_an_erased_person_leaves_no_trace_anywhere(desk, tmp_path):
    conn, ids, path, data_dir = desk
    kept = _person(conn, KEPT)
    dropped = _person(conn, DROPPED)
    log_activity(conn, "call_talked", f"Talked about {ACTIVITY_MARK}", person_id=kept)
    log_activity(conn, "note", "Referred by Wumplex Yorvath, krazzlemail@frobnic.test", person_id=ids["ana"])
    attachments.attach(conn, kept, make_txt(tmp_path / "cv.txt", ["Wumplex Yorvath", f"Expert in {CV_MARK}"]),
                       data_dir=data_dir)
    job = conn.execute("SELECT id FROM job_order WHERE stage NOT IN ('placed', 'closed') ORDER BY id LIMIT 1").fetchone()[0]
    sub = submit(conn, kept, job).submission_id
    version = conn.execute("SELECT version FROM submission WHERE id = ?", (sub,)).fetchone()[0]
    moves.move_submission(conn, sub, "placed", expected_version=version, placement=placement())
    consent_ledger.record(conn, kept, "given", on_date=clock.today(), method="email", detail=f"roles {LEDGER_MARKS[0]}")
    consent_ledger.record(conn, dropped, "source", detail=f"met at {LEDGER_MARKS[1]}")
    preview = merge.merge_preview(conn, kept, dropped)
    merge.merge(conn, kept, dropped, keep_version=preview.keep_version, drop_version=preview.drop_version)
    assert conn.execute("SELECT count(*) FROM consent_entry WHERE person_id = ?", (kept,)).fetchone()[0] == 2
    fee = conn.execute("SELECT id, fee_amount FROM placement WHERE person_id = ?", (kept,)).fetchone()
    assert hits(path, data_dir, ["Wumplex", CV_MARK, "Drozzle"])  # the markers are there to find

    done = erasure.erase(conn, kept, data_dir=data_dir)
    assert done.kinds["placements_kept"] == 1 and done.kinds["merged_records"] == 1
    assert done.kinds["files"] == 1 and done.kinds["mentions"] == 1
    assert done.message.startswith(f"Erased person #{kept}: removed ")
    # placements and fees stay, the person anonymised; the colleague's note names the stub
    assert conn.execute("SELECT id, fee_amount FROM placement WHERE person_id = ?", (kept,)).fetchone() == fee
    assert conn.execute("SELECT name FROM person WHERE id = ?", (kept,)).fetchone()[0] == f"Erased person #{kept}"
    note = conn.execute("SELECT body FROM activity WHERE person_id = ? AND body LIKE 'Referred by%'",
                        (ids["ana"],)).fetchone()[0]
    assert note == f"Referred by Erased person #{kept}, Erased person #{kept}"
    assert conn.execute("SELECT person_id, kinds FROM erasure").fetchall()[0][0] == kept
    with pytest.raises(Exception, match="an erasure cannot be undone"):
        with db.write(conn):
            journal.undo(conn, journal.last_txn(conn))
    conn.close()
    db.close_idle()

    assert hits(path, data_dir, MARKERS + LEDGER_MARKS) == {}
    assert [t for t in index_terms(path) if any(m.lower() in t for m in MARKERS)] == []


def test_a_person_imported_then_erased_leaves_no_trace(desk):
    from deskcrm.store.imports import MappedRow
    from deskcrm.store.imports.apply import apply_import

    conn, _ids, path, data_dir = desk
    row = {"full_name": "Wumplex Yorvath", "email": "krazzlemail@frobnic.test", "city": "Glorptown",
           "notes": "Likes plimbusk", "skills": "skillvornic", "tags": "tagzorpex"}
    apply_import(conn, [MappedRow(2, row)], kind="people", file_name="people.csv", format="generic", mapping="")
    pid = conn.execute("SELECT id FROM person WHERE email_norm = 'krazzlemail@frobnic.test'").fetchone()[0]
    erasure.erase(conn, pid, data_dir=data_dir)
    conn.close()
    db.close_idle()
    markers = ["Wumplex", "Yorvath", "krazzlemail", "Glorptown", "plimbusk", "skillvornic", "tagzorpex"]
    assert hits(path, data_dir, markers) == {}
    assert [t for t in index_terms(path) if any(m.lower() in t for m in markers)] == []


def test_an_undone_create_is_scrubbed_once_final(desk):
    conn, _ids, path, data_dir = desk
    saved = person_write.create_person(conn, DROPPED)
    with db.write(conn):
        journal.undo(conn, saved.txn)
    assert journal_scrub.scrub(conn, window_days=30) == 0  # still inside the undo window: kept
    assert hits(path, data_dir, ["Drozzle"])
    assert journal_scrub.scrub(conn, window_days=30, now=clock.utcnow() + timedelta(days=31)) == 1
    assert erasure.compact(conn)
    conn.close()
    db.close_idle()
    markers = ["Drozzle", "Kempfit", "snarflemail", "Quorbling", "yabbadoozle", "Flimtown", "Sourcezibble"]
    assert hits(path, data_dir, markers) == {}
    assert [t for t in index_terms(path) if any(m.lower() in t for m in markers)] == []
