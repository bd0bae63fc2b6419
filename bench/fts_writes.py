"""No user write waits for the search index (issue 10, item 2; the move to Placed of item 5).

Copies a demo database twice (SQLite's backup API; the source is only read), brings the copies
to the current schema (timing that migration), and measures, interleaved burst by burst so that
the machine's noise falls on both copies alike:

- **edits**: single-person edits through ``person_write.update_person`` — the function the
  person form saves with — changing a random person's headline and notes (a re-index each).
  Copy A gets them back to back ("no idle merge": a desk that is never idle); copy B in bursts
  of ``--burst`` with ``search_merge.tidy`` run to the end between them and a new WAL begun
  (what the TUI's ``Merger`` does once the desk has been idle 1.5 s). Wall and CPU time of each save; the floor
  is the re-index alone (one FTS5 statement in a transaction of its own).
- **the idle merge's steps** on B: how long each one holds the write lock when nothing
  pre-empts it.
- **edits during a merge** on A (its backlog of unmerged segments): the idle merge runs in a
  thread (``search_merge.Merger``) and each save arrives while it is mid-way, pre-empting the
  step in progress as the TUI's write queue does (the TUI's 1.5 s of idleness before the merge
  resumes shortened to 50 ms).
- **moves** on B: a submission moved to Placed (placement created, job filled, other
  submissions withdrawn) and its undo (ctrl+z), one transaction each, idle merge between bursts.
- **search** on both copies afterwards: the per-keystroke query on a merged / unmerged index.

    .venv/bin/python bench/fts_writes.py --db /work/bench-data/1m.db [--edits 10000] [--burst 20]

``measure(db_path)`` returns the figures (ms unless named otherwise) for ``bench/scale.py``.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.pipeline_rules import PlacementInput  # noqa: E402
from deskcrm.domain.search_query import parse  # noqa: E402
from deskcrm.store import db as store_db  # noqa: E402
from deskcrm.store import journal, migrate, moves, person_write, search_index, search_merge  # noqa: E402
from deskcrm.store.search import SqliteSearch  # noqa: E402

BUDGET_P95_MS, BUDGET_MAX_MS = 5.0, 50.0
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()
KEYSTROKES = ("python berlin", "senior nurse", "anna schmidt", "data engineer munich", "skill:java ber")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def _figures(fig: dict[str, float], name: str, samples: list[float], *, over: bool = True) -> None:
    fig[f"{name} p50"], fig[f"{name} p95"] = statistics.median(samples), pct(samples, 95)
    fig[f"{name} p99"], fig[f"{name} max"] = pct(samples, 99), max(samples)
    if over:
        fig[f"{name} over 50 ms (count)"] = sum(ms > BUDGET_MAX_MS for ms in samples)


def _copy(source: Path, dest: Path) -> float:
    """A private copy of ``source`` on the current schema; returns the migration's seconds."""
    # Plain connections: the source read-only, the copy without WAL while it is filled (a WAL
    # copy would write every page twice).
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    t0 = time.perf_counter()
    migrate.upgrade(str(dest))  # what ensure_current runs after its verified backup (a file copy: not timed)
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

    def edit(self, merger: search_merge.Merger | None = None) -> float:
        """One save (pre-empting ``merger``'s step in progress, as the write queue does); its ms."""
        pid, found = self._person()
        values = self._values()
        t0, c0 = time.perf_counter(), time.thread_time()
        if merger is None:
            person_write.update_person(self.conn, pid, values, expected_version=found[0],
                                       profile_expected_version=found[1])
        else:
            with merger.writing():
                person_write.update_person(self.conn, pid, values, expected_version=found[0],
                                           profile_expected_version=found[1])
        ms = (time.perf_counter() - t0) * 1000
        self.cpu.append((time.thread_time() - c0) * 1000)
        return ms

    def floor(self) -> float:
        """The floor: one person's index row rewritten (``index_people``, one FTS5 statement) in a
        transaction of its own — no journal, no activity, no version check."""
        pid, _ = self._person()
        t0 = time.perf_counter()
        with store_db.write(self.conn):
            search_index.index_people(self.conn, [pid])
        return (time.perf_counter() - t0) * 1000


