"""Benchmark: the due list at launch on a desk on PostgreSQL, next to SQLite's figure on the same
rows (issue 11 item 7: team figures beside the SQLite ones); and a board move committed, timed
on both (``store.moves``: a submission one stage on and back, a job one stage on and back).

The rows come from a SQLite desk (default: the 100k bench desk ``/work/bench-data/100k-head.db``),
read through a read-only, immutable connection (the file is never written; the SQLite figures
are taken on a copy made with the backup API) and loaded into a new database on the server with
``COPY`` (foreign keys off for the load, sequences set after). The search index is not loaded:
the due list and the boards do not read it.

"The due list at launch" is ``work.due_list.compute_for``: connect + load the facts + the stored
state + the engine, what ``deskcrm due`` and the launch prefetch run. Prints figures; asserts
nothing.

    .venv/bin/python bench/due_pg.py --pg postgresql://postgres@/postgres?host=/tmp/pg \\
        [--db /work/bench-data/100k-head.db] [--runs 31] [--moves 100] [--date YYYY-MM-DD] [--keep]

``--pg`` names a server (its maintenance database): the bench creates ``deskcrm_bench_due`` there,
replacing one left by an earlier run, and drops it at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm import dburl  # noqa: E402
from deskcrm.domain import clock  # noqa: E402
from deskcrm.domain.due import DueSettings, compute_due  # noqa: E402
from deskcrm.store import db, due_store, journal, moves  # noqa: E402
from deskcrm.work.due_list import compute_for  # noqa: E402

DEFAULT_DB = Path("/work/bench-data/100k-head.db")
BENCH_DB = "deskcrm_bench_due"
_SKIP = ("sqlite_", "person_fts", "alembic_version")


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * 0.95))]


def _timed(runs: int, fn) -> tuple[list[float], object]:  # noqa: ANN001
    samples, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, result


def _fmt(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):7.2f} ms   p95 {_p95(samples):7.2f} ms"


# --------------------------------------------------------------------------- the rows into PostgreSQL


def _source(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def _sqlite_copy(path: Path) -> Path:
    """A private copy of the desk file (backup API): opening the original would add a -shm."""
    dest = Path(tempfile.mkdtemp(prefix="deskcrm-bench-due-pg-")) / "copy.db"
    src, dst = _source(path), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return dest


def _new_database(server: str) -> str:
    import psycopg

    from deskcrm.store import server as store_server

    with psycopg.connect(dburl.libpq_url(server), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    url = _with_database(server, BENCH_DB)
    store_server.ensure_current(url, create=True)
    return url


def _with_database(server: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server)
    return urlunsplit(parts._replace(path="/" + name))


def _drop_database(server: str) -> None:
    import psycopg

    with psycopg.connect(dburl.libpq_url(server), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def load(source: Path, url: str) -> dict[str, int]:
    """Every table's rows of the desk at ``source`` into the migrated desk at ``url``: rows per table."""
    import psycopg

    lite = _source(source)
    counts: dict[str, int] = {}
    with psycopg.connect(dburl.libpq_url(url)) as pg:
        pg.execute("SET TIME ZONE 'UTC'")  # the file's stamps are UTC text
        pg.execute("SET session_replication_role = replica")  # no foreign-key triggers while loading
        tables = [r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                  if not r[0].startswith(_SKIP)]
        for table in tables:
            theirs = [r[0] for r in pg.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))]
            if not theirs:
                continue
            cols = [r[1] for r in lite.execute(f'PRAGMA table_info("{table}")') if r[1] in theirs]
            names = ", ".join(f'"{c}"' for c in cols)
            n = 0
            with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in lite.execute(f'SELECT {names} FROM "{table}"'):
                    copy.write_row(row)
                    n += 1
            counts[table] = n
            if "id" in cols:
                pg.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), coalesce(max(id), 1))"
                           f' FROM "{table}"')
        pg.execute("SET session_replication_role = origin")
        pg.commit()
        pg.autocommit = True
        for table in counts:
            pg.execute(f'ANALYZE "{table}"')
    lite.close()
    return counts


# --------------------------------------------------------------------------- the figures


