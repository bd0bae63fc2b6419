"""Duplicate check speed: ``store.duplicates.find_duplicates`` on demo databases (100k, 1M).

The check runs in a worker before every create and edit. For a sample of existing candidates
(every 997th with an employer) it asks about a near-copy: the same phone and LinkedIn, the
email changed (no exact hit) and the last letter of the name changed (only the fuzzy
name + employer rule can find it by name) — and reports p50 / p95 / max and how many of the
originals were found. Figures only; nothing is asserted.

    .venv/bin/python bench/duplicates.py [--db PATH ...]

Without --db it uses the demo databases bench/launch.py and bench/search.py build in the temp
dir (deskcrm-bench-100000.db, deskcrm-bench-1000000.db) when they exist.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.store import db as store_db
from deskcrm.store.duplicates import find_duplicates


def bench(path: Path, samples: int = 300) -> None:
    conn = store_db.connect(path)
    rows = conn.execute(
        "SELECT p.id, p.name, p.email, p.phone, p.linkedin_url, cp.current_employer FROM person p"
        " JOIN candidate_profile cp ON cp.person_id = p.id WHERE cp.current_employer IS NOT NULL"
        " AND p.id % 997 = 1 LIMIT ?", (samples,)).fetchall()
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    timings, found, by_name = [], 0, 0
    for pid, name, email, phone, linkedin, employer in rows:
        typo = name[:-1] + ("x" if name[-1] != "x" else "y")
        values = {"name": typo, "email": "new." + (email or "x@x.io"), "phone": phone,
                  "linkedin_url": linkedin, "current_employer": employer}
        start = time.perf_counter()
        matches = find_duplicates(conn, values)
        timings.append((time.perf_counter() - start) * 1000)
        hit = next((m for m in matches if m.person_id == pid), None)
        found += hit is not None
        by_name += hit is not None and any(r.startswith(("same name", "similar name")) for r in hit.reasons)
    conn.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{path.name}: {people:,} people · {len(timings)} checks · p50 {statistics.median(timings):.1f} ms"
          f" · p95 {p95:.1f} ms · max {timings[-1]:.1f} ms · originals found {found}/{len(rows)}"
          f" (by name + employer {by_name})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", action="append", type=Path, help="a deskcrm database (repeatable)")
    args = ap.parse_args()
    paths = args.db or [Path(tempfile.gettempdir()) / f"deskcrm-bench-{n}.db" for n in (100_000, 1_000_000)]
    for path in paths:
        if path.exists():
            bench(path)
        else:
            print(f"{path}: missing (build it with bench/search.py or `deskcrm demo`)")


if __name__ == "__main__":
    main()
