"""Benchmark: each report of section 6 (DESIGN.md §4: ≤ 200 ms at 1M candidates, in a worker).

Runs ``store.reports`` as the TUI and ``deskcrm report`` do, on a desk file opened read-only
(``file:PATH?mode=ro&immutable=1``: the bench DBs are never written) or a PostgreSQL URL, and
prints per report the median and worst wall time and the CPU time (and the box's load average) (``time.process_time``) of
``--runs`` runs, interleaved report by report (a shared box is noisy: compare CPU with wall).

    .venv/bin/python bench/reports.py --db /work/bench-data/1m-head.db [--date 2026-12-05] [--runs 5]
    .venv/bin/python bench/reports.py --db postgresql://…/desk [--date …]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.metrics import StageWeights  # noqa: E402
from deskcrm.domain.periods import period  # noqa: E402
from deskcrm.store import reports  # noqa: E402


def connect(target: str):  # noqa: ANN201
    from deskcrm.store import db

    if db.is_server(target):
        return db.connect(target)
    import sqlite3

    return sqlite3.connect(f"file:{target}?mode=ro&immutable=1", uri=True, factory=db.Connection)


def cases(today: date) -> list[tuple[str, object]]:
    year, month, quarter = period("last12", today), period("month", today), period("quarter", today)
    w = StageWeights()
    return [
        ("revenue, last 12 months by month", lambda c: reports.revenue(c, year, today=today, weights=w)),
        ("revenue, this quarter", lambda c: reports.revenue(c, quarter, today=today, weights=w)),
        ("kpis, last 12 months", lambda c: reports.kpis(c, year, today=today, weights=w)),
        ("kpis, this month", lambda c: reports.kpis(c, month, today=today, weights=w)),
        ("activity, this month (weeks x recruiters)", lambda c: reports.activity(c, month)),
        ("activity, this quarter", lambda c: reports.activity(c, quarter)),
        ("clients, this quarter", lambda c: reports.clients(c, quarter, today=today)),
        ("drill-down: first 100 placed this year", lambda c: reports.records(
            c, reports.Trace.of("placed", start=year.start, after=year.after), 100)),
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--date", default="2026-12-05")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    today = date.fromisoformat(args.date)
    conn = connect(args.db)
    sizes = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("person", "job_order", "submission", "placement", "activity", "company")}
    print(f"desk: {args.db} · " + " · ".join(f"{t} {n:,}" for t, n in sizes.items()) + f" · as of {today}")
    print("load average before: {:.2f} {:.2f} {:.2f} (2 cores; compare CPU with wall)".format(*os.getloadavg()))
    todo = cases(today)
    walls: dict[str, list[float]] = {name: [] for name, _ in todo}
    cpus: dict[str, list[float]] = {name: [] for name, _ in todo}
    for name, fn in todo:  # warm the cache once
        fn(conn)
    for _ in range(args.runs):
        for name, fn in todo:
            w0, c0 = time.perf_counter(), time.process_time()
            fn(conn)
            walls[name].append((time.perf_counter() - w0) * 1000)
            cpus[name].append((time.process_time() - c0) * 1000)
    print(f"{'report':<44}{'wall p50':>10}{'worst':>9}{'cpu p50':>10}   (ms, {args.runs} runs)")
    for name, _ in todo:
        print(f"{name:<44}{statistics.median(walls[name]):>10.1f}{max(walls[name]):>9.1f}"
              f"{statistics.median(cpus[name]):>10.1f}")
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
