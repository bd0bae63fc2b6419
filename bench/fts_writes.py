"""No user write waits for the search index (issue 10, item 2; the move to Placed of item 5).

Copies a demo database twice (SQLite's backup API; the source is never written), brings the
copies to the current schema (timing that migration), and then, interleaved burst by burst so
that the machine's noise falls on both alike:

- **edits**: single-person edits through ``person_write.update_person`` — the function the
  person form saves with — changing the headline and the notes of a random person (a re-index
  each). Copy A gets them back to back ("no idle merge": what a desk that is never idle gets);
  copy B in bursts with ``search_index.tidy`` run to the end between them (what the TUI does
  once the desk has been idle 1.5 s). p50/p95/p99/max of each save, and the idle merge's steps
  (the longest one is the longest a save can wait behind it).
- **moves** (copy B): a submission moved to Placed (placement created, job filled, other
  submissions withdrawn) and its undo (ctrl+z), one transaction each, with the idle merge
  between bursts.
- **search** on both copies afterwards: the keystroke query (what an unmerged index costs).

    .venv/bin/python bench/fts_writes.py --db /work/bench-data/1m.db [--edits 10000] [--burst 20]

``measure(db_path)`` returns the figures (ms unless named otherwise) for ``bench/scale.py``.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.pipeline_rules import PlacementInput  # noqa: E402
from deskcrm.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store import journal, migrate, moves, person_write, search_index  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

BUDGET_P95_MS, BUDGET_MAX_MS, BUDGET_MOVE_P95_MS = 5.0, 50.0, 5.0
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()
KEYSTROKES = ("python berlin", "senior nurse", "anna schmidt", "data engineer munich", "skill:java ber")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def _copy(source: Path, dest: Path) -> float:
    """A private copy of ``source`` on the current schema; returns the migration's seconds."""
    src, dst = store_db.connect(source), store_db.connect(dest, create=True)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    t0 = time.perf_counter()
    migrate.upgrade(str(dest))  # what ensure_current runs after its verified backup (not timed: a file copy)
    return time.perf_counter() - t0


class _Editor:
    """Random single-person edits, as the person form saves them."""

    def __init__(self, conn, seed: int) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.top = conn.execute("SELECT max(id) FROM person").fetchone()[0]

        self.cpu: list[float] = []  # CPU time of each edit (ms): what the machine's load does not inflate

    def _person(self) -> tuple[int, tuple]:
        while True:
            pid = self.rng.randint(1, self.top)
            found = self.conn.execute("SELECT p.version, cp.version FROM person p LEFT JOIN candidate_profile cp"
                                      " ON cp.person_id = p.id WHERE p.id = ? AND p.erased_at IS NULL",
                                      (pid,)).fetchone()
            if found:
                return pid, found

    def _values(self) -> dict[str, str]:
        rng = self.rng
        return {"headline": " ".join(rng.choice(WORDS).capitalize() for _ in range(3)),
                "notes": " ".join(f"{rng.choice(WORDS)}{rng.randint(0, 99)}" for _ in range(12))}

    def edit(self) -> float:
        pid, found = self._person()
        values = self._values()
        t0, c0 = time.perf_counter(), time.thread_time()
        person_write.update_person(self.conn, pid, values, expected_version=found[0],
                                   profile_expected_version=found[1])
        self.cpu.append((time.thread_time() - c0) * 1000)
        return (time.perf_counter() - t0) * 1000

    def floor(self) -> float:
        """The floor: one person's index row rewritten (``index_people``, one FTS5 statement) in a
        transaction of its own — no journal, no activity, no version check."""
        pid, _ = self._person()
        t0 = time.perf_counter()
        with store_db.write(self.conn):
            search_index.index_people(self.conn, [pid])
        return (time.perf_counter() - t0) * 1000


def _idle_merge(conn, steps_ms: list[float], steps_cpu: list[float] | None = None) -> float:
    """``tidy`` to the end, each step timed (a step holds the write lock). Returns the seconds."""

    def step(c) -> bool:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return search_index.merge_step(c)
        finally:
            steps_ms.append((time.perf_counter() - t0) * 1000)
            if steps_cpu is not None:
                steps_cpu.append((time.thread_time() - c0) * 1000)

    t0 = time.perf_counter()
    while not search_index.tidy(conn, seconds=60, step=step).done:
        pass
    return time.perf_counter() - t0


