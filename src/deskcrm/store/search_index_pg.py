"""The person search index on PostgreSQL: a plain ``person_fts`` table (``person_id`` and the
seven text columns; the ``doc tsvector`` is generated from them, GIN-indexed), written from the
same rows as the FTS5 index (``store.search_index``). No merge settings: autovacuum keeps a
GIN index merged.

A minimal writer so that the store's writes run on a server desk; the search itself (and its
tuning) is ``store.search``'s concern.
"""

from __future__ import annotations

from deskcrm.store.db import Connection

_COLUMNS = "person_id, name, headline, skills, employer, location, notes, resume"

_SELECT = """
SELECT p.id, p.name, p.headline,
       CASE WHEN cp.skills IS NULL OR cp.skills = '[]' THEN NULL
            ELSE (SELECT string_agg(j.value, ' ') FROM json_array_elements_text(cp.skills::json) AS j(value)) END,
       COALESCE(cp.current_employer,
                (SELECT c.name FROM contact_role AS r JOIN company AS c ON c.id = r.company_id
                  WHERE r.person_id = p.id AND r.left_at IS NULL
                  ORDER BY r.id DESC LIMIT 1)),
       NULLIF(TRIM(COALESCE(p.city, '') || ' ' || COALESCE(p.country, '')), ''),
       p.notes, cp.resume_text
FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id
WHERE p.erased_at IS NULL
"""

_UPSERT = " ON CONFLICT (person_id) DO UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in ("name", "headline", "skills", "employer", "location", "notes", "resume"))


def rebuild(conn: Connection) -> int:
    """Empty the index and fill it from every indexable person (inside the caller's transaction)."""
    conn.execute("DELETE FROM person_fts")
    return conn.execute(f"INSERT INTO person_fts ({_COLUMNS}) {_SELECT}").rowcount


def index_people(conn: Connection, ids: list[int]) -> None:
    """Re-index ``ids`` (sorted, at most a few hundred): upsert the indexable, drop the rest."""
    marks = ",".join("?" * len(ids))
    conn.execute(f"DELETE FROM person_fts WHERE person_id IN ({marks}) AND NOT EXISTS "
                 "(SELECT 1 FROM person AS p WHERE p.id = person_id AND p.erased_at IS NULL)", ids)
    conn.execute(f"INSERT INTO person_fts ({_COLUMNS}) {_SELECT} AND p.id IN ({marks}){_UPSERT}", ids)
