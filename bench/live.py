"""The live desk's cost (issue 11 item 6): what the poll costs every 0.5 s, and what a refresh
costs when a colleague's change arrives, at 1M candidates.

- the poll with nothing changed (``PRAGMA data_version`` on the dedicated connection): time per
  call and SQLite VM steps (counted with a progress handler: work, not wall time);
- the poll after a colleague's commit (data_version moved: the journal's head and the new
  events read by primary key): time and VM steps, and the query plans (no table scan);
- the refresh it triggers, in the screen's worker: the job orders board (a page per column),
  the placements board, the clients list's first page + count, the due list (SQL + engine).

Works on a COPY (the colleague's moves write); the copy is migrated first, as the TUI would.

    .venv/bin/python bench/live.py --db /tmp/live11/1m.db [--polls 2000] [--moves 200]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain import clock  # noqa: E402
from deskcrm.store import boards, changes, clients, moves  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * 0.95))]


def _line(what: str, samples: list[float], unit: str = "ms", scale: float = 1000.0) -> str:
    xs = [x * scale for x in samples]
    return f"{what:<58} p50 {statistics.median(xs):8.3f} {unit}  p95 {_p95(xs):8.3f} {unit}  (n={len(xs)})"


def _steps(conn) -> list[int]:
    box = [0]

    def tick() -> int:
        box[0] += 1
        return 0

    conn.set_progress_handler(tick, 1)
    return box


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True, help="a COPY of a demo database (it is written to)")
    ap.add_argument("--polls", type=int, default=2000)
    ap.add_argument("--moves", type=int, default=200)
    ap.add_argument("--refreshes", type=int, default=15)
    args = ap.parse_args()
    from deskcrm.store.migrate import ensure_current

    ensure_current(args.db)
    people = store_db.connect(args.db).execute("SELECT count(*) FROM person").fetchone()[0]
    print(f"live desk on {args.db} ({people:,} people); load average {os.getloadavg()[0]:.2f} at start")

    watch = changes.SqliteChanges(args.db)
    token = watch.token()
    steps = _steps(watch._connection())

    # 1. nothing changed: the poll every 0.5 s
    idle = []
    steps[0] = 0
    for _ in range(args.polls):
        t0 = time.perf_counter()
        seen = watch.since(token)
        idle.append(time.perf_counter() - t0)
        assert not seen.changed
    print(_line("poll, nothing changed", idle, "µs", 1e6), f"  VM steps/poll {steps[0] / args.polls:.0f}")

    # 2. a colleague's commit before each poll
    colleague = store_db.connect(args.db)
    job = colleague.execute("SELECT id FROM job_order WHERE stage = 'sourcing' LIMIT 1").fetchone()[0]
    after, vm, stages = [], [], ("submitting", "sourcing")
    for i in range(args.moves):
        v = colleague.execute("SELECT version FROM job_order WHERE id = ?", (job,)).fetchone()[0]
        moves.move_job(colleague, job, stages[i % 2], expected_version=v)
        steps[0] = 0
        t0 = time.perf_counter()
        seen = watch.since(token, own=("a" * 32,))
        after.append(time.perf_counter() - t0)
        vm.append(steps[0])
        assert seen.changed
        token = seen.token
    print(_line("poll after a colleague's move (journal read)", after, "µs", 1e6),
          f"  VM steps/poll {statistics.median(vm):.0f}")
    conn = watch._connection()
    conn.set_progress_handler(None, 0)
    for sql, params in (("SELECT coalesce(max(id), 0) FROM event", ()),
                        ("SELECT 1 FROM event WHERE id > ? AND id <= ? AND txn NOT IN (?) LIMIT 1", (1, 2, "x"))):
        plan = "; ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        print(f"  plan: {sql[:60]:<60} -> {plan}")

    # 3. the refresh a change triggers (each screen's worker read)
    today = clock.today()
    reads = {
        "refresh: job orders board (40 cards a column)": lambda c: boards.job_board(c, per_column=40),
        "refresh: placements board (40 cards a column)": lambda c: boards.placement_board(c, per_column=40),
        "refresh: clients list (first page + count)": lambda c: (
            clients.list_clients(c, clients.ClientFilter(), today=today, limit=101),
            clients.count_clients(c, clients.ClientFilter(), today=today)),
    }
    for what, fn in reads.items():
        times = []
        for _ in range(args.refreshes):
            t0 = time.perf_counter()
            with store_db.reading(args.db) as c:
                fn(c)
            times.append(time.perf_counter() - t0)
        print(_line(what, times))
    from deskcrm.domain.due import DueSettings
    from deskcrm.work.due_list import compute_for

    times = []
    for _ in range(args.refreshes):
        t0 = time.perf_counter()
        compute_for(args.db, today, DueSettings())
        times.append(time.perf_counter() - t0)
    print(_line("refresh: due list (SQL + engine)", times))
    colleague.close()
    watch.close()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
