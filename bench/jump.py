"""Jump anywhere (the palette's record lookup): p50/p95 per query on a demo database.

    PYTHONPATH=src python bench/jump.py [/tmp/deskcrm-bench-100000.db] [--runs 200]

Budget (issue 3, item 3): ≤ 50 ms at 100k candidates. Every partial query of each phrase is
timed too ("j", "ja", "jan", "jan ", "jan s", …), as the palette asks on each keystroke.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from deskcrm.store import db
from deskcrm.store.jump import find

QUERIES = ["jan sm", "acme", "backend eng", "mar", "ivan okafr", "lead site rel", "bknd", "bellmont", "trident", "senior data"]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", nargs="?", default="/tmp/deskcrm-bench-100000.db")
    ap.add_argument("--runs", type=int, default=100)
    args = ap.parse_args()
    conn = db.connect(Path(args.db))
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    print(f"{args.db}: {people:,} people; {args.runs} runs per query; ms")
    print(f"{'query':<16}{'hits':>5}{'p50':>8}{'p95':>8}  first hit")
    everything: list[float] = []
    for q in QUERIES:
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            hits = find(conn, q)
            times.append((time.perf_counter() - t) * 1000)
        everything += times
        first = f"{hits[0].kind}: {hits[0].label} — {hits[0].detail}" if hits else "—"
        print(f"{q!r:<16}{len(hits):>5}{statistics.median(times):>8.2f}{pct(times, 95):>8.2f}  {first[:70]}")
    keystrokes: list[float] = []
    for q in QUERIES:
        for n in range(1, len(q) + 1):
            for _ in range(max(args.runs // 10, 5)):
                t = time.perf_counter()
                find(conn, q[:n])
                keystrokes.append((time.perf_counter() - t) * 1000)
    print(f"{'all queries':<21}{statistics.median(everything):>8.2f}{pct(everything, 95):>8.2f}")
    print(f"{'every keystroke':<21}{statistics.median(keystrokes):>8.2f}{pct(keystrokes, 95):>8.2f}"
          f"  (max {max(keystrokes):.2f}; budget 50)")


if __name__ == "__main__":
    main()
