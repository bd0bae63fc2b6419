"""`deskcrm submittal JOB PERSON… --to DIR [--anonymise]`: real processes, the files they write,
one-line refusals; hostile names escaped in the HTML and never a control byte on the terminal."""

from __future__ import annotations

import re

import pytest
from clirun import assert_one_line_error, modes_bind, run, run_unprivileged
from cv_files import make_pdf
from engines import sqlite_only
from seed import Names, index, seed

from deskcrm.config import paths
from deskcrm.store import attachments, db

HOSTILE = "<script>alert(1)</script> [@click=app.quit]x[/] \x1b[31mRed\u202eevil"
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def desk(desk_path, tmp_path):
    ids = seed(desk_path)
    index(desk_path)
    conn = db.connect(desk_path)
    try:
        attachments.attach(conn, ids["dev"], make_pdf(tmp_path / "dev.pdf"), data_dir=paths.data_dir())
    finally:
        conn.close()
    return str(desk_path), ids


def test_writes_the_summary_and_the_cvs_and_says_so(desk, tmp_path):
    path, ids = desk
    out = tmp_path / "pack"
    out.mkdir()
    result = run("submittal", str(ids["job_backend"]), Names.dev, "eva@example.com", "--to", str(out), "--db", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"Wrote the submittal for {Names.job_backend} ({Names.northwind}) to {out}: 2 candidates, "
                             f"summary.html and 1 CV; {Names.eva}: no CV on file\n")
    assert sorted(p.name for p in out.iterdir()) == [f"{Names.dev} - CV.pdf", "summary.html"]
    page = (out / "summary.html").read_text()
    assert Names.dev in page and Names.eva in page and "no CV on file" in page


def test_anonymised_by_title_the_files_name_nobody(desk, tmp_path):
    path, ids = desk
    out = tmp_path / "anon"
    out.mkdir()
    result = run("submittal", Names.job_backend, str(ids["dev"]), "--to", str(out), "--anonymise", "--db", path)
    assert result.returncode == 0, result.stderr
    assert "1 candidate, anonymised, summary.html and 1 CV" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["Candidate A - CV.txt", "summary.html"]
    everything = "".join(p.read_text() for p in out.iterdir())
    assert "Dev" not in everything and "Patel" not in everything and "Kubernetes operator" in everything


REFUSALS = [
    (("999", "Dev Patel"), "job order 999 does not exist (see `deskcrm jobs`)"),
    (("{job_backend}", "Nobody Atall"), "nobody matches 'Nobody Atall'"),
    (("{job_backend}", "Ana Silva"), f"{Names.ana} is not on the pipeline of {Names.job_backend}"),
    (("No Such Role", "Dev Patel"), "no job order matches 'No Such Role'"),
    (("{job_backend}", ""), "PERSON is empty"),
]


@sqlite_only
def test_refusals_are_one_line_and_write_nothing(desk, tmp_path):
    path, ids = desk
    out = tmp_path / "none"
    out.mkdir()
    for args, said in REFUSALS:
        result = run("submittal", *(a.format(**ids) for a in args), "--to", str(out), "--db", path)
        assert_one_line_error(result, said)
        assert not any(out.iterdir())


@sqlite_only
def test_a_folder_that_cannot_be_written_or_holds_a_pack_is_refused(desk, tmp_path):
    path, ids = desk
    out = tmp_path / "pack"
    out.mkdir()
    assert run("submittal", str(ids["job_backend"]), Names.dev, "--to", str(out), "--db", path).returncode == 0
    again = run("submittal", str(ids["job_backend"]), Names.dev, "--to", str(out), "--db", path)
    assert_one_line_error(again, "summary.html is there already; choose an empty folder")
    if not modes_bind(tmp_path):
        pytest.skip("file modes do not bind here")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    refused = run_unprivileged("submittal", str(ids["job_backend"]), Names.dev, "--to", str(locked), "--db", path)
    assert_one_line_error(refused, "cannot write there")


@sqlite_only
def test_hostile_names_are_text_in_the_html_and_plain_on_the_terminal(desk_path, tmp_path):
    ids = seed(desk_path, Names(dev=HOSTILE, job_backend=HOSTILE, northwind=HOSTILE, headline=HOSTILE,
                                person_notes=HOSTILE))
    index(desk_path)
    out = tmp_path / "pack"
    out.mkdir()
    result = run("submittal", str(ids["job_backend"]), str(ids["dev"]), "--to", str(out), "--db", str(desk_path))
    assert result.returncode == 0, result.stderr
    assert not CONTROL.search(result.stdout + result.stderr)
    page = (out / "summary.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not CONTROL.search(page) and "␛[31mRed\ufffdevil" in page
    wrong = run("submittal", str(ids["job_backend"]), "Zzyzx " + HOSTILE, "--to", str(tmp_path / "x"),
                "--db", str(desk_path))
    assert_one_line_error(wrong, "nobody matches 'Zzyzx <script>")
    assert not CONTROL.search(wrong.stdout + wrong.stderr)


@sqlite_only
def test_me_is_taken_as_by_every_command(desk, tmp_path):
    path, ids = desk
    (tmp_path / "a").mkdir()
    result = run("submittal", str(ids["job_backend"]), Names.dev, "--to", str(tmp_path / "a"), "--db", path, "--me", "SR")
    assert result.returncode == 0, result.stderr
    refused = run("submittal", str(ids["job_backend"]), Names.dev, "--to", str(tmp_path / "b"), "--db", path,
                  "--me", "ZZ")
    assert_one_line_error(refused, "ZZ")
    assert not (tmp_path / "b").exists()
