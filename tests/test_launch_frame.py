"""Launch (issue 10 item 3): the first frame the terminal shows already has the due rows.

deskcrm runs as a user starts it, in a pseudo-terminal (120x40), on a small demo desk dated
today. A frame is what one repaint writes: its lines go top to bottom, each placed with a cursor
move, so the first frame ends where the rows written stop going down the screen. That first
frame must hold the due list — not only the top and bottom bars (what Textual's start-up
sent: its first full frame is drawn while the start is batched and dropped), and not a loading
line.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from deskcrm.store.demo import build_demo

MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def first_frame(output: bytes) -> bytes | None:
    """The bytes of the first repaint (None until a second one has started)."""
    moves = list(MOVE.finditer(output))
    if not moves:
        return None
    start, last = moves[0].start(), (0, 0)
    for m in moves:
        at = (int(m.group(1)), int(m.group(2)))
        if at < last:  # back up the screen: the next repaint
            return output[start:m.start()]
        last = at
    return None


def launch_output(db: Path, home: Path, until, timeout: float = 60.0) -> bytes:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "deskcrm", "--db", str(db)], stdin=slave, stdout=slave,
                            stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen, end = b"", time.monotonic() + timeout
    try:
        while until(seen) is None and time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(master, 1 << 16)
                except OSError:
                    break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)
    return seen


def test_the_frame_checker_splits_repaints():
    bars_then_rows = b"\x1b[1;1Hbar\n\x1b[40;1Hkeys\x1b[1;1H\x1b[1;1Hbar\n\x1b[2;1Hrow\n\x1b[40;1Hkeys"
    assert first_frame(bars_then_rows) == b"\x1b[1;1Hbar\n\x1b[40;1Hkeys"
    assert first_frame(b"\x1b[1;1Hbar\n\x1b[2;1Hrow") is None  # not finished yet


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a pseudo-terminal")
def test_the_first_frame_has_the_due_rows(tmp_path):
    db = tmp_path / "demo.db"
    build_demo(db, candidates=300, seed=1)  # dated today: the TUI's clock is the real one
    from deskcrm.cli.due_report import due_items

    items, _ = due_items(db)
    assert items
    first = next(i for i in items if i.person)
    frame = first_frame(launch_output(db, tmp_path / "home", first_frame))
    assert frame is not None, "nothing was drawn"
    text = frame.decode("utf-8", "replace")
    assert " Due today " in text  # the section bar
    assert "Loading" not in text
    assert first.person.split()[0] in text, text[:400]
    assert "Overdue (" in text or "Today (" in text
