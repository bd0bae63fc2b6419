"""Seniority words on ``enter`` and in the count: what ``senior nurse`` costs against a plain two-word search.

    .venv/bin/python bench/search_seniority.py --db PATH [--runs 3]

For each query: ``enter`` (the ranked page: the engine's best 300 in the recruiter's order) and
``count``, CPU (``time.process_time``) and wall, the median of ``--runs``; a plain two-word
query (the floor) runs interleaved with the seniority ones, so a loaded box shows in both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

QUERIES = ("senior nurse", "lead python", "junior", "head of sales")
FLOOR = "nurse london"  # a plain two-word search


def timed(fn) -> tuple[float, float, object]:  # noqa: ANN001
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return (time.process_time() - c) * 1000, (time.perf_counter() - w) * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    target = args.db if "://" in args.db else Path(args.db)
    backend = SqliteSearch(store_db.connect(target), date(2026, 12, 7))
    print(f"{'query':<16} {'enter cpu':>10} {'enter wall':>11} {'count cpu':>10} {'count wall':>11} {'count':>8}")
    for text in (FLOOR, *QUERIES):
        enter, count = [], []
        n = 0
        for _ in range(args.runs):
            q = parse(text, typing=False)
            enter.append(timed(lambda: backend.search(q, limit=50, ranked=True))[:2])
            cpu, wall, n = timed(lambda: backend.count(q))
            count.append((cpu, wall))
            timed(lambda: backend.count(parse(FLOOR, typing=False)))  # the floor, interleaved
        med = [statistics.median(x[i] for x in series) for series in (enter, count) for i in (0, 1)]
        print(f"{text:<16} {med[0]:>8.1f}ms {med[1]:>9.1f}ms {med[2]:>8.1f}ms {med[3]:>9.1f}ms {n:>8,}")


if __name__ == "__main__":
    main()
