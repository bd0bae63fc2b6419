"""``deskcrm db copy``: load first, then build the indexes and keys.

A PostgreSQL server keeps every secondary index row by row as ``COPY`` fills a table, and checks each
foreign key of the table's rows when its last row is in (measured at 1M: ~10 minutes after the
last of ``activity``'s 3.17M rows was sent). So, inside the copy's one transaction, before the
first row: the target's foreign keys, unique constraints and secondary indexes (not its primary
keys: the copy's read-back and the foreign keys use them) are read from the catalog
(``pg_get_constraintdef``, ``pg_indexes.indexdef``: the migrations' own definitions, not
written twice) and dropped; once every row is in, each index is built in one sort, each unique
constraint added, and each foreign key added ``NOT VALID`` and then validated — one pass over the
table each (an index the server would read back in other words stays through the load:
``_faithful``). A failure anywhere rolls it all back: the target keeps the indexes and keys it had.

A file target does the same with its secondary indexes (``sqlite_master``'s own text): measured at
100k, its eleven biggest tables take 4.5 s of CPU loaded then indexed against 11 s indexed row by
row. Its foreign keys stay (SQLite checks each row's as it goes in, one primary-key lookup each, and
a table cannot drop one), and so does its search index (FTS5 indexes each row as it goes in).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from deskcrm.store import db
from deskcrm.store.errors import StoreError

# the steps the progress display shows after the tables' rows (the last one is ``store.copy``'s read-back)
INDEXES, KEYS, VERIFY = "building indexes", "checking foreign keys", "verifying the copy"
MAINTENANCE_KB = 256 * 1024  # memory for each index build's sort (the server's own setting if larger)


@dataclass(frozen=True)
class Deferred:
    """One index or constraint set aside: ``kind`` "index", "unique" or "foreign key"; ``definition``
    as the catalog gives it (a ``CREATE INDEX`` statement, or a constraint's definition)."""

    kind: str
    table: str
    name: str
    definition: str

    @property
    def phase(self) -> str:
        return KEYS if self.kind == "foreign key" else INDEXES

    @property
    def step(self) -> str:
        """What the copy is doing while this is built, as its failure message says it."""
        if self.kind == "foreign key":
            return f"checking the foreign key {self.name} of {self.table}"
        return f"building the {'unique constraint' if self.kind == 'unique' else 'index'} {self.name} of {self.table}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_CONSTRAINTS = """
SELECT cl.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid
WHERE con.connamespace = current_schema()::regnamespace AND con.contype IN ('u', 'f') AND cl.relname = ANY(?)
ORDER BY cl.relname, con.conname"""

_INDEXES = """
SELECT i.tablename, i.indexname, i.indexdef
FROM pg_indexes i
JOIN pg_class ic ON ic.relname = i.indexname AND ic.relnamespace = current_schema()::regnamespace
JOIN pg_index x ON x.indexrelid = ic.oid
WHERE i.schemaname = current_schema() AND i.tablename = ANY(?) AND NOT x.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ic.oid AND c.conrelid = x.indrelid
                  AND c.contype IN ('p', 'u', 'x'))
