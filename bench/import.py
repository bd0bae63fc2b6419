"""Import speed (issue 12, item 8; DESIGN.md §4: ≥ 50k rows/s into an empty desk, ≥ 20k rows/s
into 1M candidates with duplicate matching, search index included, RSS flat in the file size).

Generates a generic people CSV (full name, email, phone, company, title, city, skills, LinkedIn;
``--rows``, default 100k) and imports it the way ``deskcrm import FILE`` does (read, map, plan
chunk by chunk against the desk and the file, write one batch, index the new people), timed:

1. into an empty SQLite desk (made here);
2. into a copy of a 1M-candidate desk (``--big``, default /work/bench-data/1m-head.db: copied to
   ``--tmp`` with SQLite's backup API, never written; opening the copy migrates it), a tenth of
   the rows carrying the email of someone already on it (updates) and a few sharing a phone
   (likely duplicates).

3. with ``--pg URL`` (a server's maintenance database, e.g. tests/pgserver.py's), into an empty
   PostgreSQL desk: a database ``deskcrm_import_bench`` made afresh on that server.

The time is until the batch is committed (its rows in the WAL, readable by everyone); the WAL's
checkpoint into the desk file follows, as `deskcrm import` does it once it has printed the result
(``imports.bulk_sql.settle``), timed apart ("then the WAL checkpointed in …").

Prints rows/s and the peak RSS of each run (a child process per run, so one's memory is not
the other's). Asserts nothing.

    .venv/bin/python bench/import.py [--rows 100000] [--big PATH | --no-big] [--tmp /tmp] [--pg URL] [--serial] [--keep]

``--serial``: the file read in the import's own process, as before a long file was read in a
second one (``store.imports.file_pass``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_COMPANIES = [f"{a} {b}" for a in ("Kestrel", "Nova", "Orbit", "Pine", "Quartz", "Rivet", "Summit", "Tidal")
              for b in ("Labs", "Systems", "Health", "Logistics", "Capital", "Retail", "Energy", "Media")]
_FIRST = ("Ana", "Ben", "Chloe", "Dev", "Eva", "Farah", "George", "Hana", "Ivan", "Jonas", "Kira", "Lena", "Mo", "Nia")
_LAST = ("Silva", "Okafor", "Martin", "Patel", "Novak", "Khan", "Li", "Sato", "Petrov", "Berg", "Lund", "Moss")


def _word(rnd: random.Random) -> str:
    return "".join(rnd.choice("bcdfghjklmnprstvz") + rnd.choice("aeiou") for _ in range(3)).capitalize()


def make_csv(path: Path, rows: int, known: list[tuple[str, str]], seed: int = 12) -> None:
    """``rows`` people; with ``known`` (emails, phones on the desk), a tenth update someone by
    email and one in a hundred shares a phone."""
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("full_name,email,phone,company,title,city,skills,linkedin\n")
        for i in range(rows):
            name = f"{rnd.choice(_FIRST)} {_word(rnd)}-{rnd.choice(_LAST)}"  # namesakes are rare, as in life
            email, phone = f"import{i}@bench.example", f"+49 30 {10_000_000 + i}"
            if known and i % 10 == 3:
                email = known[rnd.randrange(len(known))][0]
            elif known and i % 100 == 7:
                phone = known[rnd.randrange(len(known))][1]
            f.write(f"{name},{email},{phone},{rnd.choice(_COMPANIES)},Engineer,Berlin,\"python, sql\","
                    f"https://www.linkedin.com/in/import-{i}\n")


def one_run(db: str, csv_path: str) -> dict[str, float]:
    """Import ``csv_path`` into ``db`` (in this process); the figures."""
    from deskcrm.cli.import_source import reading
    from deskcrm.store import db as store_db
    from deskcrm.store.imports.apply import apply_import
    from deskcrm.store.imports.bulk_sql import settle
    from deskcrm.store.imports.mapping import text
    from deskcrm.store.migrate import ensure_current

    ensure_current(db if store_db.is_server(db) else Path(db))
    conn = store_db.connect(db)
    start, cpu = time.perf_counter(), time.process_time()
    with reading(Path(csv_path), "people", None, None, None) as source:  # check + date orders + rows
        done = apply_import(conn, source.rows, kind="people", file_name=Path(csv_path).name,
                            format=source.mapping.format, mapping=text(source.mapping), rules=source.rules,
                            total=source.total, parallel=PARALLEL)  # as `deskcrm import` calls it
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    settled = time.perf_counter()
    settle(conn)  # as `deskcrm import` does once it has printed the result: the WAL into the desk file
    settled = time.perf_counter() - settled
    child = resource.getrusage(resource.RUSAGE_CHILDREN)  # the file's pass, when in a second process
    child_cpu = child.ru_utime + child.ru_stime
    rows = sum(done.counts.values())
    conn.close()
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "cpu_s": cpu, "rows_per_cpu_s": rows / cpu,
            "child_cpu_s": child_cpu, "settle_s": settled,
            "load": os.getloadavg()[0], "counts": done.counts,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "child_rss_mb": child.ru_maxrss / 1024}


PARALLEL: bool | None = None  # None: as `deskcrm import` decides (a second process for a long file); --serial


def _child(db: str, csv_path: str, serial: bool = False) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", db, csv_path, *(["--serial"] if serial else [])],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _say(what: str, fig: dict) -> None:
    """Wall rows/s, and rows per second of the import's own CPU (what a shared box's load does
    not change much: this process's, plus the second process's reading the file when there is
    one), the peak RSS of each, the load average at the end, what the rows were."""
    cpu = fig["cpu_s"] + fig["child_cpu_s"]
    apart = (f" = {fig['cpu_s']:.1f} + {fig['child_cpu_s']:.1f} s reading apart, peak RSS {fig['rss_mb']:.0f} + "
             f"{fig['child_rss_mb']:.0f} MB" if fig["child_cpu_s"] else f", peak RSS {fig['rss_mb']:.0f} MB")
    print(f"{what + ':':<12} {fig['rows_per_s']:>7,.0f} rows/s wall ({fig['seconds']:.2f} s), "
          f"{fig['rows'] / cpu:>7,.0f} rows/s of CPU ({cpu:.1f} s{apart}), load {fig['load']:.1f}  {fig['counts']}; "
          f"then the WAL checkpointed in {fig['settle_s']:.2f} s")


def _copy(source: str, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(target, 0o600)


def _pg_desk(server: str) -> str:
    """The URL of a new, empty database ``deskcrm_import_bench`` on ``server`` (a postgresql:// URL)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS deskcrm_import_bench")
        admin.execute("CREATE DATABASE deskcrm_import_bench")
    return urlunsplit(urlsplit(server)._replace(path="/deskcrm_import_bench"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--big", default="/work/bench-data/1m-head.db")
    ap.add_argument("--no-big", action="store_true")
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    ap.add_argument("--pg", help="a PostgreSQL server's URL: also import into an empty desk made there")
    ap.add_argument("--child", nargs=2)
    ap.add_argument("--serial", action="store_true", help="read the file in this process, however long")
    ap.add_argument("--keep", action="store_true", help="keep the work files (each run's desks: ~3 GB with the 1M copy)")
    args = ap.parse_args()
    if args.child:
        global PARALLEL
        PARALLEL = False if args.serial else None
        print(json.dumps(one_run(*args.child)))
        return
    Path(args.tmp).mkdir(parents=True, exist_ok=True)  # --tmp may name a folder not made yet
    work = Path(tempfile.mkdtemp(prefix="deskcrm-import-bench-", dir=args.tmp))
    try:
        empty_csv = work / "people.csv"
        make_csv(empty_csv, args.rows, [])
        print(f"{args.rows:,} rows, {empty_csv.stat().st_size / 1e6:.1f} MB of CSV")
        fig = _child(str(work / "empty.db"), str(empty_csv), args.serial)
        _say("empty desk", fig)
        if args.pg:
            _say("empty PG", _child(_pg_desk(args.pg), str(empty_csv), args.serial))
        if args.no_big:
            return  # the work files go (finally) unless --keep
        big = work / "big.db"
        t = time.perf_counter()
        _copy(args.big, big)
        print(f"copied {args.big} in {time.perf_counter() - t:.1f} s")
        conn = sqlite3.connect(big)
        known = conn.execute("SELECT email, phone FROM person WHERE email IS NOT NULL AND phone IS NOT NULL"
                             " AND id % 97 = 5 LIMIT 20000").fetchall()
        conn.close()
        big_csv = work / "people-big.csv"
        make_csv(big_csv, args.rows, known)
        fig = _child(str(big), str(big_csv), args.serial)
        _say("1M desk", fig)
    finally:
        if args.keep:
            print(f"(work files kept in {work})")
        else:  # a run left ~3 GB behind: its 1M copy and desks
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
