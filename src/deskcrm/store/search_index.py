"""The person search index (FTS5 table ``person_fts``, created by migration 0001): how it is
written and tuned. Merging it, outside users' writes, is ``store.search_merge``.

One index row per person, ``rowid = person.id``, with the columns

    name · headline (+ the seniority's word) · skills (space-joined) · employer · location · notes · resume

where *employer* is the candidate's current employer or else the company of the person's
current contact role, and *location* is "city country". Bulk loads (demo, CSV import) insert
rows first and call :func:`rebuild_person_index` once; single writes call :func:`index_people`
inside their own transaction. Erased people are never indexed (DESIGN.md §6).

No user write waits for a merge (issue 10). FTS5 keeps its index as segments: each write
transaction adds a small one, and merging them is what keeps queries fast. By default FTS5
merges inside the writer's transaction (``automerge``), and once 16 segments pile up on the
lowest level (``crisismerge``) it merges all of them at once — with the one big segment a bulk
build leaves, that was 1 s at 100k people and 12 s at 1M, inside someone's save. So:

- :data:`SETTINGS` switch merging in writes off and raise the crisis limit (a backstop for a
  desk that is never idle); migration 0008 and every rebuild apply them;
- a re-index is ONE statement (``INSERT OR REPLACE``): a second FTS5 statement in the same
  transaction opens a savepoint, which flushes the first one's rows as a segment of their own
  — two segments per save instead of one;
- a write that changes none of a person's indexed words does not re-index them
  (:func:`people_to_reindex`).

The caller owns the transaction. On PostgreSQL ``person_fts`` is a plain table whose rows are
written folded (``store.search_sql``: ``pg_index_people``, ``pg_bulk_index``) and whose GIN index
autovacuum keeps merged: the FTS5 settings and segments here are SQLite's alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from deskcrm.domain.search_query import SENIORITY_MARK, SPELLED_CASES, spelled
from deskcrm.store import db, search_sql
from deskcrm.store.db import Connection


_COLUMNS = "rowid, name, headline, skills, employer, location, notes, resume"

# The headline column ends with the candidate's seniority as one word (``0senioritysenior``:
# ``domain.search_query.seniority_word``), so that "senior nurse" is two MATCH terms; the
# headline, skills, notes and CV text hold "c#", "c++", "f#", ".net" spelled in letters
# ("csharp": ``domain.search_query.spelled``, the same literal replacements in SQL).


def _spelled(expr: str) -> str:
    for variant, word in SPELLED_CASES:
        expr = f"replace({expr}, '{variant}', '{word}')"
    return expr


_SENIORITY = ("COALESCE(' " + SENIORITY_MARK + "' || lower(replace(replace(replace("
              "NULLIF(cp.seniority, ''), ' ', ''), '-', ''), '_', '')), '')")
_SELECT = f"""
SELECT p.id, p.name,
       NULLIF(TRIM(COALESCE({_spelled('p.headline')}, '') || {_SENIORITY}), ''),
       CASE WHEN cp.skills IS NULL OR cp.skills = '[]' THEN NULL
            ELSE (SELECT {_spelled("group_concat(j.value, ' ')")} FROM json_each(cp.skills) AS j) END,
       COALESCE(cp.current_employer,
                (SELECT c.name FROM contact_role AS r JOIN company AS c ON c.id = r.company_id
                  WHERE r.person_id = p.id AND r.left_at IS NULL
                  ORDER BY r.id DESC LIMIT 1)),
       NULLIF(TRIM(COALESCE(p.city, '') || ' ' || COALESCE(p.country, '')), ''),
       {_spelled('p.notes')}, {_spelled('cp.resume_text')}
