"""Benchmark: the client account and the clients list (issue 5: the account of the largest client
opens in ≤ 100 ms; the clients list filters in ≤ 50 ms). Read-only on an existing demo database.

    .venv/bin/python bench/clients.py [--db /tmp/deskcrm-bench-100000.db] [--runs 20]

"Largest client": the company with the most job orders + placements + activities. The account
figure is ``load_account`` (everything on the call screen) and, separately, the job-match counts
(the second step the screen runs after the account is shown). Each list figure is one page of 50
plus the count of all matches — what the Clients section does on a keystroke. Prints p50 / p95 / max.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.store import account, clients, db


def timed(fn, runs: int) -> tuple[float, float, float]:
    fn()  # warm the page cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], times[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/deskcrm-bench-100000.db")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    path = Path(args.db)
    if not path.exists():
        sys.exit(f"{path}: no such file (build it: deskcrm demo --db {path} --candidates 100000 --no-open)")
    conn = db.connect(path)
    conn.execute("PRAGMA query_only = ON")
    today = date.today()
    cid, name, size = conn.execute(
        """SELECT c.id, c.name,
                  (SELECT count(*) FROM job_order WHERE company_id = c.id)
                + (SELECT count(*) FROM placement WHERE company_id = c.id)
                + (SELECT count(*) FROM activity WHERE company_id = c.id) AS n
           FROM company c ORDER BY n DESC LIMIT 1"""
    ).fetchone()
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    companies = conn.execute("SELECT count(*) FROM company").fetchone()[0]
    print(f"{path}: {people:,} people, {companies:,} companies; largest client #{cid} {name} ({size} records)")
    acct = account.load_account(conn, cid, today=today)

    def show(label: str, fig: tuple[float, float, float], budget: float) -> None:
        p50, p95, worst = fig
        verdict = "ok" if p95 <= budget else "OVER"
        print(f"  {label:<44} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {worst:6.1f} ms  (budget {budget:g} ms: {verdict})")

    print("Account screen (budget ≤ 100 ms):")
    load = timed(lambda: account.load_account(conn, cid, today=today), args.runs)
    show("load_account", load, 100)
    matches = timed(lambda: account.job_match_counts(conn, acct.jobs, today=today), args.runs)
    show(f"job-match counts ({len(acct.jobs)} open jobs)", matches, 100)
    both = timed(lambda: account.job_match_counts(conn, account.load_account(conn, cid, today=today).jobs,
                                                  today=today), args.runs)
    show("both together", both, 100)

    print("Clients list, page of 50 + count (budget ≤ 50 ms):")
    cases = {
        "all, by name": clients.ClientFilter(),
        "by lifetime value (per currency)": clients.ClientFilter(sort="value"),
        "overdue for a check-in": clients.ClientFilter(overdue=True, sort="checkin"),
        "active clients, mine (AM)": clients.ClientFilter(active=True, mine=True),
        "text 'gmbh'": clients.ClientFilter(text="gmbh"),
        "text 'health', active, by value": clients.ClientFilter(text="health", active=True, sort="value"),
    }
    for label, f in cases.items():
        def run(f=f):
            clients.list_clients(conn, f, today=today, me="AM", limit=50)
            clients.count_clients(conn, f, today=today, me="AM")
        show(label, timed(run, args.runs), 50)
    conn.close()


if __name__ == "__main__":
    main()
