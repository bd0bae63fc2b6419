"""``deskcrm db copy``: move a desk between a file and a PostgreSQL server (either way, or file
to file), verified.

- The source must be a desk at this deskcrm's schema: an older one is refused with what to run
  first (a copy never writes to its source); a newer one is refused as every command refuses it.
  Its rows are read in one snapshot (a colleague saving meanwhile changes neither the copy nor
  its checksums).
- The target must be new or empty: a new file (created and migrated here), a server database
  holding no desk (the desk is created at this schema), or a desk with no rows in it (as
  ``deskcrm init`` makes). One that holds data is refused in one line.
- Every table's rows go in foreign-key order, in batches, in ONE transaction on the target; the
  search index's rows are copied (``person_fts``: the person's id and its seven text columns;
  folded on the way from a file to a server, whose index holds folded text: ``copy_sql.as_indexed``),
  and each engine indexes them itself (FTS5 on insert; the generated ``tsvector`` on the
  server). ``alembic_version`` is the target's own migration's. On PostgreSQL each ``id``
  sequence is set past the copied ids. Then the planner's statistics are made afresh (and a
  file's search index merged), so the copy is as fast to query as its source.
- Load first, then build (``store.copy_build``): in that transaction, before the first row, the
  target's secondary indexes are dropped (on a server its foreign keys and unique constraints
  too); once the rows are in, each is made again from the catalog's own definition (a foreign
  key added ``NOT VALID``, then validated: one pass over its table), each phase a step of the
  progress display. A row pointing at nothing fails the copy there, naming its table.
- Before the commit, the target's rows are read back and each table's count and checksum
  (``store.copy_check``) compared with the source's: any difference rolls it all back.
- A failure (a refused row, a lost server, a difference, Ctrl-C) leaves the target as it was: the
  transaction rolls back; a desk this copy created is removed again (a new file is deleted, a
  server's new tables dropped).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deskcrm import dburl
from deskcrm.files import missing_folder_of
from deskcrm.store import copy_build, copy_sql, db, migrate
from deskcrm.store.copy_check import TableSum, first_difference
from deskcrm.store.errors import NotADatabase, StoreError
from deskcrm.store.schema import HEAD

# Foreign-key order: every table after the tables it refers to (tests/test_db_copy.py checks it
# against each engine's catalog, and that it names every table a desk at HEAD has).
TABLES = ("recruiter", "company", "person", "candidate_profile", "consent", "contact_role", "not_duplicate",
          "company_not_duplicate", "job_order", "user_stage", "submission", "placement", "activity", "event",
          "due_state", "attachment", "import_batch", "erasure", "consent_entry", "outbox", "mail_message", "pool",
          "pool_member", "custom_field", "custom_value", copy_sql.SEARCH_TABLE)
BATCH = 5000

Progress = Callable[[str, int, int], None]  # (table, rows done, rows in all), then (copy_build phase, done, all)


class CopyFailed(StoreError):
    """The copy did not land (the target is as it was); the message says why."""


@dataclass(frozen=True)
class Checked:
    table: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class Copied:
    source: str
    target: str
    tables: tuple[Checked, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def shown(target: str | os.PathLike[str]) -> str:
    """How a message names a desk: a file's path, a server's URL with its password hidden."""
    return dburl.shown(str(target)) if db.is_server(target) else str(target)


def copy_desk(source: str | os.PathLike[str], target: str | os.PathLike[str],
              progress: Progress | None = None) -> Copied:
    """Copy the desk at ``source`` into ``target`` (see the module). Raises the store's errors:
    ``NotADatabase`` / ``Unreachable`` / ``NewerDatabase`` for a source or target that cannot be
    used, ``CopyFailed`` when the copy did not land."""
    source, target = _named(source), _named(target)
    if _same(source, target):
        raise StoreError(f"{shown(source)}: --from and --to name the same desk; copy it to a new file or server "
                         "database")
    src = _open_source(source)
    try:
        with db.translated(shown(source)):
            plan = {t: copy_sql.columns(src, t) for t in TABLES}
        goal = _Target.prepare(target)
        return goal.fill(src, source, plan, progress or (lambda *_: None))
    finally:
        src.close()


def _named(value: str | os.PathLike[str]) -> str | Path:
    if db.is_server(value):
        return str(value)
    if dburl.is_url(value):
        raise StoreError(f"{dburl.shown(str(value))}: deskcrm copies between desk files and postgresql:// URLs only")
    return Path(value).expanduser()


def _same(a: str | Path, b: str | Path) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and dburl.libpq_url(a) == dburl.libpq_url(b)
    return a.resolve() == b.resolve()


# --- the source -----------------------------------------------------------------------------


def _open_source(source: str | Path) -> db.Connection:
    where = shown(source)
    if isinstance(source, str):
        from deskcrm.store import server

        revision = server.inspect(source).revision
        conn = db.connect(source) if revision is not None else None
    else:
        if source.is_dir():
            raise NotADatabase(f"{where}: is a directory, not a desk file")
        if not source.exists():
            raise NotADatabase(f"{where}: no such desk file")
        conn = db.connect(source)
        revision = None
    try:
        if conn is not None and not isinstance(source, str):
            with db.translated(source):
                revision = migrate.current_revision(conn)
        if revision is None:
            raise NotADatabase(f"{where}: holds no deskcrm desk to copy")
        if migrate.check_revision(where, revision, "source"):
            raise StoreError(f"{where}: is a desk of an older deskcrm (schema {revision}; this one copies schema "
                             f"{HEAD}); open it with this deskcrm first — e.g. deskcrm due --db {shlex.quote(where)} "
                             "brings it up to date — then copy it (a copy never changes its source)")
        with db.translated(where):
            found = copy_sql.tables(conn)
        unknown = sorted(found - set(TABLES))
        missing = sorted(set(TABLES) - found)
        if unknown or missing:
            raise NotADatabase(f"{where}: its tables are not a schema {HEAD} desk's "
                               f"({'unknown: ' + ', '.join(unknown) if unknown else 'missing: ' + ', '.join(missing)})")
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn  # type: ignore[return-value]


# --- the target -----------------------------------------------------------------------------


@dataclass
class _Target:
    """The desk being written, and how to put it back as it was if the copy does not land."""

    where: str | Path
    conn: db.Connection
    made: bool  # this copy created the desk: a failure removes it
    was_empty_file: bool = False
    done: list[Checked] = field(default_factory=list)

    @classmethod
    def prepare(cls, target: str | Path) -> _Target:
        return cls._on_server(target) if isinstance(target, str) else cls._in_file(target)

    @classmethod
    def _on_server(cls, url: str) -> _Target:
        from deskcrm.store import server

        found = server.inspect(url)
        if found.revision is None:
            server.ensure_current(url, create=True)  # refuses a database holding another program's tables
            return cls(url, db.connect(url), made=True)
        migrate.check_revision(shown(url), found.revision, "database")  # a newer desk: refused, untouched
        conn = db.connect(url)
        try:
            _refuse_data(conn, shown(url))
            server.ensure_current(url)  # an empty desk of an older schema: brought up to date
        except BaseException:
            conn.close()
            raise
        return cls(url, conn, made=False)

    @classmethod
    def _in_file(cls, path: Path) -> _Target:
        if path.is_dir():
            raise NotADatabase(f"{path}: is a directory; name the desk file to create, e.g. {path / 'desk.db'}")
        if (why := missing_folder_of(path)) is not None:
            raise NotADatabase(why)
        fresh = not path.exists()
        empty = not fresh and db.is_empty(path)
        if not (fresh or empty):
            conn = db.connect(path)  # another program's file: refused here
            try:
                _refuse_data(conn, str(path))
            finally:
                conn.close()
        try:
            migrate.ensure_current(path, create=True)
            return cls(path, db.connect(path), made=fresh or empty, was_empty_file=empty)
        except BaseException:
            if fresh or empty:
                _remove_file(path, keep_empty=empty)
            raise

    def fill(self, src: db.Connection, source: str | Path, plan: dict[str, list[copy_sql.Column]],
             progress: Progress) -> Copied:
        dst = self.conn
        step = "reading the two desks' columns"
        try:
            with db.translated(shown(self.where)):
                into = {t: _matching(shown(source), shown(self.where), t, plan[t], copy_sql.columns(dst, t))
                        for t in TABLES}
            copy_sql.begin_snapshot(src)
            totals = {t: copy_sql.count(src, t) for t in TABLES}
            dst.execute("BEGIN IMMEDIATE")  # BEGIN on a server: store.pg
            step = "setting the target's indexes and foreign keys aside"
            later = copy_build.set_aside(dst, TABLES)  # built again once the rows are in
            sums: dict[str, TableSum] = {}
            for table in TABLES:
                step = f"copying {table}"
                progress(table, 0, totals[table])
                sums[table] = TableSum([c.kind for c in plan[table]])
                batches = copy_sql.rows(src, table, plan[table], BATCH)
                if table == copy_sql.SEARCH_TABLE:  # a server's index holds its text folded
                    batches = copy_sql.as_indexed(src, dst, plan[table], batches)
                copy_sql.write(dst, table, into[table], _counted(batches, sums[table], table, totals[table], progress))
                copy_sql.after_rows(dst, table, into[table])
            copy_build.prepare(dst)
            for phase, items in copy_build.phases(later):  # each one step of the progress display
                progress(phase, 0, len(items))
                for done, item in enumerate(items, 1):
                    step = item.step
                    copy_build.build(dst, item)
                    progress(phase, done, len(items))
            step = "making the planner's statistics"
            copy_sql.after_all(dst)
            step = "verifying the copy"
            self._verify(src, plan, sums, into, progress)
            dst.execute("COMMIT")
        except BaseException as exc:
            self._abandon()
            if isinstance(exc, db.DRIVER_ERRORS) or (isinstance(exc, StoreError) and not isinstance(exc, CopyFailed)):
                why = db.failure(exc) if isinstance(exc, db.DRIVER_ERRORS) else exc
                raise CopyFailed(f"{shown(source)} -> {shown(self.where)}: {step} failed, nothing was copied "
                                 f"({why})") from None
            raise
        finally:
            _end(src)
        copy_sql.after_commit(dst)
        dst.close()
        return Copied(shown(source), shown(self.where), tuple(self.done))

    def _verify(self, src: db.Connection, plan: dict[str, list[copy_sql.Column]], sums: dict[str, TableSum],
                into: dict[str, list[copy_sql.Column]], progress: Progress) -> None:
        for checked, table in enumerate(TABLES):
            progress(copy_build.VERIFY, checked, len(TABLES))  # a table at a time (at 1M: minutes in all)
            back = TableSum(sums[table].kinds)
            for batch in copy_sql.rows(self.conn, table, into[table], BATCH):
                back.add(batch)
            if (back.rows, back.total) != (sums[table].rows, sums[table].total):
                read = copy_sql.rows(src, table, plan[table], BATCH)
                if table == copy_sql.SEARCH_TABLE:
                    read = copy_sql.as_indexed(src, self.conn, plan[table], read)
                where = first_difference([c.name for c in plan[table]], back.kinds, read,
                                         copy_sql.rows(self.conn, table, into[table], BATCH))
                raise CopyFailed(f"{shown(self.where)}: the copy does not match its source in {table} "
                                 f"({sums[table].rows:,} rows read, {back.rows:,} written"
                                 + (f"; {where}" if where else "") + "); it was rolled back, the target is as it was")
            self.done.append(Checked(table, back.rows, back.hexdigest))
        progress(copy_build.VERIFY, len(TABLES), len(TABLES))

    def _abandon(self) -> None:
        _end(self.conn)
        try:
            self.conn.close()
        except db.DRIVER_ERRORS:
            pass
        if not self.made:
            return
        if isinstance(self.where, str):
            try:
                copy_sql.drop_desk(self.where, TABLES)
            except StoreError as exc:
                raise CopyFailed(f"{shown(self.where)}: the copy failed, and the new desk could not be removed "
                                 f"again ({exc}); it holds no rows — drop its tables, or give it to the next "
                                 "copy (an empty desk is taken)") from None
        else:
            _remove_file(self.where, keep_empty=self.was_empty_file)


def _refuse_data(conn: db.Connection, where: str) -> None:
    with db.translated(where):
        present = copy_sql.tables(conn)
        held = [t for t in TABLES if t in present and copy_sql.has_rows(conn, t)]
        people = copy_sql.count(conn, "person") if "person" in held else 0
    if held:
        raise StoreError(f"{where}: already holds a deskcrm desk with data ({people:,} people; rows in "
                         f"{', '.join(held[:4])}{'…' if len(held) > 4 else ''}); db copy writes only into a new "
                         "file or a database without a desk (or with an empty one)")


def _matching(source: str, target: str, table: str, theirs: list[copy_sql.Column],
              ours: list[copy_sql.Column]) -> list[copy_sql.Column]:
    """The target's columns in the source's order; a difference in names or kinds is refused."""
    by_name = {c.name: c for c in ours}
    if {(c.name, c.kind) for c in theirs} != {(c.name, c.kind) for c in ours}:
        odd = sorted({f"{c.name} ({c.kind})" for c in theirs} ^ {f"{c.name} ({c.kind})" for c in ours})
        raise NotADatabase(f"{source} -> {target}: table {table} differs between the two desks: {', '.join(odd)}")
    return [by_name[c.name] for c in theirs]


def _counted(batches: Iterator[list[tuple]], summed: TableSum, table: str, total: int,
             progress: Progress) -> Iterator[list[tuple]]:
    done = 0
    for batch in batches:
        summed.add(batch)
        yield batch
        done += len(batch)
        progress(table, done, total)


def _end(conn: db.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except db.DRIVER_ERRORS:
        pass


def _remove_file(path: Path, *, keep_empty: bool) -> None:
    for extra in ("-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    if keep_empty:
        path.write_bytes(b"")
    else:
        path.unlink(missing_ok=True)
