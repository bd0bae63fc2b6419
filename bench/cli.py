"""The command line's start-up and hot commands, over Python's own start (DESIGN.md §4 and
issue 10: <= 150 ms for `--help`, `due`, `search`, `jobs`, `placements`, `client`).

Every figure is the median of ``runs`` real processes, run round-robin (one of each command,
then the next round) so that a noisy neighbour weighs on all of them alike; "cpu" figures are
the child's user+sys time (``getrusage``), steadier than wall time on a shared machine. The
floors, measured in the same rounds: Python starting and exiting (``python -c pass``), and the
raw FTS5 query `search` runs (bm25-ranked, in one process: what SQLite alone costs).

    .venv/bin/python bench/cli.py --db PATH [--runs 15] [--compare SRC_DIR]

``--compare`` runs the same commands from another source tree (``PYTHONPATH=SRC_DIR``, e.g. an
export of main's ``src``) in the same rounds. Bytecode is compiled first, as an installed
deskcrm has it (this machine sets PYTHONDONTWRITEBYTECODE, so a source checkout would
otherwise recompile every module on every run).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
BUDGET_MS = 150.0


def commands(db: str) -> dict[str, list[str]]:
    client = _a_client(db)
    return {
        "--help": ["--help"],
        "due --json": ["due", "--db", db, "--json"],
        "search python --json": ["search", "python", "--db", db, "--json"],
        "search python": ["search", "python", "--db", db],
        "jobs --json": ["jobs", "--db", db, "--json"],
        "jobs": ["jobs", "--db", db],
        "placements --json": ["placements", "--db", db, "--json"],
        "client ID --json": ["client", str(client), "--db", db, "--json"],
        "submissions": ["submissions", "--db", db],
    }


def _a_client(db: str) -> int:
    """The active client with the most placements (the busiest account page)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT company_id FROM placement GROUP BY company_id ORDER BY count(*) DESC, company_id"
                           " LIMIT 1").fetchone()
    finally:
        conn.close()
    return row[0] if row else 1


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, child cpu ms) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def _fts_floor(db: str) -> float:
    """The bm25-ranked FTS5 query of `search python` alone, in this process (ms)."""
    from deskcrm.domain.search_query import parse
    from deskcrm.store.search import _WEIGHTS

    match = parse("python", typing=False).match_expression()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        start = time.perf_counter()
        conn.execute(f"SELECT rowid FROM person_fts WHERE person_fts MATCH ? ORDER BY bm25(person_fts, {_WEIGHTS}),"
                     " rowid LIMIT 20", (match,)).fetchall()
        return (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def measure(db_path: str, runs: int = 15, compare: str | None = None) -> dict[str, float]:
    """Figure name -> ms: each command's median wall time over Python's start (and its cpu),
    the floors, and with ``compare`` the other tree's figures ("<name> [compare]")."""
    for tree in filter(None, (str(SRC), compare)):
        compileall.compile_dir(tree, quiet=1)
    py = sys.executable
    trees = {"": str(SRC)} | ({" [compare]": compare} if compare else {})
    env = {k: v for k, v in os.environ.items() if k != "DESKCRM_NO_FAST_PATH"}
    envs = {suffix: {**env, "PYTHONPATH": tree} for suffix, tree in trees.items()}
    cmds = commands(db_path)
    samples: dict[str, list[tuple[float, float]]] = {}
    fts: list[float] = []
    for _ in range(runs):
        samples.setdefault("python start", []).append(_run([py, "-c", "pass"], env))
        for suffix, tree_env in envs.items():
            for name, args in cmds.items():
                samples.setdefault(name + suffix, []).append(_run([py, "-m", "deskcrm", *args], tree_env))
        fts.append(_fts_floor(db_path))
    start_wall = statistics.median(w for w, _ in samples["python start"])
    start_cpu = statistics.median(c for _, c in samples["python start"])
    figures = {"python start": start_wall, "python start cpu": start_cpu,
               "raw FTS5 bm25 'python' top 20 (in process)": statistics.median(fts)}
    for name, values in samples.items():
        if name == "python start":
            continue
        figures[f"{name} over start"] = statistics.median(w for w, _ in values) - start_wall
        figures[f"{name} cpu over start"] = statistics.median(c for _, c in values) - start_cpu
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a demo database (deskcrm demo --db PATH --candidates N)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", metavar="SRC_DIR", help="another source tree to run in the same rounds")
    args = parser.parse_args()
    load = os.getloadavg()
    figures = measure(args.db, args.runs, args.compare)
    print(f"{args.db}: median of {args.runs} rounds; load average before {load[0]:.1f} / after "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, ms in figures.items():
        verdict = ""
        if name.endswith(" over start") and "[compare]" not in name:
            verdict = "  within 150 ms" if ms <= BUDGET_MS else "  OVER 150 ms"
        print(f"  {name:<48} {ms:8.1f} ms{verdict}")


if __name__ == "__main__":
    main()
