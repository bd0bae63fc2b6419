"""Start-up of non-TUI commands, over Python's own start (DESIGN.md §4: <= 150 ms).

    .venv/bin/python bench/cli.py [--db PATH] [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_ms(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "deskcrm-bench-100000.db")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not args.db.exists():
        from deskcrm.store.demo import build_demo

        print(f"building demo database with 100,000 candidates at {args.db} ...", flush=True)
        build_demo(args.db, candidates=100_000, seed=1)
    py = sys.executable
    base = median_ms([py, "-c", "pass"], args.runs)
    print(f"python start: {base:.0f} ms (median of {args.runs})")
    for label, argv in (
        ("deskcrm --help", [py, "-m", "deskcrm", "--help"]),
        ("deskcrm due --json (100k)", [py, "-m", "deskcrm", "due", "--db", str(args.db), "--json"]),
    ):
        ms = median_ms(argv, args.runs)
        print(f"{label}: {ms:.0f} ms = {ms - base:.0f} ms over Python's start (budget 150 ms)")


if __name__ == "__main__":
    main()
