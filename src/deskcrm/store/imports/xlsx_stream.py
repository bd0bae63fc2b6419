"""An XLSX (or XLSM) book's first sheet read as a stream: ``zipfile`` + ``ElementTree.iterparse``,
one ``<row>`` at a time, each dropped once read, so memory stays flat in the number of rows
(the shared strings table is held: one copy of each distinct text).

Cells come out as the text a person sees, the same as the CSV path gives them: a shared or
inline string as typed, a formula its formula's text (``=1+1``: never its cached value, never
evaluated: ``xlsx_formulas``), a date-formatted number as ``YYYY-MM-DD``
(``YYYY-MM-DD HH:MM:SS`` with a time, ``HH:MM:SS`` for a time alone) counted from the book's
1900 or 1904 base, a whole number its digits without ``.0``, any other number its 15
significant digits, a boolean ``TRUE`` / ``FALSE``, an error its code (``#N/A``). Empty cells
are placed by their ``r`` reference (``C7``), so a gap stays a gap; a row's number is its line.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import iterparse, parse

from deskcrm.store.imports.xlsx_formulas import formula_text

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REL_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# Excel's built-in number formats that show a date or a time.
_DATE_IDS = frozenset((*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)))
_TIME_ONLY_IDS = frozenset((18, 19, 20, 21, 45, 46, 47))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


class Unreadable(Exception):
    """The book's parts are missing or malformed (said to the user as a damaged book)."""


def is_xlsx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as book:
            return "xl/workbook.xml" in book.NameToInfo
    except (OSError, zipfile.BadZipFile):
        return False


class XlsxBook:
    """The parts of a book needed to read its first sheet: name, part, strings, date styles."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with zipfile.ZipFile(path) as book:
                self.sheet_name, self.sheet_part, self.base = _first_sheet(book)
                self.strings = _shared_strings(book)
                self.date_styles = _date_styles(book)
                if self.sheet_part not in book.NameToInfo:
                    raise Unreadable(f"its first sheet's part {self.sheet_part!r} is missing")
        except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError, IndexError, OSError,
                RuntimeError, EOFError) as exc:
            raise Unreadable(" ".join(str(exc).split())[:90] or type(exc).__name__) from None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells as text) for each row of the first sheet that has a cell."""
        strings, date_styles, base = self.strings, self.date_styles, self.base
        try:
            with zipfile.ZipFile(self.path) as book, book.open(self.sheet_part) as part:
                yield from _rows(part, strings, date_styles, base)
        except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError, IndexError, OSError,
                RuntimeError, EOFError) as exc:
            raise Unreadable(" ".join(str(exc).split())[:90] or type(exc).__name__) from None


def _rows(part, strings: list[str], date_styles: dict[int, str], base: datetime
          ) -> Iterator[tuple[int, list[str]]]:
    from lxml.etree import iterparse as lxml_iterparse  # C speed: 2x ElementTree's (python-docx needs it)

    line = 0
    column = _column
    text = _text
    shared: dict[str, tuple[str, str]] = {}  # the sheet's shared formulas: si -> (first cell, text)
    for _, row in lxml_iterparse(part, events=("end",), tag=(MAIN + "row", STRICT + "row"),
                                 resolve_entities=False, no_network=True):
        number = row.get("r")
        line = int(number) if number else line + 1
        cells: list[str] = []
        for c in row:
            ref = c.get("r")
            if ref:
                index = column(ref)
                if index != len(cells):
                    if index < len(cells):
                        raise ValueError(f"row {line}: cell {ref} is out of order")
                    cells.extend([""] * (index - len(cells)))
            first = c[0] if len(c) else None
            if first is not None and first.tag[-2:] == "}f":  # a formula: its text, as typed
                cells.append(formula_text(first, ref, shared))
            else:
                cells.append(text(c, strings, date_styles, base))
        row.clear()  # this row is read: keep nothing of it, nor of the rows before it
        while row.getprevious() is not None:
            del row.getparent()[0]
        if cells:
            yield line, cells


def _text(c, strings: list[str], date_styles: dict[int, str], base: datetime) -> str:
    kind = c.get("t", "n")
    if not len(c):
        return ""
    last = c[-1]  # <v> comes last (after a formula's <f>); an inline string's <is> is alone
    if kind == "inlineStr":
        return _string(last) if last.tag.endswith("}is") else ""
    if not last.tag.endswith("}v"):
        return ""
    v = last.text
    if not v:
        return ""
    if kind == "s":
        return strings[int(v)]
    if kind == "n":
        style = c.get("s")
        shown = date_styles.get(int(style)) if style else None
        if shown:
            return _date_text(float(v), shown, base)
        return number_text(float(v))
    if kind == "b":
        return "TRUE" if v.strip() in ("1", "true") else "FALSE"
    if kind == "d":  # an ISO 8601 date cell (strict books)
        return v.replace("T", " ").removesuffix(" 00:00:00")
    return v  # "str" (a string a formula gave), "e" (an error code such as #N/A)


