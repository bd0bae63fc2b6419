"""Two recruiters moving cards on the same board at once (issue 11 item 7): lost writes and
unhandled errors, on a desk file or a team server.

Each recruiter is a process of its own with its own connection, signed as a different recruiter
(``db.act_as``). For ``--seconds`` both move the same few job orders back and forth between two
stages, each move made with the version the recruiter last read (as the board does), so they
collide on purpose. A collision must be a visible ``Conflict`` (the board reloads) or ``Locked``
(try again), never a lost write and never any other error.

Lost writes are counted from the desk itself afterwards: every move that said it landed bumped its
job's version by one, so for each job ``version now - version before`` must equal the number of
moves that landed on it, and the journal must hold exactly one stage-change event per landed move.

    .venv/bin/python bench/team.py --db /tmp/team.db            # a scratch copy of a desk
    .venv/bin/python bench/team.py --db postgresql://…/desk     # a desk on a server
    .venv/bin/python bench/team.py --db … --seconds 60 --jobs 4

Works on what it is given: use a copy or a scratch desk (it adds two recruiters and moves jobs).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.store import db as store_db  # noqa: E402

STAGES = ("sourcing", "interviewing")


def _target(value: str):  # noqa: ANN202 - a path or a URL, as --db takes it
    return value if store_db.is_server(value) else Path(value)


def _setup(target, jobs: int) -> tuple[list[int], list[int]]:
    """Two recruiters (added if missing) and ``jobs`` open job orders to fight over."""
    conn = store_db.connect(target)
    try:
        ids = []
        for name, initials in (("Bench Alpha", "BA"), ("Bench Beta", "BB")):
            row = conn.execute("SELECT id FROM recruiter WHERE initials = ?", (initials,)).fetchone()
            if row is None:
                with store_db.write(conn):
                    conn.execute("INSERT INTO recruiter (name, initials, active) VALUES (?, ?, TRUE)", (name, initials))
                row = conn.execute("SELECT id FROM recruiter WHERE initials = ?", (initials,)).fetchone()
            ids.append(row[0])
        picked = [r[0] for r in conn.execute(
            "SELECT id FROM job_order WHERE stage IN (?, ?) ORDER BY id LIMIT ?", (*STAGES, jobs))]
        if len(picked) < jobs:
            raise SystemExit(f"the desk has {len(picked)} job orders at {' or '.join(STAGES)}; {jobs} needed")
        return ids, picked
    finally:
        conn.close()


def _versions(target, jobs: list[int]) -> dict[int, int]:
    conn = store_db.connect(target)
    try:
        marks = ", ".join("?" for _ in jobs)
        return dict(conn.execute(f"SELECT id, version FROM job_order WHERE id IN ({marks})", jobs).fetchall())
    finally:
        conn.close()


def _recruiter(target, recruiter_id: int, jobs: list[int], seconds: float, out) -> None:  # noqa: ANN001
    from deskcrm.store import moves
    from deskcrm.store.errors import Conflict, Locked, StoreError

    conn = store_db.connect(target)
    store_db.act_as(conn, recruiter_id)
    landed: Counter[int] = Counter()
    txns: list[str] = []
    outcome: Counter[str] = Counter()
    errors: list[str] = []
    latencies: list[float] = []
    seen: dict[int, tuple[int, str]] = {}
    i = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        job = jobs[i % len(jobs)]
        i += 1
        if job not in seen or outcome["reread"] % 3 == 0:  # re-read now and then, as a board reload does
            version, stage = conn.execute("SELECT version, stage FROM job_order WHERE id = ?", (job,)).fetchone()
            seen[job] = (version, stage)
            outcome["reread"] += 1
        version, stage = seen[job]
        to = STAGES[1] if stage == STAGES[0] else STAGES[0]
        t0 = time.perf_counter()
        try:
            result = moves.move_job(conn, job, to, expected_version=version)
        except Conflict:
            outcome["conflict"] += 1
            seen.pop(job, None)  # the board reloads
            continue
        except Locked:
            outcome["busy"] += 1
            continue
        except StoreError as exc:
            if "already at" in str(exc):
                outcome["already there"] += 1
                seen.pop(job, None)
                continue
            outcome["store error"] += 1
            errors.append(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - what the bench is here to count
            outcome["unhandled"] += 1
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        latencies.append(time.perf_counter() - t0)
        landed[job] += 1
        txns.append(result.txn)
        outcome["landed"] += 1
        seen[job] = (version + 1, to)
    conn.close()
    out.put({"landed": dict(landed), "txns": txns, "outcome": dict(outcome), "errors": errors[:5],
             "latencies": latencies})


def _events(target, txns: list[str]) -> int:
    conn = store_db.connect(target)
    try:
        found = 0
        for start in range(0, len(txns), 500):
            chunk = txns[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            found += conn.execute(
                f"SELECT count(DISTINCT txn) FROM event WHERE txn IN ({marks}) AND entity = 'job_order'", chunk
            ).fetchone()[0]
        return found
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a desk file (a scratch copy) or a postgresql:// URL")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--jobs", type=int, default=3, help="job orders both recruiters move (fewer: more collisions)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    target = _target(args.db)
    recruiters, jobs = _setup(target, args.jobs)
    before = _versions(target, jobs)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_recruiter, args=(target, rid, jobs, args.seconds, out)) for rid in recruiters]
    for p in procs:
        p.start()
    results = [out.get(timeout=args.seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    after = _versions(target, jobs)
    landed: Counter[int] = Counter()
    outcome: Counter[str] = Counter()
    txns: list[str] = []
    latencies: list[float] = []
    for r in results:
        landed.update({int(k): v for k, v in r["landed"].items()})
        outcome.update(r["outcome"])
        txns += r["txns"]
        latencies += r["latencies"]
    lost = sum(abs((after[j] - before[j]) - landed[j]) for j in jobs)
    journal = _events(target, txns)
    engine = "postgresql" if store_db.is_server(args.db) else "sqlite"
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000 if latencies else float("nan")
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000 if latencies else float("nan")
    figures = {
        "engine": engine, "seconds": args.seconds, "jobs": len(jobs), "moves_landed": outcome["landed"],
        "conflicts": outcome["conflict"], "busy": outcome["busy"], "already_there": outcome["already there"],
        "store_errors": outcome["store error"], "unhandled_errors": outcome["unhandled"],
        "lost_writes": lost, "journal_txns_missing": len(txns) - journal,
        "move_ms_p50": round(p50, 2), "move_ms_p95": round(p95, 2),
    }
    print(f"two recruiters, {len(jobs)} job orders, {args.seconds:.0f} s on {engine}:")
    for key, value in figures.items():
        print(f"  {key:22} {value}")
    for r in results:
        for line in r["errors"]:
            print(f"  error: {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
