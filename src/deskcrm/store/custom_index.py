"""The custom-field filter index (table ``custom_value``, migration 0018): derived from
``person.custom``, rewritten for a person whenever their search index row is
(``store.search_index.index_people`` calls :func:`refresh_people`, inside the same transaction;
bulk loads call :func:`rebuild`).

One row per atom of a filterable value (``domain.custom_fields.atoms``): a word (a choice,
"yes"/"no", a text's words) or a number (number, money amount, a date's day number). Erased
people have none. Archived fields keep their rows (the data is kept; filters skip them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from deskcrm.domain.custom_fields import PERSON_ENTITIES, FieldDef, atoms
from deskcrm.store.db import Connection

_CHUNK = 500
_INSERT = "INSERT INTO custom_value (field_id, person_id, word, num) VALUES (?, ?, ?, ?)"


def _fields(conn: Connection) -> dict[str, FieldDef]:
    from deskcrm.store.custom_fields import list_fields

    return {f.key: f for f in list_fields(conn, PERSON_ENTITIES)}


def _rows(fields: dict[str, FieldDef], person_id: int, custom: str | None) -> list[tuple]:
    try:
        values = json.loads(custom or "{}")
    except ValueError:
        return []
    if not isinstance(values, dict):
        return []
    out: list[tuple] = []
    for key, value in values.items():
        field = fields.get(key)
        if field is not None:
            out += [(field.id, person_id, word, num) for word, num in atoms(field, value)]
    return out


def refresh_people(conn: Connection, person_ids: Iterable[int]) -> None:
    """Rewrite the rows of these people from their ``custom`` (none when erased or deleted)."""
    ids = sorted({int(i) for i in person_ids})
    if not ids or conn.execute("SELECT 1 FROM custom_field LIMIT 1").fetchone() is None:
        return
    fields = _fields(conn)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM custom_value WHERE person_id IN ({marks})", chunk)
        rows: list[tuple] = []
        for pid, custom in conn.execute(
                f"SELECT id, custom FROM person WHERE id IN ({marks}) AND erased_at IS NULL AND custom <> '{{}}'",
                chunk):
            rows += _rows(fields, pid, custom)
        if rows:
            conn.executemany(_INSERT, rows)


def rebuild(conn: Connection) -> int:
    """Empty ``custom_value`` and fill it from every person's ``custom`` (bulk loads). Rows written."""
    conn.execute("DELETE FROM custom_value")
    if conn.execute("SELECT 1 FROM custom_field LIMIT 1").fetchone() is None:
        return 0
    fields = _fields(conn)
    written = 0
    rows: list[tuple] = []
    for pid, custom in conn.execute(
            "SELECT id, custom FROM person WHERE erased_at IS NULL AND custom <> '{}' ORDER BY id").fetchall():
        rows += _rows(fields, pid, custom)
        if len(rows) >= 5000:
            conn.executemany(_INSERT, rows)
            written, rows = written + len(rows), []
    if rows:
        conn.executemany(_INSERT, rows)
    return written + len(rows)


def refresh_range(conn: Connection, first: int | None = None, last: int | None = None) -> None:
    """Rows for the people with ids in ``first``..``last`` who hold custom values (a bulk index's range)."""
    if conn.execute("SELECT 1 FROM custom_field LIMIT 1").fetchone() is None:
        return
    where = "".join(f" AND id {op} ?" for op, v in ((">=", first), ("<=", last)) if v is not None)
    args = tuple(v for v in (first, last) if v is not None)
    ids = [r[0] for r in conn.execute(f"SELECT id FROM person WHERE custom <> '{{}}'{where}", args)]
    refresh_people(conn, ids)
