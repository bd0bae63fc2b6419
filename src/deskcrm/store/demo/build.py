"""Building the demo database: checks, schema, load pragmas, the rows (one transaction), then
the secondary indexes while a thread builds the search index (``search_build``), reference
check, ANALYZE, progress, and clean-up on failure; ``_Demo.rows`` fixes the phase order,
``_write`` writes what it sends (``source``: from this process or a child)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter

from deskcrm.store.demo.companies import Companies
from deskcrm.store.demo.due_windows import DueWindows
from deskcrm.store.employer_keys import fill as fill_employer_keys
from deskcrm.store.demo.insert import (
    _ACTIVITY_COLS,
    _COMPANY_COLS,
    _CONSENT_COLS,
    _JOB_COLS,
    _PERSON_COLS,
    _PLACEMENT_COLS,
    _PROFILE_COLS,
    _ROLE_COLS,
    _SUB_COLS,
    _Inserter,
)
from deskcrm.store.demo.people import People
from deskcrm.store.demo.pipeline import Pipeline
from deskcrm.store.demo.placements import Placements
from deskcrm.store.errors import StoreError
from deskcrm.store.last_contact import refresh_all
from deskcrm.store.demo.search_build import SearchBuild

Progress = Callable[[str, float], None]
_RANGE_MIN = 10_000  # candidates staged for the search index at a time, at least
_SEGMENTS = 10  # ranges the candidates are staged in
Message = tuple  # ("rows", table, columns, rows) | ("sql", statement, parameters) | ("say", stage, fraction)

_RECRUITERS = ((1, "Alex Morgan", "AM", "alex.morgan@desk.example", 260000.0),
               (2, "Priya Shah", "PS", "priya.shah@desk.example", 220000.0),
               (3, "Tom Becker", "TB", "tom.becker@desk.example", 180000.0))
DEMO_ME = (_RECRUITERS[0][1], _RECRUITERS[0][2])  # who you are on a demo (``deskcrm demo`` remembers it)


@dataclass
class DemoReport:
    path: Path
    candidates: int
    companies: int
    contacts: int
    jobs: int
    submissions: int
    placements: int
    activities: int
    seconds: float
    rows: int  # every table row inserted (the search index not counted)


def build_demo(
    path: Path,
    candidates: int = 5000,
    seed: int = 0,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Create a fresh database at ``path`` filled with ``candidates`` candidates and the rest in proportion."""
    from deskcrm.domain import clock
    from deskcrm.store import db

    t0 = perf_counter()
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory; demo builds a fresh database file — choose a new --db")
    existed = path.exists()
    if existed and path.stat().st_size > 0:
        raise StoreError(f"{path}: already exists; demo builds a fresh database — choose a new --db or delete it")
    if candidates < 1:
        raise StoreError(f"{candidates}: a demo needs at least one candidate")
    say = progress or (lambda stage, fraction: None)
    say("creating the schema", 0.0)
    conn = source = search = None
    try:
        if existed:
            path.chmod(0o600)  # it is about to hold personal data (DESIGN.md §6)
        from deskcrm.store.demo.source import make_schema, open_source

        source = open_source(_Demo, candidates, seed, today or clock.today())  # a child plans while ...
        make_schema(path, candidates)  # ... the schema is made
        conn = db.connect(path)
        _load_pragmas(conn)
        search = SearchBuild(path)
        search.open(conn)
        with db.write(conn):  # the rows (a failed build is deleted, never rolled back: ``_discard``)
            ins = _write(conn, source, candidates, say, search)
            search.stage(conn)  # the last candidates and the contacts
        search.start(conn)  # the search index, on the other core, while ...
        with db.write(conn):  # ... the secondary indexes and what is derived from the rows are made
            say("indexing", 0.72)
            ins.restore_indexes()
            gen = source.demo
            rows = ins.total + gen.finish(conn)
        say("building the search index", 0.86)
        search.copy_into(conn)
        search = None
        say("checking references", 0.94)
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad:  # a bug in this package, never bad input
            raise StoreError(f"{path}: demo data broke {len(bad)} references (first: {bad[0]})")
        say("analysing", 0.97)
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
        _use_pragmas(conn)
    except BaseException:
        if search is not None:
            search.stop()
        if conn is not None:
            conn.close()
            conn = None
        _discard(path, existed)
        raise
    finally:
        if conn is not None:
            conn.close()
        if source is not None:
            source.close()
    say("done", 1.0)
    c = gen.counts
    return DemoReport(path, candidates, c["companies"], c["contacts"], c["jobs"], c["submissions"],
                      c["placements"], c["activities"], perf_counter() - t0, rows)


