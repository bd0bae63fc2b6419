"""Issue 12: workbooks — an XLSX read as a stream gives the cells the CSV path would (a property
test: any table openpyxl writes reads back equal), flat memory in the number of rows, a bad
cell's row named as a line; XLS (written by ``xlwt``) and ODS (written by ``odfpy``) read too."""

from __future__ import annotations

import tracemalloc
from datetime import date, datetime, time
from pathlib import Path

import pytest
from engines import sqlite_only
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskcrm.store.imports.source import BadFile, check, open_table
from deskcrm.store.imports.workbook import _cell_text

openpyxl = pytest.importorskip("openpyxl")

HOSTILE = ["[bold]x", "[/]", "\x1b[2J", "=HYPERLINK(\"x\")", "Jane [Acme Ltd]"]


def read(path: Path):
    with open_table(path) as table:
        return table, [(row.line, row.cells) for row in table.rows()]


def _xml_safe(text: str) -> bool:  # openpyxl refuses control characters in cells
    return not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12).filter(
    _xml_safe).filter(lambda t: t.strip() == t)  # the reader strips cells, as the CSV path does
# (a text starting "=" openpyxl writes as a formula: it reads back as that text, see test_import_formulas)
cells = st.one_of(
    st.none(), texts,
    st.integers(-10**12, 10**12),
    st.integers(-10**11, 10**11).map(lambda n: n / 1000),  # amounts (openpyxl writes 16 digits, not 17)
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=6))
def test_any_table_openpyxl_writes_reads_back_equal(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("wb") / "t.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["A", "B", "C"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    expected = [(n, dict(zip("ABC", (_cell_text(v).strip() for v in row))))
                for n, row in enumerate(rows, 2) if any(_cell_text(v).strip() for v in row)]
    assert read(path)[1] == expected


def test_shared_strings_formulas_1904_and_hostile_text(tmp_path):
    """What openpyxl's own writer does not make: shared strings (Excel's), formulas with cached
    values (read as their text, a shared one as each cell's own), a 1904-based book, a time alone, an error cell, a gap placed by its reference."""
    import zipfile

    path = tmp_path / "excel.xlsx"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    strings = ["Name", "Start", "Total", "At", *HOSTILE]
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook {ns} {rel}><workbookPr date1904="1"/><sheets>'
                                      f'<sheet name="Desk" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Target="worksheets/s.xml" Type="x"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", f'<sst {ns}>' + "".join(
            f"<si><t xml:space=\"preserve\">{s.replace('&', '&amp;').replace('<', '&lt;')}</t></si>"
            if i != 4 else f"<si><r><t>{s[:3]}</t></r><r><t>{s[3:]}</t></r><rPh><t>ignored</t></rPh></si>"
            for i, s in enumerate(strings)).replace("\x1b", "_x001B_") + "</sst>")
        z.writestr("xl/styles.xml", f'<styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" '
                                    f'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/>'
                                    f'<xf numFmtId="164"/><xf numFmtId="21"/></cellXfs></styleSheet>')
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" t="s"><v>{i}</v></c><c r="B{n}" s="1"><v>0</v></c>'
            f'<c r="D{n}" s="2"><v>0.5</v></c></row>' for n, i in ((3, 4), (4, 5), (5, 6), (6, 7), (7, 8)))
        z.writestr("xl/worksheets/s.xml", f'<worksheet {ns}><sheetData>'
                   '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
                   '<c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c></row>' + rows +
                   '<row r="9"><c r="A9" t="str"><f>UPPER("x")</f><v>X</v></c><c r="C9"><f>1+1</f><v>2</v></c>'
                   '<c r="D9" t="e"><v>#N/A</v></c></row>'
                   '<row r="10"><c r="A10" t="s"><v>0</v></c><c r="B10"><f t="shared" si="0" ref="B10:B11">C10*2</f>'
                   '<v>0</v></c></row><row r="11"><c r="A11" t="s"><v>0</v></c><c r="B11"><f t="shared" si="0"/>'
                   '<v>0</v></c></row></sheetData></worksheet>')
    table, got = read(path)
    assert table.sheet == "Desk" and table.header == ["Name", "Start", "Total", "At"]
    assert [line for line, _ in got] == [3, 4, 5, 6, 7, 9, 10, 11]
    assert [c["Name"] for _, c in got[:5]] == HOSTILE
    assert got[0][1] == {"Name": "[bold]x", "Start": "1904-01-01", "Total": "", "At": "12:00:00"}
    assert got[5][1] == {"Name": '=UPPER("x")', "Start": "", "Total": "=1+1", "At": "#N/A"}  # never the cached value
    assert [c["Start"] for _, c in got[6:]] == ["=C10*2", "=C11*2"]


