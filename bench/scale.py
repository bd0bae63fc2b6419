"""Benchmark: every budgeted figure at each database size, in one table (issue 10, item 8).

Calls ``measure(db_path)`` of each bench script — launch, due, search_repaint, sections,
fts_writes, cli, demo — once per database, each in a fresh Python process (one script's imports,
caches and garbage never colour the next one's figures). The floors the budgets are relative to
are measured inside those scripts, interleaved with deskcrm's own runs: a bare Textual app
(``launch``), Python's own start (``cli``), raw FTS5 (``fts_writes``, ``cli``). The machine's
load average is printed before and after: a busy box makes every wall-clock figure noisy, so
read ratios to the floors first.

    .venv/bin/python bench/scale.py [--data DIR] [--db SIZE=PATH ...] [--only launch,due]
                                    [--skip demo] [--json figures.json]

Without ``--db`` it uses (or first builds, with ``deskcrm demo --no-open``) ``100k.db`` and
``1m.db`` in ``--data`` (default ``bench/data``, ignored by git). Each database is
copied into a temporary folder beside it and brought to the current schema there (the copy and
the migration's time are printed), so the files given stay as they were and every script measures
the schema of this checkout. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("launch", "due", "search_repaint", "sections", "fts_writes", "cli", "demo")


def one(script: str, db_path: str) -> dict[str, float]:
    """``measure(db_path)`` of ``bench/<script>.py`` in this process (the child's side)."""
    sys.path.insert(0, str(HERE))
    module = __import__(script)
    measure = getattr(module, "measure", None)
    if measure is None:
        raise SystemExit(f"bench/{script}.py has no measure(db_path)")
    return {str(k): float(v) for k, v in measure(db_path).items()}


def run(script: str, db_path: str) -> dict[str, float] | str:
    """The figures of one script on one database, or why there are none (one line)."""
    if not (HERE / f"{script}.py").exists():
        return f"bench/{script}.py is missing"
    got = subprocess.run([sys.executable, __file__, "--one", script, db_path],
                         capture_output=True, text=True, check=False)
    if got.returncode != 0:
        last = (got.stderr.strip().splitlines() or ["failed"])[-1]
        return f"failed: {last[:200]}"
    try:
        return json.loads(got.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return "failed: no figures printed"


def reuse_or_build(data: Path, size: str, candidates: int) -> Path:
    """``data/<size>.db``: the one there, or a demo of ``candidates`` built now (timed)."""
    path = data / f"{size.lower()}.db"
    if path.exists():
        return path
    data.mkdir(parents=True, exist_ok=True)
    print(f"  building a demo of {candidates:,} candidates in {path} …", end="", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "deskcrm", "demo", "--candidates", str(candidates), "--db", str(path),
                    "--no-open"], check=True, stdout=subprocess.DEVNULL)
    print(f" {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return path


def working_copy(path: str, into: Path) -> str:
    """A copy of ``path`` in ``into`` at the current schema (migrated there, timed)."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from deskcrm.store import migrate

    copy = into / Path(path).name
    t0 = time.perf_counter()
    shutil.copyfile(path, copy)
    t1 = time.perf_counter()
    backup = migrate.ensure_current(copy, create=False)
    if backup is not None:
        backup.unlink(missing_ok=True)
    print(f"  copied {path} in {t1 - t0:.1f} s, brought to the current schema in {time.perf_counter() - t1:.1f} s",
          file=sys.stderr, flush=True)
    return str(copy)


def load() -> str:
    one_min, five_min, _ = os.getloadavg()
    return f"load average {one_min:.2f} (1 min), {five_min:.2f} (5 min) on {os.cpu_count()} cores"


def table(results: dict[str, dict[str, dict[str, float] | str]], sizes: list[str]) -> list[str]:
    """A Markdown table: script · figure · one column per size."""
    lines = ["| Script | Figure | " + " | ".join(sizes) + " |", "|---|---|" + "---|" * len(sizes)]
    for script, by_size in results.items():
        names: list[str] = []
        for size in sizes:
            got = by_size.get(size)
            if isinstance(got, dict):
                names += [n for n in got if n not in names]
        problems = {size: got for size, got in by_size.items() if isinstance(got, str)}
        for name in names:
            cells = []
            for size in sizes:
                got = by_size.get(size)
                cells.append(_cell(got.get(name)) if isinstance(got, dict) else "—")
            lines.append(f"| {script} | {name} | " + " | ".join(cells) + " |")
        for size, why in problems.items():
            lines.append(f"| {script} | ({size}) | {why} |" + " |" * (len(sizes) - 1))
    return lines


def _cell(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", action="append", default=[], metavar="SIZE=PATH",
                        help="a database and the column name for it (repeat: 100k=…, 1M=…)")
    parser.add_argument("--data", type=Path, default=HERE / "data",
                        help="where 100k.db and 1m.db are kept, built when missing (without --db)")
    parser.add_argument("--only", default="", help="comma-separated scripts (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated scripts to leave out")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one", nargs=2, metavar=("SCRIPT", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    dbs: list[tuple[str, str]] = []
    for spec in args.db:
        size, sep, path = spec.partition("=")
        if not sep or not Path(path).is_file():
            parser.error(f"--db {spec}: give SIZE=PATH of an existing database file")
        dbs.append((size, path))
    if not dbs:
        dbs = [(size, str(reuse_or_build(args.data, size, n))) for size, n in (("100k", 100_000), ("1M", 1_000_000))]
    only = [s for s in args.only.split(",") if s] or list(SCRIPTS)
    unknown = [s for s in only + [s for s in args.skip.split(",") if s] if s not in SCRIPTS]
    if unknown:
        parser.error(f"unknown script {unknown[0]!r}; the scripts are {', '.join(SCRIPTS)}")
    scripts = [s for s in only if s not in args.skip.split(",")]
    print(f"before: {load()}", flush=True)
    results: dict[str, dict[str, dict[str, float] | str]] = {}
    work = [Path(tempfile.mkdtemp(prefix="deskcrm-scale-", dir=Path(path).parent)) for _, path in dbs]
    try:
        copies = [(size, working_copy(path, into)) for (size, path), into in zip(dbs, work)]
        for script in scripts:
            for size, path in copies:
                t0 = time.perf_counter()
                print(f"  {script} on {size} …", end="", flush=True, file=sys.stderr)
                results.setdefault(script, {})[size] = run(script, path)
                print(f" {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        for into in work:
            shutil.rmtree(into, ignore_errors=True)
    print(f"after: {load()}")
    print("\n".join(table(results, [size for size, _ in dbs])))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
