"""An open import file (:class:`Table`), the errors reading raises (:class:`BadFile` for the
file, :class:`BadCell` for a cell the writer cannot use), and :func:`check`, the first pass that validates every row before anything is written. The readers
that fill a Table live beside it: ``text_file`` (CSV / TSV) and ``workbook`` (XLSX, XLS, ODS);
``source.open_table`` picks one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import Mapping, MappedRow, SourceRow, mapper
from deskcrm.store.imports.wording import plural


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

    def __reduce__(self) -> tuple:  # raised in the process reading a long file, sent here as a pickle
        return _same_error, (type(self), self.args, self.__dict__)


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
    _read: Callable[[Table], Iterator[tuple[int, list[str]]]] | None = field(default=None, repr=False)  # the reader

    @property
    def read_as(self) -> str:
        """How the file was read, said to the user: ``read as cp1252, ';'-delimited``."""
        if self.kind == "workbook":
            said = f"read as a workbook, first sheet {self.sheet!r}"
        else:
            names = {",": "comma", ";": "semicolon", "\t": "tab"}
            shape = "one column" if len(self.header) == 1 else f"{names[self.delimiter]}-delimited"
            said = f"read as {encoding_name(self.encoding)}, {shape}"
        if self.preamble_lines:
            said += f", {self.preamble_lines} line{'s' if self.preamble_lines != 1 else ''} before the header skipped"
        return said

    @property
    def european(self) -> bool:
        """A ``;``-delimited file comes from a desk where ``,`` is the decimal mark: its amounts
        read ``85.000`` as 85,000 (``cells.amount(text, european=table.european)``)."""
        return self.delimiter == ";"

    def rows(self) -> Iterator[SourceRow]:
        """Every data row, in file order, as :class:`SourceRow` (a new pass over the file each
        call). Raises :class:`BadFile` at the first malformed row."""
        header = self.header
        for line, cells in self._records():
            yield SourceRow(line, dict(zip(header, cells)))

    def mapped_rows(self, mapping: Mapping) -> Iterator[MappedRow]:
        """:meth:`rows` through ``mapping`` (``imports.mapped``), without a dict of every cell a row."""
        row = mapper(mapping, self.header)
        for line, cells in self._records():
            yield row(line, cells)

    def _records(self, keep: bool = True) -> Iterator[tuple[int, list[str]]]:
        """(line, stripped cells, as many as the header): the validated rows. ``keep=False``
        (:func:`check`) validates and yields the cells unstripped: nothing is kept."""
        records = self._read(self)
        width = len(self.header)
        strip = str.strip
        for line, cells in records:
            if len(cells) != width:
                while cells and not cells[-1].strip() and len(cells) > width:
                    cells.pop()  # trailing empty cells (stray delimiters, a sheet's width) hold nothing
                if len(cells) != width:
                    if not any(c.strip() for c in cells):
                        continue
                    raise ragged(self, line, cells, width)
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


def checked_header(path: Path, line: int, cells: list[str]) -> list[str]:
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


def ragged(table: Table, line: int, cells: list[str], width: int) -> BadFile:
    have = len(cells)
    if have > width:
        extra = next((n for n in range(width, have) if cells[n].strip()), width) + 1
        why = (f"an unquoted {_delimiter_word(table)} inside a cell?" if table.kind == "text"
               else "a cell right of the header's last column")
        return BadFile(table.path, f"this row has {plural(have, 'cell')}, the header {width} — {why}", line, extra)
    return BadFile(table.path, f"this row has {plural(have, 'cell')}, the header {width} — "
                               f"{table.header[have]!r} and after are missing", line, have + 1, table.header[have])


def _delimiter_word(table: Table) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(table.delimiter or "", "delimiter")


def encoding_name(encoding: str | None) -> str:
    said = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "latin_1": "Latin-1",
            "iso8859_1": "Latin-1", "iso8859-1": "Latin-1", "ascii": "ASCII"}
    return said.get(encoding or "", encoding or "")


class BadCell(StoreError):
    """A cell the importer refuses: ``str(err)`` names the line and the column."""

    def __init__(self, line: int, column: str, message: str) -> None:
        super().__init__(f"line {line}, column {column!r}: {message}")
        self.line, self.column = line, column

    def __reduce__(self) -> tuple:
        return _same_error, (type(self), self.args, self.__dict__)


def _same_error(cls: type, args: tuple, state: dict) -> Exception:
    """An error as it was raised (its message and attributes), without calling its ``__init__``
    again: what a pickle of one makes in the process that receives it."""
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err
