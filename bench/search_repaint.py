"""Keystroke -> search results repainted, in a real pseudo-terminal (DESIGN.md §4: <= 50 ms p95
at 100k candidates, <= 80 ms at 1M).

deskcrm runs in a pty (120x40) on a demo database; we press 2 (Search) and type queries one
character at a time, like a recruiter on a call (a pause after each key). For every keystroke
we ask the same engine, in this process, which people the new first page shows and which the
old one showed, and take as the marker the full name of a person in the new page's first 20
rows who was nowhere in the old page's first 40 (nor in the query text). That name reaches the
terminal only when the new results are drawn, so write-of-the-key -> marker-in-the-output is
the repaint latency: the Input's own echo, the worker, the query, the message back and the
frame. Keystrokes whose first page does not change (a 1-character word, the same people) have
no marker and are typed but not timed.

Also timed, for keystrokes whose count line changes: write-of-the-key -> the count line as
the screen draws it with the rows ("≈ 1,200 matches", the store's free estimate from a full
page, or the exact count when the page is the whole answer) — the §4 keystroke budget, issue
10 item 4 — and write-of-the-key -> the exact count ("1,225 matches"), the worker's second
step, which at 1M costs what FTS5 costs.

    .venv/bin/python bench/search_repaint.py [--db PATH] [--rounds 3] [--pause 0.15]

``measure(db_path)`` returns the figures (ms) for bench/scale.py.

Without --db it uses the 100k demo at $TMPDIR/deskcrm-bench-100000.db (built if missing).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.screens.search_rows import about  # noqa: E402
from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

SIZE = (120, 40)
QUERIES = ("schmidt", "python berlin", "anna", "data engineer", "müller", "nurse munich", "kowalski",
           "senior java", "garcía", "product manager london")
NEW_ROWS, OLD_ROWS = 20, 40  # surely drawn / possibly on screen (about 32 rows show at 120x40)
NAME_WIDTH = 20  # the name column at 120 columns: longer names are cut
PAGE = 100  # SearchScreen.PAGE_SIZE: the page whose end gives the estimate
Marker = bytes | tuple[bytes, ...] | None
BUDGETS_P95_MS = ((500_000, 50.0), (None, 80.0))  # up to ~100k people: 50 ms; 1M: 80 ms


class Terminal:
    """deskcrm in a pty: write keys, wait for bytes in its output."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.seen = b""

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:
            raise RuntimeError(f"deskcrm ended; last output: {self.seen[-400:]!r}") from None
        self.seen = (self.seen + chunk)[-(1 << 16):]
        return chunk

    def drain(self, quiet: float) -> None:
        """Read until nothing arrives for ``quiet`` seconds."""
        while self.read(quiet):
            pass

    def wait_for(self, marker: bytes, timeout: float = 20.0, since: bytes = b"") -> float:
        start = time.perf_counter()
        buf = since
        while marker not in buf:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{marker!r} not drawn within {timeout} s; last output: {self.seen[-400:]!r}")
            buf += self.read(left)
        return time.perf_counter() - start

    def key(self, data: bytes, *markers: Marker, timeout: float = 5.0) -> list[float | None]:
        """Write a key; ms until each marker appears (None for a marker not asked; a tuple of
        bytes: whichever of them appears first)."""
        t0 = time.perf_counter()
        os.write(self.master, data)
        buf = b""
        got: dict[int, float] = {}
        wanted = {i: (m if isinstance(m, tuple) else (m,)) for i, m in enumerate(markers) if m}
        while any(i not in got for i in wanted):
            left = timeout - (time.perf_counter() - t0)
            if left <= 0:
                missing = [wanted[i] for i in wanted if i not in got]
                raise TimeoutError(f"{missing!r} not drawn after {data!r}; last output: {self.seen[-600:]!r}")
            buf += self.read(left)
            now = time.perf_counter()
            for i, options in wanted.items():
                if i not in got and any(m in buf for m in options):
                    got[i] = (now - t0) * 1000
        return [got.get(i) for i in range(len(markers))]

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        os.close(self.master)


def count_line(backend: SqliteSearch, typed: str) -> str:
    """The count as the screen shows it with the rows: the estimate of a full page, else exact."""
    q = parse(typed, typing=True)
    page = backend.search(q, limit=PAGE)
    if len(page.rows) < PAGE:
        n = len(page.rows)
        return "No matches" if n == 0 else ("1 match" if n == 1 else f"{n:,} matches")
    if page.estimate is None:
        return f"≥ {PAGE} matches…"
    return f"≈ {about(max(page.estimate, PAGE))} {'people' if q.is_empty else 'matches'}"


