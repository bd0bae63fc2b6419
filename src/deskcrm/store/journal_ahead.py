"""Journal images known before the write runs: a server move in two round trips, not three.

On PostgreSQL a move reads its rows locked (round trip 1), writes the card's ``UPDATE`` and its
activity's ``INSERT`` (2), then sends the journal's rows with ``NOTIFY`` and ``COMMIT`` (3): the
journal's after-images were the ``RETURNING *`` rows of trip 2. When the server cannot make a
row differ from what was sent — the table has no triggers, rules or generated columns, each
value written is one the server stores and reads back unchanged (``store.pg``'s formats), a
column left out of an insert has no default but NULL — those images are known here before
anything is sent: the row after an update is the locked row with the changes (the version moved
on by the caller), the new row is its values, its key taken from the table's sequence in trip
1 (:func:`reserve`). The update, the insert, their journal rows, ``NOTIFY`` and ``COMMIT`` then
travel together (``journal.update_and_insert``), nothing read back: the card's row is held locked
by this transaction since it was read (its version checked then), so its update finds it; a
statement that fails there aborts the whole transaction, as before. Where an image cannot be known so, the write is sent as it was (a round
trip more), never guessed. SQLite: nothing changes (a round trip costs nothing there).

A table's shape (its columns, their types and defaults) is read from the server's catalog once
per connection, the first time a move asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Sequence
from weakref import WeakKeyDictionary

from deskcrm.store.db import Connection, engine

_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")  # store.values.ts, as store.pg reads it back
_DAY = re.compile(r"\d{4}-\d\d-\d\d")  # store.values.ds
_SERIAL = re.compile(r"nextval\('([\w.\"]+)'::regclass\)")  # a serial key's default
_TEXT = ("text", "character varying")  # not ``character(n)``: the server pads it
_INTS = ("integer", "bigint", "smallint")
_STAMPS = ("timestamp with time zone", "timestamp without time zone")

_CATALOG = """SELECT a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid),
       a.attgenerated <> '' OR a.attidentity <> '',
       c.relhasrules OR EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.oid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"""


@dataclass(frozen=True)
class Shape:
    """A table whose rows can be known ahead: its columns in order (name → type, has a default)."""

    columns: dict[str, tuple[str, bool]]
    sequence: str | None  # its ``id`` column's sequence (``reserve``), if it has one


_SHAPES: WeakKeyDictionary[Any, dict[str, Shape | None]] = WeakKeyDictionary()


def shape(conn: Connection, table: str) -> Shape | None:
    """``table``'s shape on the server of ``conn``; None when its rows cannot be known ahead
    (a trigger, a rule, a generated column) or on SQLite."""
    if engine(conn) != "postgresql":
        return None
    known = _SHAPES.setdefault(conn, {})
    if table not in known:
        found = conn.execute(_CATALOG, (f'"{table}"',)).fetchall()
        plain = bool(found) and not any(r[3] or r[4] for r in found)
        serial = next((_SERIAL.fullmatch(r[2] or "") for r in found if r[0] == "id"), None)
        known[table] = Shape({r[0]: (r[1], r[2] is not None) for r in found},
                             serial.group(1) if serial else None) if plain else None
    return known[table]


def reserve(conn: Connection, table: str) -> list[tuple[str, tuple]]:
    """The statement that takes the next key of ``table`` from its sequence, to read with the
    move's locked rows (``move_base.fetch_each``; the key: :func:`key`); none on SQLite or
    when the table's new rows cannot be known ahead."""
    found = shape(conn, table)
    if found is None or found.sequence is None:
        return []
    return [(f"SELECT nextval('{found.sequence}')", ())]


def key(cursors: Sequence[Any]) -> int | None:
    """The key :func:`reserve`'s statement took (its cursor, read), or None when there was none."""
    return cursors[0].fetchone()[0] if cursors else None


def updated(conn: Connection, table: str, before: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any] | None:
    """The row ``before`` (as read, locked) after ``changes`` (as written), as the server will
    hold and return it; None when that cannot be known ahead."""
    found = shape(conn, table)
    if found is None or list(before) != list(found.columns):
        return None
    if not all(_kept(found.columns.get(c), v) for c, v in changes.items()):
        return None
    return {c: changes[c] if c in changes else v for c, v in before.items()}


def inserted(conn: Connection, table: str, values: dict[str, Any]) -> dict[str, Any] | None:
    """The row an ``INSERT`` of ``values`` (as written, its key among them) makes, as the server
    returns it; None when that cannot be known ahead (a column left out has a default)."""
    found = shape(conn, table)
    if found is None or any(c not in found.columns for c in values):
        return None
    row = {}
    for column, (kind, default) in found.columns.items():
        if column in values:
            if not _kept((kind, default), values[column]):
                return None
            row[column] = values[column]
        elif default:
            return None
        else:
            row[column] = None
    return row


def _kept(column: tuple[str, bool] | None, value: Any) -> bool:
    """Whether the server stores ``value`` in a column of this type and reads it back as it is."""
    if column is None:
        return False
    if value is None:
        return True
    kind = column[0]
    if type(value) is int:
        return kind in _INTS
    if type(value) is not str:
        return False
    if kind in _STAMPS:
        return _STAMP.fullmatch(value) is not None
    if kind == "date":
        return _DAY.fullmatch(value) is not None
    return kind in _TEXT or kind.startswith("character varying(")