def _date_text(serial: float, shown: str, base: datetime) -> str:
    try:
        moment = base + timedelta(days=serial)
    except OverflowError:  # no date Python can hold: the number as it is
        return number_text(serial)
    moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)  # Excel rounds to the second
    if shown == "time" and 0 <= serial < 1:
        return moment.time().isoformat()
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


def _column(ref: str) -> int:
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            index = index * 26 + ord(ch) - 96
        else:
            break
    return index - 1


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # Excel's escape for what XML cannot hold: _x001B_ is ESC


def _unescaped(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _string(si) -> str:
    """A shared or inline string: its ``<t>`` runs, phonetic guides (``<rPh>``) left out, Excel's
    ``_xHHHH_`` escapes read back (``_x005F_`` is the ``_`` of a literal ``_x0041_``)."""
    if len(si) == 1 and si[0].tag.endswith("}t"):
        return _unescaped(si[0].text or "")
    parts = []
    for child in si:
        tag = child.tag
        if tag.endswith("}t"):
            parts.append(child.text or "")
        elif tag.endswith("}r"):
            for t in child:
                if t.tag.endswith("}t"):
                    parts.append(t.text or "")
    return _unescaped("".join(parts))


def _first_sheet(book: zipfile.ZipFile) -> tuple[str, str, datetime]:
    with book.open("xl/workbook.xml") as part:
        root = _root(part)
    base = datetime(1899, 12, 30)
    sheet = None
    for elem in root.iter():
        tag = elem.tag
        if tag.endswith("}workbookPr") and elem.get("date1904", "0").lower() in ("1", "true"):
            base = datetime(1904, 1, 1)
        elif tag.endswith("}sheet") and sheet is None:
            sheet = elem
    if sheet is None:
        raise Unreadable("the workbook has no sheet")
    rid = sheet.get(_REL) or sheet.get(_REL_STRICT)
    target = None
    with book.open("xl/_rels/workbook.xml.rels") as part:
        for rel in _root(part):
            if rel.get("Id") == rid:
                target = rel.get("Target")
    if not target:
        raise Unreadable("the first sheet has no part")
    if target.startswith("/"):
        target = target.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join("xl", target))
    return sheet.get("name") or "Sheet1", target, base


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    name = next((n for n in ("xl/sharedStrings.xml", "xl/SharedStrings.xml") if n in book.NameToInfo), None)
    if name is None:
        return []
    strings: list[str] = []
    with book.open(name) as part:
        for _, elem in iterparse(part):
            if elem.tag.endswith("}si"):
                strings.append(_string(elem))
                elem.clear()
    return strings


def _date_styles(book: zipfile.ZipFile) -> dict[int, str]:
    """Style index -> "date" or "time" for the cell styles whose number format shows one."""
    if "xl/styles.xml" not in book.NameToInfo:
        return {}
    with book.open("xl/styles.xml") as part:
        root = _root(part)
    custom: dict[int, str] = {}
    styles: dict[int, str] = {}
    for elem in root.iter():
        if elem.tag.endswith("}numFmt"):
            code = _QUOTED.sub("", elem.get("formatCode", "")).lower()
            if "d" in code or "y" in code:
                custom[int(elem.get("numFmtId", "0"))] = "date"
            elif "h" in code or "s" in code:
                custom[int(elem.get("numFmtId", "0"))] = "time"  # h:mm, mm:ss, [h]:mm:ss
            elif "m" in code:
                custom[int(elem.get("numFmtId", "0"))] = "date"  # mmm: a month
        elif elem.tag.endswith("}cellXfs"):
            for index, xf in enumerate(x for x in elem if x.tag.endswith("}xf")):
                fmt = int(xf.get("numFmtId", "0"))
                shown = custom.get(fmt) or ("time" if fmt in _TIME_ONLY_IDS else "date" if fmt in _DATE_IDS else None)
                if shown:
                    styles[index] = shown
    return styles


def _root(part):
    return parse(part).getroot()  # a small part (workbook, relationships, styles)


def number_text(value: float) -> str:
    """A number as the text a person sees: whole numbers without ``.0``, else 15 significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"  # Excel's own precision: 0.1 + 0.2 shows as 0.3
