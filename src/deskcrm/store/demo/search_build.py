"""The demo's search index, built on the second core while the writer makes the secondary indexes
(issue 10, item 7).

Tokenising a million people (``person_fts``, with its prefix indexes) and merging the segments
cost the writer ~13–19 s of CPU, on top of the ~16 s of its ``CREATE INDEX`` statements, one
after the other while the other core sat idle. So the writer copies, as the rows come, the
columns the index is made of (``search_index._SELECT`` reads them: person, candidate_profile,
contact_role, company) into a *staging* file next to the demo — ``INSERT … SELECT``, no Python
per row. Once the rows are committed, a thread with a connection of its own builds the index
in the staging file with the very statements a rebuild runs (same words, same settings: FTS5
does the same on the same rows) while the writer makes its indexes; SQLite releases the GIL
while a statement runs, so the two really run at once. The writer then copies the index's
shadow tables (``person_fts_data``, ``_idx``, ``_docsize``, ``_content``, ``_config``) into the
demo, about a second of plain row copies, and deletes the staging file.

What the writer changes after the rows (``_Demo.finish``: company last contacts, next touches,
a candidate's status) is none of the index's words, so the staged rows are the final ones.

The staging file is private (DESIGN.md §6) and is deleted whatever happens; a stale one from a
build that was killed is replaced.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from deskcrm.store.errors import StoreError

_STAGE = "search_stage"  # the staging file's schema name on the writer's connection
_BUILD_HASH = 32 << 20  # FTS5 terms buffer of the build (one statement: fewer, bigger segments)
# What search_index._SELECT reads, and nothing else; typed as in the desk (an untyped
# ``contact_role.person_id`` compared with ``person.id`` could not use its index).
_TABLES = {
    "person": ("id INTEGER PRIMARY KEY", "name VARCHAR", "headline VARCHAR", "city VARCHAR", "country VARCHAR",
               "notes VARCHAR", "erased_at DATETIME"),
    "candidate_profile": ("person_id INTEGER PRIMARY KEY", "skills VARCHAR", "seniority VARCHAR",
                          "current_employer VARCHAR", "resume_text VARCHAR"),
    "contact_role": ("id INTEGER PRIMARY KEY", "person_id INTEGER", "company_id INTEGER", "left_at DATETIME"),
    "company": ("id INTEGER PRIMARY KEY", "name VARCHAR"),
}
_SHADOW = ("data", "idx", "docsize", "content", "config")  # person_fts_<name>: the index, whole


def _names(table: str) -> str:
    return ", ".join(col.split()[0] for col in _TABLES[table])


class SearchBuild:
    """Stage the rows (writer's transaction), build in a thread (after the commit), copy back."""

    def __init__(self, target: Path) -> None:
        self.path = target.with_name(f".{target.name}.search-build")
        self.staged = 0  # people (ids 1..staged) copied so far
        self._thread: threading.Thread | None = None
        self._builder: sqlite3.Connection | None = None
        self._failed: BaseException | None = None

    # ------------------------------------------------------------------ the writer's side

    def open(self, conn: sqlite3.Connection) -> None:
        """Create the staging file and attach it to the writer's connection (outside a transaction)."""
        self.discard()
        os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))  # private (§6)
        self._attach(conn)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -4096"):
            conn.execute(f"PRAGMA {_STAGE}.{pragma}")
        for table, cols in _TABLES.items():
            conn.execute(f"CREATE TABLE {_STAGE}.{table} ({', '.join(cols)})")
        conn.execute(f"CREATE INDEX {_STAGE}.ix_contact_role_person_id ON contact_role (person_id)")

    def stage(self, conn: sqlite3.Connection, last: int | None = None) -> None:
        """Copy the people with ids staged+1..``last`` (all the rest when None), in the writer's
        transaction; with ``last=None`` also the contacts' roles and companies."""
        where, args = "WHERE {key} > ?", [self.staged]
        if last is not None:
            where, args = where + " AND {key} <= ?", [self.staged, last]
        for table, key in (("person", "id"), ("candidate_profile", "person_id")):
            cols = _names(table)
            conn.execute(f"INSERT INTO {_STAGE}.{table} ({cols}) SELECT {cols} FROM main.{table} "
                         f"{where.format(key=key)}", args)
        if last is None:
            for table in ("contact_role", "company"):
                cols = _names(table)
                conn.execute(f"INSERT INTO {_STAGE}.{table} ({cols}) SELECT {cols} FROM main.{table}")
        self.staged = last if last is not None else self.staged

    def start(self, conn: sqlite3.Connection) -> None:
        """After the staged rows are committed: detach the file and build the index in it, in a thread."""
        conn.execute(f"DETACH DATABASE {_STAGE}")
        fts_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'person_fts'").fetchone()[0]
        self._thread = threading.Thread(target=self._build, args=(fts_sql,), name="demo-search-index", daemon=True)
        self._thread.start()

    def copy_into(self, conn: sqlite3.Connection) -> None:
        """Wait for the build, then put its index in the writer's (outside a transaction: it
        opens one of its own)."""
        from deskcrm.store import db

        self._thread.join()
        if self._failed is not None:
            raise StoreError(f"demo: building the search index failed ({self._failed})") from None
        self._attach(conn)
        try:
            with db.write(conn):
                for name in _SHADOW:
                    conn.execute(f"DELETE FROM main.person_fts_{name}")
                    conn.execute(f"INSERT INTO main.person_fts_{name} SELECT * FROM {_STAGE}.person_fts_{name}")
        finally:
            conn.execute(f"DETACH DATABASE {_STAGE}")
        self.discard()

    def stop(self) -> None:
        """On a failed build: interrupt the thread's statement and let it end."""
        if self._builder is not None:
            try:
                self._builder.interrupt()
            except sqlite3.ProgrammingError:  # it had finished
                pass
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.discard()

    def discard(self) -> None:
        for extra in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{extra}").unlink(missing_ok=True)

    def _attach(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"ATTACH DATABASE ? AS {_STAGE}", (str(self.path),))
        conn.execute(f"PRAGMA {_STAGE}.locking_mode = NORMAL")  # the writer's EXCLUSIVE is not for this file

    # ------------------------------------------------------------------ the thread

    def _build(self, fts_sql: str) -> None:
        from deskcrm.store.db import Connection
        from deskcrm.store.search_index import bulk_index_people, finish_bulk_index, start_bulk_index

        try:
            self._builder = c = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                                factory=Connection)
            try:
                for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16384",
                               "secure_delete = OFF"):
                    c.execute(f"PRAGMA {pragma}")
                c.execute("BEGIN")
                c.execute(fts_sql)
                start_bulk_index(c, _BUILD_HASH)
                bulk_index_people(c)
                finish_bulk_index(c)
                c.execute("COMMIT")
            finally:
                c.close()
        except BaseException as exc:  # noqa: BLE001 - told by copy_into, in the writer's thread
            self._failed = exc
