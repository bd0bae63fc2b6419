"""`deskcrm attach PERSON FILE [--kind cv|other]`: real processes, real exit codes, both engines."""

from __future__ import annotations

import json
import stat

import pytest
from engines import sqlite_only
from clirun import assert_one_line_error, run
from cv_files import make_docx, make_encrypted_pdf, make_pdf
from seed import Names, index, query, seed

from deskcrm.config import paths


@pytest.fixture
def desk(desk_path):
    path = desk_path
    ids = seed(path)
    index(path)  # names are found through the search index, as on a real desk
    return path, ids


def test_attach_by_name_prints_one_line_and_search_finds_the_cv(desk, tmp_path):
    path, ids = desk
    cv = make_docx(tmp_path / "dev-patel.docx")
    result = run("attach", Names.dev, str(cv), "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Attached CV dev-patel.docx to {Names.dev}: 16 words of text\n"
    found = run("search", '"kubernetes operator"', "--db", str(path), "--json")
    assert [p["id"] for p in json.loads(found.stdout)] == [ids["dev"]]
    (stored,) = (paths.data_dir() / "attachments").iterdir()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600 and stored.read_bytes() == cv.read_bytes()


def test_attach_by_id_and_by_email_and_other_kind(desk, tmp_path):
    path, ids = desk
    cv = make_pdf(tmp_path / "terms.pdf")
    by_id = run("attach", f"#{ids['eva']}", str(cv), "--kind", "other", "--db", str(path))
    assert by_id.stdout == f"Attached file terms.pdf to {Names.eva}: 16 words of text\n", by_id.stderr
    by_email = run("attach", "DEV@example.com", str(make_pdf(tmp_path / "cv.pdf")), "--db", str(path))
    assert by_email.stdout.startswith(f"Attached CV cv.pdf to {Names.dev}:"), by_email.stderr
    kinds = query(path, "SELECT person_id, kind FROM attachment ORDER BY id")
    assert [tuple(r) for r in kinds] == [(ids["eva"], "other"), (ids["dev"], "cv")]


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_a_scanned_pdf_says_so(desk, tmp_path):
    path, ids = desk
    result = run("attach", str(ids["dev"]), str(make_pdf(tmp_path / "scan.pdf", None)), "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Attached CV scan.pdf to {Names.dev}: no text in it (a scanned PDF?)\n"


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_an_ambiguous_name_lists_who_it_could_be(desk, tmp_path):
    path, ids = desk
    cv = str(make_pdf(tmp_path / "cv.pdf"))
    result = run("attach", "Ana Silva", cv, "--db", str(path))
    assert result.returncode == 0, result.stderr  # one person of that name
    from deskcrm.store import db
    from deskcrm.store.person_write import create_person

    conn = db.connect(path)
    try:
        twin = create_person(conn, {"name": "Ana Silva", "source": "Referral"}).person_id
    finally:
        conn.close()
    result = run("attach", "ana silva", cv, "--db", str(path))
    assert_one_line_error(result, "'ana silva' matches 2 people (listed above); narrow it: give their email, #id")
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert sorted(map(int, listed)) == sorted([ids["ana"], twin])
    near = run("attach", "Anna Silvaa", cv, "--db", str(path))
    assert near.returncode == 1 and "Traceback" not in near.stderr
    assert query(path, "SELECT count(*) FROM attachment")[0][0] == 1  # only the first one


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
@pytest.mark.parametrize("case", ["encrypted", "missing", "kind", "nobody"])
def test_refusals_are_one_line_and_write_nothing(desk, tmp_path, case):
    path, ids = desk
    args = [str(ids["dev"]), str(make_pdf(tmp_path / "cv.pdf"))]
    if case == "encrypted":
        args[1], said = str(make_encrypted_pdf(tmp_path / "locked.pdf")), "locked.pdf: the PDF is encrypted"
    elif case == "missing":
        args[1], said = str(tmp_path / "gone.pdf"), "gone.pdf: no such file"
    elif case == "kind":
        args, said = [*args[:2], "--kind", "photo"], "--kind 'photo': use cv or other"
    else:
        args[0], said = "Nobody Atall", "nobody matches 'Nobody Atall'"
    result = run("attach", *args, "--db", str(path))
    assert_one_line_error(result, said)
    assert query(path, "SELECT count(*) FROM attachment")[0][0] == 0
    folder = paths.data_dir() / "attachments"
    assert not folder.exists() or not any(folder.iterdir())


def test_many_namesakes_are_counted_truly_and_the_message_says_how_to_narrow(desk, tmp_path):
    path, ids = desk
    from deskcrm.store import db
    from deskcrm.store.person_lookup import find_person
    from deskcrm.store.person_write import create_person

    conn = db.connect(path)
    try:
        made = [create_person(conn, {"name": f"{first} Kimura", "source": "Referral"}).person_id
                for first in ("Aiko", "Ben", "Chie", "Daiki", "Emi", "Fumio", "Goro", "Hana", "Ichiro", "Jun", "Kei")]
        found = find_person(conn, "Kimura")
    finally:
        conn.close()
    assert found.person_id is None and found.count == 11 and len(found.matches) < 11
    result = run("attach", "Kimura", str(make_pdf(tmp_path / "cv.pdf")), "--db", str(path))
    assert_one_line_error(result, f"'Kimura' matches 11 people (the first {len(found.matches)} listed above); "
                                  "narrow it: give their email, #id or more of the name "
                                  "(`deskcrm search Kimura --limit 11` lists them with their ids)")
    assert {int(line.split()[0]) for line in result.stdout.splitlines()} < set(made)
