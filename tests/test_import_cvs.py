"""Issue 12, item 7's last sentence: an import brings CVs from a folder, matched by the file its
``cv_file`` column names, else by the person's name or email — ambiguous or missing matches
reported per row, never guessed; a bad file leaves the row imported with the reason; the CVs
belong to the batch (undo removes them) and a copy no attachment refers to any more is deleted,
after an import's undo and a single attach's. Store tests, on each engine (``seeded_store``)."""

from __future__ import annotations

import pytest
from cv_files import PHRASE, make_encrypted_pdf, make_pdf
from hypothesis import given
from hypothesis import strategies as st

from deskcrm.domain import clock
from deskcrm.domain.search_query import parse
from deskcrm.store import attachments, db, journal
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.apply import apply_import
from deskcrm.store.imports.batches import undo_batch
from deskcrm.store.imports.cv_import import CvImport
from deskcrm.store.imports.cv_match import CvFolder, name_key
from deskcrm.store.search import SqliteSearch


def rows(*values: dict[str, str]) -> list[MappedRow]:
    return [MappedRow(i + 2, v) for i, v in enumerate(values)]


def found(conn, query: str) -> list[int]:
    return [r.id for r in SqliteSearch(conn, clock.today()).search(parse(query, typing=False), limit=50).rows]


