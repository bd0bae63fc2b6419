"""Open an import file as a table and stream its rows, never loading the whole file.

    with open_table(path) as table:
        print(table.read_as)          # "read as cp1252, ';'-delimited, 3 preamble lines skipped"
        count = check(table)          # pass 1: every row validated, nothing kept
        for row in table.rows():      # pass 2: SourceRow(line, {header: cell text})
            ...

Text files (CSV / TSV): the encoding is a BOM (UTF-8, UTF-16 LE/BE) or, without one, UTF-8
when the sampled bytes (the head and the tail of the file, 64 KB each) decode as UTF-8, else
what ``charset-normalizer`` finds in them — cp1252 when it is among the equally clean
candidates (a short sample can rank cp775 first and read "Müller" as "M³ller") — and
:attr:`Table.read_as` says which; a byte the chosen encoding cannot read later in the file is
refused naming its line. The delimiter (``,`` ``;`` or tab) is the one that splits the header into the most
cells. LinkedIn's *Connections.csv* opens with "Notes:" lines before the header: they are
skipped and counted. Quoting is strict (Python's ``csv``, ``strict=True``); a quoted cell
keeps its line breaks exactly; CRLF, LF and CR line ends are all lines.

Workbooks (XLSX, XLS, ODS) are read with ``python-calamine``, first sheet (loaded whole when
the file is opened: a workbook is zipped XML, it cannot be streamed): a date cell becomes
``YYYY-MM-DD`` (``YYYY-MM-DD HH:MM:SS`` with a time), a whole number its digits without
``.0``, any other number its 15 significant digits (as Excel shows it). The sheet's row number is the row's line.

A malformed file raises :class:`BadFile` naming the file, the line and the column; rows made of
empty cells only are skipped, and so are empty cells right of the header's last column. Cells are text, stripped of surrounding whitespace, never
evaluated: ``=HYPERLINK(...)`` stays that text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import SourceRow

SAMPLE = 64 * 1024  # bytes read from the head (and the tail) of a text file to detect its encoding
DELIMITERS = (",", ";", "\t")
WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"SQLite format 3": "an SQLite database", b"\x1f\x8b": "a gzip archive",
                 b"\x7fELF": "a program"}


class BadFile(StoreError):
    """The file cannot be read as a table; ``str(err)`` is one line naming the file, and
    ``line`` / ``column`` (1-based, None when not about one place) where it went wrong."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: int | None = None,
                 header: str | None = None) -> None:
        where = str(path)
        if line is not None:
            where += f": line {line}"
            if column is not None:
                where += f", column {column}" + (f" ({header})" if header else "")
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.column = Path(path), line, column


@dataclass
class Table:
    """An open import file: what was detected, the header, and :meth:`rows` (a new pass each call)."""

    path: Path
    kind: str  # "text" | "workbook"
    encoding: str | None  # the codec used for a text file (None for a workbook)
    delimiter: str | None  # "," ";" or "\t" (None for a workbook)
    header: list[str]
    preamble_lines: int = 0  # lines before the header that were skipped (LinkedIn's "Notes:")
    sheet: str | None = None  # a workbook's first sheet's name
    _header_line: int = 1
    _book: object = field(default=None, repr=False)
    _sheet: object = field(default=None, repr=False)

    @property
    def read_as(self) -> str:
        """How the file was read, said to the user: ``read as cp1252, ';'-delimited``."""
        if self.kind == "workbook":
            said = f"read as a workbook, first sheet {self.sheet!r}"
        else:
            names = {",": "comma", ";": "semicolon", "\t": "tab"}
            said = f"read as {_encoding_name(self.encoding)}, {names[self.delimiter]}-delimited"
        if self.preamble_lines:
            said += f", {self.preamble_lines} line{'s' if self.preamble_lines != 1 else ''} before the header skipped"
        return said

    def rows(self) -> Iterator[SourceRow]:
        """Every data row, in file order, as :class:`SourceRow` (a new pass over the file each
        call). Raises :class:`BadFile` at the first malformed row."""
        header = self.header
        for line, cells in self._records():
            yield SourceRow(line, dict(zip(header, cells)))

    def _records(self, keep: bool = True) -> Iterator[tuple[int, list[str]]]:
        """(line, stripped cells, as many as the header): the validated rows. ``keep=False``
        (:func:`check`) validates and yields the cells unstripped: nothing is kept."""
        records = _workbook_records(self) if self.kind == "workbook" else _text_records(self)
        width = len(self.header)
        strip = str.strip
        for line, cells in records:
            if len(cells) != width:
                while cells and not cells[-1].strip() and len(cells) > width:
                    cells.pop()  # trailing empty cells (stray delimiters, a sheet's width) hold nothing
                if len(cells) != width:
                    if not any(c.strip() for c in cells):
                        continue
                    raise _ragged(self, line, cells, width)
            if not keep:
                if any(map(strip, cells)):  # stops at the first cell with text
                    yield line, cells
                continue
            stripped = list(map(strip, cells))
            if any(stripped):
                yield line, stripped


