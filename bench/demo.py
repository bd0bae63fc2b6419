"""Benchmark: ``deskcrm demo`` build time (budget: 100,000 candidates in ≤ 10 s on a 2-core box,
search index and ANALYZE included). Also shows where the time goes and how long the resulting
due-today list is. Prints figures; asserts nothing.

    .venv/bin/python bench/demo.py [--candidates N] [--seed S] [--keep]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

BUDGET_S = 10.0
TODAY = date(2026, 11, 18)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the database and print its path")
    args = ap.parse_args()
    from deskcrm.store.demo import build_demo

    stages: list[tuple[str, float]] = []

    def progress(stage: str, fraction: float) -> None:
        stages.append((stage, time.perf_counter()))

    tmp = Path(tempfile.mkdtemp(prefix="deskcrm-bench-demo-"))
    path = tmp / "demo.db"
    report = build_demo(path, candidates=args.candidates, seed=args.seed, today=TODAY, progress=progress)

    spent: dict[str, float] = {}
    for (stage, t0), (_, t1) in pairwise(stages):
        spent[stage] = spent.get(stage, 0.0) + t1 - t0
    for stage, seconds in spent.items():
        print(f"  {seconds:6.2f} s  {stage}")
    size = sum(p.stat().st_size for p in tmp.iterdir()) / 1e6
    print(
        f"  {report.companies:,} companies, {report.contacts:,} contacts, {report.jobs:,} jobs, "
        f"{report.submissions:,} submissions, {report.placements:,} placements, "
        f"{report.activities:,} activities; file {size:,.0f} MB"
    )
    try:
        from deskcrm.due import compute_due
        from deskcrm.store import db, due_store

        conn = db.connect(path)
        items = compute_due(due_store.load_facts(conn, TODAY), TODAY)
        conn.close()
        kinds = Counter(i.kind for i in items)
        print(f"  due list on {TODAY}: {len(items)} items — " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    except ImportError:  # pragma: no cover - the due store is not there
        pass

    verdict = "within" if report.seconds <= BUDGET_S else "OVER"
    print(
        f"demo: {report.candidates:,} candidates, {report.rows:,} rows in {report.seconds:.2f} s = "
        f"{report.rows / report.seconds:,.0f} rows/s (budget {BUDGET_S:g} s: {verdict})"
    )
    if args.keep:
        print(path)
    else:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
