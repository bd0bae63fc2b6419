"""Naming where a CSV / TSV file goes wrong — only ever run once it has: the line and column of
an unclosed quote or a stray one, a NUL, a byte the encoding cannot read."""

from __future__ import annotations

import codecs
import csv

from deskcrm.store.imports.table import BadFile, Table, encoding_name


def undecodable(table: Table) -> BadFile:
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
                return BadFile(table.path, f"byte 0x{byte:02X} cannot be read as {encoding_name(table.encoding)} — "
                                           "save the file as UTF-8 and import it again", line)
    return BadFile(table.path, f"cannot be read as {encoding_name(table.encoding)}")


def cell_at(text: str, delimiter: str) -> int:
    """The 1-based cell that ``text`` (a line up to some character) ends in."""
    try:
        return len(next(csv.reader([text], delimiter=delimiter))) or 1
    except (csv.Error, StopIteration):
        return 1


def malformed(table: Table, line: int, detail: str) -> BadFile:
    """A csv error on the row starting at ``line``: find the column from the row's raw text."""
    raw = _raw_from(table, line, limit=1 << 20)
    column, _ = _quote_column(raw, table.delimiter or ",")
    header = table.header[column - 1] if table.header and column and column <= len(table.header) else None
    if "unexpected end of data" in detail or "EOF" in detail:
        return BadFile(table.path, "a quote mark opens a cell that is never closed — the rest of the file "
                                   "would be one cell; check the quotes", line, column, header)
    if "field larger than field limit" in detail:
        limit = csv.field_size_limit() // 1024
        return BadFile(table.path, f"a cell longer than {limit} KB starts here — most likely a quote mark that "
                                   "is never closed; check the quotes", line, column, header)
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