ORDER BY i.tablename, i.indexname"""


def set_aside(conn: db.Connection, tables: Iterable[str]) -> list[Deferred]:
    """Inside the caller's transaction: drop the secondary indexes of ``tables`` (and on a server
    their foreign keys and unique constraints); what to build again once the rows are in
    (``build``), in that order."""
    names = list(tables)
    if db.engine(conn) != "postgresql":  # an index SQLite made for a UNIQUE has no text: it stays
        found = conn.execute("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                             f"AND tbl_name IN ({', '.join('?' * len(names))}) ORDER BY tbl_name, name",
                             names).fetchall()
        for _table, name, _sql in found:
            conn.execute(f"DROP INDEX {_q(name)}")
        return [Deferred("index", t, n, sql) for t, n, sql in found]
    constraints = conn.execute(_CONSTRAINTS, (names,)).fetchall()
    indexes = conn.execute(_INDEXES, (names,)).fetchall()
    keys = [Deferred("foreign key", t, n, d) for t, n, kind, d in constraints if kind == "f"]
    unique = [Deferred("unique", t, n, d) for t, n, kind, d in constraints if kind == "u"]
    plain = _faithful(conn, [Deferred("index", t, n, d) for t, n, d in indexes])
    _run(conn, [*(f"ALTER TABLE {_q(d.table)} DROP CONSTRAINT {_q(d.name)}" for d in (*keys, *unique)),
                *(f"DROP INDEX {_q(d.name)}" for d in plain)])  # the keys first: one may stand on a unique
    return [*plain, *unique, *keys]


def _faithful(conn: db.Connection, indexes: list[Deferred]) -> list[Deferred]:
    """The indexes that the server makes again exactly as they are from their ``indexdef``. Not
    all do: a migration's ``fee_status IN ('paid', 'credited')`` on a varchar column reads back
    with its array cast moved inside (the same rows, other words in the catalog). Tried on the
    still empty tables, in a savepoint undone after; the others stay in place through the load
    (two small partial indexes today)."""
    if not indexes:
        return []
    _run(conn, ["SAVEPOINT deskcrm_copy_probe", *(f"DROP INDEX {_q(d.name)}" for d in indexes),
                *(d.definition for d in indexes)])
    again = dict(conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                              "AND indexname = ANY(?)", ([d.name for d in indexes],)).fetchall())
    _run(conn, ["ROLLBACK TO SAVEPOINT deskcrm_copy_probe", "RELEASE SAVEPOINT deskcrm_copy_probe"])
    return [d for d in indexes if again.get(d.name) == d.definition]


def _run(conn: db.Connection, statements: list[str]) -> None:
    """``statements`` in one round trip, as the catalog wrote them (no parameters, so no
    placeholders: psycopg sends the text as it is)."""
    import psycopg

    from deskcrm.store import pg

    if not statements:
        return
    try:
        with conn.raw.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute(";\n".join(statements))
    except psycopg.Error as exc:
        raise pg.wrap(exc) from exc


def phases(later: list[Deferred]) -> list[tuple[str, list[Deferred]]]:
    """The indexes, then the foreign keys: each phase that has something to build."""
    found = [(phase, [d for d in later if d.phase == phase]) for phase in (INDEXES, KEYS)]
    return [(phase, items) for phase, items in found if items]


def prepare(conn: db.Connection) -> None:
    """Before the builds (same transaction): room for each index's sort in memory (a server's)."""
    if db.engine(conn) != "postgresql":
        return
    conn.execute("SELECT set_config('maintenance_work_mem', greatest(setting::bigint, ?)::text || 'kB', true) "
                 "FROM pg_settings WHERE name = 'maintenance_work_mem'", (MAINTENANCE_KB,))


def build(conn: db.Connection, item: Deferred) -> None:
    """Make ``item`` again: an index in one sort; a foreign key added without a check, then
    validated in one pass over its table (a row pointing at nothing: a ``StoreError`` naming the
    table and the key's value, from the server's report)."""
    if db.engine(conn) != "postgresql":
        conn.execute(item.definition)
        return
    import psycopg

    from deskcrm.store import pg

    table = _q(item.table)
    try:
        with conn.raw.cursor() as cur:  # type: ignore[attr-defined]
            if item.kind == "index":
                cur.execute(item.definition)
            elif item.kind == "unique":
                cur.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_q(item.name)} {item.definition}")
            else:
                cur.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_q(item.name)} {item.definition} NOT VALID")
                cur.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {_q(item.name)}")
    except psycopg.errors.ForeignKeyViolation as exc:
        detail = (exc.diag.message_detail or "").strip().splitlines()
        raise StoreError(f"a row of {item.table} refers to nothing"
                         + (f": {detail[0].rstrip('.')}" if detail else "")
                         + "; fix or remove it on the source, then copy again") from None
    except psycopg.Error as exc:
        raise pg.wrap(exc) from exc
