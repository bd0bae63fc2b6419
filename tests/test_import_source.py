"""Issue 12, item 3: reading real import files — encodings (said), delimiters (sniffed), LinkedIn's
preamble, CRLF, quoted multi-line cells with their line numbers, workbooks, and every malformed
file refused with its line and column before anything is written. Files are made here; no real
people. The reading half touches no database: these run once, whatever the engines."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path

import pytest

from deskcrm.store.errors import StoreError
from deskcrm.store.imports.source import BadFile, check, open_table

PEOPLE = [["First Name", "Last Name", "Email"], ["José", "Müller", "jose@example.com"],
          ["Zoë", "Ångström", "zoe@example.com"]]


def write(path: Path, rows, *, encoding="utf-8", delimiter=",", newline="\n", head: str = "") -> Path:
    buffer = io.StringIO(newline="")
    buffer.write(head)
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read(path: Path):
    with open_table(path) as table:
        return table, [(row.line, row.cells) for row in table.rows()]


def refused(path: Path) -> BadFile:
    with pytest.raises(BadFile) as caught:
        with open_table(path) as table:
            check(table)
            list(table.rows())
    assert isinstance(caught.value, StoreError)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    return caught.value


@pytest.mark.parametrize("encoding, said", [
    ("utf-8", "read as UTF-8"), ("utf-8-sig", "read as UTF-8 (with BOM)"), ("utf-16", "read as UTF-16"),
    ("utf-16-le", None), ("utf-16-be", None), ("cp1252", "read as cp1252"),
])
def test_each_encoding_is_read_and_said(tmp_path, encoding, said):
    path = tmp_path / "people.csv"
    if encoding in ("utf-16-le", "utf-16-be"):  # with their BOM, as Excel writes them
        bom = "\ufeff"
        write(path, PEOPLE, encoding=encoding, head=bom)
        said = "read as UTF-16"
    else:
        write(path, PEOPLE, encoding=encoding)
    table, rows = read(path)
    assert table.read_as.startswith(said)
    assert table.header == PEOPLE[0]
    assert rows == [(2, dict(zip(PEOPLE[0], PEOPLE[1]))), (3, dict(zip(PEOPLE[0], PEOPLE[2])))]


@pytest.mark.parametrize("encoding, rows", [
    # a short Western sheet with a euro amount: charset-normalizer put mac_latin2 first ("Josť MŁller")
    ("cp1252", [["José", "Müller", "Zoë", "Ångström", "José José"], ["", "", "", "€85k", "€85k"]]),
    ("cp1251", [["Имя", "Город"], ["Иван", "Москва"], ["Ольга", "Санкт-Петербург"]]),
    ("cp1250", [["Imię", "Miasto"], ["Łukasz", "Łódź"], ["Zażółć", "Jaźń"]]),
])
def test_a_short_table_reads_in_its_own_code_page(tmp_path, encoding, rows):
    import csv

    path = tmp_path / "short.tsv"
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows(rows)
    table, got = read(path)
    assert table.header == rows[0]
    assert [list(r.values()) for _, r in got] == rows[1:]


def test_cp1252_beyond_the_sample_is_read_from_the_tail(tmp_path):
    """The encoding is detected from the head AND the tail: a file that is ASCII for its first
    64 KB and has "José Müller" at the end still reads as cp1252, not as broken UTF-8."""
    rows = [["Name", "City"]] + [[f"Person {n}", "Leeds"] for n in range(6000)] + [["José Müller", "Köln"]]
    path = write(tmp_path / "late.csv", rows, encoding="cp1252")
    table, got = read(path)
    assert table.encoding == "cp1252"
    assert got[-1] == (6002, {"Name": "José Müller", "City": "Köln"})


def test_an_encoding_given_replaces_the_detection(tmp_path):
    """A Turkish export reads as cp1252 by default (said: "read as cp1252"); the user's word wins."""
    path = write(tmp_path / "tr.csv", [["Name", "City"], ["Ömer Çelik", "İstanbul"]], encoding="cp1254")
    with open_table(path, encoding="cp1254") as table:
        assert table.read_as.startswith("read as cp1254")
        assert [r.cells["City"] for r in table.rows()] == ["İstanbul"]
    with pytest.raises(BadFile) as caught:
        with open_table(path, encoding="klingon"):
            pass
    assert "'klingon' is not an encoding" in str(caught.value)


