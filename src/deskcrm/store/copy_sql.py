"""What ``deskcrm db copy`` does differently on each engine, in one place: which tables and
columns a desk has (and their kinds, for the checksum), a read snapshot, reading a table in
batches, writing one in bulk, and what a table needs after its rows are in.

| Concern | SQLite | PostgreSQL |
|---|---|---|
| tables, columns | ``sqlite_master``, ``PRAGMA table_info`` (FTS5's ``person_fts_*`` shadow tables skipped) | ``information_schema`` (the generated ``person_fts.doc`` skipped: the server makes it) |
| search index key | ``person_fts.rowid`` | ``person_fts.person_id`` (both called ``person_id`` here) |
| read snapshot | a deferred ``BEGIN`` (WAL: one snapshot for every table) | ``REPEATABLE READ READ ONLY``, a server-side cursor per table |
| bulk write | ``executemany`` of ``INSERT`` (FTS5 indexes each row as it goes in) | ``COPY … FROM STDIN`` |
| after the rows | nothing (``INTEGER PRIMARY KEY`` takes max + 1) | each ``id`` sequence set past the copied ids |
| after every table | FTS5 ``optimize``, ``ANALYZE`` | ``ANALYZE`` |
| after the commit | nothing | ``VACUUM`` (the visibility map: index-only scans) |

The connection is chosen by ``db.engine(conn)``; psycopg is imported only on the PostgreSQL side.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from deskcrm.store import db
from deskcrm.store.copy_check import BOOL, DATE, FLOAT, INT, STAMP, TEXT

SEARCH_TABLE = "person_fts"
PREFIX_TABLE = "person_prefix"  # PostgreSQL: the search index's postings (0024), kept by its triggers: not copied


@dataclass(frozen=True)
class Column:
    """One column as the copy sees it: ``name`` (the same on both engines), ``expr`` (how this
    engine names it in SQL) and ``kind`` (for the checksum)."""

    name: str
    expr: str
    kind: str


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_pg(conn: db.Connection) -> bool:
    return db.engine(conn) == "postgresql"


# --- the schema -----------------------------------------------------------------------------


def tables(conn: db.Connection) -> set[str]:
    """The desk's own tables (not ``alembic_version``, not an engine's internal ones)."""
    if _is_pg(conn):
        rows = conn.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()")
    else:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    names = {r[0] for r in rows.fetchall()}
    own = ("alembic_version", PREFIX_TABLE)
    return {n for n in names if n not in own and not n.startswith(("sqlite_", SEARCH_TABLE + "_"))}


def _sqlite_kind(declared: str) -> str:
    t = (declared or "").upper()
    if t == "BOOLEAN":
        return BOOL
    if t.startswith("DATETIME") or t.startswith("TIMESTAMP"):
        return STAMP
    if t == "DATE":
        return DATE
    if "INT" in t:
        return INT
    if t in ("FLOAT", "REAL", "DOUBLE", "DOUBLE PRECISION", "NUMERIC"):
        return FLOAT
    return TEXT


_PG_KINDS = {"integer": INT, "bigint": INT, "smallint": INT, "double precision": FLOAT, "real": FLOAT,
             "numeric": FLOAT, "boolean": BOOL, "date": DATE, "timestamp with time zone": STAMP,
             "timestamp without time zone": STAMP}


def columns(conn: db.Connection, table: str) -> list[Column]:
    """The columns the copy carries for ``table``, in the engine's order."""
    if _is_pg(conn):
        rows = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,)).fetchall()
        return [Column(name, _q(name), _PG_KINDS.get(kind, TEXT)) for name, kind in rows]
    rows = conn.execute(f"PRAGMA table_info({_q(table)})").fetchall()
    found = [Column(r[1], _q(r[1]), _sqlite_kind(r[2])) for r in rows]
    if table == SEARCH_TABLE:  # FTS5: the person's id is the rowid
        found.insert(0, Column("person_id", "rowid", INT))
    return found


def has_rows(conn: db.Connection, table: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {_q(table)} LIMIT 1").fetchone() is not None


def count(conn: db.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0]


# --- reading --------------------------------------------------------------------------------


def begin_snapshot(conn: db.Connection) -> None:
    """One consistent view of every table for the reads that follow (ended by ROLLBACK)."""
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if _is_pg(conn) else "BEGIN")


def rows(conn: db.Connection, table: str, cols: list[Column], batch: int) -> Iterator[list[tuple]]:
    """``table``'s rows in batches of ``batch``, each row's values in ``cols``' order."""
    sql = f"SELECT {', '.join(c.expr for c in cols)} FROM {_q(table)}"
    if not _is_pg(conn):
        cur = conn.execute(sql)
        while found := cur.fetchmany(batch):
            yield found
        return
    import psycopg

    from deskcrm.store import pg

    try:
        with conn.raw.cursor(name=f"deskcrm_copy_{table}") as cur:  # type: ignore[attr-defined]
            cur.itersize = batch
            cur.execute(sql)
            while found := cur.fetchmany(batch):
                yield found
    except psycopg.Error as exc:
        raise pg.wrap(exc) from exc


