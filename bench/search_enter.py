"""``enter`` in the Search section -> the recruiter's order drawn, and its why line, in a real pty.

deskcrm runs in a pty (120x40, ``search_repaint.Terminal``) on a demo database; for each query
we type it, let the screen settle, press enter and time write-of-enter ->

- rows: a name in the ranked first 20 (``store.search_order``, asked of the same engine in this
  process) that was nowhere in the unranked first 40 — it reaches the terminal only when the
  ranked page is drawn;
- why: the why line of the first ranked row ("why: python → title, skills · …", computed for
  that ONE row when the cursor lands on it), when it differs from the line before enter.

    .venv/bin/python bench/search_enter.py --db PATH [--rounds 3]

A figure is the whole of ``enter``: the ranked query (the engine's best 300, re-ordered), the
rows drawn, then the why of one row (and the exact count, which is not waited for here).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from search_repaint import NAME_WIDTH, SIZE, Terminal, pct  # noqa: E402

from deskcrm.domain.relevance import why_text  # noqa: E402
from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

QUERIES = ("python", "senior python", "python engineer berlin", "nurse london", "data engineer munich",
           "machine learning", "java salary<90k", "anna schmidt", "accountant", "engineer")


def markers(backend: SqliteSearch, text: str) -> tuple[bytes | None, bytes | None]:
    """(a row marker, the why line's marker) for enter on ``text``; None: nothing new to see."""
    typed, ranked = parse(text, typing=True), parse(text, typing=False)
    before = backend.search(typed, limit=40).rows
    after = backend.search(ranked, limit=20, ranked=True).rows
    old = {r.name for r in before}
    row = next((r.name.encode() for r in after if r.name not in old and len(r.name) < NAME_WIDTH
                and " " in r.name and r.name.casefold() not in text.casefold()), None)
    why = why_text(backend.why(ranked, after[0].id)) if after else ""
    was = why_text(backend.why(typed, before[0].id)) if before else ""
    # the line is cut at the screen's width: its first 60 characters mark it
    return row, (why[:60].encode() if why and why != was else None)


def run(db: Path, rounds: int) -> dict[str, list[float]]:
    conn = store_db.connect(db)
    backend = SqliteSearch(conn, date.today(), None)
    home = Path(tempfile.mkdtemp(prefix="deskcrm-bench-home-"))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]),
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache")}
    term = Terminal([sys.executable, "-m", "deskcrm", "--db", str(db), "--me", "AM"], env)  # no first-run "who are you"
    rows_ms: list[float] = []
    why_ms: list[float] = []
    try:
        term.wait_for(b"Due today", timeout=60)
        term.drain(0.3)
        os.write(term.master, b"2")
        term.wait_for(b"recently contacted first", timeout=30)
        term.drain(0.3)
        plan = {q: markers(backend, q) for q in QUERIES}
        for round_no in range(rounds + 1):  # round 0 warms the caches
            for query in QUERIES:
                os.write(term.master, query.encode())
                term.drain(0.3)
                row, why = plan[query]
                r, w = term.key(b"\r", row, why, timeout=10)
                term.drain(0.3)
                if round_no:
                    rows_ms += [r] if r is not None else []
                    why_ms += [w] if w is not None else []
                term.key(b"/", None)  # back to the box, emptied
                os.write(term.master, b"\x15")
                term.drain(0.3)
    finally:
        term.close()
        conn.close()
    return {"rows": rows_ms, "why": why_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    got = run(args.db, args.rounds)
    for name, values in (("enter -> ranked rows drawn", got["rows"]), ("enter -> why line drawn", got["why"])):
        if values:
            print(f"{name}: p50 {statistics.median(values):.0f} ms  p95 {pct(values, 95):.0f} ms"
                  f"  max {max(values):.0f} ms  ({len(values)} timed)")


if __name__ == "__main__":
    main()
