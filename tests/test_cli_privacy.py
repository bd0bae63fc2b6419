"""`deskcrm privacy export|erase|scrub`: real processes, real exit codes, both engines."""

from __future__ import annotations

import subprocess
import sys
import os

import pytest
from clirun import assert_one_line_error, run
from cv_files import make_pdf
from seed import Names, index, query, seed


@pytest.fixture
def desk(desk_path):
    ids = seed(desk_path)
    index(desk_path)
    return desk_path, ids


def typing(line: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deskcrm", *args], input=line, capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def test_export_by_name_writes_a_private_folder_with_the_cv(desk, tmp_path):
    path, ids = desk
    assert run("attach", Names.dev, str(make_pdf(tmp_path / "dev.pdf")), "--db", str(path)).returncode == 0
    out = tmp_path / "exports"
    out.mkdir()
    done = run("privacy", "export", Names.dev, "--to", str(out), "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Exported everything held about {Names.dev} (#{ids['dev']}) to {out}/person-")
    (folder,) = out.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["files", "person.json", "summary.md"]
    assert [p.name for p in (folder / "files").iterdir()] == ["dev.pdf"]
    zipped = run("privacy", "export", str(ids["dev"]), "--to", str(out), "--zip", "--db", str(path))
    assert zipped.returncode == 0 and zipped.stdout.rstrip().endswith(".zip: " + zipped.stdout.split(".zip: ")[1].rstrip())


def test_an_ambiguous_name_lists_the_people_and_exits_2(desk):
    path, ids = desk
    from deskcrm.store import db
    from deskcrm.store.person_write import create_person

    conn = db.connect(path)
    try:
        twin = create_person(conn, {"name": Names.ana, "source": "Referral"}).person_id
    finally:
        conn.close()
    with_both = run("privacy", "export", "ana silva", "--db", str(path))
    assert with_both.returncode == 2
    assert sorted(int(line.split()[0]) for line in with_both.stdout.splitlines()) == sorted([ids["ana"], twin])
    assert_one_line_error(with_both, "'ana silva' matches 2 people (listed above); narrow it: give their email, "
                                     "#id or more of the name", "e.g. deskcrm privacy export")
    nobody = run("privacy", "erase", "Zzyzx Qwerty", "--yes", "--db", str(path))
    assert nobody.returncode == 2 and "nobody" in nobody.stderr


def test_erase_asks_for_the_name_then_erases_and_says_so(desk):
    path, ids = desk
    wrong = typing("Eva Novak\n", "privacy", "erase", Names.dev, "--db", str(path))
    assert wrong.returncode == 2 and "nothing erased" in wrong.stderr
    assert query(path, "SELECT erased_at FROM person WHERE id = ?", ids["dev"])[0][0] is None
    done = typing("dev patel\n", "privacy", "erase", Names.dev, "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Erased person #{ids['dev']}: removed ")
    again = run("privacy", "export", str(ids["dev"]), "--db", str(path))
    assert_one_line_error(again, f"person #{ids['dev']} was erased")
    scrub = run("privacy", "scrub", "--db", str(path))
    assert scrub.returncode == 0 and scrub.stdout.startswith("Scrubbed the journal of 0 removed people")


def test_erase_without_a_typed_name_erases_nothing(desk):
    path, ids = desk
    result = run("privacy", "erase", str(ids["eva"]), "--db", str(path))  # stdin closed: nothing typed
    assert result.returncode == 2 and "nothing erased" in result.stderr
    assert query(path, "SELECT erased_at FROM person WHERE id = ?", ids["eva"])[0][0] is None


def test_a_hostile_name_is_printed_literally(desk_path, tmp_path):
    hostile = "Dev [bold]Patel[/] \x1b[2J"
    ids = seed(desk_path, Names(dev=hostile))
    done = run("privacy", "export", str(ids["dev"]), "--to", str(tmp_path), "--db", str(desk_path))
    assert done.returncode == 0 and "\x1b" not in done.stdout and "[bold]Patel[/]" in done.stdout
    erased = run("privacy", "erase", str(ids["dev"]), "--yes", "--db", str(desk_path))
    assert erased.returncode == 0 and erased.stdout.startswith(f"Erased person #{ids['dev']}: ")


def test_erase_names_only_the_backups_that_hold_the_person(tmp_path, today):
    """Acceptance, 7 Dec: a desk made before her, an empty desk, another desk with someone else
    under her id, a file that is locked and one that is not a database are not named."""
    import shutil
    import sqlite3

    from deskcrm.store import db
    from deskcrm.store.backup import backup
    from deskcrm.store.person_write import create_person

    folder = tmp_path / "x"
    folder.mkdir()
    path = folder / "desk.db"
    seed(path)
    conn = db.connect(path)
    try:
        backup(conn, folder / "desk_orig.db")  # before she came
        mara = create_person(conn, {"name": "Mara Lind", "source": "Referral"}).person_id
        before = backup(conn, folder / "desk_before_erase.db")
    finally:
        conn.close()
    other = db.connect(shutil.copy(folder / "desk_orig.db", folder / "other.db"))
    try:
        assert create_person(other, {"name": "Someone Else", "source": "Referral"}).person_id == mara
    finally:
        other.close()
    assert run("init", str(folder / "fresh.db")).returncode == 0
    (folder / "notes.db").write_text("not a database")
    held = sqlite3.connect(shutil.copy(before, folder / "locked.db"), isolation_level=None)
    held.execute("PRAGMA journal_mode = DELETE")
    held.execute("BEGIN EXCLUSIVE")  # another program holds it: it cannot be read now
    try:
        done = typing("mara lind\n", "privacy", "erase", str(mara), "--db", str(path))
    finally:
        held.execute("ROLLBACK")
        held.close()
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"1 backup older than this still holds them: {before}"), done.stdout
    for name in ("desk_orig.db", "other.db", "fresh.db", "notes.db", "locked.db"):
        assert name not in done.stdout
