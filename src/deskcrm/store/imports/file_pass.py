"""The half of planning a people or contacts file that needs only the file: each row read
(``rows.read_person``) and matched against the file's EARLIER rows (the same email, LinkedIn or
phone, a close name at the same company). It never reads the desk, so on a big file it runs in a
second process, a few chunks ahead of the planner, which matches against the desk and writes in
this one (an import has the box's second core to itself while it writes).

    for chunk in reads(rows, "people", owners, rules, parallel=True):   # lists of Read, CHUNK rows
        ...

Rows go through in file order either way, and the second process (``pass_process``) gives
exactly what this one would (``tests/test_import_pass.py``). For a long file that second process
reads the file itself too (``file_read``: ``rows`` is then a ``FileRows`` it reads apart). The
file's keys are held in memory up to a bound, beyond it in a scratch file (``file_keys``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import NamedTuple

from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.file_keys import FileKeys
from deskcrm.store.imports.names import NameIndex, company_key, name_of, name_reason
from deskcrm.store.imports.rows import PersonIn, RowError, cell_of, read_person

CHUNK = 1000  # rows planned (and written) at a time
PARALLEL_ROWS = 20_000  # a file this long is read in a second process (starting one costs ~0.3 s)


class Read(NamedTuple):
    """One row as the file pass leaves it (a named tuple: one a row, sent between processes)."""

    line: int
    label: str  # the record as the file names it
    person: PersonIn | None  # None: ``error``
    error: tuple[str, str, str] | None  # (target, what to do, its text) of the cell the import cannot take
    same: str | None  # an earlier row's person: why, naming its line (None: no earlier row is)
    company_key: str | None  # the company the row names (``names.company_key``)


class FilePass:
    """Reads a file's rows chunk by chunk, in order, remembering each one not repeating an
    earlier one: its keys (``file_keys``) and its name by company (``NameIndex``)."""

    def __init__(self, kind: str, owners: dict[str, int], rules: CellRules) -> None:
        self.kind, self.owners, self.rules = kind, owners, rules
        self._file = FileKeys()
        self._names = NameIndex(once=False)  # company key -> the names of the file's rows: line

    def chunk(self, batch: list[MappedRow]) -> list[Read]:
        new = tuple.__new__
        return [new(Read, r) for r in self.plain(batch)]

    def plain(self, batch: list[MappedRow]) -> list[tuple]:
        """:meth:`chunk`'s reads as plain tuples (what the second process sends: no ``Read`` made)."""
        read: list[tuple[MappedRow, PersonIn | tuple[str, str], list[tuple[str, str, int]]]] = []
        kind, owners, rules = self.kind, self.owners, self.rules
        for row in batch:
            try:
                p = read_person(row, kind, owners, rules)
            except RowError as exc:  # kept as its text: the exception (its traceback) would make a
                read.append((row, (exc.target, exc.message, cell_of(row, exc.target)), []))  # cycle of garbage
                # (see pass_process); the cell's text, for the refusal to show it
                continue
            keys = []  # (what, value, its hash) of each key the row has
            if value := p.email_norm:
                keys.append(("email", value, hash(("email", value))))
            if value := p.linkedin_norm:
                keys.append(("LinkedIn", value, hash(("LinkedIn", value))))
            if value := p.phone_norm:
                keys.append(("phone", value, hash(("phone", value))))
            read.append((row, p, keys))
        earlier = self._file.lookup(h for _, _, keys in read for _, _, h in keys)
        out = []
        for row, p, keys in read:
            if type(p) is tuple:  # (target, what to do, the cell): the row's error
                out.append((row.line, label(row), None, p, None, None))
                continue
            key = company_key(p.company) if p.company else None
            out.append((row.line, p.name, p, None, self._same(row.line, p, key, keys, earlier), key))
        self._file.flush()
        return out

    def _same(self, line: int, p: PersonIn, key: str | None, keys: list[tuple[str, str, int]],
              earlier: dict[int, int]) -> str | None:
        """Why this row is an earlier row's person (None: it is not); remembers its keys."""
        for what, value, h in keys:
            first = (earlier.get(h) if earlier else None) or self._file.get(h)
            if first is not None:
                return f"same {what} {value} as line {first} ({self._file.label(first)})"
        name = name_of(p.name) if key is not None else None
        hit = self._names.best(key, name) if name is not None else None
        if hit is not None:
            first, score = hit
            return f"{name_reason(score, p.company)} as line {first} ({self._file.label(first)})"
        for _what, _value, h in keys:
            self._file.add(h, line)
        self._file.name(line, p.name)
        if name is not None:
            self._names.add(key, name, line)
        return None

    def close(self) -> None:
        self._file.close()


def label(row: MappedRow) -> str:
    """The record a row names, as a plan lists it (its name, else its title, else its email)."""
    v = row.values
    return (v.get("full_name") or " ".join(x for x in (v.get("first_name"), v.get("last_name")) if x)
            or v.get("name") or v.get("title") or v.get("person") or v.get("email") or v.get("person_email") or "")


def batches(rows: Iterable[MappedRow]) -> Iterator[list[MappedRow]]:
    """``rows`` in lists of CHUNK."""
    it = iter(rows)
    while batch := list(islice(it, CHUNK)):
        yield batch


def worth_a_process(total: int | None) -> bool:
    """Whether a file of ``total`` rows is read in a second process (a long one, on two cores)."""
    return total is not None and total >= PARALLEL_ROWS and (os.cpu_count() or 1) >= 2


def reads(rows: Iterable[MappedRow], kind: str, owners: dict[str, int], rules: CellRules, *,
          parallel: bool = False) -> Iterator[list[Read]]:
    """``rows`` through a :class:`FilePass`, a chunk at a time: here, or in a second process —
    the one reading the file already (``rows`` a ``file_read.FileRows`` read apart), or one
    sent the rows."""
    reader = getattr(rows, "apart", None)
    chunks = batches(rows)
    if parallel:
        from deskcrm.store.imports.pass_process import PassStopped, apart

        answered = False
        found = apart(chunks, kind, owners, rules) if reader is None else reader.reads(kind, owners, rules)
        try:
            for read in found:
                answered = True
                yield read
            return
        except PassStopped as exc:
            if answered or exc.unread is None:
                raise
            if reader is None:  # it never started (no Python to run?): read here instead
                chunks = chain(exc.unread, chunks)  # (a reader's: ``chunks`` untouched yet, the rows read here)
    here = FilePass(kind, owners, rules)
    try:
        for batch in chunks:
            yield here.chunk(batch)
    finally:
        here.close()
