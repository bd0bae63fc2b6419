"""Bench desk for the reports: a copy of a demo desk topped up to N placements (issue 13 item 5:
1M candidates / 100k placements; the 1M demo has 50k).

    .venv/bin/python bench/reports_desk.py --from /work/bench-data/1m.db --to /tmp/repperf-1m.db \\
        [--placements 100000] [--date 2026-12-05] [--seed 13]

The source is opened read-only and copied with SQLite's backup API, then upgraded
(``migrate.ensure_current``; its pre-migration backup is deleted at once: 2.6 GB each). The new
placements are realistic ones: for an offer date drawn uniformly over the 5 years before ``--date``,
a demo placement offered within 30 days of it (before the demo's history: one of its oldest year)
is the template (so statuses, fee statuses,
credits, currencies, clients and jobs keep the demo's proportions and stay consistent with the
date); every date of it is shifted to the new offer date, a candidate of the desk not yet on that
job is placed through a new submission at Placed (its source as the template's), with the
stage-change activity and the check-in calls the demo writes. Delete the copy when done.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.store import migrate  # noqa: E402

_DATES = ("offer_accepted_on", "start_date", "invoice_date", "invoice_due", "paid_on", "guarantee_end",
          "checkin_30", "checkin_60", "checkin_90", "left_on", "end_date")
_STAMPS = ("checkin_30_done_at", "checkin_60_done_at", "checkin_90_done_at")


def copy(src: str, dest: Path) -> None:
    dest.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    with target:
        source.backup(target, pages=65536)
    source.close()
    target.close()
    taken = migrate.ensure_current(dest)
    if taken is not None:
        Path(taken).unlink(missing_ok=True)


def _shift(value: str | None, days: int) -> str | None:
    if value is None:
        return None
    if len(value) == 10:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    return (datetime.fromisoformat(value) + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S.%f")


def _near(offers: list[str], offer: date) -> tuple[int, int]:
    """The templates for an offer date: the demo's placements within 30 days of it; before the
    demo's history (or where it is thin), those of its oldest year (settled statuses)."""
    lo = bisect_left(offers, (offer - timedelta(days=30)).isoformat())
    hi = bisect_right(offers, (offer + timedelta(days=30)).isoformat())
    if hi - lo >= 50:
        return lo, hi
    return 0, bisect_right(offers, (date.fromisoformat(offers[0]) + timedelta(days=365)).isoformat())


def top_up(path: Path, want: int, today: date, seed: int) -> int:
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(placement)")]
    rows = conn.execute("SELECT * FROM placement ORDER BY offer_accepted_on").fetchall()
    need = want - len(rows)
    if need <= 0:
        return 0
    offers = [r[cols.index("offer_accepted_on")] for r in rows]
    sub_cols = [r[1] for r in conn.execute("PRAGMA table_info(submission)")]
    source_of = dict(conn.execute("SELECT id, source FROM submission"))
    taken = set(conn.execute("SELECT person_id, job_id FROM submission"))
    people = [r[0] for r in conn.execute(
        "SELECT id FROM person WHERE id NOT IN (SELECT person_id FROM contact_role)")]
    sid = conn.execute("SELECT max(id) FROM submission").fetchone()[0]
    plid = conn.execute("SELECT max(id) FROM placement").fetchone()[0]
    aid = conn.execute("SELECT max(id) FROM activity").fetchone()[0]
    first = today - timedelta(days=5 * 365)
    subs, pls, acts = [], [], []
    for _ in range(need):
        offer = first + timedelta(days=rng.randrange((today - first).days))
        k = rng.randrange(*_near(offers, offer))
        t = dict(zip(cols, rows[k]))
        days = (offer - date.fromisoformat(t["offer_accepted_on"])).days
        while True:
            person = rng.choice(people)
            if (person, t["job_id"]) not in taken:
                taken.add((person, t["job_id"]))
                break
        sid, plid = sid + 1, plid + 1
        at = f"{offer.isoformat()} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00.000000"
        sub = {c: None for c in sub_cols} | {
            "id": sid, "person_id": person, "job_id": t["job_id"], "stage": "placed", "stage_changed_at": at,
            "interview_at": _shift(at, -rng.randrange(3, 13)), "source": source_of.get(t["submission_id"]),
            "rank": 0.0, "created_at": _shift(at, -rng.randrange(10, 51)), "version": 1}
        subs.append(tuple(sub[c] for c in sub_cols))
        new = t | {"id": plid, "submission_id": sid, "person_id": person, "rank": float(plid), "version": 1}
        for c in (*_DATES, *_STAMPS):
            if c in new:
                new[c] = _shift(new[c], days)
        pls.append(tuple(new[c] for c in cols))
        aid += 1
        acts.append((aid, "stage_change", f"Placed: offer accepted, starts {new['start_date']}", at,
                     new["recruiter_id"], person, new["company_id"], new["job_id"], plid, sid))
        for x, c in enumerate(_STAMPS):
            if new[c] is not None:
                aid += 1
                acts.append((aid, "call_talked", f"{30 * (x + 1)}-day check-in", new[c], new["recruiter_id"],
                             person, None, None, plid, None))
    with conn:
        conn.executemany(f"INSERT INTO submission ({', '.join(sub_cols)}) VALUES "
                         f"({', '.join('?' * len(sub_cols))})", subs)
        conn.executemany(f"INSERT INTO placement ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", pls)
        conn.executemany("INSERT INTO activity (id, kind, body, at, author_id, person_id, company_id, job_id, "
                         "placement_id, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", acts)
    conn.execute("ANALYZE")
    conn.close()
    return need


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--from", dest="src", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--placements", type=int, default=100_000)
    ap.add_argument("--date", default="2026-12-05")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    dest = Path(args.to)
    t0 = time.perf_counter()
    copy(args.src, dest)
    print(f"copied and upgraded in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    added = top_up(dest, args.placements, date.fromisoformat(args.date), args.seed)
    print(f"{added:,} placements added in {time.perf_counter() - t0:.0f} s: {dest} (delete it when done)")


if __name__ == "__main__":
    main()