def _placed(conn, burst: int, steps_ms: list[float], limit: int) -> tuple[list[float], list[float]]:
    offered = [r[0] for r in conn.execute("SELECT id FROM submission WHERE stage = 'offered' ORDER BY id LIMIT ?",
                                          (limit,))]
    today = date.today()
    move_ms, undo_ms = [], []
    for i, sid in enumerate(offered):
        version = journal.row(conn, "submission", sid)["version"]
        p = PlacementInput(today, today + timedelta(days=30), 85_000.0, "EUR", 20.0, None)
        t0 = time.perf_counter()
        result = moves.move_submission(conn, sid, "placed", expected_version=version, placement=p,
                                       withdraw_others=True)
        move_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with store_db.write(conn):
            journal.undo(conn, result.txn)
        undo_ms.append((time.perf_counter() - t0) * 1000)
        if (i + 1) % burst == 0:
            _idle_merge(conn, steps_ms)
    return move_ms, undo_ms


def _keystrokes(conn) -> list[float]:
    backend = SqliteSearch(conn, date.today(), me="AM")
    out = []
    for run in range(3):
        for text in KEYSTROKES:
            for i in range(2, len(text) + 1):
                t0 = time.perf_counter()
                backend.search(parse(text[:i], typing=True), limit=50)
                if run:  # the first run warms the cache
                    out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(db_path: str, edits: int = 10_000, burst: int = 20, placed: int = 300) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="deskcrm-bench-fts-"))
    try:
        fig: dict[str, float] = {}
        fig["migration to head s"] = _copy(Path(db_path), tmp / "a.db")
        _copy(Path(db_path), tmp / "b.db")
        a, b = store_db.connect(tmp / "a.db"), store_db.connect(tmp / "b.db")
        fig["segments at start"] = search_index.index_shape(b).segments
        ea, eb = _Editor(a, 1), _Editor(b, 1)
        no_idle, idle, floor, steps, steps_cpu = [], [], [], [], []
        merging_s = 0.0
        while len(idle) < edits:
            n = min(burst, edits - len(idle))
            no_idle += [ea.edit() for _ in range(n)]
            idle += [eb.edit() for _ in range(n)]
            floor += [eb.floor() for _ in range(max(1, n // 4))]
            merging_s += _idle_merge(b, steps, steps_cpu)
        for name, samples in (("edit, no idle merge", no_idle), ("edit, idle merge", idle),
                              ("edit, idle merge, CPU", eb.cpu), ("floor: re-index only", floor)):
            fig[f"{name} p50"], fig[f"{name} p95"] = statistics.median(samples), pct(samples, 95)
            fig[f"{name} p99"], fig[f"{name} max"] = pct(samples, 99), max(samples)
            fig[f"{name} over 50 ms (count)"] = sum(ms > BUDGET_MAX_MS for ms in samples)
        fig["segments after, no idle merge"] = search_index.index_shape(a).segments
        fig["segments after, idle merge"] = search_index.index_shape(b).segments
        fig["idle merge total s"] = merging_s
        fig["idle merge steps (count)"] = len(steps)
        fig["idle merge step p50"], fig["idle merge step p95"] = statistics.median(steps), pct(steps, 95)
        fig["idle merge step max"] = max(steps)
        fig["idle merge step CPU p95"], fig["idle merge step CPU max"] = pct(steps_cpu, 95), max(steps_cpu)
        fig["keystroke p50, no idle merge"] = statistics.median(_keystrokes(a))
        fig["keystroke p50, idle merge"] = statistics.median(_keystrokes(b))
        move_ms, undo_ms = _placed(b, burst, steps, placed)
        if move_ms:
            fig["move to Placed p50"], fig["move to Placed p95"] = statistics.median(move_ms), pct(move_ms, 95)
            fig["move to Placed max"] = max(move_ms)
            fig["undo of Placed p50"], fig["undo of Placed p95"] = statistics.median(undo_ms), pct(undo_ms, 95)
            fig["undo of Placed max"] = max(undo_ms)
        a.close()
        b.close()
        return fig
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="demo database to copy (never written)")
    ap.add_argument("--edits", type=int, default=10_000)
    ap.add_argument("--burst", type=int, default=20, help="edits between two idle merges")
    ap.add_argument("--placed", type=int, default=300, help="moves to Placed (each undone)")
    args = ap.parse_args()
    fig = measure(str(args.db), args.edits, args.burst, args.placed)
    print(f"{args.db}: {args.edits:,} edits (bursts of {args.burst} for the idle merge), "
          f"{args.placed} moves to Placed; migration to head {fig.pop('migration to head s'):.2f} s")
    for name, value in fig.items():
        budget = ""
        if name.endswith(" p95") and name.startswith(("edit", "move")):
            budget = "ok" if value <= BUDGET_P95_MS else "OVER"
        elif name.endswith(" max") and name.startswith("edit"):
            budget = "ok" if value <= BUDGET_MAX_MS else "OVER"
        unit = "" if name.endswith((" s", "(count)")) or name.startswith("segments") else " ms"
        shown = f"{value:,.0f}" if unit == "" and not name.endswith(" s") else f"{value:,.2f}"
        print(f"  {name:<36} {shown:>10}{unit}  {budget}")


if __name__ == "__main__":
    main()
