"""A file's rows as an import takes them: the whole file validated first (``check``: a malformed
file is refused, naming its line and column, before anything is written), its cells' rules
(``cell_rules``: each date column's order from all its cells), then its mapped rows — for a long
file those in a second process (:class:`FileApart`, ``pass_process``), so that the import's own
process only receives each row's ``file_pass.Read``: it plans and writes while the other core reads.

    with open_table(path) as table, file_read(table, mapping, phone_region) as found:
        found.total, found.rules          # BadFile / BadCell raised here, as check and cell_rules raise them
        planner.chunks(found.rows)        # FileRows: here a new pass over the table; apart, the reads

A file of ``PARALLEL_BYTES`` or more on a box of two cores or more goes apart: the second process
is started first, and starts (Python, its modules, the file opened) while this one checks the file
— the time a core would otherwise wait; it reads rows only once the check is through. One that
cannot start leaves it all to this one (``file_pass.reads``). The second process ends with the
``with`` block, however it ends (killed when the import stopped early).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskcrm.store.imports import CellRules, Mapping, MappedRow
from deskcrm.store.imports.file_pass import Read
from deskcrm.store.imports.pass_process import Child, FileJob, PassStopped, Pickled
from deskcrm.store.imports.table import Table, check

PARALLEL_BYTES = 2_000_000  # ~20,000 rows of a generic export (``file_pass.PARALLEL_ROWS``)


class FileRows:
    """The mapped rows of an open table: iterating reads them here (a new pass each time);
    ``apart`` (a ``FileApart`` reading the file in a second process, or None) is what
    ``file_pass.reads`` takes instead when the pass is to run apart."""

    __slots__ = ("table", "mapping", "apart")

    def __init__(self, table: Table, mapping: Mapping, apart: Any = None) -> None:
        self.table, self.mapping, self.apart = table, mapping, apart

    def __iter__(self) -> Iterator[MappedRow]:
        return self.table.mapped_rows(self.mapping)


class FileApart:
    """A long file's rows read in a second process: every row read, decoded, mapped and passed
    (``FilePass``) there; here only the answers. At most ``AHEAD`` + 1 chunks ahead: each chunk
    taken sends a credit for one more.

        apart = FileApart(path, None, mapping)          # PassStopped([]): it could not start
        for chunk in apart.reads(kind, owners, rules):  # once the file is checked (here);
            ...                                         # PassStopped([]) at the first: it never answered
        apart.close()
    """

    def __init__(self, path: Path | str, encoding: str | None, mapping: Mapping) -> None:
        self._child = Child()
        self._child.send(Pickled(FileJob(str(path), encoding, mapping)))
        self._finished = False

    def reads(self, kind: str, owners: dict[str, int], rules: CellRules) -> Iterator[list[Read]]:
        child = self._child
        child.send(Pickled((kind, owners, rules)))
        while (found := child.receive()) is not None:
            child.send(1)  # a credit: one more chunk may come
            yield found
        self._finished = True

    def close(self) -> None:
        self._child.close(self._finished)


@dataclass(frozen=True)
class FileRead:
    total: int  # the rows ``check`` counted
    rules: CellRules
    rows: FileRows


def worth_apart(table: Table, kind: str) -> bool:
    """Whether ``table``'s file, of ``kind``, is long enough to be read in a second process (a
    people or contacts file: the other kinds are planned here, ``records``)."""
    if kind not in ("people", "contacts"):
        return False
    try:
        size = table.path.stat().st_size
    except OSError:
        return False
    return size >= PARALLEL_BYTES and (os.cpu_count() or 1) >= 2


@contextmanager
def file_read(table: Table, mapping: Mapping, phone_region: str | None = None, *, encoding: str | None = None,
              apart: bool | None = None) -> Iterator[FileRead]:
    """``table`` (opened with ``encoding``, None: detected) checked whole, its rules and its rows
    (see the module's doc). ``apart``: read in a second process (None: when the file is long)."""
    from deskcrm.store.imports.source import cell_rules

    reader = None
    try:
        if apart if apart is not None else worth_apart(table, mapping.kind):
            try:
                reader = FileApart(table.path, encoding, mapping)  # it starts while the file is checked here
            except PassStopped:  # it could not start: read here
                reader = None
        total = check(table)
        rules = cell_rules(table, mapping, phone_region)
        yield FileRead(total, rules, FileRows(table, mapping, reader))
    finally:
        if reader is not None:
            reader.close()