def test_a_byte_the_encoding_cannot_read_names_its_line(tmp_path):
    # UTF-8 at the head and tail (sampled), one cp1252 byte in the middle (not sampled).
    rows = [["Name", "City"]] + [[f"Person {n}", "Leeds"] for n in range(12000)]
    data = io.StringIO(newline="")
    csv.writer(data, lineterminator="\n").writerows(rows)
    text = data.getvalue().encode()
    cut = text.index(b"Person 6000,")
    path = tmp_path / "mixed.csv"
    path.write_bytes(text[:cut] + "Jos\xe9,Leeds\n".encode("latin-1") + text[cut:])
    err = refused(path)
    assert err.line == 6002 and "0xE9" in str(err) and "UTF-8" in str(err)


@pytest.mark.parametrize("delimiter, word", [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_each_delimiter_is_sniffed(tmp_path, delimiter, word):
    rows = [["Name", "Salary", "Notes"], ["Ann, Jr", "85.000,50", "a;b\tc"]]
    path = write(tmp_path / "d.csv", rows, delimiter=delimiter)
    table, got = read(path)
    assert table.delimiter == delimiter and f"{word}-delimited" in table.read_as
    assert got == [(2, dict(zip(rows[0], rows[1])))]


def test_crlf_and_quoted_multi_line_cells_keep_their_lines(tmp_path):
    rows = [["Name", "Notes", "City"], ["Ann", "line one\nline two\nline three", "Leeds"],
            ["Bob", "plain", "York"], ["Cy", "crlf\r\ninside", "Hull"], ["Di", "", "Bath"]]
    path = write(tmp_path / "m.csv", rows, newline="\r\n")
    _, got = read(path)
    assert [line for line, _ in got] == [2, 5, 6, 8]
    assert got[0][1]["Notes"] == "line one\nline two\nline three"
    assert got[2][1]["Notes"] == "crlf\r\ninside"  # exactly as in the file
    assert got[3][1] == {"Name": "Di", "Notes": "", "City": "Bath"}


def test_linkedin_notes_preamble_is_skipped_and_counted(tmp_path):
    head = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses '
            'are missing. You will only see email addresses for connections who have allowed their connections '
            'to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/'
            'email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n')
    rows = [["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
            ["Ann", "Example", "https://www.linkedin.com/in/ann-example", "", "Acme, Ltd", "CTO", "06 Dec 2026"]]
    path = write(tmp_path / "Connections.csv", rows, head=head)
    table, got = read(path)
    assert table.preamble_lines == 3 and "3 lines before the header skipped" in table.read_as
    assert table.header == rows[0]
    assert got == [(5, dict(zip(rows[0], rows[1])))]


def test_a_one_column_notes_file_is_not_a_preamble(tmp_path):
    path = write(tmp_path / "n.csv", [["Notes"], ["Called Ann, left a voicemail"], ["Met Bob"]])
    table, got = read(path)
    assert table.header == ["Notes"] and table.preamble_lines == 0 and "one column" in table.read_as
    assert got == [(2, {"Notes": "Called Ann, left a voicemail"}), (3, {"Notes": "Met Bob"})]


def test_cells_are_text_exactly(tmp_path):
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "[bold]x[/]", "+1-2", "@SUM(A1)", " padded ", "0012"]
    path = write(tmp_path / "h.csv", [["A", "B", "C", "D", "E", "F"], hostile])
    _, got = read(path)
    assert list(got[0][1].values()) == [c.strip() for c in hostile]


def test_empty_rows_are_skipped_and_trailing_delimiters_are_not_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"Name,City,\nAnn,Leeds,\n\n,,\nBob,York,\n\n")
    table, got = read(path)
    assert table.header == ["Name", "City"]
    assert got == [(2, {"Name": "Ann", "City": "Leeds"}), (5, {"Name": "Bob", "City": "York"})]


def test_rows_is_a_new_pass_each_time_and_check_counts(tmp_path):
    path = write(tmp_path / "p.csv", PEOPLE)
    with open_table(path) as table:
        assert check(table) == 2
        assert list(table.rows()) == list(table.rows())


# --------------------------------------------------------------------------- malformed


