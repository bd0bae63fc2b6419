"""Open an import file as a table and stream its rows, never loading the whole file (an XLS,
XLSB or ODS book excepted). The readers: ``text_file`` (+ ``text_errors``) and ``workbook``; the
table and its errors: ``table``.

    with open_table(path) as table:
        print(table.read_as)          # "read as cp1252, ';'-delimited, 3 preamble lines skipped"
        count = check(table)          # pass 1: every row validated, nothing kept
        for row in table.rows():      # pass 2: SourceRow(line, {header: cell text})
            ...

Text files (CSV / TSV): the encoding is a BOM (UTF-8, UTF-16 LE/BE) or, without one, UTF-8
when the sampled bytes (the head and the tail of the file, 64 KB each) decode as UTF-8, else
what ``charset-normalizer`` finds in them — cp1252 when it is among the equally clean
candidates (a short sample can rank cp775 first and read "Müller" as "M³ller") — and
:attr:`Table.read_as` says which; a byte the chosen encoding cannot read later in the file
is refused naming its line; ``open_table(path, encoding=...)`` overrides the detection. The delimiter (``,`` ``;`` or tab) is the one that splits the
header into the most cells. LinkedIn's *Connections.csv* opens with "Notes:" lines before the header: they are
skipped and counted. Quoting is strict (Python's ``csv``, ``strict=True``); a quoted cell
keeps its line breaks exactly; CRLF, LF and CR line ends are all lines.

Workbooks, first sheet: an XLSX / XLSM book streamed a row at a time (``xlsx_stream``); XLS,
XLSB and ODS with ``python-calamine`` (loaded whole when the file is opened). A date cell becomes
``YYYY-MM-DD`` (``YYYY-MM-DD HH:MM:SS`` with a time), a whole number its digits without
``.0``, any other number its 15 significant digits (as Excel shows it). The sheet's row
number is the row's line.

A malformed file raises :class:`BadFile` naming the file, the line and the column; rows made of
empty cells only are skipped, and so are empty cells right of the header's last column. Cells
are text, stripped of surrounding whitespace, never evaluated: ``=HYPERLINK(...)`` stays that
text.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deskcrm.store.imports import CellRules, Mapping
from deskcrm.store.imports.table import BadFile, Table, check
from deskcrm.store.imports.text_file import SAMPLE, detect_encoding, open_text
from deskcrm.store.imports.workbook import open_workbook

__all__ = ["BadFile", "Table", "check", "open_table", "cell_rules", "WORKBOOKS"]

WORKBOOKS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


@contextmanager
def open_table(path: Path | str, encoding: str | None = None) -> Iterator[Table]:
    """``path`` opened as a :class:`Table` (see the module's doc); BadFile if it cannot be.
    ``encoding`` (a text file's, e.g. ``"cp1254"`` for a Turkish desk's export) replaces the
    detection: the user's word when ``read_as`` shows a guess that was wrong."""
    path = Path(path)
    if encoding is not None:
        import codecs

        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise BadFile(path, f"{encoding!r} is not an encoding Python knows — e.g. utf-8, cp1252, latin-1") from None
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
        table = open_workbook(path)
        try:
            yield table
        finally:
            close = getattr(table._book, "close", None)
            if close:
                close()
        return
    yield open_text(path, head, size, encoding or detect_encoding(path, head, tail))


def cell_rules(table: Table, mapping: Mapping, phone_region: str | None = None) -> CellRules:
    """How ``table``'s cells read under ``mapping``: its date columns' orders (from ALL their
    cells, one streaming pass: never a silent day/month swap), European amounts (a ``;`` file),
    the config's phone region. Raises ``BadCell`` naming a line where a column reads both ways."""
    from deskcrm.store.imports.cell_dates import date_orders

    orders = date_orders(table.rows(), mapping)
    return CellRules(european=table.european, phone_region=phone_region,
                     date_orders={mapping.columns[h]: o for h, o in orders.items()})
