"""Launch time: process start -> first due rows drawn, in a real pseudo-terminal.

Measured against a bare Textual app (one Static) in the same run, alternating, so machine
load affects both alike. Budget (DESIGN.md §4): <= 0.5 s and <= 1.6x the bare app.

Both apps run with their modules' bytecode cached, as an installed deskcrm has it (pip compiles
a wheel's modules when it installs it; Textual's came so): a private cache folder
(``PYTHONPYCACHEPREFIX``), written by the warm-up runs. A development checkout with
``PYTHONDONTWRITEBYTECODE=1`` otherwise compiles every deskcrm module on every launch (~25 ms
of the first frame's process, more in the due-list child) while Textual's are compiled already.
``--cold-bytecode`` measures that way (the process's environment as it is).

    .venv/bin/python bench/launch.py [--db PATH] [--candidates 100000] [--runs 7] [--cold-bytecode]

``measure(db_path)`` returns the figures for bench/scale.py.

Without --db a demo database is built in a temp dir (cached across runs of this script).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
Bare().run()
"""


def time_to_marker(argv: list[str], marker: bytes, size: tuple[int, int] = (120, 40), timeout: float = 20.0,
                   env: dict[str, str] | None = None) -> float:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, **(env or {}), "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1])}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{marker!r} not drawn within {timeout} s; last output: {seen[-400:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                raise RuntimeError(f"process ended before drawing {marker!r}: {seen[-400:]!r}") from None
            seen += chunk
            if marker in seen:
                return time.perf_counter() - start
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)


def first_row_marker(db: Path) -> bytes:
    """Text of the first due row's person: it is on screen only once rows are drawn."""
    from deskcrm.cli.due_report import due_items

    items, _ = due_items(db)
    if not items:
        raise SystemExit(f"{db}: nothing is due, so there is no row to wait for")
    name = next(i.person or i.company for i in items if (i.person or i.company))
    return name.split()[0].encode()


def measure(db_path: str, *, runs: int = 7, bytecode: bool = True) -> dict[str, float]:
    """Launch figures (ms, and the ratio to the bare app), medians of ``runs`` interleaved runs;
    ``bytecode``: both apps with their bytecode cached (the module's docstring)."""
    db = Path(db_path)
    marker = first_row_marker(db)
    deskcrm = [sys.executable, "-m", "deskcrm", "--db", str(db)]
    bare = [sys.executable, "-c", BARE_APP]
    # The default settings, whoever ran deskcrm on this machine before (a shared box's config.toml
    # with another theme makes Textual restyle everything at start): an empty config folder.
    home = tempfile.mkdtemp(prefix="deskcrm-bench-launch-")
    env = {f"XDG_{k}_HOME": os.path.join(home, k.lower()) for k in ("CONFIG", "CACHE", "DATA", "STATE")}
    if bytecode:  # written by the warm-up runs below, read by the measured ones
        env |= {"PYTHONPYCACHEPREFIX": os.path.join(home, "pycache"), "PYTHONDONTWRITEBYTECODE": ""}
    ours, base = [], []
    try:
        time_to_marker(deskcrm, marker, env=env)  # warm the OS file cache once
        time_to_marker(bare, b"BARE-READY", env=env)
        for _ in range(runs):
            ours.append(time_to_marker(deskcrm, marker, env=env))
            base.append(time_to_marker(bare, b"BARE-READY", env=env))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    o, b = statistics.median(ours) * 1000, statistics.median(base) * 1000
    return {"launch_rows": o, "launch_bare": b, "launch_ratio (x)": o / b,
            "launch_rows_max": max(ours) * 1000, "launch_bare_max": max(base) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-bytecode", action="store_true",
                        help="no bytecode cache: every deskcrm module compiled at every launch (if the environment says so)")
    args = parser.parse_args()
    db = args.db
    if db is None:
        db = Path(tempfile.gettempdir()) / f"deskcrm-bench-{args.candidates}.db"
        if not db.exists():
            from deskcrm.store.demo import build_demo

            print(f"building demo database with {args.candidates:,} candidates at {db} ...", flush=True)
            build_demo(db, candidates=args.candidates, seed=1)
    f = measure(str(db), runs=args.runs, bytecode=not args.cold_bytecode)
    o, b = f["launch_rows"], f["launch_bare"]
    print(f"launch: first due rows drawn in {o:.0f} ms (median of {args.runs}, max {f['launch_rows_max']:.0f}; budget 500 ms)")
    print(f"launch: bare Textual app first frame {b:.0f} ms (max {f['launch_bare_max']:.0f}); "
          f"ratio {f['launch_ratio (x)']:.2f}x (budget 1.6x)")
    print(f"database: {db}; bytecode: {'as the environment says' if args.cold_bytecode else 'cached'}")


if __name__ == "__main__":
    main()
