"""`deskcrm import FILE --cvs DIR`: the dry run says which CV each row would get (and why none),
the import attaches them in its batch and says per row what happened, `import undo` takes them
away with the copies; a wrong folder or a file of another kind is one line. Real processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from clirun import assert_one_line_error, run
from cv_files import make_encrypted_pdf, make_pdf
from engines import sqlite_only

PEOPLE = (
    "full_name,email,cv_file\n"
    "Nina Brandt,nina@new.example,\n"
    "Carl Moss,carl@new.example,\n"
    "Eve Ng,eve@new.example,sub/eve.pdf\n"
    "Gus Hall,gus@new.example,gone.pdf\n"
    "[bold]Fay\x1b[2J,fay@new.example,\n"
)


def _folder(tmp_path) -> tuple[str, str]:
    cvs = tmp_path / "cvs"
    (cvs / "sub").mkdir(parents=True)
    make_pdf(cvs / "nina-brandt.pdf")
    make_encrypted_pdf(cvs / "Carl Moss.pdf")
    make_pdf(cvs / "sub" / "eve.pdf", ["Eve Ng", "zeppelin navigation"])
    make_pdf(cvs / "[bold]Fay\x1b[2J.pdf", ["Fay", "hostile names"])
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    return str(people), str(cvs)


def _attachments_folder() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "deskcrm" / "attachments"


@sqlite_only
def test_the_dry_run_lists_the_cv_of_each_row_and_copies_nothing(db_path, tmp_path):
    people, cvs = _folder(tmp_path)
    result = run("import", people, "--cvs", cvs, "--dry-run", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    start = out.index("CVs: 4 matched, 1 missing:")
    assert out[start + 1:start + 6] == [
        "  line 2  Nina Brandt: nina-brandt.pdf (by name)",
        "  line 3  Carl Moss: Carl Moss.pdf (by name)",
        "  line 4  Eve Ng: sub/eve.pdf (by its cv_file column)",
        "  line 5  Gus Hall: cv_file gone.pdf: no such file in the CV folder",
        "  line 6  [bold]Fay␛[2J: [bold]Fay␛[2J.pdf (by name)",  # the ESC byte shown, never sent
    ]
    assert "\x1b" not in result.stdout
    assert not _attachments_folder().exists()
    as_json = json.loads(run("import", people, "--cvs", cvs, "--dry-run", "--json", "--db", str(db_path)).stdout)
    assert [(c["line"], c["status"], c["how"]) for c in as_json["cvs"]] == [
        (2, "matched", "name"), (3, "matched", "name"), (4, "matched", "cv_file"), (5, "missing", None),
        (6, "matched", "name")]


def test_the_import_attaches_them_and_undo_takes_them_and_their_copies_away(db_path, tmp_path):
    people, cvs = _folder(tmp_path)
    result = run("import", people, "--cvs", cvs, "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("Imported people.csv as batch ")
    assert out[1] == "CVs: 3 attached, 1 unreadable, 1 missing:"
    assert out[3].startswith("  line 3  Carl Moss: Carl Moss.pdf: the PDF is encrypted")
    assert len(list(_attachments_folder().iterdir())) == 3
    found = run("search", "zeppelin", "--json", "--db", str(db_path))
    assert [r["name"] for r in json.loads(found.stdout)] == ["Eve Ng"]
    batch = out[0].split("batch ")[1].split(":")[0]
    undone = run("import", "undo", batch, "--db", str(db_path))
    assert undone.returncode == 0, undone.stderr
    assert list(_attachments_folder().iterdir()) == []


@sqlite_only
def test_a_wrong_folder_or_another_kind_is_one_line(db_path, tmp_path):
    people, cvs = _folder(tmp_path)
    assert_one_line_error(run("import", people, "--cvs", str(tmp_path / "nope"), "--db", str(db_path)),
                          "--cvs", "no such folder")
    assert_one_line_error(run("import", people, "--cvs", cvs, "--kind", "contacts", "--db", str(db_path)),
                          "--cvs: CVs come with a people file, not contacts")
    assert_one_line_error(run("import", "list", "--cvs", cvs, "--db", str(db_path)), "--cvs only go with a FILE")