def _idle_merge(conn, steps_ms: list[float], steps_cpu: list[float]) -> float:
    """What the TUI's ``Merger`` does when the desk is idle: ``tidy`` to the end, each step
    timed, then a new WAL begun (``db.restart_wal``). Returns the seconds."""

    def step(c) -> bool:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return search_merge.merge_step(c)
        finally:
            steps_ms.append((time.perf_counter() - t0) * 1000)
            steps_cpu.append((time.thread_time() - c0) * 1000)

    t0 = time.perf_counter()
    while not search_merge.tidy(conn, seconds=60, step=step).done:
        pass
    store_db.restart_wal(conn)
    return time.perf_counter() - t0


def _during_merge(path: Path, editor: _Editor, n: int, idle_s: float = 0.05) -> tuple[list[float], int]:
    """``n`` saves, each arriving while the idle merge (a ``Merger`` in a thread) is mid-way: as
    in the TUI — a save pre-empts the merge, which resumes once the desk has been idle again —
    with the TUI's 1.5 s of idleness shortened to ``idle_s``. Returns (ms of each save, merge runs)."""
    merger = search_merge.Merger(path)
    stop = threading.Event()
    last_write = [time.monotonic()]
    runs = []

    def busy() -> bool:
        return stop.is_set() or not time.monotonic() - last_write[0] >= idle_s

    def merge() -> None:
        pending = True  # as the TUI's upkeep: run again only after a write
        while not stop.is_set():
            if busy() or not pending:
                pending = pending or time.monotonic() - last_write[0] < idle_s
                stop.wait(0.002)
            else:
                runs.append(merger.run(seconds=1.0, stop=busy))
                pending = not runs[-1].done

    t = threading.Thread(target=merge)
    t.start()
    out = []
    try:
        for _ in range(n):
            time.sleep(idle_s + editor.rng.uniform(0, idle_s))  # the merge is under way again
            last_write[0] = float("inf")  # a write is queued: the TUI's Writes.busy
            out.append(editor.edit(merger))
            last_write[0] = time.monotonic()
    finally:
        stop.set()
        t.join()
    return out, len(runs)


def _placed(conn, burst: int, limit: int, steps: tuple[list[float], list[float]]) -> dict[str, list[float]]:
    """Moves to Placed and their undo; ms of each, wall and CPU."""
    offered = [r[0] for r in conn.execute("SELECT id FROM submission WHERE stage = 'offered' ORDER BY id LIMIT ?",
                                          (limit,))]
    today = date.today()
    out: dict[str, list[float]] = {"move to Placed": [], "move to Placed, CPU": [], "undo of Placed": [],
                                   "undo of Placed, CPU": []}

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        t0, c0 = time.perf_counter(), time.thread_time()
        result = fn()
        out[name].append((time.perf_counter() - t0) * 1000)
        out[f"{name}, CPU"].append((time.thread_time() - c0) * 1000)
        return result

    def undo(txn: str) -> None:
        with store_db.write(conn):
            journal.undo(conn, txn)

    for i, sid in enumerate(offered):
        version = journal.row(conn, "submission", sid)["version"]
        p = PlacementInput(today, today + timedelta(days=30), 85_000.0, "EUR", 20.0, None)
        result = timed("move to Placed", lambda: moves.move_submission(
            conn, sid, "placed", expected_version=version, placement=p, withdraw_others=True))
        timed("undo of Placed", lambda: undo(result.txn))
        if (i + 1) % burst == 0:
            _idle_merge(conn, *steps)
    return out


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


