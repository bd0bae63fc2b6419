"""Issue 12, how an import's messages read: counts with their nouns in the singular or plural (one
helper, ``store.imports.wording.plural``), the CLI's dry run one line per row whatever a cell holds
(a note's line breaks), and an undo refused because a LATER import changed a record names that
batch (the journal knows), not only the recruiter who ran it. On each engine of
``$DESKCRM_TEST_ENGINES`` where the desk is written.

The seeded desk (tests/seed.py) has Ana Silva (ana@example.com, London).
"""

from __future__ import annotations

import pytest
from clirun import assert_one_line_error, run
from engines import sqlite_only
from hypothesis import given, strategies as st

from deskcrm.store import db
from deskcrm.store.errors import Conflict
from deskcrm.store.imports import MappedRow
from deskcrm.store.imports.apply import apply_import
from deskcrm.store.imports.batches import undo_batch
from deskcrm.store.imports.wording import plural


def test_plural_says_one_as_one():
    assert plural(1, "update") == "1 update"
    assert plural(0, "error") == "0 errors"
    assert plural(2, "likely duplicate") == "2 likely duplicates"
    assert plural(1200, "row") == "1,200 rows"
    assert plural(3, "person", "people") == "3 people"


@given(st.integers(min_value=0, max_value=10**7))
def test_plural_is_the_count_and_a_noun(n):
    said = plural(n, "update")
    assert said.replace(",", "").split() == [str(n), "update" if n == 1 else "updates"]


