"""Issue 12 item 8: a long people file's own pass (each row read, matched against the file's
earlier rows: ``store.imports.file_pass``) runs in a second process (``pass_process``) while
this one matches against the desk and writes. It must change nothing an import means: the same
plan row by row (duplicates explained the same, errors the same), the same rows written, the
same undo — on each engine of ``$DESKCRM_TEST_ENGINES`` — and the second process ends with the
import, however it ends."""

from __future__ import annotations

import pytest

from deskcrm.store.imports import CellRules, MappedRow, file_pass, pass_process
from deskcrm.store.imports.apply import apply_import, planner_for
from deskcrm.store.imports.batches import undo_batch

HOSTILE = ("[/]", "[@click=app.quit]", "\x1b[31mred", "\u202eevil")


def _word(i: int) -> str:
    """A made-up surname per number (close numbers, far-apart names)."""
    out = ""
    for _ in range(3):
        i, c = divmod(i * 7 + 3, 17)
        i, v = divmod(i, 5)
        out += "bdfgklmnprstvzchj"[c] + "aeiou"[v]
    return out.capitalize()


def _rows(n: int) -> list[MappedRow]:
    """``n`` rows crossing chunks: the seeded desk's Ana by email, in-file repeats by email,
    phone and LinkedIn (some a chunk or more apart), close names at the same company, hostile
    names, and rows in error."""
    ana = {"full_name": "Ana Silva", "email": "ANA@example.com", "linkedin": "linkedin.com/in/ana-silva"}
    out = [MappedRow(2, ana)]
    for i in range(n):
        v = {"full_name": f"{HOSTILE[i % 4]} {_word(i)} {_word(i * 31 + 1)}", "email": f"p{i}@file.example",
             "phone": f"+49 30 {2000000 + i}", "company": f"Firm {i % 7}", "linkedin": f"linkedin.com/in/p-{i}"}
        if i % 97 == 5:
            v["email"] = f"p{i - 1003 if i > 1003 else i - 3}@FILE.example"  # an earlier row's email
        if i % 89 == 7:
            v["phone"] = f"+49 30 {2000000 + i // 2}"
        if i % 83 == 11:
            j = i - 7
            v = {"full_name": f"{HOSTILE[j % 4]} {_word(j)} {_word(j * 31 + 1)}x",  # a close name, same company
                 "company": f"Firm {j % 7}"}
        if i % 101 == 13:
            v["email"] = "not an email"
        out.append(MappedRow(i + 3, v))
    return out


def _plan(conn, given, parallel: bool) -> list[tuple]:
    planner = planner_for(conn, "people", parallel=parallel)
    return [(p.line, p.action, p.label, p.record_id, p.changes, p.reason, p.column, p.data, p.company_key, p.new_role)
            for chunk in planner.chunks(given) for p in chunk]


def test_the_second_process_plans_every_row_as_this_one_does(seeded_store):
    conn = seeded_store[0]
    given = _rows(2300)
    apart, here = _plan(conn, given, True), _plan(conn, given, False)
    assert apart == here
    actions = {a for _, a, *_ in here}
    assert actions == {"update", "new", "duplicate", "error"}
    reasons = " ".join(r[5] for r in here)
    assert "same email" in reasons and "same phone" in reasons and "similar name at Firm" in reasons


def test_an_import_read_apart_writes_and_undoes_as_one_read_here(seeded_store):
    conn = seeded_store[0]
    given = [r for r in _rows(1500) if r.values.get("email") != "not an email"]
    people = "SELECT name, email, email_norm, phone_norm, linkedin_norm, notes FROM person ORDER BY name, email"
    before = conn.execute(people).fetchall()
    done = {}
    for parallel in (True, False):
        applied = apply_import(conn, given, kind="people", file_name="t.csv", format="generic", mapping="",
                               parallel=parallel)
        done[parallel] = (applied.counts, conn.execute(people).fetchall())
        undo_batch(conn, applied.batch_id)
        assert conn.execute(people).fetchall() == before
    assert done[True] == done[False]
    assert done[True][0]["new"] > 1000 and done[True][0]["duplicate"] > 30


def test_a_refused_file_read_apart_writes_nothing(seeded_store):
    from deskcrm.store.imports.apply import ImportRefused

    conn = seeded_store[0]
    count = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    with pytest.raises(ImportRefused, match="email"):
        apply_import(conn, _rows(1200), kind="people", file_name="t.csv", format="generic", mapping="", parallel=True)
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == count


def test_the_second_process_ends_when_the_import_stops_early(monkeypatch):
    started = []
    real = pass_process.subprocess.Popen

    def popen(*a, **kw):
        started.append(real(*a, **kw))
        return started[-1]

    monkeypatch.setattr(pass_process.subprocess, "Popen", popen)
    found = file_pass.reads(_rows(5000), "people", {}, CellRules(), parallel=True)
    first = next(found)
    assert first[0].person.name == "Ana Silva" and started[0].poll() is None
    found.close()  # the import stopped (a conflict, an error, the user)
    assert started[0].poll() is not None


def test_a_long_file_goes_apart_a_short_one_stays():
    assert not file_pass.worth_a_process(None)
    assert not file_pass.worth_a_process(file_pass.PARALLEL_ROWS - 1)
    assert file_pass.worth_a_process(file_pass.PARALLEL_ROWS) == ((__import__("os").cpu_count() or 1) >= 2)


@pytest.mark.parametrize("python", ["/bin/false", "/nonexistent/python"])
def test_a_second_process_that_cannot_start_leaves_the_pass_here(monkeypatch, python):
    given = _rows(2500)
    here = list(file_pass.reads(given, "people", {}, CellRules()))
    monkeypatch.setattr(pass_process.sys, "executable", python)
    assert list(file_pass.reads(given, "people", {}, CellRules(), parallel=True)) == here


def test_a_row_the_second_process_cannot_be_sent_is_read_here():
    class Cell(str):  # a str of a subclass: not plain data for marshal
        pass

    odd = [MappedRow(2, {"full_name": Cell("Odd Row"), "email": "odd@file.example"})]
    given = odd + _rows(10)
    found = list(file_pass.reads(given, "people", {}, CellRules(), parallel=True))
    assert found == list(file_pass.reads(given, "people", {}, CellRules()))
    assert found[0][0].person.name == "Odd Row"
