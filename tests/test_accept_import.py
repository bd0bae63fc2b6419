"""Acceptance of a long import read in a second process (issue 10): a Ctrl-C in the middle of
`deskcrm import` (and of its dry run) says so in one line, writes nothing and leaves no process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from clirun import run


def _csv(path, rows: int = 150_000) -> None:  # long enough that 0.3 s after the second process starts is
    # the middle of the import (25,000 rows were imported whole by then: the Ctrl-C came after the end)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("full_name,email,phone,company,title,city\n")
        for i in range(rows):
            f.write(f"Person{i} Lastname{i % 97},p{i}@import.example,+49 30 {10_000_000 + i},Acme {i % 50},"
                    f"Engineer,Berlin\n")


def _children(pid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-P", str(pid), "-f", "pass_process"], capture_output=True, text=True)
    return found.stdout.split()


@pytest.mark.parametrize("dry", [False, True], ids=["import", "dry run"])
def test_a_real_ctrl_c_mid_import_is_one_line_writes_nothing_and_leaves_no_process(tmp_path, dry):
    db, csv = tmp_path / "desk.db", tmp_path / "people.csv"
    assert run("init", str(db)).returncode == 0
    assert run("recruiter", "add", "Sam Reed", "--initials", "SR", "--db", str(db)).returncode == 0
    _csv(csv)
    command = [sys.executable, "-m", "deskcrm", "import", str(csv), "--db", str(db), "--me", "SR"]
    child = subprocess.Popen(command + (["--dry-run"] if dry else []), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL, env=os.environ.copy(),
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for _ in range(600):  # the file is being read apart: the middle of the import
        if _children(child.pid) or child.poll() is not None:
            break
        time.sleep(0.02)
    reader = _children(child.pid)
    assert reader, "no second process read the file"
    time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    # 130, or ended by the SIGINT itself (-2) when it lands as Python shuts down — seen once in CI
    # under load after the one line was said; a shell reports 130 for both
    assert child.returncode in (130, -signal.SIGINT), err
    assert "Traceback" not in err
    said = "dry run stopped (Ctrl-C): nothing was written" if dry else "import stopped (Ctrl-C): nothing was imported"
    assert err.strip().splitlines()[-1] == f"deskcrm: {csv}: {said}"
    assert not any(os.path.exists(f"/proc/{pid}") for pid in reader)
    listed = run("import", "list", "--db", str(db))
    assert listed.stdout.strip() == "No imports yet.", listed.stdout