def measure(db_path: str, edits: int = 10_000, burst: int = 20, placed: int = 300,
            during: int = 600) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="deskcrm-bench-fts-"))
    try:
        fig: dict[str, float] = {}
        fig["migration to head s"] = _copy(Path(db_path), tmp / "a.db")
        _copy(Path(db_path), tmp / "b.db")
        a, b = store_db.connect(tmp / "a.db"), store_db.connect(tmp / "b.db")
        fig["segments at start"] = search_index.index_shape(b).segments
        ea, eb = _Editor(a, 1), _Editor(b, 1)
        no_idle, idle, floor, steps_ms, steps_cpu = [], [], [], [], []
        merging_s = 0.0
        while len(idle) < edits:
            n = min(burst, edits - len(idle))
            no_idle += [ea.edit() for _ in range(n)]
            idle += [eb.edit() for _ in range(n)]
            floor += [eb.floor() for _ in range(max(1, n // 4))]
            merging_s += _idle_merge(b, steps_ms, steps_cpu)
            if len(idle) % 1000 == 0:
                print(f"  ... {len(idle):,} edits each", file=sys.stderr, flush=True)
        _figures(fig, "edit, idle merge", idle)
        _figures(fig, "edit, idle merge, CPU", eb.cpu, over=False)
        _figures(fig, "edit, no idle merge", no_idle)
        _figures(fig, "floor: re-index only", floor, over=False)
        fig["segments after, idle merge"] = search_index.index_shape(b).segments
        fig["segments after, no idle merge"] = search_index.index_shape(a).segments
        fig["idle merge total s"] = merging_s
        fig["idle merge steps (count)"] = len(steps_ms)
        _figures(fig, "idle merge step", steps_ms, over=False)
        fig["idle merge step CPU max"] = max(steps_cpu)
        fig["keystroke p50, idle merge"] = statistics.median(_keystrokes(b))
        fig["keystroke p50, no idle merge"] = statistics.median(_keystrokes(a))
        if during:
            ea.cpu.clear()
            during_ms, fig["merge runs during those edits (count)"] = _during_merge(tmp / "a.db", ea, during)
            _figures(fig, "edit during a merge", during_ms)
            _figures(fig, "edit during a merge, CPU", ea.cpu, over=False)
            fig["segments after edits during a merge"] = search_index.index_shape(a).segments
        for name, samples in _placed(b, burst, placed, (steps_ms, steps_cpu)).items():
            if samples:
                _figures(fig, name, samples, over="CPU" not in name)
        a.close()
        b.close()
        return fig
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="demo database to copy (only read)")
    ap.add_argument("--edits", type=int, default=10_000)
    ap.add_argument("--burst", type=int, default=20, help="edits between two idle merges")
    ap.add_argument("--placed", type=int, default=300, help="moves to Placed (each undone)")
    ap.add_argument("--during", type=int, default=600, help="edits while the merge runs in a thread")
    args = ap.parse_args()
    fig = measure(str(args.db), args.edits, args.burst, args.placed, args.during)
    print(f"{args.db}: {args.edits:,} edits (bursts of {args.burst} for the idle merge), {args.during} during a "
          f"merge, {args.placed} moves to Placed; migration to head {fig.pop('migration to head s'):.2f} s")
    for name, value in fig.items():
        budget = ""
        if name.startswith(("edit", "move")) and "CPU" not in name and "no idle" not in name:
            if name.endswith(" p95"):
                budget = "ok" if value <= BUDGET_P95_MS else "OVER"
            elif name.endswith(" max"):
                budget = "ok" if value <= BUDGET_MAX_MS else "OVER"
        count = name.endswith(("(count)", " s")) or name.startswith("segments")
        shown = f"{value:,.2f}" if not count or name.endswith(" s") else f"{value:,.0f}"
        print(f"  {name:<42} {shown:>10}{'' if count else ' ms'}  {budget}")


if __name__ == "__main__":
    main()
