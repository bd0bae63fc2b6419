"""Every column that points at a person is indexed (0023): a person's delete — an import's undo,
a merge — checks the foreign keys into ``person`` by index, not by reading ``contact_role`` and
``job_order`` whole (the undo of a 30,000-person import on a 100k desk: 25.5 s before, 1.3 s after)."""

from __future__ import annotations

from deskcrm.store import db
from deskcrm.store.migrate import ensure_current


def _indexed_columns(conn, table: str, server: bool) -> set[str]:
    if server:
        rows = conn.execute("SELECT a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
                            " WHERE t.relname = ?", (table,)).fetchall()
        return {r[0] for r in rows}
    names = [r[1] for r in conn.execute(f"PRAGMA index_list({table})").fetchall()]
    return {conn.execute(f"PRAGMA index_info({n})").fetchone()[2] for n in names}


def test_every_reference_to_a_person_leads_an_index(desk_path):
    ensure_current(desk_path)
    conn = db.connect(desk_path)
    try:
        for table, column in (("contact_role", "reports_to_id"), ("job_order", "hiring_manager_id"),
                              ("contact_role", "person_id"), ("submission", "person_id")):
            assert column in _indexed_columns(conn, table, db.is_server(desk_path)), f"{table}.{column}"
    finally:
        conn.close()
