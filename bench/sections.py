"""Sections open: a number key -> the section's rows drawn, in a real pseudo-terminal (issue 10
item 5: Job orders, Placements and Clients within 200 ms at 1M candidates).

deskcrm runs in a pty (120x40) on a database; once the due list is drawn we press ``4`` (Job
orders), ``5`` (Placements), ``3`` (Clients) — each a first visit — then go round them again
(``1`` Due today in between, so each later visit is a real switch back). Timed: write-of-the-key
-> the section's header line as it reads once its rows are loaded ("… open · closed hidden",
"… in guarantee or starting", "… companies · sorted by name"): those screens draw it in the same
frame as their cards or rows, and say "Loading…" until then. Every visit is a fresh process for
first visits (``--runs`` launches), so a first visit pays the section's imports and first read.

    .venv/bin/python bench/sections.py --db PATH [--runs 5] [--visits 3]

``measure(db_path)`` returns the figures (ms) for bench/scale.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from search_repaint import SIZE, Terminal, pct  # noqa: E402

# key, name, what the header says once the rows are in (drawn in the same frame)
SECTIONS = (
    (b"4", "job_orders", b"closed hidden (c shows)"),
    (b"5", "placements", b"in guarantee or starting"),
    (b"3", "clients", b"sorted by name"),
)
BUDGET_MS = 200.0


def _env() -> dict[str, str]:
    home = Path(tempfile.mkdtemp(prefix="deskcrm-bench-home-"))  # no user config, no stamps
    return {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1]),
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache")}


def one_launch(db: Path, visits: int, env: dict[str, str]) -> dict[str, list[float]]:
    """One deskcrm: every section ``visits`` times; ms per (section, first|later)."""
    term = Terminal([sys.executable, "-m", "deskcrm", "--db", str(db), "--me", "AM"], env)  # no first-run "who are you"
    times: dict[str, list[float]] = {}
    try:
        term.wait_for(b"Due today", timeout=60)
        term.drain(1.0)  # the launch's own work (integrity check, prefetch) has settled
        for visit in range(visits):
            for key, name, marker in SECTIONS:
                (ms,) = term.key(key, marker, timeout=20)
                times.setdefault(f"{name}_{'first' if visit == 0 else 'later'}", []).append(ms)
                term.drain(0.4)
                term.key(b"1", b"Due today", timeout=20)
                term.drain(0.3)
    finally:
        term.close()
    return times


def stamp_checked(db: Path, env: dict[str, str]) -> None:
    """Run the file's integrity check now (at 1M it takes seconds) and remember it where the
    TUI looks, so it is not checking the file while sections are timed."""
    from deskcrm.store import health

    health.check(db, health.Stamps(Path(env["XDG_CACHE_HOME"]) / "deskcrm" / "checks"))


def run(db: Path, *, runs: int = 5, visits: int = 3) -> dict[str, list[float]]:
    env = _env()
    stamp_checked(db, env)
    one_launch(db, 1, env)  # warm the OS file cache
    every: dict[str, list[float]] = {}
    for _ in range(runs):
        for key, values in one_launch(db, visits, env).items():
            every.setdefault(key, []).extend(values)
    return every


def measure(db_path: str, *, runs: int = 5) -> dict[str, float]:
    """The figures for bench/scale.py: section open, first visit and later ones, ms."""
    out: dict[str, float] = {}
    for key, values in run(Path(db_path), runs=runs).items():
        out[f"section_{key}_p50"] = statistics.median(values)
        out[f"section_{key}_max"] = max(values)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5, help="launches (each: one first visit per section)")
    parser.add_argument("--visits", type=int, default=3, help="visits of each section per launch")
    args = parser.parse_args()
    every = run(args.db, runs=args.runs, visits=args.visits)
    print(f"{args.db.name}: {SIZE[0]}x{SIZE[1]} pty; {args.runs} launches x {args.visits} visits; budget {BUDGET_MS:.0f} ms")
    for key, values in every.items():
        p50, worst = statistics.median(values), max(values)
        verdict = "within" if worst <= BUDGET_MS else ("p50 within" if p50 <= BUDGET_MS else "OVER")
        print(f"  {key:<22} p50 {p50:6.1f} ms  p95 {pct(values, 95):6.1f} ms  max {worst:6.1f} ms"
              f"  ({len(values)} opens)  {verdict}")


if __name__ == "__main__":
    main()
