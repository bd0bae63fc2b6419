"""Benchmark: ``deskcrm demo`` build time and peak memory (issue 10: 1M candidates in <= 60 s
with <= 400 MB peak RSS; DESIGN.md: 100,000 in <= 10 s). Prints figures; asserts nothing.

The build runs as a user runs it (``deskcrm demo --db NEW --candidates N --no-open``) in a child
process: its wall time, its cpu time (user+sys, steadier on a shared machine; the child that
generates the rows included) and its peak RSS: the build and its row generator together, sampled
every 50 ms (``getrusage``'s ``ru_maxrss`` is the largest single process, printed too). ``--stages`` builds in this process instead and
prints the time and RSS at each progress step (where the time and the memory go).

    .venv/bin/python bench/demo.py [--candidates N | --like DB] [--seed S] [--keep] [--stages]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

TODAY = date(2026, 11, 18)
BUDGETS = {100_000: (10.0, None), 1_000_000: (60.0, 400.0)}  # candidates: (seconds, peak MB)


def candidates_in(db_path: str) -> int:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM candidate_profile").fetchone()[0]
    finally:
        conn.close()


def build(candidates: int, path: Path, seed: int = 0) -> dict[str, float]:
    """Build one demo in a child process; its figures."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "deskcrm", "demo", "--db", str(path), "--candidates",
                             str(candidates), "--seed", str(seed), "--no-open"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    peak_sum = 0
    while proc.poll() is None:  # the build and the child generating its rows: their RSS together
        peak_sum = max(peak_sum, _tree_rss(proc.pid))
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"deskcrm demo failed: {stderr.strip()}")
    rows = int(stdout.split(" rows in ")[0].rsplit("— ", 1)[1].replace(",", ""))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"demo build s": wall, "demo build cpu s": cpu, "demo build peak RSS MB": max(after.ru_maxrss, peak_sum) / 1024,
            "demo build largest process MB": after.ru_maxrss / 1024, "demo rows/s": rows / wall,
            "demo rows": float(rows)}


def _tree_rss(pid: int) -> int:
    """KB resident in ``pid`` and its children (Linux /proc; 0 elsewhere)."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            total = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(k) for k in f.read().split()]
    except (OSError, ValueError):
        return total
    return total + sum(_tree_rss(k) for k in kids)


def measure(db_path: str, candidates: int | None = None) -> dict[str, float]:
    """Build a fresh demo as big as the database at ``db_path`` (or of ``candidates``) in a
    temporary directory next to it, and return its figures (seconds, MB and rows/s, as named)."""
    n = candidates or candidates_in(db_path)
    tmp = Path(tempfile.mkdtemp(prefix="deskcrm-bench-demo-", dir=Path(db_path).parent))
    try:
        return build(n, tmp / "demo.db")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def stages(candidates: int, seed: int, keep: bool) -> None:
    from deskcrm.store.demo import build_demo

    tmp = Path(tempfile.mkdtemp(prefix="deskcrm-bench-demo-"))
    t0, c0 = time.perf_counter(), time.process_time()

    def progress(stage: str, fraction: float) -> None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  {time.perf_counter() - t0:7.1f} s wall {time.process_time() - c0:7.1f} s cpu  peak {rss:6.0f} MB"
              f"  {fraction:4.0%} {stage}", flush=True)

    report = build_demo(tmp / "demo.db", candidates=candidates, seed=seed, today=TODAY, progress=progress)
    kid = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"  {report.rows:,} rows in {report.seconds:.1f} s; the child generating the rows (if any): "
          f"{kid.ru_utime + kid.ru_stime:.1f} s cpu, peak {kid.ru_maxrss / 1024:.0f} MB")
    if keep:
        print(tmp / "demo.db")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=100_000)
    ap.add_argument("--like", metavar="DB", help="as many candidates as this database has")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the database and print its path")
    ap.add_argument("--stages", action="store_true", help="build in this process, showing each step")
    args = ap.parse_args()
    n = candidates_in(args.like) if args.like else args.candidates
    if args.stages:
        stages(n, args.seed, args.keep)
        return
    load = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="deskcrm-bench-demo-"))
    try:
        figures = build(n, tmp / "demo.db", args.seed)
    finally:
        if args.keep:
            print(tmp / "demo.db")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    seconds, peak = BUDGETS.get(n, (None, None))
    print(f"deskcrm demo --candidates {n:,} (load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"{os.cpu_count()} cores)")
    for name, value in figures.items():
        budget = seconds if name == "demo build s" else peak if name == "demo build peak RSS MB" else None
        verdict = "" if budget is None else f"  (budget {budget:g}: {'within' if value <= budget else 'OVER'})"
        print(f"  {name:<26} {value:12,.1f}{verdict}")


if __name__ == "__main__":
    main()
