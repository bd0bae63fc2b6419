"""How ``deskcrm db copy`` proves a copy: a row count and a checksum per table, computed the
same way on both engines.

Each value is normalised to what the store reads (``store.pg`` already reads a PostgreSQL
DATE / TIMESTAMPTZ / BOOLEAN in the desk file's formats): a date as ``YYYY-MM-DD``, a
timestamp as UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, a boolean as 0/1, a float by its exact
``repr``, NULL as NULL, and each value is tagged with its kind so that ``1`` and ``'1'`` differ.
The checksum of a table is the sum (mod 2**128) of one digest per row: independent of the
order the rows come in, so neither engine's collation nor its scan order matters, and a row
that differs in one value, is missing or is there twice changes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

INT, FLOAT, BOOL, DATE, STAMP, TEXT = "int", "float", "bool", "date", "stamp", "text"
_MOD = 1 << 128
_FIELD, _ROW = "\x1f", "\x1e"


def _stamp(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return "?" + value  # not a timestamp at all: compared as written
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def normalised(kind: str, value: Any) -> str:
    """``value`` of a column of ``kind`` as the one text both engines' reads agree on."""
    if value is None:
        return "\x00"
    if isinstance(value, bytes):
        return "b" + value.hex()
    if kind == BOOL and isinstance(value, (bool, int)):
        return "i1" if value else "i0"
    if kind == FLOAT and isinstance(value, (int, float)) and not isinstance(value, bool):
        return "f" + repr(float(value))
    if kind == STAMP and isinstance(value, str):
        return "s" + _stamp(value)
    if isinstance(value, float):
        return "f" + repr(value)
    if isinstance(value, int):
        return "i" + str(value)
    return "s" + str(value)


@dataclass
class TableSum:
    """The running count and checksum of one table's rows."""

    kinds: Sequence[str]
    rows: int = 0
    total: int = 0

    def add(self, batch: Iterable[Sequence[Any]]) -> None:
        kinds = self.kinds
        total = self.total
        count = 0
        for row in batch:
            text = _FIELD.join(normalised(k, v) for k, v in zip(kinds, row)) + _ROW
            digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            total += int.from_bytes(digest, "big")
            count += 1
        self.total = total % _MOD
        self.rows += count

    @property
    def hexdigest(self) -> str:
        return f"{self.total:032x}"


def first_difference(names: Sequence[str], kinds: Sequence[str], theirs: Iterable[Iterable[Sequence[Any]]],
                     ours: Iterable[Iterable[Sequence[Any]]]) -> str | None:
    """Where two batched row sets of one table first differ, keyed by their first column (each
    table's primary key comes first): "id 17: start_date '2026-11-18 00:00:00' became
    '2026-11-18'", or a row only one side has. Only run once a checksum differs (it holds the
    table's rows in memory)."""
    def keyed(batches: Iterable[Iterable[Sequence[Any]]]) -> dict[str, tuple]:
        return {normalised(kinds[0], row[0]): tuple(row) for batch in batches for row in batch}

    a, b = keyed(theirs), keyed(ours)
    for key in sorted(a.keys() | b.keys(), key=lambda k: (len(k), k)):  # ids in numeric order
        left, right = a.get(key), b.get(key)
        shown_key = f"{names[0]} {_short((left or right)[0])}"
        if right is None:
            return f"{shown_key}: not written"
        if left is None:
            return f"{shown_key}: written, but not in the source"
        for name, kind, x, y in zip(names, kinds, left, right):
            if normalised(kind, x) != normalised(kind, y):
                return f"{shown_key}: {name} {_short(x)} became {_short(y)}"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
