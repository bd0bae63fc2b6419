"""PostgreSQL typo correction's words (``person_fts_words``): what reading them costs, what they
find that the old sample (the first 4,000 people) did not, and what keeping them costs a write.

    .venv/bin/python bench/search_words_pg.py --db postgresql://…/bench100k [--runs 200]

Printed: the table's size; a prefix's words read from the table against the old walk of the
first 4,000 index rows; corrections of words only people past the first 4,000 hold; and one
person re-indexed (one save's index work, in a transaction rolled back) with the words kept
against the same re-index without them (the code before the table, inlined here). CPU is this
process's; the server's work shows in wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db, search_sql  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

PREFIXES = ("py", "ku", "be", "ma", "sc", "ha", "zu", "wi")


def old_words_with(conn, prefix: str) -> list[str]:  # noqa: ANN001 - the sample this replaces
    rows = conn.execute(
        "SELECT concat_ws(' ', f.name, f.headline, f.skills, f.employer, f.location)"
        " FROM (SELECT * FROM person_fts ORDER BY person_id LIMIT 4000) AS f"
        " WHERE f.doc @@ to_tsquery('simple', ?)", [f"'{prefix}':*"]).fetchall()
    return sorted({w for (text,) in rows for w in (text or "").split() if w.startswith(prefix)})


def old_index_people(conn, ids: list[int]) -> None:  # noqa: ANN001 - pg_index_people before the words
    cols = ", ".join(search_sql.INDEX_COLUMNS)
    update = ", ".join(f"{c} = excluded.{c}" for c in search_sql.INDEX_COLUMNS)
    marks = ",".join("?" * len(ids))
    rows = [search_sql._index_row(r) for r in conn.execute(f"{search_sql._SOURCE} AND p.id IN ({marks})", ids)]
    conn.executemany(f"INSERT INTO person_fts (person_id, {cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                     f" ON CONFLICT (person_id) DO UPDATE SET {update}", rows)


def timed(fn) -> tuple[float, float, object]:  # noqa: ANN001
    c, w = time.process_time(), time.perf_counter()
    out = fn()
    return (time.process_time() - c) * 1000, (time.perf_counter() - w) * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    conn = store_db.connect(args.db)
    words, people = conn.execute("SELECT count(*), coalesce(sum(people), 0) FROM person_fts_words").fetchone()
    print(f"person_fts_words: {words:,} words ({people:,} person-word pairs)")
    tsql = search_sql.TSVECTOR
    for name, fn in (("table", lambda p: tsql.index_words_with(conn, p)), ("old sample", lambda p: old_words_with(conn, p))):
        cpu, wall, found = [], [], 0
        for _ in range(3):
            for p in PREFIXES:
                c, w, out = timed(lambda p=p: fn(p))
                cpu.append(c)
                wall.append(w)
                found += len(out)
        print(f"  a prefix's words, {name:<10}: p50 {statistics.median(wall):6.2f} ms wall"
              f" ({statistics.median(cpu):.2f} ms CPU), {found // 3:,} words for {len(PREFIXES)} prefixes")
    # words only people past the first 4,000 hold: what the sample could never offer
    rare = [w for (w,) in conn.execute(
        "SELECT w.word FROM person_fts_words AS w WHERE w.people = 1 AND length(w.word) >= 7"
        " AND w.word ~ '^[a-z]+$' ORDER BY w.word LIMIT 400").fetchall()]
    backend = SqliteSearch(conn, date.today())
    late, fixed = 0, 0
    for word in rare:
        first = conn.execute("SELECT min(person_id) FROM person_fts AS f WHERE f.doc @@ to_tsquery('simple', ?)",
                             [f"'{word}'"]).fetchone()[0]
        if first is None or first <= 4000:
            continue
        late += 1
        typo = word[:3] + word[4] + word[3] + word[5:]  # two letters swapped
        page = backend.search(parse(typo, typing=False), limit=5)
        fixed += page.corrected == ((typo, word),)
        if late == 20:
            break
    print(f"  typos of {late} words held only past the first 4,000 people: {fixed} corrected to them")
    # the cost of keeping the words: one person re-indexed with a changed headline, rolled back
    ids = [r[0] for r in conn.execute("SELECT person_id FROM person_fts ORDER BY person_id DESC LIMIT ?",
                                      [args.runs]).fetchall()]
    for name, fn in (("with the words", lambda i: search_sql.pg_index_people(conn, [i])),
                     ("without (before)", lambda i: old_index_people(conn, [i]))):
        cpu, wall = [], []
        for i in ids:
            conn.execute("BEGIN")
            conn.execute("UPDATE person SET headline = headline || ' Zyxwell' WHERE id = ?", [i])
            c, w, _ = timed(lambda i=i: fn(i))
            conn.execute("ROLLBACK")
            cpu.append(c)
            wall.append(w)
        print(f"  one save's re-index, {name:<17}: p50 {statistics.median(wall):.2f} ms wall"
              f" ({statistics.median(cpu):.2f} ms CPU), p95 {sorted(wall)[int(len(wall) * .95)]:.2f} ms wall")
    conn.close()


if __name__ == "__main__":
    main()