@pytest.mark.parametrize("data, line, column, words", [
    (b'Name,Email,City\nAnn,a@x.io,Leeds\nBob,"b@x.io,York\nCy,c@x.io,Hull\n', 3, 2, "never closed"),
    (b'Name,Email,City\nAnn,"a@x.io"x,Leeds\n', 2, 2, "closing quote"),
    (b'Name,Email,City\nAnn,a@x.io,Leeds\nBob,b@\x00x.io,York\n', 3, 2, "NUL byte"),
    (b'Name,Email,City\nAnn,a@x.io,Leeds\nBob,b@x.io\n', 3, 3, "2 cells, the header 3"),
    (b'Name,Email,City\nAnn,a@x.io,Leeds,Extra\n', 2, 4, "4 cells, the header 3"),
    (b'Name,Email,name\nAnn,a@x.io,Leeds\n', 1, 3, "twice"),
    (b'Name,,City\nAnn,a@x.io,Leeds\n', 1, 2, "empty"),
])
def test_a_malformed_file_is_refused_naming_line_and_column(tmp_path, data, line, column, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    err = refused(path)
    assert (err.line, err.column) == (line, column)
    assert words in str(err) and f"line {line}, column {column}" in str(err)


def test_an_unclosed_quote_in_a_large_file_names_where_it_opens(tmp_path):
    rows = [["Name", "Notes", "City"]] + [[f"P{n}", "ok", "Leeds"] for n in range(20_000)]
    path = write(tmp_path / "big.csv", rows)
    data = path.read_bytes().replace(b"P10,ok,", b'P10,"ok,', 1)
    path.write_bytes(data)
    err = refused(path)
    assert (err.line, err.column) == (12, 2) and "quote" in str(err)


def test_a_ragged_row_far_down_is_caught_by_check_before_any_row_is_used(tmp_path):
    rows = [["Name", "City"]] + [[f"P{n}", "Leeds"] for n in range(90_000)]
    rows[89_990] = ["P", "Leeds", "oops"]
    path = write(tmp_path / "big.csv", rows)
    with open_table(path) as table, pytest.raises(BadFile) as caught:
        check(table)
    assert caught.value.line == 89_991 and caught.value.column == 3


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"\n\n\r\n", "no header"), (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (bytes(range(256)) * 64, "binary"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ("Name,City\nAnn,Leeds\nBob,York\n".encode("utf-16-le"), "UTF-16 without its byte-order mark"),
])
def test_empty_and_binary_files_are_refused(tmp_path, data, words):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert words in str(refused(path))


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    assert "no such file" in str(refused(tmp_path / "nope.csv"))
    assert "folder" in str(refused(tmp_path))


# --------------------------------------------------------------------------- workbooks


def test_xlsx_first_sheet_dates_and_numbers_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import date, datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Name", "Salary", "Start", "Phone", "Note"])
    sheet.append(["José Müller", 85000, date(2026, 12, 6), 447700900123, "x"])
    sheet.append(["Ann", 85000.5, datetime(2026, 12, 6, 14, 30), None, None])
    sheet.append([None] * 5)
    sheet.append(["Bob", None, None, None, None])
    sheet["E2"].value = '=HYPERLINK("x")'
    sheet["E2"].data_type = "s"  # text that looks like a formula: kept as text
    sheet["E3"].value = "[bold]x"
    book.create_sheet("Second").append(["Ignored"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    table, got = read(path)
    assert table.read_as == "read as a workbook, first sheet 'People'"
    assert table.header == ["Name", "Salary", "Start", "Phone", "Note"]
    assert got == [
        (2, {"Name": "José Müller", "Salary": "85000", "Start": "2026-12-06", "Phone": "447700900123",
             "Note": '=HYPERLINK("x")'}),
        (3, {"Name": "Ann", "Salary": "85000.5", "Start": "2026-12-06 14:30:00", "Phone": "", "Note": "[bold]x"}),
        (5, {"Name": "Bob", "Salary": "", "Start": "", "Phone": "", "Note": ""}),
    ]


def test_xlsx_cell_right_of_the_header_is_refused(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["Name", "City"])
    book.active.append(["Ann", "Leeds", "stray"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    err = refused(path)
    assert (err.line, err.column) == (2, 3)


def test_a_damaged_workbook_is_one_line(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "cannot be read as a workbook" in str(refused(path))


# --------------------------------------------------------------------------- streaming


def test_a_large_file_is_read_in_bounded_memory(tmp_path):
    """50 MB of CSV read through rows() with a traced peak of a few MB: streamed. (Rows with a
    4 KB notes cell: tracemalloc slows every allocation, and the test must stay quick.)"""
    path = tmp_path / "large.csv"
    line = "Ann,Example,ann@example.com,+44 20 7946 0958,Acme Ltd,Engineer,Leeds,\"python, sql\"," + "x" * 4000 + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("First,Last,Email,Phone,Company,Title,City,Skills,Notes\n")
        chunk = line * 100
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    tracemalloc.start()
    try:
        count = 0
        with open_table(path) as table:
            for _ in table.rows():
                count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 12_000
    assert peak < 4 * 1024 * 1024
