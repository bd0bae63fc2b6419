"""Search dead ends (issue 17 item 3): what a keystroke costs when no one matches the whole query.

Each query in QUERIES is typed one character at a time; every prefix of two or more characters
is parsed (typing=True) and its first page of 100 fetched unranked, as the search worker does;
when that page is empty (a dead end), ``store.search_partial.dead_end`` runs on the same
connection — the partial matches, the filters' counts, the words found nowhere. Printed: the
dead-end keystrokes' p50 / p95 (page + dead end, the whole keystroke's store work), the dead
end alone, and each query's headline at its last keystroke.

    .venv/bin/python bench/search_dead_end.py --db /tmp/1m-copy.db [--runs 3]
    .venv/bin/python bench/search_dead_end.py --db 'postgresql://postgres@/deskcrm_bench_search?host=/tmp/pg'

(the second: the desk ``bench/search_pg.py --keep`` leaves on a server; CPU is this process's only).

Read-only. Budget (DESIGN.md §4, the search keystroke): <= 5 ms p50, <= 16 ms p95 at 1M.
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
from deskcrm.store.search_partial import dead_end  # noqa: E402

QUERIES = (
    "python developer berlin",
    "pyhton berlin",
    "k8s sre",
    "senior reactjs amsterdam",
    "nurse kubernetes london",
    "java zzzq",
    "python berlin salary<10k",
    "status:placed salary<1000",
    "accountant city:berlin salary<20k",
    "data scientist tag:nosuchtag",
    "sre amsterdam status:placed avail<7d",
    "c# developer munich",
)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    conn = store_db.connect(args.db)
    backend = SqliteSearch(conn, date(2026, 12, 7))
    whole: list[float] = []
    alone: list[float] = []
    cpu: list[float] = []  # the dead end's CPU time (this process): the figure a loaded box does not inflate
    by_query: dict[str, list[float]] = {}
    last: dict[str, str] = {}
    for run in range(args.runs + 1):  # the first run warms the cache and is not counted
        for text in QUERIES:
            for n in range(2, len(text) + 1):
                query = parse(text[:n], typing=True)
                t0 = time.perf_counter()
                page = backend.search(query, limit=100)
                if page.rows or query.is_empty:
                    continue
                t1, c1 = time.perf_counter(), time.process_time()
                dead = dead_end(backend, query, limit=100)
                t2, c2 = time.perf_counter(), time.process_time()
                if run:
                    whole.append((t2 - t0) * 1000)
                    alone.append((t2 - t1) * 1000)
                    cpu.append((c2 - c1) * 1000)
                    by_query.setdefault(text, []).append((t2 - t1) * 1000)
                if n == len(text):
                    last[text] = f"{dead.headline} | {dead.advice} | {len(dead.rows)} rows"
    conn.close()
    print(f"{args.db}: {len(whole)} dead-end keystrokes over {args.runs} runs")
    print(f"  keystroke (page + dead end): p50 {statistics.median(whole):.1f} ms, p95 {pct(whole, 95):.1f} ms,"
          f" max {max(whole):.1f} ms")
    print(f"  dead end alone:              p50 {statistics.median(alone):.1f} ms, p95 {pct(alone, 95):.1f} ms")
    print(f"  dead end alone, CPU:         p50 {statistics.median(cpu):.1f} ms, p95 {pct(cpu, 95):.1f} ms")
    for text, line in last.items():
        times = by_query.get(text, [0.0])
        print(f"  {text!r} (dead end p50 {statistics.median(times):.1f} ms): {line}")


if __name__ == "__main__":
    main()
