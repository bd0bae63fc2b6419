"""Issue 12 item 3 ("cells are stored as text, exactly; nothing from a cell is ever evaluated"):
a workbook's formula cell reads as its formula's text — ``=HYPERLINK("…","…")``, ``=1+1`` —
never its cached value, never empty; a shared formula as each cell's own text. An ODS sheet with
a formula (calamine gives values only) is refused saying what to do. The import on each engine
of ``$DESKCRM_TEST_ENGINES``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from clirun import run
from test_import_workbooks import read, write_ods

from deskcrm.store.imports.source import BadFile
from deskcrm.store.imports.xlsx_formulas import moved

openpyxl = pytest.importorskip("openpyxl")

EVIL = '=HYPERLINK("https://evil.example","click me")'


def _book(path: Path, *rows: list) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["First Name", "Last Name", "LinkedIn", "Notes"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_formula_cell_reads_as_its_formula_text(tmp_path):
    path = _book(tmp_path / "formula.xlsx", ["Ada", "Lovelace", EVIL, "fine"], ["Bob", "Stone", "", "=1+1"],
                 ["Cy", "Young", "", "=cmd|' /C calc'!A0"])
    _table, rows = read(path)
    assert [(line, cells["LinkedIn"], cells["Notes"]) for line, cells in rows] == [
        (2, EVIL, "fine"), (3, "", "=1+1"), (4, "", "=cmd|' /C calc'!A0")]


def test_a_shared_formula_is_each_cells_own_text():
    assert moved("A2*2+$B$1+SUM(C2:C9)&\"A1\"+LOG10(A2)+Sheet2!B2", "B2", "C5") == \
        "B5*2+$B$1+SUM(D5:D12)&\"A1\"+LOG10(B5)+Sheet2!C5"
    assert moved("A2-1", "B2", "B1") == "A1-1" and moved("A1", "B2", "B1") == "#REF!"


def test_the_import_refuses_a_formula_as_a_linkedin_profile_and_stores_a_formula_note_as_text(seeded_store, tmp_path):
    conn, _ids, path = seeded_store
    path = str(path)
    bad = _book(tmp_path / "formula.xlsx", ["Ada", "Lovelace", EVIL, "fine"], ["Bob", "Stone", "", "=1+1"])
    result = run("import", str(bad), "--db", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f'line 2, LinkedIn "{EVIL}": not a LinkedIn profile URL' in result.stderr  # the formula's text, refused
    good = _book(tmp_path / "notes.xlsx", ["Bob", "Stone", "", "=1+1"], ["Cy", "Young", "", "=cmd|' /C calc'!A0"])
    result = run("import", str(good), "--json", "--db", path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counts"]["new"] == 2
    notes = dict(conn.execute("SELECT name, notes FROM person WHERE name IN ('Bob Stone', 'Cy Young')").fetchall())
    assert notes == {"Bob Stone": "=1+1", "Cy Young": "=cmd|' /C calc'!A0"}


def test_an_ods_sheet_with_a_formula_is_refused_saying_what_to_do(tmp_path):
    from odf.table import TableCell

    path = tmp_path / "f.ods"
    write_ods(path, [["First Name", "Notes"], ["Ada", "x"]])
    import zipfile

    with zipfile.ZipFile(path) as z:  # the second row's cell made a formula, as LibreOffice writes one
        parts = {n: z.read(n) for n in z.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b'<table:table-cell office:value-type="string"><text:p>x</text:p>',
        b'<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p>')
    assert b"of:=1+1" in parts["content.xml"]
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert TableCell  # odfpy wrote the book
    with pytest.raises(BadFile) as refused:
        read(path)
    said = str(refused.value)
    assert "formula cells (row 2: 'of:=1+1')" in said and "save it as .xlsx" in said and "\n" not in said


def test_an_xls_sheet_with_a_formula_is_refused_naming_the_cell(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("People")
    for c, value in enumerate(["First Name", "Notes"]):
        sheet.write(0, c, value)
    sheet.write(1, 0, "Ada")
    sheet.write(1, 1, xlwt.Formula('HYPERLINK("https://evil.example";"click me")'))  # calamine reads it as ""
    book.save(str(tmp_path / "f.xls"))
    with pytest.raises(BadFile) as refused:
        read(tmp_path / "f.xls")
    assert "formula cells (cell B2)" in str(refused.value) and "save it as .xlsx" in str(refused.value)
    other = xlwt.Workbook()  # a formula on another sheet than the first: the first reads as it is
    other.add_sheet("People").write(0, 0, "First Name")
    other.add_sheet("Sums").write(0, 0, xlwt.Formula("1+1"))
    other.save(str(tmp_path / "g.xls"))
    assert read(tmp_path / "g.xls")[0].header == ["First Name"]


@given(st.lists(st.tuples(st.booleans(), st.integers(1, 200), st.booleans(), st.integers(1, 5000)), min_size=1,
                max_size=4),
       st.integers(0, 50), st.integers(0, 500))
def test_a_moved_formula_moves_back(refs, d_col, d_row):
    from deskcrm.store.imports.xlsx_formulas import letters as _letters

    text = "+".join(f"{'$' if ca else ''}{_letters(c)}{'$' if ra else ''}{r}" for ca, c, ra, r in refs) + '&"B2"'
    there = moved(text, "A1", f"{_letters(1 + d_col)}{1 + d_row}")
    assert moved(there, f"{_letters(1 + d_col)}{1 + d_row}", "A1") == text
    assert there.endswith('&"B2"')  # a string literal is never moved
