"""Benchmark: a board move committed on a desk file and on a team server, with the round trips a
move makes on the server (issue 11 item 7: a board move within 2× SQLite's figure).

The moves are ``bench/due_pg.py``'s (a submission one stage on and back, a job one stage on and
back; each one transaction). The server desk is one ``bench/due_pg.py --keep`` loaded (the same
rows as the file); the file is the 100k bench desk, timed on a private copy (backup API).

    .venv/bin/python bench/due_pg.py --pg postgresql://postgres@/postgres?host=/tmp/pg --moves 0 --keep
    .venv/bin/python bench/move_pg.py --pg-desk postgresql://postgres@/deskcrm_bench_due?host=/tmp/pg \\
        [--db /work/bench-data/100k-head.db] [--moves 100] [--rounds 3]

At 1M the server desk can be one ``deskcrm db copy --from COPY --to URL`` made, with ``--sqlite COPY``
(that migrated file; each card is moved on and back, so it ends at the stage it had).

Round trips are counted (on a connection that has moved a card of each kind already: its plans
made, its tables' shapes read) by wrapping the server connection's ``execute``/``executemany``/
``execute_each`` (a deferred statement rides along with the next one: ``PgConnection.defer``).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from due_pg import DEFAULT_DB, _fmt, _p95, _sqlite_copy, move_figures  # noqa: E402

from deskcrm.store import db, journal, moves  # noqa: E402


def round_trips(url: str) -> dict[str, int]:
    """Round trips of one submission move and one job move on the server desk at ``url``."""
    from deskcrm.store import pg

    conn = db.connect(url)
    count = [0]
    plain, many, each = conn.execute, conn.executemany, conn.execute_each

    def execute(sql, params=()):  # noqa: ANN001, ANN202
        count[0] += 1
        return plain(sql, params)

    def executemany(sql, seq):  # noqa: ANN001, ANN202
        count[0] += 1
        return many(sql, seq)

    def execute_each(statements):  # noqa: ANN001, ANN202
        count[0] += 1
        return each(statements)

    assert isinstance(conn, pg.PgConnection)
    conn.execute, conn.executemany = execute, executemany  # type: ignore[method-assign]
    conn.execute_each = execute_each  # type: ignore[method-assign]
    out = {}
    try:
        sid = conn.execute("SELECT id FROM submission WHERE stage = 'submitted' ORDER BY id LIMIT 1").fetchone()[0]
        jid = conn.execute("SELECT id FROM job_order WHERE stage = 'sourcing' ORDER BY id LIMIT 1").fetchone()[0]
        for kind, table, key, there, back, move in (
            ("submission one stage", "submission", sid, "qualified", "submitted", moves.move_submission),
            ("job one stage", "job_order", jid, "submitting", "sourcing", moves.move_job),
        ):
            for _ in range(2):  # counted the second time
                v = journal.row(conn, table, key)["version"]
                count[0] = 0
                move(conn, key, there, expected_version=v)
                out[kind] = count[0]
                move(conn, key, back, expected_version=v + 1)
    finally:
        conn.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg-desk", required=True, help="a loaded desk on a server (bench/due_pg.py --keep)")
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help="the SQLite desk with the same rows (read only)")
    ap.add_argument("--moves", type=int, default=100, help="cards per kind (each moved on and back)")
    ap.add_argument("--rounds", type=int, default=3, help="alternate the engines this many times")
    ap.add_argument("--sqlite", type=Path, help="move cards on this desk file itself (a private, migrated copy of"
                                                " the same rows, e.g. the source of `deskcrm db copy`) instead"
                                                " of a fresh copy of --db (1M: 2.4 GB)")
    args = ap.parse_args()
    lite = args.sqlite or _sqlite_copy(args.db)
    samples: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(args.rounds):  # alternated: a busy moment on the box lands on both
            for name, target in (("SQLite", lite), ("PostgreSQL", args.pg_desk)):
                for kind, ms in move_figures(target, args.moves).items():
                    samples.setdefault((name, kind), []).extend(ms)
    finally:
        if args.sqlite is None:
            for f in lite.parent.glob("*"):
                f.unlink()
            lite.parent.rmdir()
    print(f"board move committed ({args.moves} cards per kind x {args.rounds} rounds, each move and its way back):")
    for (name, kind), ms in samples.items():
        print(f"  {name:<10}  {kind:<22} {_fmt(ms)}   (n={len(ms)})")
    for kind in ("submission one stage", "job one stage"):
        lite_ms, pg_ms = samples[("SQLite", kind)], samples[("PostgreSQL", kind)]
        print(f"  PostgreSQL / SQLite, {kind}: p50 {statistics.median(pg_ms) / statistics.median(lite_ms):.1f}x"
              f"   p95 {_p95(pg_ms) / _p95(lite_ms):.1f}x")
    for kind, n in round_trips(args.pg_desk).items():
        print(f"  round trips to the server, {kind}: {n}")


if __name__ == "__main__":
    main()
