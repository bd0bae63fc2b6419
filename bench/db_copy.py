"""`deskcrm db copy` at 100k: a desk file to a PostgreSQL server and back (issue 11 item 3).

The 100k desk (``/work/bench-data/100k.db`` by default, read-only) is copied with SQLite's
backup API and the copy migrated to this deskcrm's schema first (nothing to do at head); then it
is copied to a new database on a PostgreSQL server (``--pg URL``: its maintenance database;
without it a throwaway server is started with tests/pgserver.py) and from there to a new desk
file. Each leg is the whole command (schema created on the target, rows, sequences, index and
foreign-key builds, verification, commit), timed in this process; the rows/s figure counts every
row copied. On a server on a local socket (``host=DIR``, as tests/pgserver.py makes them), the
server's CPU for the leg is shown too: its postmaster's and every backend's, the ones that ended
included (autovacuum's too, if it ran meanwhile).

    .venv/bin/python bench/db_copy.py [--db /work/bench-data/100k.db] [--pg postgresql://…] [--no-back]
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file is named copy.py: keep its folder off the path, or `import copy` (the standard
# library's, which argparse and others use) would find it
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import os
import resource
import shutil
import sqlite3
import tempfile
import time

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # pgserver.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/work/bench-data/100k.db")
    parser.add_argument("--pg", default=os.environ.get("DESKCRM_TEST_PG"))
    parser.add_argument("--no-back", action="store_true", help="only file -> server")
    args = parser.parse_args()

    import psycopg

    import pgserver
    from deskcrm.store import migrate
    from deskcrm.store.copy import copy_desk

    work = Path(tempfile.mkdtemp(prefix="deskcrm-copy-bench-"))
    source = work / "desk.db"
    src = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    dst = sqlite3.connect(source)
    src.backup(dst)
    src.close()
    dst.close()
    started = time.perf_counter()
    migrate.ensure_current(source)
    print(f"source: {args.db} copied and migrated to head in {time.perf_counter() - started:.1f} s")

    server_root = None
    url = args.pg
    if url is None:
        server_root = work / "pg"
        _root, url = pgserver.start(server_root)
    name = f"deskcrm_copy_bench_{os.getpid()}"
    admin = psycopg.connect(url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    target = pgserver.with_database(url, name)
    postmaster = _postmaster(server_root / "data" if server_root else _socket_dir(url))
    try:
        there = _timed("file -> PostgreSQL", lambda: copy_desk(source, target), postmaster)
        if not args.no_back:
            back = _timed("PostgreSQL -> file", lambda: copy_desk(target, work / "back.db"), postmaster)
            assert [t.checksum for t in back.tables] == [t.checksum for t in there.tables]
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        if server_root is not None:
            pgserver.stop(server_root)
        shutil.rmtree(work, ignore_errors=True)  # the source's copy (2.6 GB at 1M) and the file copied back
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (both legs and the migration): {peak:.0f} MB")
    return 0


def _timed(what: str, run, postmaster: int | None):  # noqa: ANN001, ANN202
    server = _server_cpu(postmaster)
    cpu = time.process_time()
    started = time.perf_counter()
    done = run()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    server = _server_cpu(postmaster) - server
    biggest = ", ".join(f"{t.table} {t.rows:,}" for t in sorted(done.tables, key=lambda t: -t.rows)[:4])
    theirs = f"; the server's CPU {server:.1f} s" if postmaster else ""
    print(f"{what}: {done.rows:,} rows in {wall:.1f} s ({done.rows / wall:,.0f} rows/s; this process's CPU "
          f"{cpu:.1f} s{theirs}), verified ({biggest}, …)")
    return done


def _socket_dir(url: str) -> Path | None:
    from urllib.parse import parse_qs, urlsplit

    host = parse_qs(urlsplit(url).query).get("host", [""])[0]
    return Path(host) / "data" if host.startswith("/") else None


def _postmaster(data: Path | None) -> int | None:
    """The local server's postmaster (the first line of ``DATA/postmaster.pid``), if it is ours to read."""
    try:
        return int((data / "postmaster.pid").read_text().split()[0]) if data else None
    except (OSError, ValueError, IndexError):
        return None


def _server_cpu(postmaster: int | None) -> float:
    """CPU seconds of the postmaster, its ended children (cutime/cstime) and its live ones."""
    if postmaster is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == postmaster:
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
        elif ppid == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / tick


if __name__ == "__main__":
    sys.exit(main())