def check(table: Table) -> int:
    """The first, cheap pass: validate every row of ``table`` (nothing kept) and count them.
    A writer that streams calls it before writing anything, so a ragged row at line 90,000 is
    refused before the first row lands."""
    count = 0
    for _ in table._records(keep=False):
        count += 1
    return count


@contextmanager
def open_table(path: Path | str) -> Iterator[Table]:
    """``path`` opened as a :class:`Table` (see the module's doc); BadFile if it cannot be."""
    path = Path(path)
    try:
        with path.open("rb") as raw:
            head = raw.read(SAMPLE)
            raw.seek(0, io.SEEK_END)
            size = raw.tell()
            tail = b""
            if size > SAMPLE:
                raw.seek(max(size - SAMPLE, SAMPLE))
                tail = raw.read(SAMPLE)
    except IsADirectoryError:
        raise BadFile(path, "is a folder, not a file") from None
    except FileNotFoundError:
        raise BadFile(path, "no such file") from None
    except OSError as exc:
        raise BadFile(path, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise BadFile(path, "the file is empty — nothing to import")
    if path.suffix.lower() in WORKBOOKS or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        table = _open_workbook(path)
        try:
            yield table
        finally:
            close = getattr(table._book, "close", None)
            if close:
                close()
        return
    encoding = _encoding(path, head, tail)
    yield _open_text(path, head, size, encoding)


# --------------------------------------------------------------------------- text files


def _encoding(path: Path, head: bytes, tail: bytes) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise BadFile(path, f"is {what}, not a table — import a CSV, TSV or XLSX file")
    sample = head + b"\n" + tail
    if _mostly_binary(head):
        raise BadFile(path, "is not a text table (binary data) — import a CSV, TSV or XLSX file")
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        decoder.decode(head, final=False)  # the sample may end inside a character
        codecs.getincrementaldecoder("utf-8")().decode(tail.lstrip(bytes(range(0x80, 0xC0))), final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        raise BadFile(path, "is not a text table (no encoding reads it) — import a CSV, TSV or XLSX file")
    return _western(matches)


def _western(matches) -> str:
    """charset-normalizer's pick, except that cp1252 (Windows' Western European: what Excel
    saves on a European or American desk) wins among the candidates it finds equally clean:
    on a short sample it may rank cp775 or cp1250 first, reading "Müller" as "M³ller"."""
    best = matches[0]
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return best.encoding


def _mostly_binary(head: bytes) -> bool:
    """At least 32 control bytes (other than tab / CR / LF), and more than 1 in 20 bytes: not a
    text table (a stray NUL or control byte in a text file is a cell's, reported or kept)."""
    sample = head[:8192]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control >= 32 and control * 20 > len(sample)


def _encoding_name(encoding: str | None) -> str:
    said = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "latin_1": "Latin-1",
            "iso8859_1": "Latin-1", "ascii": "ASCII"}
    return said.get(encoding or "", encoding or "")


def _open_text(path: Path, head: bytes, size: int, encoding: str) -> Table:
    sample = _decode_sample(path, head, encoding, whole=size <= SAMPLE)
    best: tuple[int, str, list[str], int, int] | None = None
    for delimiter in DELIMITERS:
        lines = io.StringIO(sample, newline="")
        try:
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            header, header_line, preamble = _header(reader)
        except (csv.Error, StopIteration):
            continue
        if best is None or len(header) > best[0]:
            best = (len(header), delimiter, header, header_line, preamble)
    if best is None:
        # No delimiter gives a header from the sample: read the file to name the place.
        table = Table(path, "text", encoding, ",", [])
        for _ in _text_records(table, header_only=True):
            break
        raise BadFile(path, "no header row found — the first row must name the columns")
    _, delimiter, header, header_line, preamble = best
    table = Table(path, "text", encoding, delimiter, [], preamble_lines=preamble, _header_line=header_line)
    # Read the header from the file itself (the sample may cut a long header short).
    for line, cells in _text_records(table, header_only=True):
        table.header = _checked_header(path, line, cells)
    return table


def _decode_sample(path: Path, head: bytes, encoding: str, *, whole: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(head, final=whole)
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        raise BadFile(path, f"byte 0x{head[exc.start]:02X} cannot be read as {_encoding_name(encoding)} — "
                            "save the file as UTF-8 and import it again", line) from None
    if not whole and "\n" in text:
        text = text[: text.rindex("\n") + 1]  # whole lines only
    return text


def _header(reader) -> tuple[list[str], int, int]:
    """(header cells, its line, preamble lines before it) from a csv reader at the start of the
    text. Blank lines before the header are skipped; a first row that is one cell ``Notes:``
    (LinkedIn) starts a preamble that runs to the next blank line."""
    row = next(reader)
    while not any(cell.strip() for cell in row):
        row = next(reader)
    if len(row) == 1 and row[0].strip().lower().rstrip(":") in ("notes", "note"):
        while any(cell.strip() for cell in row):  # up to the blank line that ends the notes
            row = next(reader)
        while not any(cell.strip() for cell in row):
            row = next(reader)
    line = reader.line_num - _lines_in(row) + 1
    return row, line, line - 1


def _lines_in(row: list[str]) -> int:
    """How many physical lines a parsed row spans (its quoted cells' line breaks plus one)."""
    breaks = 0
    for cell in row:
        if "\n" in cell or "\r" in cell:
            breaks += len(cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")) - 1
    return breaks + 1


def _checked_header(path: Path, line: int, cells: list[str]) -> list[str]:
    names = [cell.strip() for cell in cells]
    while len(names) > 1 and not names[-1]:
        names.pop()  # trailing empty header cells (a spreadsheet's stray delimiters)
    seen: dict[str, int] = {}
    for number, name in enumerate(names, 1):
        if not name:
            raise BadFile(path, "this header cell is empty — every column needs a name", line, number)
        if name.casefold() in seen:
            first = seen[name.casefold()]
            raise BadFile(path, f"the header names {name!r} twice (columns {first} and {number}) — rename one",
                          line, number)
        seen[name.casefold()] = number
    return names


def _text_records(table: Table, *, header_only: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row after the header (or the header alone)."""
    path = table.path
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=table.encoding, errors="strict", newline="")
        counter = _Lines(text)
        reader = csv.reader(counter, delimiter=table.delimiter or ",", strict=True)
        start = 0
        try:
            for row in reader:
                line = start + 1
                start = reader.line_num
                if line < table._header_line:
                    continue
                if line == table._header_line:
                    if header_only:
                        yield line, row
                        return
                    continue
                yield line, row
        except csv.Error as exc:
            raise _malformed(table, start + 1, str(exc)) from None
        except UnicodeDecodeError:
            raise _undecodable(table) from None
        except _Nul as nul:
            column = _cell_at(nul.text, table.delimiter or ",")
            header = table.header[column - 1] if column <= len(table.header) else None
            raise BadFile(path, "a NUL byte (\\0) in this cell — is this really a text table? Remove it and "
                                "import again", nul.line, column, header) from None


class _Nul(Exception):
    def __init__(self, line: int, text: str) -> None:
        self.line, self.text = line, text  # the line's text before the NUL


class _Lines:
    """The text's lines for the csv reader, counted, refusing a NUL (which ``csv`` lets through)."""

    __slots__ = ("_lines", "count")

    def __init__(self, text) -> None:
        self._lines = iter(text)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        if "\0" in line:
            raise _Nul(self.count, line[: line.index("\0")])
        return line


def _undecodable(table: Table) -> BadFile:
    """The error for a byte the file's encoding cannot read (found by the streaming decoder,
    which works in chunks): read again, byte by chunk, to name its line."""
    decoder = codecs.getincrementaldecoder(table.encoding or "utf-8")(errors="strict")
    line = 1
    with table.path.open("rb") as raw:
        while chunk := raw.read(1 << 16):
            try:
                line += decoder.decode(chunk).count("\n")
            except UnicodeDecodeError as exc:
                start = max(exc.start - len(exc.object) + len(chunk), 0) if len(exc.object) >= len(chunk) else exc.start
                line += chunk[:start].count(b"\n")
                byte = chunk[start] if start < len(chunk) else 0
                return BadFile(table.path, f"byte 0x{byte:02X} cannot be read as {_encoding_name(table.encoding)} — "
                                           "save the file as UTF-8 and import it again", line)
    return BadFile(table.path, f"cannot be read as {_encoding_name(table.encoding)}")


def _cell_at(text: str, delimiter: str) -> int:
    """The 1-based cell that ``text`` (a line up to some character) ends in."""
    try:
        return len(next(csv.reader([text], delimiter=delimiter))) or 1
    except (csv.Error, StopIteration):
        return 1


def _malformed(table: Table, line: int, detail: str) -> BadFile:
    """A csv error on the row starting at ``line``: find the column from the row's raw text."""
    raw = _raw_from(table, line, limit=1 << 20)
    column, _ = _quote_column(raw, table.delimiter or ",")
    header = table.header[column - 1] if table.header and column and column <= len(table.header) else None
    if "unexpected end of data" in detail or "EOF" in detail:
        return BadFile(table.path, "a quote mark opens a cell that is never closed — the rest of the file "
                                   "would be one cell; check the quotes", line, column, header)
    if "field larger than field limit" in detail:
        return BadFile(table.path, f"a cell longer than {csv.field_size_limit() // 1024} KB starts here — most likely "
                                   "a quote mark that is never closed; check the quotes", line, column, header)
    if "expected after" in detail:
        return BadFile(table.path, "text follows a quoted cell's closing quote — a quote mark inside a cell "
                                   "must be doubled (\"\")", line, column, header)
    return BadFile(table.path, f"cannot be read as a table ({detail})", line, column, header)


def _raw_from(table: Table, line: int, *, limit: int) -> str:
    """The file's text from ``line`` on (at most ``limit`` characters): only for an error."""
    with table.path.open("r", encoding=table.encoding, errors="replace", newline="") as text:
        for _ in range(line - 1):
            text.readline()
        return text.read(limit)


def _quote_column(raw: str, delimiter: str) -> tuple[int, int]:
    """(1-based column, offset) of the cell whose quoting goes wrong in ``raw`` (a row's text):
    a quote never closed, or text after a closing quote."""
    column, i, n = 1, 0, len(raw)
    while i < n:
        if raw[i] == '"':  # a quoted cell
            opened = i
            i += 1
            while True:
                end = raw.find('"', i)
                if end < 0:
                    return column, opened
                if end + 1 < n and raw[end + 1] == '"':
                    i = end + 2
                    continue
                i = end + 1
                break
            if i < n and raw[i] not in (delimiter, "\r", "\n"):
                return column, i
        while i < n and raw[i] not in (delimiter, "\r", "\n"):
            i += 1
        if i >= n or raw[i] in "\r\n":
            return column, i
        column += 1
        i += 1
    return column, i


def _ragged(table: Table, line: int, cells: list[str], width: int) -> BadFile:
    have = len(cells)
    if have > width:
        extra = next((n for n in range(width, have) if cells[n].strip()), width) + 1
        why = (f"an unquoted {_delimiter_word(table)} inside a cell?" if table.kind == "text"
               else "a cell right of the header's last column")
        return BadFile(table.path, f"this row has {have} cells, the header {width} — {why}", line, extra)
    return BadFile(table.path, f"this row has {have} cell{'s' if have != 1 else ''}, the header {width} — "
                               f"{table.header[have]!r} and after are missing", line, have + 1, table.header[have])


def _delimiter_word(table: Table) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(table.delimiter or "", "delimiter")


# --------------------------------------------------------------------------- workbooks


def _open_workbook(path: Path) -> Table:
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
    table = Table(path, "workbook", None, None, [], sheet=names[0], _book=book, _sheet=sheet)
    start = sheet.start[0] + 1 if sheet.start else 1  # the sheet's first used row (1-based)
    for offset, values in enumerate(sheet.iter_rows()):
        cells = [_cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            table._header_line = start + offset
            table.header = _checked_header(path, start + offset, cells)
            table.preamble_lines = offset
            return table
    raise BadFile(path, f"the first sheet ({names[0]!r}) is empty — nothing to import")


def _workbook_records(table: Table) -> Iterator[tuple[int, list[str]]]:
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
