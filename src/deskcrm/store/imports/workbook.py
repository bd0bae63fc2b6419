"""Reading a workbook's first sheet, its cells as the text a person sees: an XLSX / XLSM book
streamed a row at a time (``xlsx_stream``: memory flat in the number of rows; a formula cell
as its formula's text); XLS, XLSB and ODS with ``python-calamine`` (the sheet loaded whole when
opened). calamine gives a formula cell's cached value only (an XLS book's often none), not its
text: an ODS or XLS sheet holding a formula is refused (``book_formulas``), rather than read as
another value than the cell's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from deskcrm.store.imports.book_formulas import first_formula
from deskcrm.store.imports.table import BadFile, Table, checked_header
from deskcrm.store.imports.xlsx_stream import Unreadable, XlsxBook, is_xlsx, number_text


def _open_xlsx(path: Path) -> Table:
    try:
        book = XlsxBook(path)
        table = Table(path, "workbook", None, None, [], sheet=book.sheet_name, _book=book,
                      _read=xlsx_records)
        first = None
        for line, cells in book.rows():
            first = first or line  # the sheet's first used row, as calamine counts it
            if any(c.strip() for c in cells):
                table._header_line = line
                table.header = checked_header(path, line, cells)
                table.preamble_lines = line - first
                return table
    except Unreadable as exc:
        raise BadFile(path, f"cannot be read as a workbook ({exc})") from None
    raise BadFile(path, f"the first sheet ({book.sheet_name!r}) is empty — nothing to import")


def xlsx_records(table: Table) -> Iterator[tuple[int, list[str]]]:
    header_line, width = table._header_line, len(table.header)
    try:
        for line, cells in table._book.rows():
            if line > header_line:
                if len(cells) < width:  # a sheet's row ends at its last cell: the rest are empty
                    cells.extend([""] * (width - len(cells)))
                yield line, cells
    except Unreadable as exc:
        raise BadFile(table.path, f"cannot be read as a workbook ({exc})") from None


def open_workbook(path: Path) -> Table:
    return _open_xlsx(path) if is_xlsx(path) else open_calamine(path)


def open_calamine(path: Path) -> Table:
    """Any book calamine reads (XLS, XLSB, ODS; XLSX too), its first sheet loaded whole."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency
        raise BadFile(path, "workbooks need python-calamine (pip install python-calamine)") from None
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if not names:
            raise BadFile(path, "the workbook has no sheet")
        sheet = book.get_sheet_by_index(0)
    except BadFile:
        raise
    except Exception as exc:  # calamine's errors: a damaged or password-protected book
        detail = " ".join(str(exc).split())[:90]
        raise BadFile(path, f"cannot be read as a workbook ({detail})") from None
    formula = first_formula(path)
    if formula is not None:
        raise BadFile(path, f"its first sheet holds formula cells ({formula}), which only an XLSX book is read "
                            "as the formula's text: save it as .xlsx (or .csv) and import that")
    table = Table(path, "workbook", None, None, [], sheet=names[0], _book=book, _sheet=sheet,
                  _read=workbook_records)
    start = sheet.start[0] + 1 if sheet.start else 1  # the sheet's first used row (1-based)
    for offset, values in enumerate(sheet.iter_rows()):
        cells = [_cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            table._header_line = start + offset
            table.header = checked_header(path, start + offset, cells)
            table.preamble_lines = offset
            return table
    raise BadFile(path, f"the first sheet ({names[0]!r}) is empty — nothing to import")


def workbook_records(table: Table) -> Iterator[tuple[int, list[str]]]:
    sheet = table._sheet  # read once by calamine (a workbook is zipped XML: no streaming it)
    start = sheet.start[0] + 1 if sheet.start else 1
    for offset, values in enumerate(sheet.iter_rows()):
        line = start + offset
        if line > table._header_line:
            yield line, [v if type(v) is str else _cell_text(v) for v in values]


def _cell_text(value: object) -> str:
    """A workbook cell as the text a person sees: dates ISO, whole numbers without ``.0``."""
    from datetime import date, datetime, time

    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
