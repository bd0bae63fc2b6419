"""Kanban store speed on the 100k demo database (DESIGN.md §4: a move committed ≤ 5 ms p95;
issue 4: a board of 500 open job orders drawn ≤ 200 ms — this prints the store's read of it,
the widget's paint is the UI side's share).

Works on a COPY of the demo database (moves write), made with SQLite's backup API and deleted
afterwards. Moves measured, each one whole transaction with its journal events and activity:
a submission one stage on and back, a job one stage on and back, a submission to Placed (a
placement created, the job filled, other submissions withdrawn) and its undo, a reorder.

    .venv/bin/python bench/boards.py [--db /tmp/deskcrm-bench-100000.db] [--moves 300]

Without --db the demo database is built in the temp dir (100k candidates, seed 1) and cached,
with the name bench/launch.py uses. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.domain.pipeline_rules import PlacementInput
from deskcrm.store import boards, journal, moves
from deskcrm.store import db as store_db

BUDGET_MOVE_MS = 5.0
BUDGET_BOARD_MS = 200.0


def _p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * 0.95))]


def _ms(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples):6.2f} ms   p95 {_p95(samples):6.2f} ms   (n={len(samples)})"


def _timed(fn, *args, **kw) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return (time.perf_counter() - t0) * 1000, out


def _copy(source: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="deskcrm-bench-boards-")) / "copy.db"
    src, dst = store_db.connect(source), store_db.connect(dest, create=True)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    from deskcrm.store.migrate import ensure_current

    ensure_current(dest)  # a cached demo database may predate the newest migration
    return dest


def _demo() -> Path:
    path = Path(tempfile.gettempdir()) / "deskcrm-bench-100000.db"
    if not path.exists():
        from deskcrm.store.demo import build_demo

        print(f"building {path} (100k candidates) ...", flush=True)
        build_demo(path, candidates=100_000, seed=1)
    return path


def bench_moves(conn, n: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"submission one stage": [], "job one stage": [], "to Placed": [],
                                   "undo of Placed": [], "reorder": []}
    subs = conn.execute("SELECT id FROM submission WHERE stage = 'submitted' ORDER BY id LIMIT ?", (n,)).fetchall()
    jobs = conn.execute("SELECT id FROM job_order WHERE stage = 'sourcing' ORDER BY id LIMIT ?", (n,)).fetchall()
    offered = conn.execute("SELECT id FROM submission WHERE stage = 'offered' ORDER BY id LIMIT ?", (n,)).fetchall()
    for (sid,) in subs:
        v = journal.row(conn, "submission", sid)["version"]
        ms, _ = _timed(moves.move_submission, conn, sid, "qualified", expected_version=v)
        out["submission one stage"].append(ms)
        ms, _ = _timed(moves.move_submission, conn, sid, "submitted", expected_version=v + 1)
        out["submission one stage"].append(ms)
    for (jid,) in jobs * max(1, n // max(1, len(jobs))):
        v = journal.row(conn, "job_order", jid)["version"]
        ms, _ = _timed(moves.move_job, conn, jid, "submitting", expected_version=v)
        out["job one stage"].append(ms)
        ms, _ = _timed(moves.move_job, conn, jid, "sourcing", expected_version=v + 1)
        out["job one stage"].append(ms)
    today = date.today()
    for (sid,) in offered:
        v = journal.row(conn, "submission", sid)["version"]
        p = PlacementInput(today, today + timedelta(days=30), 85_000.0, "EUR", 20.0, None)
        ms, result = _timed(moves.move_submission, conn, sid, "placed", expected_version=v, placement=p,
                            withdraw_others=True)
        out["to Placed"].append(ms)
        t0 = time.perf_counter()
        with store_db.write(conn):
            journal.undo(conn, result.txn)
        out["undo of Placed"].append((time.perf_counter() - t0) * 1000)
    card = boards.job_board(conn).column("offer").cards[1]
    for i in range(n):
        v = journal.row(conn, "job_order", card.id)["version"]
        ms, _ = _timed(moves.reorder, conn, "job", card.id, -1 if i % 2 == 0 else 1, expected_version=v)
        out["reorder"].append(ms)
    return out


def bench_reads(conn, runs: int) -> dict[str, tuple[list[float], int]]:
    job = conn.execute("SELECT job_id FROM submission GROUP BY job_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    cases = {
        "job board, every open job (≤500/col)": lambda: boards.job_board(conn, per_column=500),
        "job board, first 50 per column": lambda: boards.job_board(conn),
        "job board, filtered 'engineer'": lambda: boards.job_board(conn, text="engineer"),
        "job pipeline (busiest job)": lambda: boards.job_pipeline(conn, job)[1],
        "placements board": lambda: boards.placement_board(conn),
        "next page of a column (+50)": lambda: boards.Board((boards.Column("x", 0, None, boards.column_cards(
            conn, "placements", "guarantee_passed", offset=50, limit=50)),)),
    }
    out = {}
    for name, fn in cases.items():
        samples, cards = [], 0
        for _ in range(runs):
            ms, board = _timed(fn)
            samples.append(ms)
            cards = sum(len(c.cards) for c in board.columns)
        out[name] = (samples, cards)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="demo database to copy (default: the cached 100k demo)")
    ap.add_argument("--moves", type=int, default=300, help="moves per kind")
    ap.add_argument("--runs", type=int, default=30, help="runs per board read")
    args = ap.parse_args()
    source = args.db or _demo()
    copy = _copy(source)
    conn = store_db.connect(copy)
    try:
        open_jobs = conn.execute(
            "SELECT count(*) FROM job_order WHERE stage IN ('intake','sourcing','submitting','interviewing','offer','placed')"
        ).fetchone()[0]
        print(f"database: {source} (copied to {copy}); {open_jobs} open job orders")
        gc.disable()
        print(f"\nMove committed (budget ≤ {BUDGET_MOVE_MS:g} ms p95), one transaction each:")
        for name, samples in bench_moves(conn, args.moves).items():
            if name.startswith("undo"):  # ctrl+z: not a move; its delete's FK check scans activity
                print(f"  {name:<28} {_ms(samples)}")
                continue
            flag = "ok" if _p95(samples) <= BUDGET_MOVE_MS else "OVER"
            print(f"  {name:<28} {_ms(samples)}  {flag}")
        print(f"\nBoard reads, store side (the board draws in ≤ {BUDGET_BOARD_MS:g} ms in all):")
        for name, (samples, cards) in bench_reads(conn, args.runs).items():
            print(f"  {name:<34} {_ms(samples)}  {cards} cards")
        gc.enable()
        from board_paint import print_figures  # the UI side: the widget's paint, a move repainted

        print_figures(source, min(args.runs, 20))
    finally:
        conn.close()
        for f in copy.parent.glob("copy.db*"):
            f.unlink()
        copy.parent.rmdir()


if __name__ == "__main__":
    main()