def stored_files(data_dir) -> list[str]:
    folder = data_dir / attachments.FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def cvs(tmp_path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    return folder


# --------------------------------------------------------------------------- matching (no database)


@pytest.mark.parametrize("stem", ["Jana Smith", "jana-smith", "JANA_SMITH", "Jána  Smith", "jana.smith"])
def test_a_file_named_after_the_person_is_theirs_case_accents_and_separators_aside(cvs, stem):
    make_pdf(cvs / f"{stem}.pdf")
    got = CvFolder(cvs).match(rows({"full_name": "Jana Smith"})[0])
    assert (got.status, got.file, got.how) == ("matched", f"{stem}.pdf", "name")


def test_first_and_last_name_columns_and_the_email_find_the_file_too(cvs):
    make_pdf(cvs / "jana@example.com.pdf")
    make_pdf(cvs / "bo-lind.docx")
    folder = CvFolder(cvs)
    by_email, by_name = (folder.match(r) for r in rows({"full_name": "J. Smith", "email": "JANA@example.com"},
                                                       {"first_name": "Bo", "last_name": "Lind"}))
    assert (by_email.status, by_email.file, by_email.how) == ("matched", "jana@example.com.pdf", "email")
    assert (by_name.status, by_name.file, by_name.how) == ("matched", "bo-lind.docx", "name")


def test_the_cv_file_column_wins_and_a_missing_one_is_reported_not_replaced(cvs):
    (cvs / "sub").mkdir()
    make_pdf(cvs / "sub" / "cv-1.pdf")
    make_pdf(cvs / "Jana Smith.pdf")
    folder = CvFolder(cvs)
    named, missing, outside = (folder.match(r) for r in rows(
        {"full_name": "Jana Smith", "cv_file": "sub/cv-1.pdf"},
        {"full_name": "Jana Smith", "cv_file": "gone.pdf"},
        {"full_name": "Jana Smith", "cv_file": "../secret.pdf"}))
    assert (named.status, named.file, named.how) == ("matched", "sub/cv-1.pdf", "cv_file")
    assert (missing.status, missing.file) == ("missing", None)
    assert missing.reason == "cv_file gone.pdf: no such file in the CV folder"
    assert outside.status == "missing" and "not inside the CV folder" in outside.reason


def test_two_files_that_fit_or_a_file_two_rows_fit_is_ambiguous_never_chosen(cvs):
    make_pdf(cvs / "Dee X.pdf")
    make_pdf(cvs / "dee-x.docx")
    make_pdf(cvs / "Bo Lind.pdf")
    folder = CvFolder(cvs)
    dee, bo, bo_again, nobody = (folder.match(r) for r in rows(
        {"full_name": "Dee X"}, {"full_name": "Bo Lind"}, {"full_name": "BO LIND", "email": "b2@example.com"},
        {"full_name": "Hal Who"}))
    assert dee.status == "ambiguous" and dee.file is None
    assert "Dee X.pdf, dee-x.docx all fit" in dee.reason
    assert bo.status == "matched"
    assert bo_again.status == "ambiguous" and "fits line 3 (Bo Lind) too" in bo_again.reason
    assert (nobody.status, nobody.reason) == ("none", "no CV file named after them or their email")


def test_only_cv_files_are_matched_by_name(cvs):
    (cvs / "Jana Smith.jpg").write_bytes(b"\xff\xd8")
    (cvs / ".Jana Smith.pdf").write_bytes(b"%PDF")
    assert CvFolder(cvs).match(rows({"full_name": "Jana Smith"})[0]).status == "none"


_LETTERS = st.characters(min_codepoint=0x41, max_codepoint=0x24F, categories=("Lu", "Ll"))
_WORDS = st.lists(st.text(_LETTERS, min_size=1, max_size=8), min_size=1, max_size=4)


@given(_WORDS, st.sampled_from([" ", "-", "_", ".", "  ", " - "]))
def test_name_key_folds_separators_and_is_idempotent(words, separator):
    spaced = name_key(" ".join(words))
    assert name_key(separator.join(words)) == spaced
    assert name_key(spaced) == spaced
    assert not any(ch in spaced for ch in "-_.\t") and "  " not in spaced


@given(_WORDS)
def test_name_key_ignores_accents_and_case(words):
    import unicodedata

    plain = " ".join(words)
    assert name_key(unicodedata.normalize("NFD", plain)) == name_key(plain)
    assert name_key(plain.casefold()) == name_key(plain)


# --------------------------------------------------------------------------- in the batch (both engines)


def _import(conn, given, folder, data_dir, **kw):
    cv = CvImport(folder, data_dir)
    cv.prepare(given)
    try:
        done = apply_import(conn, given, kind="people", file_name="people.csv", format="generic", mapping="",
                            on_people=cv.on_people, **kw)
    finally:
        cv.cleanup(conn)
    return done, cv


def test_the_cvs_are_attached_in_the_batch_found_by_search_and_undone_with_it(seeded_store, cvs, data_dir):
    conn, ids, _path = seeded_store
    make_pdf(cvs / "nina-brandt.pdf")
    make_pdf(cvs / "ana@example.com.pdf", ["Ana Silva", "zeppelin navigation"])
    make_encrypted_pdf(cvs / "Carl Moss.pdf")
    before = conn.execute("SELECT count(*) FROM attachment").fetchone()[0]
    given = rows({"full_name": "Nina Brandt", "email": "nina@new.example"},
                 {"full_name": "Ana Silva", "email": "ana@example.com"},  # the desk's Ana: unchanged, gets her CV
                 {"full_name": "Carl Moss", "email": "carl@new.example"},
                 {"full_name": "Hal Who", "email": "hal@new.example"})
    done, cv = _import(conn, given, cvs, data_dir)
    out = {m.line: m for m in cv.outcomes()}
    assert [out[n].status for n in (2, 3, 4, 5)] == ["attached", "attached", "refused", "none"]
    assert "encrypted" in out[4].reason
    nina = conn.execute("SELECT id FROM person WHERE name = 'Nina Brandt'").fetchone()[0]
    carl = conn.execute("SELECT id FROM person WHERE name = 'Carl Moss'").fetchone()[0]  # imported all the same
    assert found(conn, f'"{PHRASE.lower()}"') == [nina]
    assert found(conn, "zeppelin") == [ids["ana"]]
    assert [a.file_name for a in attachments.list_attachments(conn, nina)] == ["nina-brandt.pdf"]
    assert attachments.list_attachments(conn, carl) == []
    assert len(stored_files(data_dir)) == 2  # the encrypted file's copy was not kept
    undo_batch(conn, done.batch_id, data_dir=data_dir)
    assert conn.execute("SELECT count(*) FROM attachment").fetchone()[0] == before
    assert found(conn, "zeppelin") == [] and found(conn, "kubernetes") == []
    assert stored_files(data_dir) == []


def test_a_row_not_imported_gets_no_cv_and_leaves_no_copy(seeded_store, cvs, data_dir):
    conn, _ids, _path = seeded_store
    make_pdf(cvs / "Zed Nobody.pdf")
    given = rows({"full_name": "Nina Brandt", "email": "nina@new.example"},
                 {"full_name": "Zed Nobody", "email": "NINA@new.example"})  # a likely duplicate of line 2
    _done, cv = _import(conn, given, cvs, data_dir)
    skipped = cv.outcomes()[1]
    assert (skipped.status, skipped.reason) == ("skipped", "Zed Nobody.pdf: not attached (the row was not imported)")
    assert stored_files(data_dir) == []


def test_the_dry_run_copies_nothing_and_says_which_cv(seeded_store, cvs, data_dir):
    make_pdf(cvs / "Nina Brandt.pdf")
    (cvs / "empty.pdf").write_bytes(b"")
    cv = CvImport(cvs, data_dir)
    out = cv.look(rows({"full_name": "Nina Brandt"}, {"full_name": "X", "cv_file": "empty.pdf"}))
    assert out[2].said == "Nina Brandt.pdf (by name)"
    assert out[3].status == "refused" and "empty" in out[3].reason
    assert not data_dir.exists()


def test_undo_keeps_a_copy_another_attachment_still_uses(seeded_store, cvs, data_dir):
    conn, ids, _path = seeded_store
    cv_file = make_pdf(cvs / "Nina Brandt.pdf")
    attachments.attach(conn, ids["dev"], cv_file, data_dir=data_dir)  # the same file, on someone else
    done, _cv = _import(conn, rows({"full_name": "Nina Brandt", "email": "nina@new.example"}), cvs, data_dir)
    assert len(stored_files(data_dir)) == 1
    undo_batch(conn, done.batch_id, data_dir=data_dir)
    assert len(stored_files(data_dir)) == 1  # dev's CV is still that file


def test_undoing_a_single_attach_deletes_its_copy_once_unused(seeded_store, tmp_path, data_dir):
    conn, ids, _path = seeded_store
    cv_file = make_pdf(tmp_path / "cv.pdf")
    first = attachments.attach(conn, ids["dev"], cv_file, data_dir=data_dir)
    second = attachments.attach(conn, ids["eva"], cv_file, data_dir=data_dir)
    for done, left in ((second, 1), (first, 0)):
        with attachments.freeing_files(conn, done.txn, data_dir):
            with db.write(conn):
                journal.undo(conn, done.txn)
        assert len(stored_files(data_dir)) == left


def test_a_failed_undo_deletes_nothing(seeded_store, tmp_path, data_dir):
    conn, ids, _path = seeded_store
    done = attachments.attach(conn, ids["dev"], make_pdf(tmp_path / "cv.pdf"), data_dir=data_dir)
    with pytest.raises(RuntimeError):
        with attachments.freeing_files(conn, done.txn, data_dir):
            raise RuntimeError("the undo failed")
    assert len(stored_files(data_dir)) == 1


def test_a_person_the_batch_updates_and_gives_a_cv_is_undone_whole(seeded_store, cvs, data_dir):
    conn, ids, _path = seeded_store
    make_pdf(cvs / "Ana Silva.pdf")
    before = (journal.row(conn, "person", ids["ana"]), journal.row(conn, "candidate_profile", ids["ana"]))
    email = before[0]["email"]  # her profile's title is replaced (--overwrite), then her resume: two updates
    done, cv = _import(conn, rows({"full_name": "Ana Silva", "email": email, "title": "Platform lead"}), cvs,
                       data_dir, overwrite=True)
    assert done.counts["update"] == 1 and cv.outcomes()[0].status == "attached"
    assert found(conn, "kubernetes") == [ids["ana"]]
    undo_batch(conn, done.batch_id, data_dir=data_dir)
    assert (journal.row(conn, "person", ids["ana"]), journal.row(conn, "candidate_profile", ids["ana"])) == before
    assert found(conn, "kubernetes") == [] and stored_files(data_dir) == []


def test_a_file_over_the_size_cap_leaves_its_row_imported(seeded_store, cvs, data_dir, monkeypatch):
    from deskcrm.store import cv_text

    conn, _ids, _path = seeded_store
    make_pdf(cvs / "Nina Brandt.pdf")
    monkeypatch.setattr(cv_text, "MAX_BYTES", 100)
    _done, cv = _import(conn, rows({"full_name": "Nina Brandt", "email": "nina@new.example"}), cvs, data_dir)
    got = cv.outcomes()[0]
    assert got.status == "refused" and "MB a CV may be" in got.reason
    assert conn.execute("SELECT count(*) FROM person WHERE name = 'Nina Brandt'").fetchone()[0] == 1
    assert stored_files(data_dir) == []


def test_a_data_directory_that_cannot_be_written_is_said_per_file(cvs, data_dir, monkeypatch):
    from deskcrm import files

    def full(_path):
        raise OSError(28, "No space left on device")

    make_pdf(cvs / "Nina Brandt.pdf")
    monkeypatch.setattr(files, "private_dir", full)
    cv = CvImport(cvs, data_dir)
    cv.prepare(rows({"full_name": "Nina Brandt"}))
    got = cv.outcomes(written=False)[0]
    assert got.status == "refused"
    assert got.reason == "Nina Brandt.pdf: could not be copied into the data directory (No space left on device)"
