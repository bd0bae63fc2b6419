"""Benchmark: the due-today list (DESIGN.md §4: 100k placements ≤ 10 ms; issue 10: load +
engine ≤ 30 ms at 1M candidates, growing with the items, not with the desk). 2-core box.

Two parts:

- the pure engine over seeded synthetic records shaped like a real desk five years in: ~3% of
  placements live (offer accepted / in guarantee, invoices out), the rest history (guarantee
  passed, check-ins done, fee paid), with a sprinkle of the untidy cases (unticked check-ins,
  slow payers, fell-offs);
- with ``--db`` (or :func:`measure`), the real path on a database: the SQL load of the facts,
  the engine over them, ``compute_for`` as ``deskcrm due`` and the launch prefetch run it, and
  the work of the load counted in SQLite VM steps (a count, not a time: noise-free).

Prints figures; asserts nothing (budgets are measured here, never in unit tests).

    .venv/bin/python bench/due.py [--runs N] [--db PATH [--date YYYY-MM-DD]] [--no-engine]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import fields
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.due import (
    CandidateFacts,
    CompanyFacts,
    ConsentFacts,
    DueFacts,
    InterviewFacts,
    PlacementFacts,
    compute_due,
)

TODAY = date(2026, 5, 11)
YEARS5 = 5 * 365
CURRENCIES = ("EUR", "EUR", "EUR", "GBP", "USD")


def days(n: int) -> timedelta:
    return timedelta(days=n)


def placements(n: int, rng: random.Random, unticked: float = 0.02) -> list[PlacementFacts]:
    out = []
    for i in range(1, n + 1):
        company_id = rng.randint(1, 2000)
        fee = float(rng.randrange(8_000, 40_000, 500))
        live = rng.random() < 0.03
        if live:
            start = TODAY + days(rng.randint(-95, 30))
            status = "offer_accepted" if start > TODAY else "started"
            checkins = [start + days(k) for k in (30, 60, 90)]
            done = [c < TODAY and rng.random() < 0.85 for c in checkins]
            if start > TODAY:
                fee_status, invoice_due = "not_invoiced", None
            else:
                invoice_due = start + days(30)
                paid = invoice_due < TODAY - days(10) and rng.random() < 0.7
                fee_status = "paid" if paid else "invoiced"
        else:
            start = TODAY - days(rng.randint(100, YEARS5))
            r = rng.random()
            status = "guarantee_passed" if r < 0.92 else ("fell_off" if r < 0.97 else "guarantee_failed")
            checkins = [start + days(k) for k in (30, 60, 90)]
            done = [rng.random() >= unticked for _ in checkins]
            invoice_due = start + days(30)
            r = rng.random()
            if status == "guarantee_failed":
                fee_status = "credited"
            elif status == "fell_off":
                fee_status, invoice_due = "not_invoiced", None
            else:
                fee_status = "invoiced" if r < 0.005 else "paid"  # the odd slow payer
        if status == "fell_off":
            start, checkins, done = None, [None, None, None], [False, False, False]
        out.append(PlacementFacts(
            id=i, candidate_id=rng.randint(1, 100_000), candidate_name=f"Candidate {i}",
            company_id=company_id, company_name=f"Company {company_id}",
            job_id=rng.randint(1, 30_000), job_title="Senior Engineer", status=status,
            start_date=start, guarantee_end=start + days(90) if start else None,
            checkin_30=checkins[0], checkin_60=checkins[1], checkin_90=checkins[2],
            checkin_30_done=done[0], checkin_60_done=done[1], checkin_90_done=done[2],
            fee_status=fee_status, invoice_due=invoice_due, fee_amount=fee,
            currency=rng.choice(CURRENCIES),
        ))
    return out


def companies(n: int, rng: random.Random) -> list[CompanyFacts]:
    stages = ("target", "contacted", "meeting", "terms_sent", "active_client", "dormant", "lost")
    weights = (25, 15, 8, 5, 30, 12, 5)
    out = []
    for i in range(1, n + 1):
        stage = rng.choices(stages, weights)[0]
        out.append(CompanyFacts(
            id=i, name=f"Company {i}", bd_stage=stage,
            checkin_cadence_days=rng.choice((14, 30, 30, 60, None)),
            last_contact=None if rng.random() < 0.05 else TODAY - days(rng.randint(0, 120)),
            contact_id=rng.randint(1, 100_000), contact_name=f"Manager {i}",
        ))
    return out


def candidates(n: int, rng: random.Random) -> list[CandidateFacts]:
    statuses = ("active", "passive", "placed", "do_not_contact")
    out = []
    for i in range(1, n + 1):
        created = TODAY - days(rng.randint(0, YEARS5))
        age = (TODAY - created).days
        touch = None if rng.random() < 0.3 else created + days(rng.randint(0, age))
        out.append(CandidateFacts(
            id=i, name=f"Candidate {i}", employer=f"Employer {i % 5000}",
            status=rng.choices(statuses, (20, 60, 12, 8))[0], last_touch=touch, created=created,
        ))
    return out


def interviews(n: int, rng: random.Random) -> list[InterviewFacts]:
    out = []
    for i in range(1, n + 1):
        day = TODAY + days(rng.randint(-20, 20))
        out.append(InterviewFacts(
            submission_id=i, candidate_id=rng.randint(1, 100_000), candidate_name=f"Candidate {i}",
            company_id=rng.randint(1, 2000), company_name="Company", job_id=rng.randint(1, 30_000),
            job_title="Senior Engineer",
            interview_at=datetime(day.year, day.month, day.day, rng.randint(9, 17), rng.choice((0, 30))),
        ))
    return out


def consents(people: list[CandidateFacts], rng: random.Random) -> list[ConsentFacts]:
    """Two-year retention, renewed at review; Art. 14 notices mostly sent within days."""
    out = []
    for c in people:
        sourced = c.created
        recent = (TODAY - sourced).days < 30
        expires = sourced + days(730)
        if expires < TODAY:  # reviewed and renewed, bar the odd one nobody got to yet
            expires = TODAY + days(rng.randint(-60, 730)) if rng.random() < 0.01 else (
                TODAY + days(rng.randint(1, 730)))
        out.append(ConsentFacts(
            person_id=c.id, person_name=c.name, sourced_at=sourced,
            first_contact_at=sourced + days(rng.randint(0, 20)) if rng.random() < 0.7 else None,
            notice_sent_at=None if rng.random() < (0.4 if recent else 0.005)
            else sourced + days(rng.randint(0, 5)),
            expires_at=expires, withdrawn=rng.random() < 0.01,
        ))
    return out


def time_engine(facts: DueFacts, runs: int) -> tuple[float, list]:
    """Median wall time of ``compute_due``; the collector stays on, as it is in the app."""
    times = []
    items: list = []
    gc.collect()  # once: a full collection before every run would evict the caches each time
    for _ in range(runs):
        t0 = time.perf_counter()
        items = compute_due(facts, TODAY)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, items


def engine_100k(runs: int = 31) -> float:
    """The engine over 100k raw synthetic placements (the DESIGN.md §4 figure), median ms."""
    ms, _ = time_engine(DueFacts(placements=placements(100_000, random.Random(20260511))), runs)
    return ms


def _vm_steps(conn, today: date, settings) -> int:  # noqa: ANN001
    """SQLite virtual-machine steps of one load (to the nearest 10): the work, not the time."""
    from deskcrm.store import due_store

    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)
    try:
        due_store.load_facts(conn, today, settings)
    finally:
        conn.set_progress_handler(None, 0)
    return count[0] * 10


def measure(db_path: str, runs: int = 31, today: date | None = None, *, engine: bool = True) -> dict[str, float]:
    """Figures of the due list on the database at ``db_path`` (ms unless named otherwise): the
    SQL load, the stored state, the engine over what was loaded, load + state + engine on an
    open connection, ``compute_for`` (connect + all that: ``deskcrm due``, the launch prefetch),
    the load's SQLite VM steps and the fact / item counts; and, with ``engine``, the pure engine
    over 100k raw synthetic placements."""
    from deskcrm.domain import clock
    from deskcrm.domain.due import DueSettings
    from deskcrm.work.due_list import compute_for
    from deskcrm.store import db, due_store

    day = today or clock.today()
    settings = DueSettings()

    def median(fn) -> tuple[float, object]:  # noqa: ANN001
        times, result = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times), result

    conn = db.connect(Path(db_path))  # reads only; a WAL file still gets its -shm: use a copy
    try:
        load_ms, facts = median(lambda: due_store.load_facts(conn, day, settings))
        state_ms, state = median(lambda: due_store.load_state(conn))
        engine_ms, items = median(lambda: compute_due(facts, day, settings, state))
        total_ms, _ = median(lambda: compute_due(due_store.load_facts(conn, day, settings), day, settings,
                                                 due_store.load_state(conn)))
        steps = _vm_steps(conn, day, settings)
    finally:
        conn.close()
    report_ms, _ = median(lambda: compute_for(Path(db_path), day, settings))
    out = {
        "due load (SQL)": load_ms,
        "due state": state_ms,
        "due engine over the load": engine_ms,
        "due load + engine": total_ms,
        "due compute_for (connect + load + engine)": report_ms,
        "due load VM steps (count)": float(steps),
        "due facts loaded (count)": float(sum(len(v) if isinstance(v := getattr(facts, f.name), tuple | list) else 0 for f in fields(facts))),
        "due items (count)": float(len(items)),
    }
    if engine:
        out["due engine, 100k raw placements"] = engine_100k(runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--db", help="also measure the SQL load + engine on this database (a copy: opening"
                                     " a WAL database creates its -shm file)")
    parser.add_argument("--date", type=date.fromisoformat, help="the day to compute for (default: today)")
    parser.add_argument("--no-engine", action="store_true", help="skip the synthetic engine figures")
    args = parser.parse_args()
    runs = args.runs
    if not args.no_engine:
        engine_figures(runs)
    if args.db:
        on_database(args.db, runs, args.date)


def engine_figures(runs: int) -> None:

    rng = random.Random(20260511)
    ps = placements(100_000, rng)
    people = candidates(100_000, rng)
    full = DueFacts(ps, companies(2_000, rng), people, interviews(500, rng), consents(people, rng))
    untidy = DueFacts(placements(100_000, random.Random(7), unticked=0.2))

    live = sum(p.status in ("offer_accepted", "started") for p in ps) / len(ps)
    print(f"python {sys.version.split()[0]}, today {TODAY}, {live:.1%} of placements live")

    ms, items = time_engine(DueFacts(placements=ps), runs)
    print(f"due: 100k placements: {ms:.1f} ms (median of {runs} runs), budget 10 ms"
          f" [{len(items)} items]")

    ms, items = time_engine(full, runs)
    print(f"due: full facts (100k placements, 2k companies, 100k candidates, 500 interviews,"
          f" 100k consents): {ms:.1f} ms (median of {runs} runs) [{len(items)} items]")
    buckets = Counter(i.bucket for i in items)
    kinds = Counter(i.kind for i in items)
    print("     buckets: " + ", ".join(f"{b} {buckets[b]}" for b in ("overdue", "today", "upcoming")))
    print("     kinds:   " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))

    rows = [tuple(getattr(p, f.name) for f in fields(PlacementFacts)) for p in ps]
    t0 = time.perf_counter()
    rebuilt = [PlacementFacts(*row) for row in rows]
    build_ms = (time.perf_counter() - t0) * 1000
    # What a loader's SQL WHERE can keep (it knows today and the settings too):
    #   status NOT IN ('fell_off', 'guarantee_failed') AND (fee_status = 'invoiced'
    #   OR status = 'started' OR (checkin_N not done AND checkin_N BETWEEN today-45 AND today+7))
    lo, hi = TODAY - days(45), TODAY + days(7)

    def could_be_due(p: PlacementFacts) -> bool:
        return p.status not in ("fell_off", "guarantee_failed") and (
            p.fee_status == "invoiced" or p.status == "started" or any(
                not done and d is not None and lo <= d <= hi
                for d, done in ((p.checkin_30, p.checkin_30_done), (p.checkin_60, p.checkin_60_done),
                                (p.checkin_90, p.checkin_90_done))))

    live_rows = [row for row, p in zip(rows, ps) if could_be_due(p)]
    ms_live, _ = time_engine(DueFacts(placements=[PlacementFacts(*row) for row in live_rows]), runs)
    print(f"context: building the 100k PlacementFacts from row tuples alone takes {build_ms:.0f} ms;"
          f" if the loader's SQL keeps only the {len(live_rows)} placements that can be due,"
          f" due over those: {ms_live:.1f} ms")
    del rebuilt

    ms, items = time_engine(untidy, runs)
    print(f"due: 100k placements, 20% of history with check-ins never ticked: {ms:.1f} ms"
          f" (median of {runs} runs) [{len(items)} items]")


def on_database(db_path: str, runs: int, today: date | None) -> None:
    """The real path on a database file: what a launch and ``deskcrm due`` pay."""
    figures = measure(db_path, runs, today, engine=False)
    print(f"database {db_path} (median of {runs}):")
    for name, value in figures.items():
        print(f"  {name}: {value:,.0f}" if name.endswith("(count)") else f"  {name}: {value:.2f} ms")


if __name__ == "__main__":
    main()
