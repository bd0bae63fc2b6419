"""Reading a CSV / TSV file (see ``source``'s doc): its encoding and delimiter detected from a
bounded sample, its header found past any preamble, its rows streamed with their line numbers."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from deskcrm.store.imports.table import BadFile, Table, checked_header, encoding_name
from deskcrm.store.imports.text_errors import cell_at, malformed, undecodable

SAMPLE = 64 * 1024  # bytes read from the head (and the tail) of a text file to detect its encoding
DELIMITERS = (",", ";", "\t")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"SQLite format 3": "an SQLite database", b"\x1f\x8b": "a gzip archive",
                 b"\x7fELF": "a program"}


def detect_encoding(path: Path, head: bytes, tail: bytes) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise BadFile(path, f"is {what}, not a table — import a CSV, TSV or XLSX file")
    sample = head + b"\n" + tail
    if _utf16_without_bom(head):
        raise BadFile(path, "looks like UTF-16 without its byte-order mark — save it as UTF-8 (or UTF-16 "
                            "with BOM, as Excel's \"Unicode text\" does) and import it again")
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

    # UTF-16 / UTF-32 only with their BOM: without one, a short sample "reads" as them too easily.
    matches = [m for m in from_bytes(sample) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if _reads_as_western(sample, found_any=bool(matches)):
        return "cp1252"
    if not matches:
        raise BadFile(path, "is not a text table (no encoding reads it) — import a CSV, TSV or XLSX file")
    return matches[0].encoding


def _reads_as_western(sample: bytes, *, found_any: bool) -> bool:
    """Whether to read a non-UTF-8 file as cp1252, Windows' Western European page (what Excel
    saves on a European or American desk): whenever charset-normalizer accepts the cp1252
    reading (its own chaos threshold) — on a short sample it otherwise ranks cp775, cp1250 or
    even cp1006 first, reading "Müller" as "M³ller" — or, when it accepts nothing, if cp1252
    reads every byte. A Cyrillic, Greek, Polish or Japanese file reads as nonsense in cp1252
    and keeps charset-normalizer's pick."""
    from charset_normalizer import from_bytes

    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return False  # a byte cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    # a looser chaos threshold than charset-normalizer's own 0.2: a short Western sample with a few
    # symbols ("José … €85k") scores ~0.21 in cp1252 and was read as mac_latin2 ("Josť")
    return not found_any or from_bytes(sample, cp_isolation=["cp1252"], threshold=_WESTERN_CHAOS).best() is not None


_WESTERN_CHAOS = 0.4  # Cyrillic, Greek and Polish samples are refused as cp1252 at any threshold (tested)


def _utf16_without_bom(head: bytes) -> bool:
    """Every other byte NUL (ASCII text in UTF-16 LE or BE, the BOM missing)."""
    sample = head[:4096]
    return len(sample) >= 8 and (sample[1::2].count(0) * 10 >= len(sample) // 2 * 9
                                 or sample[0::2].count(0) * 10 >= len(sample) // 2 * 9)


def _mostly_binary(head: bytes) -> bool:
    """At least 32 control bytes (other than tab / CR / LF), and more than 1 in 20 bytes: not a
    text table (a stray NUL or control byte in a text file is a cell's, reported or kept)."""
    sample = head[:8192]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return control >= 32 and control * 20 > len(sample)


def open_text(path: Path, head: bytes, size: int, encoding: str) -> Table:
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
        table = Table(path, "text", encoding, ",", [], _read=text_records)
        for _ in text_records(table, header_only=True):
            break
        raise BadFile(path, "no header row found — the first row must name the columns")
    width, delimiter, header, header_line, preamble = best
    if width == 1:  # one column: a delimiter its cells never hold, so a "Doe, Jane" stays one cell
        delimiter = next((d for d in DELIMITERS if d not in sample), delimiter)
    table = Table(path, "text", encoding, delimiter, [], preamble_lines=preamble, _header_line=header_line,
                  _read=text_records)
    # Read the header from the file itself (the sample may cut a long header short).
    for line, cells in text_records(table, header_only=True):
        table.header = checked_header(path, line, cells)
    return table


def _decode_sample(path: Path, head: bytes, encoding: str, *, whole: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(head, final=whole)
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        raise BadFile(path, f"byte 0x{head[exc.start]:02X} cannot be read as {encoding_name(encoding)} — "
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
    if len(row) == 1 and row[0].strip().lower() in ("notes:", "note:"):
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


def text_records(table: Table, *, header_only: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row after the header (or the header alone)."""
    path = table.path
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=table.encoding, errors="strict", newline="")
        reader = csv.reader(_lines(text), delimiter=table.delimiter or ",", strict=True)
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
            raise malformed(table, start + 1, str(exc)) from None
        except UnicodeDecodeError:
            raise undecodable(table) from None
        except _Nul as nul:
            column = cell_at(nul.text, table.delimiter or ",")
            header = table.header[column - 1] if column <= len(table.header) else None
            raise BadFile(path, "a NUL byte (\\0) in this cell — is this really a text table? Remove it and "
                                "import again", nul.line, column, header) from None


class _Nul(Exception):
    def __init__(self, line: int, text: str) -> None:
        self.line, self.text = line, text  # the line's text before the NUL


def _lines(text) -> Iterator[str]:  # noqa: ANN001 - a text stream
    """The text's lines for the csv reader, refusing a NUL (which ``csv`` lets through). (A
    generator: a line costs a third of an iterator class's ``__next__``.)"""
    for count, line in enumerate(text, 1):
        if "\0" in line:
            raise _Nul(count, line[: line.index("\0")])
        yield line