FROM person AS p LEFT JOIN candidate_profile AS cp ON cp.person_id = p.id
WHERE p.erased_at IS NULL
"""

# What each index row is made of (see _SELECT): table -> (the column naming the person, the
# columns read). A change to none of them leaves the person's index row as it is.
SOURCES = {
    "person": ("id", ("name", "headline", "city", "country", "notes", "erased_at", "custom")),
    "candidate_profile": ("person_id", ("skills", "seniority", "current_employer", "resume_text")),
    "contact_role": ("person_id", ("person_id", "company_id", "left_at")),
}

# The FTS5 settings every database carries (stored in ``person_fts_config``).
AUTOMERGE = 0  # merging inside a writer's transaction: never (FTS5's default: 4)
CRISISMERGE = 64  # a write merges the lowest level only when this many segments wait there (default 16)
USERMERGE = 4  # a merge step merges a level once it holds this many segments (FTS5's default)
SETTINGS = {"automerge": AUTOMERGE, "crisismerge": CRISISMERGE, "usermerge": USERMERGE}
_FTS5_DEFAULTS = {"automerge": 4, "crisismerge": 16, "usermerge": 4, "hashsize": 1024 * 1024}


def rebuild_person_index(conn: Connection) -> int:
    """Empty ``person_fts`` and fill it from ``person`` + ``candidate_profile``. Returns rows indexed.

    For a bulk build, FTS5's in-memory term buffer is enlarged; one ``optimize`` at the end
    leaves a single merged segment (fastest to query). That is ~25% faster than inserting with
    the defaults. The buffer goes back to FTS5's default afterwards, and :data:`SETTINGS` apply.
    """
    from deskcrm.store import custom_index

    custom_index.rebuild(conn)  # the custom-field filters' rows, from the same person rows
    if _on_server(conn):
        search_sql.pg_clear_index(conn)
        return search_sql.pg_bulk_index(conn)
    start_bulk_index(conn)
    indexed = bulk_index_people(conn)
    finish_bulk_index(conn)
    return indexed


def start_bulk_index(conn: Connection, hashsize: int | None = None) -> None:
    """Empty ``person_fts`` for a bulk build (:func:`bulk_index_people` by ascending ranges of
    ids, then :func:`finish_bulk_index`), inside the caller's transaction. ``hashsize``: bytes of
    terms held before a segment is written (default :data:`_BULK_HASHSIZE`)."""
    if _on_server(conn):
        search_sql.pg_clear_index(conn)
        return
    conn.execute("DELETE FROM person_fts")
    _config(conn, "automerge", 0)
    _config(conn, "crisismerge", _BULK_CRISISMERGE)  # each range is a segment: merged once, at the end
    _config(conn, "hashsize", hashsize or _BULK_HASHSIZE)


def bulk_index_people(conn: Connection, first: int | None = None, last: int | None = None) -> int:
    """Index the people with ids in ``first``..``last`` (all when None), none of them indexed
    yet; ranges in ascending order. ONE statement: one segment (or a few, :data:`_BULK_HASHSIZE`).
    Returns rows indexed."""
    where = "".join(f" AND p.id {op} ?" for op, v in ((">=", first), ("<=", last)) if v is not None)
    args = tuple(v for v in (first, last) if v is not None)
    if _on_server(conn):
        return search_sql.pg_bulk_index(conn, first, last)
    return conn.execute(f"INSERT INTO person_fts ({_COLUMNS}) {_SELECT}{where} ORDER BY p.id", args).rowcount


def finish_bulk_index(conn: Connection) -> None:
    """Merge the bulk build's segments into one and restore the settings every index carries."""
    if _on_server(conn):
        return
    conn.execute("INSERT INTO person_fts (person_fts) VALUES ('optimize')")
    _config(conn, "hashsize", _FTS5_DEFAULTS["hashsize"])
    tune(conn)


def tune(conn: Connection) -> None:
    """Store :data:`SETTINGS` in the index (inside the caller's transaction); SQLite's only."""
    if _on_server(conn):
        return
    for key, value in SETTINGS.items():
        _config(conn, key, value)


# Terms held in memory before FTS5 writes a segment: bigger is not faster (measured at 100k:
# 32 MB builds in 1.8 s and merges in 1.0 s, 256 MB in 2.3 s and 1.4 s) and costs its size in RSS.
_BULK_HASHSIZE = 32 * 1024 * 1024
_BULK_CRISISMERGE = 2000  # FTS5's most: a bulk build's segments wait for its one optimize


def _config(conn: Connection, key: str, value: int) -> None:
    conn.execute("INSERT INTO person_fts (person_fts, rank) VALUES (?, ?)", (key, value))


