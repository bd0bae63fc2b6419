"""Where a workbook calamine reads (ODS, XLS) holds a formula in its first sheet: calamine gives
a formula cell's cached value only — an XLS book written by a script often has none, and the cell
reads empty — never the formula's text, which is what the cell holds. The import refuses such a
sheet (``workbook.open_calamine``), saying where, rather than store another value than the
cell's; an XLSX book is read with its formulas as text (``xlsx_formulas``).

- ODS: ``content.xml``'s first ``table:table``, its first cell with a ``table:formula``;
- XLS (BIFF8, in an OLE2 file: ``olefile``): the first sheet's substream (its BOUNDSHEET's
  offset), its first FORMULA record's row and column.

An XLSB book is not looked into (its formula cells read as their cached values).
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from deskcrm.store.imports.xlsx_formulas import letters

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_BOF, _EOF, _BOUNDSHEET, _FORMULA = 0x0809, 0x000A, 0x0085, 0x0006


def first_formula(path: Path) -> str | None:
    """Where the first sheet's first formula is ("row 2: 'of:=1+1'", "cell B3"); None: none
    found (or a book neither ODS nor XLS: calamine says what it makes of it)."""
    if zipfile.is_zipfile(path):
        return _ods(path)
    return _xls(path)


def _ods(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as book, book.open("content.xml") as part:
            row, at = 1, 0  # the next row's number, this one's
            for event, el in iterparse(part, events=("start", "end")):
                if event == "start" and el.tag == _TABLE + "table-row":
                    at, row = row, row + int(el.get(_TABLE + "number-rows-repeated") or 1)
                elif event == "start" and el.tag == _TABLE + "table-cell" and el.get(_TABLE + "formula"):
                    return f"row {at}: {el.get(_TABLE + 'formula', '')!r}"
                elif event == "end" and el.tag == _TABLE + "table":
                    return None  # the first sheet read
                elif event == "end":
                    el.clear()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError):
        return None  # not an ODS book (an XLSB): calamine says what it makes of it
    return None


def _xls(path: Path) -> str | None:
    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            return None
        with olefile.OleFileIO(str(path)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
            if name is None:
                return None
            data = ole.openstream(name).read()
    except (OSError, ValueError, struct.error):
        return None
    return _biff_formula(data)


def _records(data: bytes, start: int = 0):
    """(type, body) of each BIFF record from the offset ``start`` on."""
    at = start
    while at + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, at)
        yield kind, data[at + 4:at + 4 + size]
        at += 4 + size


def _biff_formula(data: bytes) -> str | None:
    first_sheet = None
    for kind, body in _records(data):
        if kind == _BOUNDSHEET and len(body) >= 4:
            first_sheet = struct.unpack_from("<I", body)[0]  # the first sheet's BOF, in tab order
            break
        if kind == _EOF:
            break
    if first_sheet is None:
        return None
    for kind, body in _records(data, first_sheet):
        if kind == _FORMULA and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            return f"cell {letters(col + 1)}{row + 1}"
        if kind == _EOF:
            return None
    return None

