"""``enter`` (the ranked page in the recruiter's order) by how many people a query matches: what
re-ordering every match of up to ``search_order.ALL`` (2,000), and the title matches beside the
engine's best ``WINDOW`` (300), costs (``store.search``, ``store.search_order``).

    .venv/bin/python bench/search_rank_window.py --db PATH_OR_URL [--src DIR] [--runs 3] [QUERY ...]

For each query: its matches (the count), ``enter``'s page of 100, CPU of this process
(``time.process_time``) and wall, the best of ``--runs`` (after one warm-up), and the first three
ids. ``--src``: another checkout's ``src`` to time instead (main's, to compare). Asserts nothing.

7 Dec 14:45 (the 1M bench desk, SQLite, load ~1.5; CPU ms, this code / main's in the run before):
"anna schmidt" (43 matches) 3.3 / 3.1, "accountant salary" (316) 18 / 16, "nurse munich
status:active" (1,400; its words 5,805) 71 / 34, "senior nurse london" (2,346) 108 / 58, "nurse
munich" (5,805) 58 / 35, "kubernetes london" (7,997) 48 / 40, "python berlin" (14,462) 68 / 44,
"machine learning" (21,974) 33 / 23, "python" (87,795) 38 / 24: the title matches' pass
(``Fts5.title_hits``, 6-50 ms) and 600 rows re-ordered instead of 300 (+8 ms). The first rows
change where a better fit was outside bm25's best 300 ("nurse munich": two nurses in Munich as
available and contacted on 29 and 20 Nov come before main's first, contacted on 10 Oct). PostgreSQL (the same desk copied there, 15:38;
the matches guessed first from the words' counts, ``TsVector.few``; the title pass walks the first
20,000 people, ``TsVector.title_hits``): 5-204 ms against main's 4-178 (+10-25 ms with the window).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

QUERIES = ("anna schmidt", "accountant salary", "nurse munich status:active", "senior nurse london", "nurse munich",
           "kubernetes london", "python berlin", "machine learning", "python")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("queries", nargs="*")
    args = ap.parse_args()
    sys.path.insert(0, str(args.src))
    from deskcrm.domain.search_query import parse
    from deskcrm.store import db
    from deskcrm.store.search import SqliteSearch

    conn = db.connect(args.db)
    search = SqliteSearch(conn, date.today())
    print(f"{'query':<30} {'matches':>8} {'enter CPU':>10} {'wall':>8}  first")
    for text in args.queries or QUERIES:
        query = parse(text, typing=False)
        matches = search.count(query)
        search.search(query, limit=100, ranked=True)
        best_cpu, best_wall, page = float("inf"), float("inf"), None
        for _ in range(args.runs):
            c0, t0 = time.process_time(), time.perf_counter()
            page = search.search(query, limit=100, ranked=True)
            best_cpu = min(best_cpu, time.process_time() - c0)
            best_wall = min(best_wall, time.perf_counter() - t0)
        first = [r.id for r in page.rows[:3]] if page else []
        print(f"{text:<30} {matches:>8,} {best_cpu * 1000:>7.1f} ms {best_wall * 1000:>5.1f} ms  {first}")
    conn.close()


if __name__ == "__main__":
    main()