def test_the_cli_dry_run_keeps_each_row_on_one_line(seeded_store, tmp_path):
    _conn, ids, path = seeded_store
    file = tmp_path / "notes.csv"
    file.write_text('full_name,email,notes,linkedin\n'
                    'Ana Silva,ana@example.com,"dateAvailable: 25/03/2027\nsecond line",linkedin.com/in/ana-silva\n'
                    '"Two\nLines",two@new.example,,\n', encoding="utf-8")
    done = run("import", str(file), "--dry-run", "--db", str(path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "notes.csv (generic, people): 1 new, 1 update, 0 unchanged, 0 likely duplicates, 0 errors"
    assert "  line 4  Two Lines" in lines  # (its file line: the name cell is two)
    ana = next(line for line in lines if line.startswith("  line 2  Ana Silva"))
    assert ("notes: Prefers calls after 4pm; open to hybrid. kept (file: dateAvailable: 25/03/2027 second line)"
            in ana)
    assert not any(line.startswith(("dateAvailable", "second line", "Lines")) for line in lines)


@sqlite_only  # the file is refused before the desk is read
def test_a_ragged_row_of_one_cell_says_cell(seeded_store, tmp_path):
    file = tmp_path / "ragged.csv"
    file.write_text("Name,Email,City\nAnn,a@x.io,Leeds\nBob\n", encoding="utf-8")
    assert_one_line_error(run("import", str(file), "--dry-run", "--db", str(seeded_store[2])),
                          "line 3, column 2 (Email): this row has 1 cell, the header 3")


def _rows(*values: dict[str, str]) -> list[MappedRow]:
    return [MappedRow(i + 2, v) for i, v in enumerate(values)]


def test_an_undo_refused_names_the_later_import_that_changed_the_record(seeded_store):
    conn, _ids, path = seeded_store
    first = apply_import(conn, _rows({"full_name": "Marta Lind", "email": "marta@new.example"}),
                         kind="people", file_name="linkedin.csv", format="generic", mapping="")
    second = apply_import(conn, _rows({"full_name": "Marta Lind", "email": "marta@new.example", "city": "Berlin"}),
                          kind="people", file_name="bullhorn.csv", format="generic", mapping="")
    assert second.counts["update"] == 1
    with pytest.raises(Conflict) as refused:
        undo_batch(conn, first.batch_id)
    said = str(refused.value)
    assert f"by import batch #{second.batch_id} (bullhorn.csv): undo that one first" in said
    assert "“Marta Lind”" in said and said.endswith("nothing was undone")
    assert_one_line_error(run("import", "undo", str(first.batch_id), "--db", str(path)),
                          f"import batch #{second.batch_id}")


def test_once_the_later_import_is_undone_the_earlier_one_undoes(seeded_store):
    """The later import's change was undone, so the record is as the earlier import left it: its
    undo goes through (it was refused for good, naming a batch already undone); the same after a
    recruiter's edit made and undone between."""
    from deskcrm.store import journal, person_write

    conn, _ids, path = seeded_store
    first = apply_import(conn, _rows({"full_name": "Mia Quell", "email": "mia@new.example", "city": "Munich"}),
                         kind="people", file_name="a.csv", format="generic", mapping="")
    second = apply_import(conn, _rows({"full_name": "Mia Quell", "email": "mia@new.example", "tags": "product"}),
                          kind="people", file_name="b.csv", format="generic", mapping="")
    assert second.counts["update"] == 1
    mia = conn.execute("SELECT id, version FROM person WHERE email_norm = 'mia@new.example'").fetchone()
    edit = person_write.update_person(conn, mia[0], {"city": "Berlin"}, expected_version=mia[1])
    with db.write(conn):
        journal.undo(conn, edit.txn)  # the recruiter's ctrl+z
    undo_batch(conn, second.batch_id)
    assert undo_batch(conn, first.batch_id) > 0
    assert conn.execute("SELECT count(*) FROM person WHERE email_norm = 'mia@new.example'").fetchone() == (0,)


def test_an_edit_that_stands_still_refuses_the_undo(seeded_store):
    from deskcrm.store import person_write

    conn, _ids, _path = seeded_store
    first = apply_import(conn, _rows({"full_name": "Mia Quell", "email": "mia@new.example"}),
                         kind="people", file_name="a.csv", format="generic", mapping="")
    mia = conn.execute("SELECT id, version FROM person WHERE email_norm = 'mia@new.example'").fetchone()
    person_write.update_person(conn, mia[0], {"city": "Berlin"}, expected_version=mia[1])
    with pytest.raises(Conflict):
        undo_batch(conn, first.batch_id)


def test_the_dry_run_says_amounts_and_lists_as_a_recruiter_reads_them():
    """It said "desired_salary: 116000.0 kept (file: 95000.0)" and a JSON list of skills."""
    from deskcrm.store.imports.plan import Change
    from deskcrm.store.imports.wording import change_text

    assert change_text(Change("desired_salary", 116000.0, 95000.0, kept=True)) == (
        "desired_salary: 116,000 kept (file: 95,000)")
    assert change_text(Change("current_salary", None, 85500.5)) == "current_salary: (empty) -> 85,500.5"
    assert change_text(Change("skills", '["Payroll", "DATEV"]', '["Payroll"]', kept=True)) == (
        "skills: Payroll, DATEV kept (file: Payroll)")
    assert change_text(Change("notes", None, "[not json")) == "notes: (empty) -> [not json"
    assert change_text(Change("tags", None, '["[@click=app.quit]"]')) == "tags: (empty) -> [@click=app.quit]"


@pytest.mark.parametrize("alike", [True, False], ids=["rows alike", "rows differ"])
def test_a_new_person_is_the_importing_recruiters_unless_the_row_names_an_owner(seeded_store, alike):
    """Imported with --me (the TUI's recruiter), a file without an Owner column made people with no
    owner: "mine" (m, owner:me) did not find the connections one had just imported."""
    conn, _ids, _path = seeded_store
    sam = conn.execute("SELECT id FROM recruiter WHERE initials = 'SR'").fetchone()[0]
    db.act_as(conn, sam)
    given = [{"full_name": "Uma Mine", "email": "uma@new.example"},
             {"full_name": "Vic Mine", "email": "vic@new.example", **({} if alike else {"tags": "x"})}]
    apply_import(conn, _rows(*given), kind="people", file_name="linkedin.csv", format="generic", mapping="")
    owners = conn.execute("SELECT name, owner_id FROM person WHERE email_norm LIKE '%@new.example' ORDER BY name")
    assert owners.fetchall() == [("Uma Mine", sam), ("Vic Mine", sam)]
    db.act_as(conn, None)  # nobody at the keyboard (a script without --me): no owner, as before
    apply_import(conn, _rows({"full_name": "Wes Nobody", "email": "wes@new.example"}), kind="people",
                 file_name="b.csv", format="generic", mapping="")
    assert conn.execute("SELECT owner_id FROM person WHERE email_norm = 'wes@new.example'").fetchone() == (None,)