def index_people(conn: Connection, person_ids: Iterable[int]) -> None:
    """Re-index the given people (insert, update, or drop erased / deleted ones).

    One FTS5 statement per 500 people (see the module docstring); the DELETE runs only for
    people who are no longer indexable (erased or deleted). Their custom-field filter rows are
    rewritten too (``store.custom_index``).
    """
    from deskcrm.store import custom_index

    custom_index.refresh_people(conn, person_ids := list(person_ids))
    if _on_server(conn):
        search_sql.pg_index_people(conn, person_ids)
        return
    ids = sorted({int(i) for i in person_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        gone = [pid for (pid,) in conn.execute(
            f"SELECT f.rowid FROM person_fts AS f WHERE f.rowid IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM person AS p WHERE p.id = f.rowid AND p.erased_at IS NULL)", chunk)]
        conn.execute(f"INSERT OR REPLACE INTO person_fts ({_COLUMNS}) {_SELECT} AND p.id IN ({marks})", chunk)
        if gone:
            conn.execute(f"DELETE FROM person_fts WHERE rowid IN ({','.join('?' * len(gone))})", gone)


def new_person_row(pid: int, name: str, headline: str | None, skills: Iterable[str] | None, employer: str | None,
                   city: str | None, notes: str | None) -> tuple:
    """The index row :data:`_SELECT` makes of a person written just now with no country, no
    seniority and no CV, made from the values written (a bulk import indexes each chunk so, while
    the tables' indexes the query's joins need are down: ``imports.bulk_indexes``). ``skills``:
    the profile's list (None: no profile); ``employer``: the profile's current employer, else the
    company of their one role. ``tests/test_import_fts_rows.py`` holds it to the query's rows."""
    head = (spelled(headline) if headline is not None else "").strip(" ")
    words = spelled(" ".join(skills)) if skills else None
    place = ((city or "") + " ").strip(" ")
    return (pid, name, head or None, words, employer, place or None,
            spelled(notes) if notes is not None else None, None)


def insert_index_rows(conn: Connection, rows: list[tuple], *, no_notes: bool = False) -> None:
    """Add :func:`new_person_row` rows (of people not indexed yet) to ``person_fts``; SQLite's.
    One-row statements: FTS5 keeps them pending in memory with the transaction's earlier ones
    (a statement of several rows would flush them as a segment of their own). ``no_notes``:
    none of the rows has notes, and each holds its first six columns only (nothing bound for
    the notes and the CV, always NULL here: ~0.3 µs a row)."""
    if rows:
        values = "?, ?, ?, ?, ?, ?, NULL, NULL" if no_notes else "?, ?, ?, ?, ?, ?, ?, ?"
        conn.executemany(f"INSERT INTO person_fts ({_COLUMNS}) VALUES ({values})", rows)


def _on_server(conn: Connection) -> bool:
    return db.engine(conn) == "postgresql"


def people_to_reindex(table: str, before: dict | None, after: dict | None) -> set[int]:
    """Whose index row a change to one ``table`` row may have changed (``before`` / ``after``:
    the row's images, None when it was inserted / deleted). A candidate's status, a salary, a
    stage: nobody — the undo of a move to Placed writes nothing to the index."""
    if table not in SOURCES:
        return set()
    key, columns = SOURCES[table]
    if before is not None and after is not None and all(before.get(c) == after.get(c) for c in columns):
        return set()
    return {i for i in ((before or {}).get(key), (after or {}).get(key)) if i}


@dataclass(frozen=True, slots=True)
class IndexShape:
    """How the index is laid out: what a merge changes and what a query pays for."""

    segments: int
    settings: dict[str, int]  # automerge, crisismerge, usermerge as stored (FTS5's default when unset)


def index_shape(conn: Connection) -> IndexShape:
    segments = conn.execute("SELECT count(DISTINCT segid) FROM person_fts_idx").fetchone()[0]
    stored = dict(conn.execute("SELECT k, v FROM person_fts_config"))
    return IndexShape(segments, {k: int(stored.get(k, _FTS5_DEFAULTS[k])) for k in SETTINGS})
