"""Acceptance of the demo build (issue 10): a Ctrl-C in the middle says so in one line and leaves
neither the demo nor its search index's staging file; a read-only directory is one clear line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from clirun import assert_one_line_error, modes_bind, run_unprivileged


def test_a_real_ctrl_c_mid_build_is_one_line_and_leaves_nothing(tmp_path):
    target = tmp_path / "demo.db"
    staging = tmp_path / ".demo.db.search-build"
    child = subprocess.Popen([sys.executable, "-m", "deskcrm", "demo", "--db", str(target), "--no-open",
                              "--candidates", "200000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, stdin=subprocess.DEVNULL, env=os.environ.copy(),
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for _ in range(600):  # the index's thread has started on its staging file: the middle of the build
        if staging.exists() or child.poll() is not None:
            break
        time.sleep(0.05)
    assert staging.exists(), "the build never staged its search index"
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Traceback" not in err and out == ""
    assert err.strip().splitlines() == [f"deskcrm: demo stopped (Ctrl-C): no demo was built, nothing is left at "
                                        f"{target}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_read_only_directory_is_one_line(tmp_path):
    if not modes_bind(tmp_path):
        pytest.skip("file modes do not bind here")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_unprivileged("demo", "--db", str(folder / "demo.db"), "--no-open", "--candidates", "50")
        assert_one_line_error(result, str(folder))
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)
