"""Issue 12 item 8, the reading side: a long file's rows are read in the second process (every
row read, decoded, mapped and passed there, once ``check`` and the cells' rules are through here:
``file_read``, ``pass_process.FileApart``), the file's keys are held in memory up to a bound
(``file_keys``), names are folded more cheaply (``names.name_of``). None of it may change what an import means:
the same plan row by row as the file read here, the same refusal of a malformed file (before
anything is written), the second process gone when the import ends, however it ends — on each
engine of ``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import pytest
from clirun import assert_one_line_error, run
from engines import sqlite_only
from hypothesis import given, settings
from hypothesis import strategies as st
from test_import_pass import _word as _name  # made-up surnames, far apart

from deskcrm.store.imports import CellRules, MappedRow, file_keys, file_pass, names, pass_process
from deskcrm.store.imports.apply import planner_for
from deskcrm.store.imports.file_read import file_read
from deskcrm.store.imports.formats import recognise
from deskcrm.store.imports.source import BadFile, open_table
from deskcrm.store.imports.table import BadCell

HOSTILE = ("[/]", "[@click=app.quit]", "\x1b[31mred", "\u202eevil")
HEADER = "full_name,email,phone,company,linkedin,connected_on,Shoe size\n"


def _csv(n: int) -> str:
    """``n`` rows crossing chunks: the seeded desk's Ana by email, in-file repeats by email, phone
    and LinkedIn, close names at the same company, hostile names (quoted), rows in error."""
    lines = [HEADER, "Ana Silva,ANA@example.com,,,linkedin.com/in/ana-silva,,\n"]
    for i in range(n):
        name, email = f"{HOSTILE[i % 4]} {_name(i)} {_name(i * 31 + 1)}", f"p{i}@file.example"
        phone = f"+49 30 {2000000 + i}"
        company, when = f"Firm {i % 7}", f"{1 + i % 28:02d}/03/2025"
        if i % 97 == 5:
            email = f"p{max(i - 1003, 0)}@FILE.example"
        if i % 89 == 7:
            phone = f"+49 30 {2000000 + i // 2}"
        if i % 83 == 11:
            j = i - 7
            name, email, phone, company = f"{HOSTILE[j % 4]} {_name(j)} {_name(j * 31 + 1)}x", "", "", f"Firm {j % 7}"
        if i % 101 == 13:
            email = "not an email"
        lines.append(f'"{name}",{email},{phone},{company},linkedin.com/in/p-{i},{when},{i % 12}\n')
    return "".join(lines)


def _plan(conn, path, apart: bool) -> tuple:
    with open_table(path) as table:
        mapping = recognise(table.header, "people")
        with file_read(table, mapping, "DE", apart=apart) as found:
            assert (found.rows.apart is not None) == apart
            planner = planner_for(conn, "people", rules=found.rules, parallel=True)
            plan = [(p.line, p.action, p.label, p.record_id, p.changes, p.reason, p.column, p.data, p.company_key)
                    for chunk in planner.chunks(found.rows) for p in chunk]
            return found.total, found.rules, plan


def test_a_file_read_apart_plans_every_row_as_one_read_here(seeded_store, tmp_path):
    conn = seeded_store[0]
    f = tmp_path / "people.csv"
    f.write_text(_csv(2300), encoding="utf-8")
    apart, here = _plan(conn, f, True), _plan(conn, f, False)
    assert apart == here
    total, rules, plan = here
    assert total == 2301 and rules.date_orders == {"connected_on": "dmy"} and rules.phone_region == "DE"
    assert {a for _, a, *_ in plan} == {"update", "new", "duplicate", "error"}
    reasons = " ".join(p[5] for p in plan)
    assert "same email" in reasons and "same phone" in reasons and "similar name at Firm" in reasons
    assert any(p[2].startswith("[@click=app.quit]") for p in plan)  # a hostile name kept as text, exactly


@pytest.mark.parametrize(("content", "error", "words"), [
    (HEADER + "A B,a@x.example,,,,,\n" * 3000 + "C D,c@x.example\n", BadFile, "line 3002, column 3 (phone)"),
    (HEADER + "A B,a@x.example,,,,25/03/2025,\n" * 3000 + "C D,c@x.example,,,,03/25/2025,\n", BadCell,
     "mixes both"),
])
def test_a_malformed_file_read_apart_is_refused_as_here(tmp_path, content, error, words):
    f = tmp_path / "bad.csv"
    f.write_text(content, encoding="utf-8")
    said = []
    for apart in (True, False):
        with open_table(f) as table, pytest.raises(error) as caught:
            with file_read(table, recognise(table.header, "people"), apart=apart):
                pass
        said.append((str(caught.value), getattr(caught.value, "line", None), getattr(caught.value, "column", None)))
    assert said[0] == said[1] and words in said[0][0]


@sqlite_only  # reading the file / refusing it: nothing here differs between engines
def test_the_cli_refuses_a_long_malformed_file_in_one_line_writing_nothing(seeded_store, tmp_path):
    conn, _ids, path = seeded_store
    f = tmp_path / "long.csv"
    notes = "x" * 2000
    f.write_text("full_name,email,notes\n" + "".join(f"P {i},p{i}@x.example,{notes}\n" for i in range(1100))
                 + "Last,last@x.example\n", encoding="utf-8")
    assert f.stat().st_size > 2_000_000  # read apart (file_read.PARALLEL_BYTES)
    count = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    assert_one_line_error(run("import", str(f), "--db", str(path)), "long.csv: line 1102, column 3 (notes)",
                          "nothing was imported")
    assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == count


def test_the_reading_process_ends_when_the_import_stops_early(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text(_csv(3500), encoding="utf-8")
    with open_table(f) as table, file_read(table, recognise(table.header, "people"), apart=True) as found:
        child = found.rows.apart._child.proc
        chunks = file_pass.reads(found.rows, "people", {}, found.rules, parallel=True)
        assert next(chunks)[0].person.name == "Ana Silva" and child.poll() is None
        chunks.close()  # the import stopped (a conflict, an error, the user)
    assert child.poll() is not None


def test_a_reading_process_that_cannot_start_leaves_the_file_here(tmp_path, monkeypatch):
    f = tmp_path / "people.csv"
    f.write_text(_csv(1200), encoding="utf-8")

    def reads() -> tuple:
        with open_table(f) as table, file_read(table, recognise(table.header, "people"), apart=True) as found:
            return found.rows.apart, found.total, list(file_pass.reads(found.rows, "people", {}, found.rules,
                                                                       parallel=True))

    started = reads()
    monkeypatch.setattr(pass_process.sys, "executable", "/bin/false")
    fallen = reads()  # it ends at once, unread: the rows are read here, from the first
    assert started[0]._child.proc.returncode == 0 and fallen[0]._child.proc.returncode == 1
    assert fallen[1:] == started[1:]


def test_the_file_keys_spilt_to_the_scratch_file_find_what_memory_finds(monkeypatch):
    rows = [MappedRow(i + 2, {"full_name": f"P {i}", "email": f"p{i % 1500}@x.example", "phone": f"+49 30 {i % 900}",
                              "company": "Firm"}) for i in range(2600)]
    held = list(file_pass.reads(rows, "people", {}, CellRules()))
    monkeypatch.setattr(file_keys, "BOUND", 10)  # past it at every chunk's end
    spilt = list(file_pass.reads(rows, "people", {}, CellRules()))
    assert spilt == held
    assert sum(r.same is not None for chunk in held for r in chunk) > 1500


def _name_of_before(text: str) -> names.Name:
    """``names.name_of`` as it was (a generator into ``dict.fromkeys``, the constructor)."""
    folded = names.fold(text)
    words = folded.split()
    starts = tuple(dict.fromkeys(w[:3] for w in words if len(w) >= 2)) or (folded[:3],)
    return names.Name(folded, " ".join(sorted(words)), starts)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAbZ éËøß\u0301-'\t\u202e[]/x"), max_size=24))
def test_name_of_folds_as_before(text):
    assert names.name_of(text) == _name_of_before(text)
    assert type(names.name_of(text)) is names.Name


class _IndexBefore:
    """``names.NameIndex`` as it was (once=False): each name filed under (company, each word's
    start), looked up with ``rapidfuzz`` list by list, the first filed winning equal scores."""

    def __init__(self) -> None:
        self.by: dict = {}

    def add(self, company, name, payload) -> None:
        for pre in name.starts:
            keys, payloads = self.by.setdefault(company, {}).setdefault(pre, ([], []))
            keys.append(name.key)
            payloads.append(payload)

    def best(self, company, name):
        from rapidfuzz import fuzz, process

        found, top = None, 0.0
        for pre in name.starts:
            filed = self.by.get(company, {}).get(pre)
            if filed is None:
                continue
            hit = process.extractOne(name.key, filed[0], scorer=fuzz.ratio, score_cutoff=max(top, names.NAME_SCORE))
            if hit is not None and (found is None or hit[1] > top):
                found, top = filed[1][hit[2]], hit[1]
        return None if found is None else (found, top)


_FIRST = st.sampled_from(["Ana", "Ann", "Anna", "Zoë", "Zoe", "Ben", "Benjamin", "Li"])
_LAST = st.text(alphabet="aeiklmnorsz", min_size=1, max_size=7)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), _FIRST, _LAST, st.sampled_from(["", "-Moss", " Silva"])),
                min_size=1, max_size=300))
def test_the_name_index_decides_as_before(rows):
    """Every row looked up, then filed when nothing was close (as the file's pass does): the same
    payload and score each time — across the lists' copies (16, 32, 64, … names)."""
    new, old = names.NameIndex(once=False), _IndexBefore()
    for line, (company, first, last, tail) in enumerate(rows):
        name = names.name_of(f"{first} {last}{tail}")
        assert new.best(company, name) == old.best(company, name)
        if old.best(company, name) is None:
            new.add(company, name, line)
            old.add(company, name, line)


@pytest.mark.parametrize("form", ["cp1252;", "xlsx"])
def test_each_form_of_file_reads_apart_as_here(tmp_path, form):
    """A cp1252 ``;`` file (its encoding given, as ``--encoding`` does) and an XLSX sheet: the same
    count, rules and reads whether the second process reads them or this one."""
    rows = [["Full Name", "E-mail", "Company", "Salary"]] + [
        [f"Zoë Müller {_name(i)}", f"z{i % 700}@x.example", f"Firma {i % 5}", f"{50 + i % 40}000"]
        for i in range(1500)]
    if form == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        f, encoding = tmp_path / "people.xlsx", None
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(f)
    else:
        f, encoding = tmp_path / "people.csv", "cp1252"
        f.write_bytes("".join(";".join(r) + "\r\n" for r in rows).encode("cp1252"))
    found = []
    for apart in (True, False):
        with open_table(f, encoding) as table, file_read(table, recognise(table.header, "people"), encoding=encoding,
                                                         apart=apart) as read:
            assert (read.rows.apart is not None) == apart
            found.append((read.total, read.rules, list(file_pass.reads(read.rows, "people", {}, read.rules,
                                                                        parallel=True))))
    assert found[0] == found[1]
    assert found[0][0] == 1500 and sum(r.same is not None for c in found[0][2] for r in c) >= 800
    assert found[0][1].european == (form != "xlsx")
    assert found[0][2][0][0].person.name.startswith("Zoë Müller")
