"""Running deskcrm as a user does in CLI tests: a real process, real exit codes."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deskcrm", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A non-zero exit with exactly one `deskcrm: …` line on stderr and no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("deskcrm: ")
    for fragment in fragments:
        assert fragment in lines[0]


def _drop_root_file_powers() -> None:  # pragma: no cover - runs in the child, before exec
    """Drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER from the bounding set, so the
    child (still uid 0) obeys file modes as any user does. Exit 77 if the kernel says no."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(77)


def run_unprivileged(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``run`` as a user whom file modes bind: the tests (and CI) run as root, which ignores them."""
    return subprocess.run(
        [sys.executable, "-m", "deskcrm", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
        preexec_fn=_drop_root_file_powers if os.geteuid() == 0 else None,
    )


def modes_bind(tmp_path) -> bool:
    """True when ``run_unprivileged`` children cannot write a read-only file (else: skip)."""
    probe = tmp_path / "probe-read-only"
    probe.write_text("")
    probe.chmod(0o444)
    result = subprocess.run(
        [sys.executable, "-c", f"open({str(probe)!r}, 'a')"], capture_output=True,
        preexec_fn=_drop_root_file_powers if os.geteuid() == 0 else None,
    )
    probe.chmod(0o644)
    return result.returncode != 0