def _write(conn: sqlite3.Connection, source: Iterable[Message], candidates: int, say: Progress,
           search: SearchBuild) -> _Inserter:
    """Write what the generator sends (``_Demo.rows``), with the secondary indexes of the big
    tables dropped for the load (the caller makes them after it: ``restore_indexes``), and the
    candidates' indexed columns staged for the search index (``search_build``) in ranges of at
    least :data:`_RANGE_MIN` while the next ones are generated. Returns the inserter (its
    ``total``: the rows inserted)."""
    ins = _Inserter(conn)
    ins.drop_indexes()
    every = max(_RANGE_MIN, candidates // _SEGMENTS)  # candidates (ids 1..N, in order) staged at a time
    for msg in source:
        if msg[0] == "rows":
            ins.rows(msg[1], msg[2], msg[3])
            if msg[1] == "candidate_profile" and msg[3][-1][0] - search.staged >= every:  # after their person rows
                search.stage(conn, msg[3][-1][0])
        elif msg[0] == "sql":
            conn.executemany(msg[1], msg[2])
        else:
            say(msg[1], msg[2])
        del msg
    return ins


def _load_pragmas(conn: sqlite3.Connection) -> None:
    """SQLite settings for loading a fresh file that nobody else has open (a failed build is
    deleted, never rolled back: see ``_discard``)."""
    conn.execute("PRAGMA foreign_keys = OFF")  # checked once at the end instead of per row
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -16384")  # 16 MB: at 1M, 64 MB only added its size to the peak RSS
    # No journal for the load: in WAL mode every page would be written twice (WAL, then checkpoint),
    # and a fresh file has nothing to roll back to. WAL is back on at the end.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # one lock for the whole build, no lock calls per write
    # The pages the search index's copy replaces held nothing but index data of this same
    # build; zeroing them (``secure_delete``, DESIGN.md §6, for a user's deletes) wrote it again.
    conn.execute("PRAGMA secure_delete = OFF")
    # No sorter thread for CREATE INDEX: the search index is built on a thread of its own at the
    # same time (``search_build``), so the two already fill two cores. At 1M a sorter thread too
    # cost ~6 s more CPU for the indexes (22.5 vs 16.0 s, measured alone on a copy) and no wall
    # time that the shared 2-core box could show.
    conn.execute("PRAGMA threads = 0")


def _use_pragmas(conn: sqlite3.Connection) -> None:
    """Back to the settings every deskcrm connection has (``db._pragmas``); WAL is stored in the file."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA locking_mode = NORMAL")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def _discard(path: Path, existed: bool) -> None:
    """A failed build leaves nothing behind (an empty file given to us is left empty)."""
    for extra in ("-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    if existed:
        with open(path, "wb"):
            pass
    else:
        path.unlink(missing_ok=True)


class _Demo(Companies, Placements, Pipeline, People, DueWindows):
    """Generates the rows. Phase order matters: companies → jobs/placements/pipeline (which fix
    the dates candidates must have been in touch) → company timelines → candidates."""

    chunk = 10_000  # candidates generated (and sent) at a time

    # ------------------------------------------------------------------ phases

    def rows(self) -> Iterator[Message]:
        """Plan, then every row, as messages for the writer (:func:`_write`): ``("rows", table,
        columns, rows)``, ``("sql", statement, parameters)`` or ``("say", stage, fraction)``. Rows
        leave as soon as they are final and are let go (a million candidates' plan held whole
        took ~0.5 GB); tables without ids of their own (contact_role, consent, activity) come in
        the order that numbers their rows. Runs in this process or in a child (``source``)."""
        yield "say", "planning companies and jobs", 0.03
        yield "rows", "recruiter", ("id", "name", "initials", "email", "revenue_target", "active"), \
            [r + (1,) for r in _RECRUITERS]
        self._companies()
        self._candidate_plan()
        self._placements()
        yield "rows", "placement", _PLACEMENT_COLS, self.placement_rows
        yield "sql", "UPDATE placement SET owed = ?, owed_rule = ?, left_on = ? WHERE id = ?", self.guarantee_rows
        self.placement_rows, self.guarantee_rows, self.placements, self.jobs = [], [], [], []
        self._pipeline()
        yield "rows", "submission", _SUB_COLS, self.sub_rows
        self.sub_rows = []
        self._company_timelines()
        yield "rows", "job_order", _JOB_COLS, self.job_rows
        self.job_rows = []
        yield "rows", "company", _COMPANY_COLS, self.company_rows()
        yield "rows", "contact_role", _ROLE_COLS, self.role_rows
        persons, consents = self.contact_rows()
        self.role_rows = []
        yield "rows", "person", _PERSON_COLS, persons
        yield "rows", "consent", _CONSENT_COLS, consents
        del persons, consents
        yield "rows", "activity", _ACTIVITY_COLS, self.activities
        self.counts["activities"] = len(self.activities)
        self.activities = []
        chunk, told = self.chunk, -1.0
        for start in range(0, self.n, chunk):
            if start / self.n - told >= 0.05:  # at most ~20 progress calls, however many candidates
                told = start / self.n
                yield "say", "generating candidates", 0.08 + 0.62 * told
            persons, profiles, consents, acts = self._candidates(start, min(self.n, start + chunk))
            yield "rows", "person", _PERSON_COLS, persons
            yield "rows", "candidate_profile", _PROFILE_COLS, profiles
            yield "rows", "consent", _CONSENT_COLS, consents
            yield "rows", "activity", _ACTIVITY_COLS, acts
            self.counts["activities"] += len(acts)
        self.forced = self.seen_mail = None  # what the candidates needed

    def finish(self, conn: sqlite3.Connection) -> int:
        """After the rows and the indexes: what is derived from the rows written. Returns the
        rows it inserted."""
        refresh_all(conn)  # each company's last contact, from the timeline just written
        fill_employer_keys(lambda sql, rows: conn.execute(sql).fetchall() if rows is None
                           else conn.executemany(sql, rows).fetchall())  # each candidate's employer, keyed
        self._follow_ups(conn)
        return self._unconfirmed_starts(conn)

    def _follow_ups(self, conn: sqlite3.Connection) -> None:
        """A few call-backs due: people whose latest activity is a voicemail or a no-answer call
        2–6 days ago get the next touch that call outcome would have set (2 days later). Plain
        SQL over what was generated, no random draws: every other record stays as it was."""
        from datetime import timedelta

        from deskcrm.store.values import midnight, ts

        lo = ts(midnight(self.today - timedelta(days=6)))
        hi = ts(midnight(self.today - timedelta(days=1)))
        conn.execute(
            """
            UPDATE person SET next_touch_on = (
                SELECT date(max(a.at), '+2 days') FROM activity a WHERE a.person_id = person.id)
            WHERE id IN (
                SELECT a.person_id FROM activity a
                WHERE a.kind IN ('call_voicemail', 'call_no_answer') AND a.at >= ? AND a.at < ?
                  AND a.person_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM activity b WHERE b.person_id = a.person_id AND b.at > a.at)
                ORDER BY a.person_id LIMIT ?)
            """,
            (lo, hi, self.quota(2, 6)),
        )