def as_indexed(src: db.Connection, dst: db.Connection, cols: list[Column],
               batches: Iterable[list[tuple]]) -> Iterator[list[tuple]]:
    """The search index's rows as ``dst`` holds them: a file's index keeps each column's text as
    saved (FTS5 folds it when it tokenises), a server's holds it folded (``search_sql.index_text``:
    what its ``skill:``/``city:`` tests and ``to_tsvector('simple')`` expect). So rows going from a
    file to a server are folded on the way; any other way they are the same rows (folding folded
    text changes nothing, and FTS5 reads folded text as it reads the original)."""
    if not _is_pg(dst) or _is_pg(src):
        yield from batches
        return
    from deskcrm.store.search_sql import index_text

    keep = [c.name == "person_id" for c in cols]
    for batch in batches:
        yield [tuple(v if k else index_text(v) for k, v in zip(keep, row)) for row in batch]


# --- writing --------------------------------------------------------------------------------


def write(conn: db.Connection, table: str, cols: list[Column], batches: Iterable[list[tuple]]) -> None:
    """Put every row of ``batches`` into ``table`` (inside the caller's transaction)."""
    names = ", ".join(c.expr for c in cols)
    if not _is_pg(conn):
        sql = f"INSERT INTO {_q(table)} ({names}) VALUES ({', '.join('?' * len(cols))})"
        for batch in batches:
            conn.executemany(sql, batch)
        return
    import psycopg

    from deskcrm.store import pg

    try:
        with conn.raw.cursor() as cur:  # type: ignore[attr-defined]
            with cur.copy(f"COPY {_q(table)} ({names}) FROM STDIN") as copy:
                for batch in batches:
                    for row in batch:
                        try:
                            copy.write_row(row)  # text format: the server reads 1/0 into a boolean, ISO dates
                        except psycopg.DataError as exc:  # refused before it left: a NUL in a text, say
                            if exc.sqlstate is not None:
                                raise
                            raise pg.ServerError(f"{str(exc).strip() or type(exc).__name__} (the row with "
                                                 f"{cols[0].name} {row[0]!r})", "22021") from exc
    except psycopg.Error as exc:
        raise pg.wrap(exc) from exc


def after_rows(conn: db.Connection, table: str, cols: list[Column]) -> None:
    """PostgreSQL: the table's ``id`` sequence continues after the highest id copied."""
    if not _is_pg(conn) or not any(c.name == "id" for c in cols):
        return
    conn.execute(f"SELECT setval(pg_get_serial_sequence(?, 'id'), coalesce(max(id), 0) + 1, false) "
                 f"FROM {_q(table)}", (table,))


def after_all(conn: db.Connection) -> None:
    """Once every row is in (same transaction): fresh planner statistics for the whole desk — a
    desk made by the migrations has them for empty tables only, and a file's hot queries are
    planned by them; on a file, the search index merged into one segment as
    ``search_index.rebuild_person_index`` leaves it (the fastest to query)."""
    if not _is_pg(conn):
        conn.execute(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('optimize')")
    else:  # the index's words, for typo correction (not copied: ``person_fts_*`` tables are the engine's)
        from deskcrm.store.search_sql import pg_count_words

        conn.execute("DELETE FROM person_fts_words")
        pg_count_words(conn)
    conn.execute("ANALYZE")


def after_commit(conn: db.Connection) -> None:
    """Once the copy is committed, on a server: ``VACUUM``, so that the visibility map marks the
    new pages all-visible — until then (autovacuum, later) every index-only scan also reads the
    table, and a quarter's activity report reads ~200 index ranges (58 → 18 ms at 100k). Not
    part of the copy: a failure here leaves the copy as it landed (autovacuum does it later)."""
    if not _is_pg(conn):
        return
    try:
        conn.execute("VACUUM")
    except db.DRIVER_ERRORS:
        pass


def drop_desk(url: str, names: Iterable[str]) -> None:
    """Take a desk this copy created on a server away again (its tables and ``alembic_version``),
    on a connection of its own: the copy's may be broken by what made it fail. The ``pg_trgm``
    extension stays, as ``dialect.drop_person_search`` leaves it."""
    conn = db.connect(url)
    try:
        with db.write(conn):
            # + the index's words (0014) and its postings (0024), and their triggers' functions
            for name in [*names, SEARCH_TABLE + "_words", PREFIX_TABLE, "alembic_version"]:
                conn.execute(f"DROP TABLE IF EXISTS {_q(name)} CASCADE")
            conn.execute("DROP FUNCTION IF EXISTS person_fts_words_forget()")
            conn.execute("DROP FUNCTION IF EXISTS person_prefix_keep()")
    finally:
        conn.close()