def due_figures(target: str | Path, day: date, runs: int) -> dict[str, list[float] | float]:
    settings = DueSettings()
    conn = db.connect(target)
    try:
        load_ms, facts = _timed(runs, lambda: due_store.load_facts(conn, day, settings))
        state_ms, state = _timed(runs, lambda: due_store.load_state(conn))
        _, items = _timed(1, lambda: compute_due(facts, day, settings, state))
    finally:
        conn.close()
    launch_ms, launch_items = _timed(runs, lambda: compute_for(target, day, settings))
    assert launch_items == items
    return {"load": load_ms, "state": state_ms, "launch": launch_ms, "items": float(len(items))}


def move_figures(target: str | Path, n: int) -> dict[str, list[float]]:
    """A submission one stage on and back, a job one stage on and back: each one transaction."""
    conn = db.connect(target)
    out: dict[str, list[float]] = {"submission one stage": [], "job one stage": []}
    try:
        subs = conn.execute("SELECT id FROM submission WHERE stage = 'submitted' ORDER BY id LIMIT ?", (n,)).fetchall()
        jobs = conn.execute("SELECT id FROM job_order WHERE stage = 'sourcing' ORDER BY id LIMIT ?", (n,)).fetchall()
        for (sid,) in subs:
            v = journal.row(conn, "submission", sid)["version"]
            for stage, version in (("qualified", v), ("submitted", v + 1)):
                t0 = time.perf_counter()
                moves.move_submission(conn, sid, stage, expected_version=version)
                out["submission one stage"].append((time.perf_counter() - t0) * 1000)
        for (jid,) in jobs:
            v = journal.row(conn, "job_order", jid)["version"]
            for stage, version in (("submitting", v), ("sourcing", v + 1)):
                t0 = time.perf_counter()
                moves.move_job(conn, jid, stage, expected_version=version)
                out["job one stage"].append((time.perf_counter() - t0) * 1000)
    finally:
        conn.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg", required=True, help="a PostgreSQL server's URL (its maintenance database)")
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="the SQLite desk whose rows are loaded (read only)")
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("--moves", type=int, default=100, help="moves per kind (0: none)")
    ap.add_argument("--date", type=date.fromisoformat, help="the day to compute for (default: today)")
    ap.add_argument("--keep", action="store_true", help="keep the bench database on the server")
    args = ap.parse_args()
    day = args.date or clock.today()

    t0 = time.perf_counter()
    url = _new_database(args.pg)
    counts = load(args.db, url)
    print(f"loaded {sum(counts.values()):,} rows of {args.db} into {dburl.shown(url)} in "
          f"{time.perf_counter() - t0:.1f} s ({counts.get('person', 0):,} people, "
          f"{counts.get('placement', 0):,} placements, {counts.get('activity', 0):,} activities)")
    lite = _sqlite_copy(args.db)
    try:
        print(f"due list on {day} (median / p95 of {args.runs} runs; launch = connect + load + state + engine):")
        figures = {"SQLite": due_figures(lite, day, args.runs), "PostgreSQL": due_figures(url, day, args.runs)}
        for name, f in figures.items():
            print(f"  {name:<10}  load {_fmt(f['load'])}   state {_fmt(f['state'])}")
            print(f"  {'':<10}  due list at launch {_fmt(f['launch'])}   [{int(f['items'])} items]")
        ratio = statistics.median(figures["PostgreSQL"]["launch"]) / statistics.median(figures["SQLite"]["launch"])
        print(f"  PostgreSQL / SQLite, due list at launch (p50): {ratio:.1f}x")
        if args.moves:
            print(f"board move committed ({args.moves} cards per kind, each move and its way back; budget on "
                  "PostgreSQL: within 2x SQLite's):")
            for name, target in (("SQLite", lite), ("PostgreSQL", url)):
                for kind, samples in move_figures(target, args.moves).items():
                    if samples:
                        print(f"  {name:<10}  {kind:<22} {_fmt(samples)}   (n={len(samples)})")
    finally:
        for f in lite.parent.glob("*"):
            f.unlink()
        lite.parent.rmdir()
        if not args.keep:
            _drop_database(args.pg)


if __name__ == "__main__":
    main()
