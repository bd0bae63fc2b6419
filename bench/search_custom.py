"""Custom-field filters per keystroke: ``clearance:sc rate<700 skill:rust`` typed at 100k / 1M candidates.

    .venv/bin/python bench/search_custom.py --db PATH [--runs 3]

PATH is a demo desk (``deskcrm demo --db PATH --candidates 1000000 --seed 1 --no-open``). The
first run gives it three custom fields and fills them for the candidates, deterministically by
person id (one bulk statement and ``store.custom_index.rebuild``; later runs reuse them):

- Security clearance (one choice): SC 10 %, DV 2 %, BPSS 30 %, none for the rest;
- Day rate (money): 300–1,199 for 40 %;
- Visa (yes/no): yes 70 %, no 30 %.

Then every query of KEYSTROKES is typed one character at a time; each prefix of two or more
characters is parsed (typing=True, the desk's fields) and its first page of 50 fetched unranked
— what the search screen's worker does per keystroke (DESIGN.md §4: ≤ 5 ms p50, ≤ 16 ms p95 at
1M). Printed per query and over all keystrokes: p50 / p95 / max of CPU time
(``time.process_time``: the box is shared, wall time is noisy) and of wall time, and the count.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import custom_fields, custom_index, db as store_db  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

KEYSTROKES = (
    "clearance:sc",
    "clearance:dv",
    "clearance:sc rate<700",
    "clearance:sc rate<700 skill:rust",
    "rate>1000 visa:no",
    "python clearance:dv",
    "nurse visa:yes",
    "clearance:bpss skill:java city:berlin",
    "rate<400",
    "python rate<400",
)


def prepare(conn) -> tuple:  # noqa: ANN001
    """The three fields and their values (once per desk); the desk's searchable fields."""
    # a desk built by an earlier revision of this branch's migration 0018 lacks the range index
    conn.execute("CREATE INDEX IF NOT EXISTS ix_custom_value_num ON custom_value (field_id, num, person_id)")
    if not custom_fields.person_fields(conn):
        t = time.perf_counter()
        clearance = custom_fields.add_field(conn, "candidate", "Security clearance", "choice",
                                            choices=["SC", "DV", "BPSS"]).field
        rate = custom_fields.add_field(conn, "candidate", "Day rate", "money").field
        visa = custom_fields.add_field(conn, "person", "Visa", "yes_no").field
        rows = []
        for (pid,) in conn.execute("SELECT person_id FROM candidate_profile ORDER BY person_id"):
            h = (pid * 2654435761) % 1000  # deterministic, spread over ids
            values: dict = {visa.key: h % 10 < 7}
            if h < 100:
                values[clearance.key] = "SC"
            elif h < 120:
                values[clearance.key] = "DV"
            elif h < 420:
                values[clearance.key] = "BPSS"
            if (h * 7) % 10 < 4:
                values[rate.key] = {"amount": float(300 + (h * 13) % 900), "currency": "GBP"}
            rows.append((json.dumps(values, sort_keys=True), pid))
        with store_db.write(conn):
            conn.executemany("UPDATE person SET custom = ? WHERE id = ?", rows)
            written = custom_index.rebuild(conn)
        conn.execute("ANALYZE custom_value")
        print(f"filled {len(rows):,} candidates, {written:,} filter rows in {time.perf_counter() - t:.1f}s")
    return custom_fields.person_fields(conn)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    conn = store_db.connect(args.db if "://" in args.db else Path(args.db))
    fields = prepare(conn)
    people = conn.execute("SELECT count(*) FROM candidate_profile").fetchone()[0]
    backend = SqliteSearch(conn, date(2026, 12, 7), correct=False)
    print(f"{people:,} candidates · first page of 50 per keystroke, unranked · CPU and wall, ms")
    print(f"{'query':<40} {'cpu p50':>8} {'cpu p95':>8} {'cpu max':>8} {'wall p95':>9} {'matches':>9}")
    every_cpu: list[float] = []
    every_wall: list[float] = []
    for text in KEYSTROKES:
        cpu: list[float] = []
        wall: list[float] = []
        for _ in range(args.runs):
            for end in range(2, len(text) + 1):
                c, w = time.process_time(), time.perf_counter()
                backend.search(parse(text[:end], typing=True, fields=fields, vocabulary=None), limit=50)
                cpu.append((time.process_time() - c) * 1000)
                wall.append((time.perf_counter() - w) * 1000)
        total = backend.count(parse(text, typing=False, fields=fields, vocabulary=None))
        every_cpu += cpu
        every_wall += wall
        print(f"{text:<40} {pct(cpu, 50):>8.2f} {pct(cpu, 95):>8.2f} {max(cpu):>8.2f} {pct(wall, 95):>9.2f} "
              f"{total:>9,}")
    print(f"{'ALL KEYSTROKES (' + str(len(every_cpu)) + ')':<40} {statistics.median(every_cpu):>8.2f} "
          f"{pct(every_cpu, 95):>8.2f} {max(every_cpu):>8.2f} {pct(every_wall, 95):>9.2f}")
    plan = backend.explain(parse("clearance:dv", typing=False, fields=fields, vocabulary=None))
    print("plan of clearance:dv:", " | ".join(plan))


if __name__ == "__main__":
    main()
