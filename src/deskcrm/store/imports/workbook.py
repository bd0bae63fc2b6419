"""Reading a workbook (XLSX, XLS, ODS) with ``python-calamine``: the first sheet, loaded whole
when opened (zipped XML cannot be streamed), its cells as the text a person sees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from deskcrm.store.imports.table import BadFile, Table, checked_header


def open_workbook(path: Path) -> Table:
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
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"  # Excel's own precision: 0.1 + 0.2 shows as 0.3
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)