def markers(backend: SqliteSearch, typed: str, before: str) -> tuple[Marker, Marker, Marker]:
    """(row marker, count line marker, exact count marker) for typing the last character of
    ``typed`` after ``before``; None where the screen would not change. The count line is the
    estimate, or the exact count when it lands before the frame is drawn."""
    new_q, old_q = parse(typed, typing=True), parse(before, typing=True)
    new_rows = backend.search(new_q, limit=NEW_ROWS).rows
    old_names = {r.name for r in backend.search(old_q, limit=OLD_ROWS).rows}
    row_marker = None
    for r in new_rows:
        if r.name not in old_names and len(r.name) < NAME_WIDTH and r.name.casefold() not in typed.casefold() \
                and " " in r.name and all(r.name not in o for o in old_names):
            row_marker = r.name.encode()
            break
    line_marker = count_marker = None
    if new_q.terms and not _same(new_q, old_q):
        line, old_line = count_line(backend, typed), count_line(backend, before)
        new_total, old_total = backend.count(new_q), backend.count(old_q)
        shown, old_shown = f"{new_total:,} matches", f"{old_total:,} matches"
        olds = (old_line, old_shown)  # what the line may still say (redrawn unchanged: no marker)
        exact_new = new_total > 1 and not any(o.endswith(shown) for o in olds) and shown not in typed
        if not any(o.endswith(line) for o in olds) and line not in typed:
            line_marker = (line.encode(), shown.encode()) if exact_new and line != shown else line.encode()
        # drawn only as the exact count (not in a line before, nor as the rows' own line)
        if exact_new and not line.endswith(shown):
            count_marker = shown.encode()
    return row_marker, line_marker, count_marker


def _same(a, b) -> bool:
    from dataclasses import replace

    return replace(a, source="") == replace(b, source="")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(db: Path, *, rounds: int = 3, pause: float = 0.15) -> dict[str, object]:
    """Type the queries ``rounds`` times in deskcrm in a pty; the timings (ms) and what was typed."""
    conn = store_db.connect(db)
    backend = SqliteSearch(conn, date.today(), None)
    people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    home = Path(tempfile.mkdtemp(prefix="deskcrm-bench-home-"))  # no user config
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]),
           "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache")}
    term = Terminal([sys.executable, "-m", "deskcrm", "--db", str(db), "--me", "AM"], env)  # no first-run "who are you"
    rows_ms: list[float] = []
    line_ms: list[float] = []
    count_ms: list[float] = []
    slow: list[tuple[float, str]] = []
    untimed = 0
    try:
        term.wait_for(b"Due today")
        term.drain(0.5)
        os.write(term.master, b"2")
        term.wait_for(b"recently contacted first")
        term.drain(0.3)
        for round_no in range(rounds + 1):  # round 0 warms caches and is not counted
            for query in QUERIES:
                for i in range(1, len(query) + 1):
                    row_marker, line_marker, count_marker = markers(backend, query[:i], query[: i - 1])
                    r, line, c = term.key(query[i - 1].encode(), row_marker, line_marker, count_marker)
                    term.drain(pause)
                    if round_no == 0:
                        continue
                    if r is None:
                        untimed += 1
                    else:
                        rows_ms.append(r)
                        slow.append((r, query[:i]))
                    if line is not None:
                        line_ms.append(line)
                    if c is not None:
                        count_ms.append(c)
                term.key(b"\x15", b"recently contacted first")  # ctrl+u: empty the box
                term.drain(pause)
    finally:
        term.close()
        conn.close()
    return {"people": people, "rows": rows_ms, "line": line_ms, "count": count_ms, "slow": slow, "untimed": untimed}


def measure(db_path: str, *, rounds: int = 3) -> dict[str, float]:
    """The figures for bench/scale.py: keystroke -> rows / count line / exact count, ms."""
    got = run(Path(db_path), rounds=rounds)
    out: dict[str, float] = {}
    for name, key in (("rows", "rows"), ("count_line", "line"), ("exact_count", "count")):
        values = got[key]
        if values:
            out[f"search_keystroke_{name}_p50"] = statistics.median(values)
            out[f"search_keystroke_{name}_p95"] = pct(values, 95)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="times every query is typed")
    parser.add_argument("--pause", type=float, default=0.15, help="quiet time after each key (typing speed)")
    args = parser.parse_args()
    db = args.db or Path(tempfile.gettempdir()) / "deskcrm-bench-100000.db"
    if not db.exists():
        from deskcrm.store.demo import build_demo

        print(f"building demo database with 100,000 candidates at {db} ...", flush=True)
        build_demo(db, candidates=100_000, seed=1)
    got = run(db, rounds=args.rounds, pause=args.pause)
    people, rows_ms, line_ms, count_ms = got["people"], got["rows"], got["line"], got["count"]
    p50, p95 = statistics.median(rows_ms), pct(rows_ms, 95)
    budget = next(ms for upto, ms in BUDGETS_P95_MS if upto is None or people <= upto)
    print(f"{db.name}: {people:,} people; {SIZE[0]}x{SIZE[1]} pty; {args.rounds} rounds of {len(QUERIES)} queries")
    print(f"keystroke -> results repainted: p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {max(rows_ms):.1f} ms"
          f"  ({len(rows_ms)} timed keystrokes, {got['untimed']} with no new rows)  — budget p95 {budget:.0f} ms:"
          f" {'within' if p95 <= budget else 'OVER'}")
    print("slowest: " + ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in sorted(got["slow"], reverse=True)[:6]))
    if line_ms:
        lp95 = pct(line_ms, 95)
        print(f"keystroke -> count line drawn (≈ estimate or exact): p50 {statistics.median(line_ms):.1f} ms"
              f"  p95 {lp95:.1f} ms  ({len(line_ms)} keystrokes)  — budget p95 {budget:.0f} ms:"
              f" {'within' if lp95 <= budget else 'OVER'}")
    if count_ms:
        print(f"keystroke -> exact count of all matches shown: p50 {statistics.median(count_ms):.1f} ms"
              f"  p95 {pct(count_ms, 95):.1f} ms  ({len(count_ms)} keystrokes)")


if __name__ == "__main__":
    main()
