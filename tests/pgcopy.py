"""Copy a SQLite desk's rows into a PostgreSQL desk, for tests that need the same data on both
engines (the SQLite demo build is the quick way to make thousands of realistic people). Plain
INSERTs, table by table in foreign-key order; small and test-only (``deskcrm db copy`` is the
product's copier)."""

from __future__ import annotations

SEARCH_TABLES = ("recruiter", "company", "person", "candidate_profile", "contact_role")  # FK order


def copy_rows(source, url: str, tables: tuple[str, ...] = SEARCH_TABLES) -> None:
    """Rows of ``tables`` from the open SQLite desk ``source`` into the migrated, empty desk at
    ``url``; each table's id sequence set past its rows; the search index rebuilt."""
    import psycopg

    from deskcrm.store import db
    from deskcrm.store.search_index import rebuild_person_index

    with psycopg.connect(url) as pg:
        for table in tables:
            types = dict(pg.execute("SELECT column_name, data_type FROM information_schema.columns"
                                    " WHERE table_name = %s ORDER BY ordinal_position", (table,)).fetchall())
            have = {r[1] for r in source.execute(f"PRAGMA table_info({table})")}
            cols = [c for c in types if c in have]
            flags = [i for i, c in enumerate(cols) if types[c] == "boolean"]
            rows = [list(r) for r in source.execute(f"SELECT {', '.join(cols)} FROM {table}")]
            for r in rows:
                for i in flags:
                    r[i] = None if r[i] is None else bool(r[i])
            with pg.cursor() as cur:
                cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})",
                                rows)
                if "id" in cols:
                    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1))"
                                f" FROM {table}")
    conn = db.connect(url)
    try:
        with db.write(conn):
            rebuild_person_index(conn)
    finally:
        conn.close()
