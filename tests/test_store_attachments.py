"""CVs on a person (store.attachments, store.cv_text), on both engines: each format is found by a
phrase from it, the refusals write nothing, undo takes it away, the copy is private."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from cv_files import MAKERS, PHRASE, make_encrypted_pdf, make_pdf, make_txt

from deskcrm.domain.search_query import parse
from deskcrm.store import attachments, cv_text, db, journal
from deskcrm.store.errors import NotFound
from deskcrm.store.search import SqliteSearch


def found(conn, query: str) -> list[int]:
    return [r.id for r in SqliteSearch(conn, conn_today()).search(parse(query, typing=False), limit=50).rows]


def conn_today():
    from deskcrm.domain import clock

    return clock.today()


def counts(conn) -> tuple[int, int, int]:
    return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                 for t in ("attachment", "event", "activity"))


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.mark.parametrize("fmt", sorted(MAKERS))
def test_a_cv_in_each_format_is_found_by_a_phrase_from_it(seeded_store, data_dir, tmp_path, fmt):
    conn, ids, _path = seeded_store
    pid = ids["dev"]
    assert pid not in found(conn, f'"{PHRASE.lower()}"')
    cv = MAKERS[fmt](tmp_path / f"jordan-cv.{fmt}")
    done = attachments.attach(conn, pid, cv, data_dir=data_dir)
    assert done.words > 10 and done.note is None
    assert done.message.startswith(f"Attached CV jordan-cv.{fmt} to ")
    assert found(conn, f'"{PHRASE.lower()}"') == [pid]
    assert found(conn, "stateful workloads") == [pid]
    listed = attachments.list_attachments(conn, pid)
    assert [(a.kind, a.file_name, a.words) for a in listed] == [("cv", f"jordan-cv.{fmt}", done.words)]
    assert PHRASE in attachments.attachment_text(conn, listed[0].id)
    resume_path, resume_text = conn.execute(
        "SELECT resume_path, resume_text FROM candidate_profile WHERE person_id = ?", (pid,)).fetchone()
    assert resume_path == listed[0].stored_path and PHRASE in resume_text


def test_the_copy_is_private_and_named_by_its_content(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    cv = make_pdf(tmp_path / "cv.pdf")
    first = attachments.attach(conn, ids["dev"], cv, data_dir=data_dir)
    second = attachments.attach(conn, ids["eva"], cv, data_dir=data_dir)  # the same file, someone else
    rows = conn.execute("SELECT stored_path, sha256, size FROM attachment ORDER BY id").fetchall()
    assert rows[0] == rows[1] and first.attachment_id != second.attachment_id
    stored = attachments.stored_file(data_dir, rows[0][0])
    assert stored.read_bytes() == cv.read_bytes() and rows[0][2] == cv.stat().st_size
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert [p.name for p in stored.parent.iterdir()] == [stored.name]  # one copy, no temporary left


def test_undo_removes_the_attachment_and_puts_the_resume_back(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    pid = ids["dev"]
    before = journal.row(conn, "candidate_profile", pid)
    done = attachments.attach(conn, pid, make_pdf(tmp_path / "cv.pdf"), data_dir=data_dir)
    assert found(conn, "kubernetes") == [pid]
    with db.write(conn):
        journal.undo(conn, done.txn)
    assert attachments.list_attachments(conn, pid) == []
    after = journal.row(conn, "candidate_profile", pid)
    assert {k: v for k, v in after.items() if k != "version"} == {k: v for k, v in before.items() if k != "version"}
    assert found(conn, "kubernetes") == []


def test_a_contact_given_a_cv_becomes_a_candidate(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    pid = conn.execute("SELECT p.id FROM person p WHERE NOT EXISTS "
                       "(SELECT 1 FROM candidate_profile c WHERE c.person_id = p.id) ORDER BY p.id").fetchone()[0]
    done = attachments.attach(conn, pid, make_pdf(tmp_path / "cv.pdf"), data_dir=data_dir)
    assert done.made_candidate and "(now a candidate)" in done.message
    status, text = conn.execute("SELECT status, resume_text FROM candidate_profile WHERE person_id = ?",
                                (pid,)).fetchone()
    assert status == "active" and PHRASE in text
    assert found(conn, f'"{PHRASE}"') == [pid]
    with db.write(conn):
        journal.undo(conn, done.txn)  # the profile came with the CV: it goes with it
    assert journal.row(conn, "candidate_profile", pid) is None


def test_an_other_file_is_not_the_resume(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    done = attachments.attach(conn, ids["dev"], make_pdf(tmp_path / "contract.pdf"), kind="other",
                              data_dir=data_dir)
    assert done.message.startswith("Attached file contract.pdf")
    assert conn.execute("SELECT resume_text FROM candidate_profile WHERE person_id = ?",
                        (ids["dev"],)).fetchone()[0] is None
    assert found(conn, "kubernetes") == []


def test_a_scanned_pdf_is_attached_with_its_note(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    pid = ids["dev"]
    attachments.attach(conn, pid, make_txt(tmp_path / "old.txt"), data_dir=data_dir)
    done = attachments.attach(conn, pid, make_pdf(tmp_path / "scan.pdf", None), data_dir=data_dir)
    assert done.note == cv_text.NO_TEXT and done.words == 0
    assert done.message.endswith(": no text in it (a scanned PDF?)")
    newest = attachments.list_attachments(conn, pid)[0]
    assert (newest.file_name, newest.text_note) == ("scan.pdf", cv_text.NO_TEXT)
    assert attachments.attachment_text(conn, newest.id) is None
    # the scan is the resume file; the words of the CV before it still find the person
    path, text = conn.execute("SELECT resume_path, resume_text FROM candidate_profile WHERE person_id = ?",
                              (pid,)).fetchone()
    assert path == newest.stored_path and PHRASE in text
    assert found(conn, "kubernetes") == [pid]


@pytest.mark.parametrize("case", ["encrypted", "huge", "unsupported", "old_word", "missing", "empty", "damaged"])
def test_refused_files_say_why_in_one_line_and_write_nothing(seeded_store, data_dir, tmp_path, case):
    conn, ids, _path = seeded_store
    if case == "encrypted":
        cv, said = make_encrypted_pdf(tmp_path / "locked.pdf"), "locked.pdf: the PDF is encrypted"
    elif case == "huge":
        cv, said = tmp_path / "huge.txt", "huge.txt: 21 MB is over the 20 MB a CV may be"
        with open(cv, "wb") as out:
            out.truncate(cv_text.MAX_BYTES + 1024 * 1024)
    elif case == "unsupported":
        cv, said = tmp_path / "photo.png", "photo.png: not a CV file deskcrm can read (it reads PDF,"
        cv.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    elif case == "old_word":
        cv, said = tmp_path / "cv.doc", "cv.doc: an old Word (.doc) file is not supported"
        cv.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    elif case == "missing":
        cv, said = tmp_path / "nowhere.pdf", "nowhere.pdf: no such file"
    elif case == "empty":
        cv, said = tmp_path / "empty.pdf", "empty.pdf: the file is empty"
        cv.write_bytes(b"")
    else:
        cv, said = tmp_path / "broken.pdf", "broken.pdf: cannot be read as PDF ("
        cv.write_bytes(b"%PDF-1.4\n" + b"garbage " * 50)
    before = counts(conn)
    with pytest.raises(cv_text.CvRefused) as refused:
        attachments.attach(conn, ids["dev"], cv, data_dir=data_dir)
    message = str(refused.value)
    assert said in message and "\n" not in message and "Traceback" not in message
    assert counts(conn) == before
    assert not (data_dir / attachments.FOLDER).exists() or not any((data_dir / attachments.FOLDER).iterdir())


def test_a_failed_write_removes_the_copy(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    prepared = attachments.prepare(make_pdf(tmp_path / "cv.pdf"), data_dir)
    assert prepared.absolute.exists() and prepared.copied
    with pytest.raises(NotFound):
        attachments.record(conn, 987654, prepared)
    attachments.discard(prepared)
    assert not prepared.absolute.exists()
    with pytest.raises(NotFound):  # attach() itself: said before anything is copied
        attachments.attach(conn, 987654, make_pdf(tmp_path / "cv.pdf"), data_dir=data_dir)
    assert not any((data_dir / attachments.FOLDER).iterdir())


def test_a_file_already_there_is_never_removed_by_a_failed_write(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    cv = make_pdf(tmp_path / "cv.pdf")
    attachments.attach(conn, ids["dev"], cv, data_dir=data_dir)
    again = attachments.prepare(cv, data_dir)
    assert not again.copied
    attachments.discard(again)
    assert again.absolute.exists()


def test_a_reader_that_hangs_is_stopped(data_dir, tmp_path, monkeypatch):
    """A hostile file that keeps the reader busy: stopped at the timeout, one line, nothing left."""
    monkeypatch.setattr(cv_text, "TIMEOUT_S", 1.0)
    monkeypatch.setattr(cv_text, "reader_command",
                        lambda fmt, path: [sys.executable, "-c", "import time; time.sleep(60)"])
    cv = make_pdf(tmp_path / "slow.pdf")
    with pytest.raises(cv_text.CvRefused, match=r"slow\.pdf: reading it took over 1 s"):
        attachments.prepare(cv, data_dir)
    assert not any((data_dir / attachments.FOLDER).iterdir())


def test_hostile_text_is_kept_as_data(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    hostile = ["[bold]Boss[/bold] [@click=app.quit]x[/]", "\x1b[31mred\x1b[0m \x07bell \u202eevil", "Kubernetes"]
    cv = tmp_path / "hostile.txt"
    cv.write_text("\n".join(hostile), encoding="utf-8")
    done = attachments.attach(conn, ids["dev"], cv, data_dir=data_dir)
    assert attachments.attachment_text(conn, done.attachment_id) == "\n".join(hostile)


def test_the_child_reader_is_limited(tmp_path):
    """The memory ceiling applies in the child (a reader asking for more gets a MemoryError)."""
    import subprocess
    import sys

    code = ("from deskcrm.store.cv_formats import limit\nlimit(256 * 1024 * 1024, 5)\n"
            "try:\n    b = bytearray(512 * 1024 * 1024)\nexcept MemoryError:\n    print('refused')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "refused"


def test_the_copy_is_0600_even_under_a_loose_umask(seeded_store, data_dir, tmp_path):
    conn, ids, _path = seeded_store
    old = os.umask(0)
    try:
        attachments.attach(conn, ids["dev"], make_pdf(tmp_path / "cv.pdf"), data_dir=data_dir)
    finally:
        os.umask(old)
    (stored,) = (data_dir / attachments.FOLDER).iterdir()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_a_lone_surrogate_from_a_reader_is_replaced(data_dir, tmp_path, monkeypatch):
    """pypdf can hand back half of a UTF-16 pair; neither engine stores one."""
    monkeypatch.setattr(cv_text, "reader_command", lambda fmt, path: [
        sys.executable, "-c", "import json, sys; sys.stdout.write(json.dumps({'text': 'Kubernetes \\ud800 operator'}))"])
    found = attachments.prepare(make_pdf(tmp_path / "odd.pdf"), data_dir).extracted
    assert found.text == "Kubernetes ? operator"


def test_a_zip_bomb_docx_is_refused_not_swallowed(data_dir, tmp_path, monkeypatch):
    """A DOCX whose document.xml inflates far past any CV: the reader's memory ceiling stops it."""
    import zipfile

    from cv_files import make_docx

    monkeypatch.setattr(cv_text, "MAX_MEMORY", 384 * 1024 * 1024)
    base = zipfile.ZipFile(make_docx(tmp_path / "base.docx"))
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in base.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, base.read(item))
                continue
            head = base.read(item).split(b"<w:body>")[0]
            with out.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body><w:p><w:r><w:t>")
                chunk = b"A" * (1 << 20)
                for _ in range(450):
                    part.write(chunk)
                part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(cv_text.CvRefused, match=r"bomb\.docx: cannot be read as Word \(DOCX\)"):
        attachments.prepare(bomb, data_dir)
    assert not any((data_dir / attachments.FOLDER).iterdir())
