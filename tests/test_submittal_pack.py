"""Submittal packs in the store (issue 15): what the summary says, which CVs go, anonymised or
not, and what is refused — on both engines."""

from __future__ import annotations

import stat

import pytest
from cv_files import make_pdf
from seed import Names
from submittal_desk import pipeline_desk

from deskcrm.config import paths
from deskcrm.store import attachments, db
from deskcrm.store.errors import NotFound
from deskcrm.store.submittal_files import PackRefused, summary_html, summary_text, write_pack
from deskcrm.store.submittal_pack import NO_CV, SCANNED, NotOnPipeline, build_pack, candidate_label

CV_LINES = [
    "FARAH KHAN",
    "Email: farah.k@mail.example | Mobile: +44 20 7946 0006",
    "linkedin.com/in/farahkhan",
    "12 Baker Street, London NW1 6XE",
    "Platform engineer: wrote a Kubernetes operator; Farah led the payments migration.",
]


@pytest.fixture
def desk(desk_path, today, tmp_path):
    ids = pipeline_desk(desk_path, tmp_path, lines=CV_LINES)
    conn = db.connect(desk_path)
    with db.write(conn):
        conn.execute("UPDATE candidate_profile SET desired_salary = 95000, salary_currency = 'GBP' WHERE person_id = ?",
                     (ids["farah"],))
    yield conn, ids, tmp_path / "farah.docx"
    conn.close()


def test_the_pack_says_what_the_records_say_and_carries_the_cv_file(desk, tmp_path):
    conn, ids, cv = desk
    pack = build_pack(conn, ids["job_backend"], [ids["farah"], ids["dev"], ids["farah"]])
    assert pack.job.title == Names.job_backend and pack.job.manager == Names.bo
    assert pack.job.manager_email == "bo@example.com"
    assert pack.subject == f"{Names.job_backend}: 2 candidates for your review"
    farah, dev = pack.candidates
    assert (farah.label, farah.headline, farah.skills, farah.salary, farah.currency, farah.notice_days, farah.note) == (
        Names.farah, Names.headline, ("python",), 95000, "GBP", 30, Names.person_notes)
    assert farah.stage == "sourced" and farah.cv.file_name == f"{Names.farah} - CV.docx" and farah.cv.text is None
    assert dev.cv is None and dev.cv_note == NO_CV and dev.stage == "interviewing"
    written = write_pack(pack, made(tmp_path / "out"), paths.data_dir())
    assert [p.name for p in written] == ["summary.html", f"{Names.farah} - CV.docx"]
    assert written[1].read_bytes() == cv.read_bytes()
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    page = written[0].read_text()
    for said in (Names.farah, Names.dev, "GBP 95,000", "30 days", NO_CV, f"Dear {Names.bo},"):
        assert said in page
    assert "Salary expectation" not in summary_text(pack).split(Names.dev)[1]  # none asked: none said


def test_anonymised_the_pack_names_nobody_and_the_cv_is_its_text_without_contact_lines(desk, tmp_path):
    conn, ids, _cv = desk
    with db.write(conn):
        conn.execute("UPDATE person SET headline = 'Farah Khan — platform lead', notes = ?"
                      " WHERE id = ?", ("Call Farah after 4pm on +44 20 7946 0006 (farah.k@mail.example)", ids["farah"]))
    pack = build_pack(conn, ids["job_backend"], [ids["george"], ids["farah"]], anonymised=True, region="GB")
    george, farah = pack.candidates
    assert (george.label, farah.label) == ("Candidate A", "Candidate B")
    assert farah.headline == "Candidate B — platform lead" and farah.note == "Call Candidate B after 4pm on"
    assert farah.cv.file_name == "Candidate B - CV.txt" and farah.cv.stored_path is None
    assert farah.cv.text == ("Candidate B\nPlatform engineer: wrote a Kubernetes operator; "
                             "Candidate B led the payments migration.")
    written = write_pack(pack, made(tmp_path / "anon"), paths.data_dir())
    everything = summary_text(pack) + summary_html(pack) + "".join(p.read_text() for p in written)
    for personal in ("Farah", "Khan", "George", "farah.k@", "7946", "linkedin", "Baker", "NW1"):
        assert personal.lower() not in everything.lower()
    assert "anonymised profiles" in summary_text(pack)


def test_a_scanned_cv_is_left_out_of_an_anonymised_pack_and_said_so(desk, tmp_path):
    conn, ids, _cv = desk
    attachments.attach(conn, ids["george"], make_pdf(tmp_path / "scan.pdf", None),
                       data_dir=paths.data_dir())
    plain = build_pack(conn, ids["job_backend"], [ids["george"]]).candidates[0]
    assert plain.cv.file_name == f"{Names.george} - CV.pdf"
    anonymous = build_pack(conn, ids["job_backend"], [ids["george"]], anonymised=True).candidates[0]
    assert anonymous.cv is None and anonymous.cv_note == SCANNED


def test_refused_unknown_job_unknown_person_and_someone_not_on_the_pipeline(desk):
    conn, ids, _cv = desk
    with pytest.raises(NotFound, match="job order 999 does not exist"):
        build_pack(conn, 999, [ids["farah"]])
    with pytest.raises(NotFound, match="person 9999 does not exist"):
        build_pack(conn, ids["job_backend"], [9999])
    with pytest.raises(NotOnPipeline, match=f"{Names.hana}, {Names.ivan} are not on the pipeline of "
                                            f"{Names.job_backend}"):
        build_pack(conn, ids["job_backend"], [ids["farah"], ids["hana"], ids["ivan"]])


def test_write_pack_never_overwrites_and_says_where(desk, tmp_path):
    conn, ids, _cv = desk
    pack = build_pack(conn, ids["job_backend"], [ids["farah"]])
    folder = made(tmp_path / "out")
    write_pack(pack, folder, paths.data_dir())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(PackRefused, match="summary.html is there already"):
        write_pack(pack, folder, paths.data_dir())
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    (tmp_path / "file").write_text("x")
    with pytest.raises(PackRefused, match="is a file, not a folder"):
        write_pack(pack, tmp_path / "file", paths.data_dir())
    typo = tmp_path / "nothere" / "acme"  # a typo makes no folders: refused, naming the first one missing
    with pytest.raises(PackRefused, match=f"^no folder {tmp_path / 'nothere'}: create it first, or give another path$"):
        write_pack(pack, typo, paths.data_dir())
    assert not (tmp_path / "nothere").exists()


def made(folder):
    folder.mkdir()
    return folder


def test_candidate_labels_run_on_past_z():
    assert [candidate_label(n) for n in (0, 1, 25, 26, 27, 701, 702)] == [
        "Candidate A", "Candidate B", "Candidate Z", "Candidate AA", "Candidate AB", "Candidate ZZ", "Candidate AAA"]
