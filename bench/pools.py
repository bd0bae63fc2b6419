"""Talent pools: a pool of 10k people opens within 200 ms (DESIGN.md §4, issue 16).

What opening a pool costs, as the Pools view and a pool's screen read it: the pool's row with its
counts (people, gone cold, last touch), and its first page of 100 people by name — for a
hand-picked pool of N people, and for a saved search (run again when opened: the search, then
its people written, then the same reads). Also: the Pools list with both, and ranking a job's
matches (``M``). Figures are CPU time (``time.process_time``) and wall time, best and median of
``--runs``: the box is shared, wall time is noisy.

    .venv/bin/python bench/pools.py [--candidates 100000] [--size 10000] [--runs 5] [--db PATH]

Without --db, the demo desk bench/search.py uses is built in the temp dir (seed 1) and cached.
The pools are made in a copy, so the cached desk stays as it was.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import demo_db  # noqa: E402 - bench/search.py's cached demo desks

from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store import match, pool_people, pools  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float, float]:  # noqa: ANN001
    """(best CPU ms, median CPU ms, median wall ms) of ``runs`` calls."""
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return min(cpu), statistics.median(cpu), statistics.median(wall)


def line(what: str, figures: tuple[float, float, float]) -> None:
    best, med, wall = figures
    print(f"  {what:<46} cpu best {best:7.1f} ms · median {med:7.1f} ms · wall median {wall:7.1f} ms", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=100_000)
    ap.add_argument("--size", type=int, default=10_000, help="people in the hand-picked pool")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    source = args.db or demo_db(args.candidates)
    work = Path(tempfile.mkdtemp(prefix="deskcrm-pools-")) / "desk.db"
    src, dst = store_db.connect(source), store_db.connect(work, create=True)
    src.backup(dst)
    src.close()
    dst.close()
    conn = store_db.connect(work)
    today = date.today()
    ids = [r[0] for r in conn.execute(
        "SELECT person_id FROM candidate_profile ORDER BY person_id LIMIT ?", (args.size,))]
    picked = pools.add_to_pool(conn, "Bench hand-picked", ids).pool
    saved = pool_people.save_search(conn, "Bench saved", "status:active", today).pool
    job = conn.execute("SELECT id FROM job_order ORDER BY id LIMIT 1").fetchone()
    print(f"{work} · hand-picked pool of {picked.people:,} · saved search of {saved.people:,} "
          f"(CPU time is what to read; {args.runs} runs)")

    def open_picked() -> None:
        pools.pool(conn, picked.id, today)
        pool_people.page(conn, picked.id, today, limit=100)

    def open_saved() -> None:
        pool_people.rerun(conn, saved.id, today)
        pools.pool(conn, saved.id, today)
        pool_people.page(conn, saved.id, today, limit=100)

    line(f"open a hand-picked pool of {picked.people:,} (budget 200 ms)", timed(open_picked, args.runs))
    line(f"open a saved search of {saved.people:,}, run again (budget 200 ms)", timed(open_saved, args.runs))
    line("the Pools list (both pools)", timed(lambda: pools.list_pools(conn, today), args.runs))
    line(f"the last page of the {picked.people:,}", timed(
        lambda: pool_people.page(conn, picked.id, today, limit=100, offset=max(0, picked.people - 100)), args.runs))
    if job is not None:
        line("M: rank a job's matches", timed(lambda: match.match_job(conn, job[0], today), args.runs))
    conn.close()
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