def test_xlsx_memory_is_flat_in_the_number_of_rows(tmp_path):
    def peak(rows: int) -> int:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("S")
        sheet.append(["Name", "Email", "Salary"])
        for n in range(rows):
            sheet.append([f"Ann {n}", f"ann{n}@x.example", 85000 + n])
        path = tmp_path / f"{rows}.xlsx"
        book.save(path)
        tracemalloc.start()
        with open_table(path) as table:
            check(table)
            for _ in table.rows():
                pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(20_000)
    assert large < small * 1.5 + 256_000, (small, large)


def test_a_damaged_or_password_protected_book_is_one_line(tmp_path):
    import zipfile

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook><sheets>")  # truncated XML
    protected = tmp_path / "locked.xlsx"  # an encrypted book is an OLE file, whatever its name says
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    for path in (broken, protected):
        with pytest.raises(BadFile) as caught:
            with open_table(path) as table:
                list(table.rows())
        said = str(caught.value)
        assert "\n" not in said and str(path) in said and "cannot be read as a workbook" in said


# --------------------------------------------------------------------------- XLS and ODS


def write_xls(path: Path, rows: list[list]) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("People")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value, dated) if isinstance(value, date) else sheet.write(r, c, value)
    book.save(str(path))


def write_ods(path: Path, rows: list[list]) -> None:
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="People")
    for row in rows:
        tr = TableRow()
        for value in row:
            if value is None:
                cell = TableCell()
            elif isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


ROWS = [["Full name", "Email", "Salary", "Available from", "Notes"],
        ["Xia Wen", "xia@wb.example", 120000, date(2026, 12, 6), "[b]met[/b] [/]"],
        ["Ann Example", "ann@wb.example", 85000.5, None, None]]


@pytest.mark.parametrize(("suffix", "write"), [(".xls", write_xls), (".ods", write_ods)])
def test_xls_and_ods_read_as_the_csv_path_would(tmp_path, suffix, write):
    path = tmp_path / f"people{suffix}"
    write(path, ROWS)
    table, got = read(path)
    assert table.read_as == "read as a workbook, first sheet 'People'"
    assert table.header == ROWS[0]
    assert got == [
        (2, {"Full name": "Xia Wen", "Email": "xia@wb.example", "Salary": "120000", "Available from": "2026-12-06",
             "Notes": "[b]met[/b] [/]"}),
        (3, {"Full name": "Ann Example", "Email": "ann@wb.example", "Salary": "85000.5", "Available from": "",
             "Notes": ""}),
    ]


# --------------------------------------------------------------------------- through the CLI


@pytest.fixture
def desk(seeded_store):
    conn, _ids, path = seeded_store
    return conn, str(path)


@pytest.mark.parametrize(("suffix", "write"), [(".xls", write_xls), (".ods", write_ods)])
def test_cli_imports_an_xls_and_an_ods_book(desk, tmp_path, suffix, write):
    import json

    from clirun import run

    conn, path = desk
    f = tmp_path / f"people{suffix}"
    write(f, ROWS)
    result = run("import", str(f), "--json", "--db", path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["read_as"] == "read as a workbook, first sheet 'People'" and doc["counts"]["new"] == 2
    name, notes = conn.execute("SELECT name, notes FROM person WHERE email_norm = ?", ("xia@wb.example",)).fetchone()
    assert (name, notes.splitlines()) == ("Xia Wen", ["[b]met[/b] [/]"])
    available = conn.execute("SELECT cp.available_from FROM candidate_profile AS cp JOIN person AS p"
                             " ON p.id = cp.person_id WHERE p.email_norm = ?", ("xia@wb.example",)).fetchone()[0]
    assert str(available) == "2026-12-06"  # the book's date cell: the profile's available-from date


@sqlite_only  # reading and refusing: nothing here differs between engines
def test_cli_names_a_bad_cell_by_its_row_as_for_a_csv(desk, tmp_path):
    from clirun import run

    _conn, path = desk
    book = openpyxl.Workbook()
    for row in (["Full name", "Email"], ["Ann", "ann@x.example"], [None, None], ["Bob", "not-an-email"]):
        book.active.append(row)
    xlsx = tmp_path / "p.xlsx"
    book.save(xlsx)
    csv_file = tmp_path / "p.csv"
    csv_file.write_text("Full name,Email\nAnn,ann@x.example\n,\nBob,not-an-email\n")
    said = []
    for f in (xlsx, csv_file):
        result = run("import", str(f), "--dry-run", "--db", path)
        assert result.returncode == 2 and "Traceback" not in result.stderr  # a dry run with errors exits 2
        assert '  line 4, Email "not-an-email": not an email address' in result.stdout
        said.append(result.stdout.replace(f.name, "FILE"))
    assert said[0] == said[1]
