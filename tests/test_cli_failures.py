"""No command ends in a traceback (issue 9, item 12): a closed pipe ends the output quietly, as
`git log | head` does; every other failure is one `deskcrm: …` line on stderr and a non-zero exit —
an unexpected one says "internal error … please report it", with the traceback only under
DESKCRM_DEBUG=1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from clirun import assert_one_line_error, run
from seed import seed

PIPE_CLOSED = 141  # 128 + SIGPIPE: what the shell reports for `git log | head`


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    path = tmp_path_factory.mktemp("failures") / "desk.db"
    ids = seed(path)
    return path, ids


def _closed_pipe(*args: str, read_first_line: bool = False) -> subprocess.CompletedProcess[str]:
    """Run deskcrm with stdout into a pipe whose reader goes away: at once (every write then
    fails), or after the first line (`deskcrm due | head -1`)."""
    proc = subprocess.Popen([sys.executable, "-m", "deskcrm", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=dict(os.environ))
    if read_first_line:
        proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    return subprocess.CompletedProcess(args, proc.wait(timeout=120), "", err)


@pytest.mark.parametrize("args", [
    ("due",),  # the fast path
    ("due", "--json", "--date", "2026-11-18"),  # through Typer (an option order the fast path leaves alone)
    ("jobs",),
    ("search", "--limit", "1000", "a"),
    ("--help",),
])
def test_a_closed_pipe_ends_the_output_quietly(desk, args):
    path, _ = desk
    result = _closed_pipe(*args, "--db", str(path)) if args != ("--help",) else _closed_pipe(*args)
    assert result.stderr == ""  # no traceback, no "Exception ignored ... BrokenPipeError" at shutdown
    assert result.returncode == PIPE_CLOSED


def test_head_dash_one_never_shows_a_traceback(desk):
    """`deskcrm due | head -1`: the reader may go away before or after the last write."""
    path, _ = desk
    for _ in range(8):
        for args in (("due",), ("search", "--limit", "1000", "a")):
            result = _closed_pipe(*args, "--db", str(path), read_first_line=True)
            assert result.stderr == "", result.stderr
            assert result.returncode in (0, PIPE_CLOSED)


def test_an_unexpected_error_is_one_line_asking_for_a_report(monkeypatch, capsys):
    from deskcrm.cli import entry as cli, launch

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk on fire\x1b]0;pwned\x07\nsecond line")

    monkeypatch.setattr(launch, "print_due", boom)
    monkeypatch.delenv("DESKCRM_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main(["due"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\x07" not in err
    assert err == "deskcrm: internal error: RuntimeError: disk on fire␛]0;pwned␇ second line; please report it\n"
    # the same through Typer
    with pytest.raises(SystemExit) as exited:
        cli.main(["due", "--json", "--date", "2026-11-18"])
    assert exited.value.code == 1 and capsys.readouterr().err.startswith("deskcrm: internal error: RuntimeError")


def test_deskcrm_debug_shows_the_traceback(monkeypatch):
    from deskcrm.cli import entry as cli, launch

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(launch, "print_due", boom)
    monkeypatch.setenv("DESKCRM_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        cli.main(["due"])


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(("args", "fragments"), [
    (("jobs", "--stage"), ("--stage",)),
    (("placements", "--stage", ""), ("--stage",)),
    (("client", ""), ("NAME_OR_ID",)),
    (("client", "   "), ("NAME_OR_ID",)),
    (("client", HUGE), ("no company matches",)),
    (("client", "²"), ("no company matches",)),
    (("move", "job", "abc", "x"), ("ID",)),
    (("move", "job", HUGE, "sourcing"), (f"job {HUGE} does not exist", "deskcrm jobs")),
    (("move", "submission", "999", "offered"), ("submission 999 does not exist", "deskcrm submissions")),
    (("move", "submission", "9223372036854775808", "placed"), ("does not exist",)),
    (("move", "placement", "0", "started"), ("placement 0 does not exist",)),
    (("move", "job", "1", ""), ("STAGE",)),
    # the kind forgotten: the form says which word goes where, not only "'placed' is not a valid int"
    (("move", "8", "placed"), ("the form is deskcrm move submission|job|placement ID STAGE",
                               "(see `deskcrm move --help`)")),
    # an option without its value: the help of the command typed, not of deskcrm
    (("move", "submission", "1", "placed", "--start"), ("'--start' requires", "(see `deskcrm move --help`)")),
    (("due", "--date", "9999-12-31"), ()),
    (("due", "--date", "0001-01-01"), ()),
])
def test_bad_input_never_ends_in_a_traceback(desk, args, fragments):
    path, _ = desk
    assert_one_line_error(run(args[0], "--db", str(path), *args[1:]), *fragments)


def test_closed_standard_streams(desk):
    """Started with stdout closed (`deskcrm jobs >&-`): one line and exit 1, not a silent 0.
    With stderr closed, an error message must not go to stdout instead (print(file=None))."""
    path, _ = desk
    no_stdout = subprocess.run([sys.executable, "-m", "deskcrm", "jobs", "--db", str(path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: os.close(1), timeout=60)
    assert no_stdout.returncode == 1
    assert no_stdout.stderr == "deskcrm: standard output is closed: nothing could be printed\n"
    no_stderr = subprocess.run([sys.executable, "-m", "deskcrm", "jobs", "--db", str(path), "--stage", "nowhere"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               preexec_fn=lambda: os.close(2), timeout=60)
    assert no_stderr.returncode == 2 and no_stderr.stdout == ""


def test_a_crash_of_the_screen_is_one_line_not_a_traceback(tmp_path, monkeypatch, capsys):
    """Textual ends a crashed app with a Rich traceback — locals (user data) included — on the
    terminal. `deskcrm` ends it with one line instead (the traceback with DESKCRM_DEBUG=1)."""
    from deskcrm import app as app_mod
    from deskcrm.config import settings as settings_mod
    from deskcrm.errors import InternalError

    path = tmp_path / "desk.db"
    seed(path)

    def boom(self):
        secret = "Jane Doe, jane@example.com"  # noqa: F841 - a local Textual would print
        raise ZeroDivisionError("no \x1b]0;x\x07 way")

    monkeypatch.setattr(app_mod.DeskApp, "on_mount", boom)
    monkeypatch.delenv("DESKCRM_DEBUG", raising=False)
    with pytest.raises(InternalError) as crashed:
        app_mod.run(path, settings_mod.load(), headless=True)
    message = str(crashed.value)  # cli.main cleans it; Rich has already dropped the BEL
    assert message.startswith("the screen stopped: ZeroDivisionError: no ") and message.endswith(" way")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out and "jane@example.com" not in captured.err + captured.out


def test_an_internal_error_is_reported_as_it_is(monkeypatch, capsys):
    from deskcrm.cli import entry as cli, launch
    from deskcrm.errors import InternalError

    def crashed(*_args, **_kwargs):
        raise InternalError("the screen stopped: ZeroDivisionError: no \x1b]0;x\x07 way")

    monkeypatch.setattr(launch, "print_due", crashed)
    monkeypatch.delenv("DESKCRM_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main(["due"])
    assert exited.value.code == 1
    assert capsys.readouterr().err == (
        "deskcrm: internal error: the screen stopped: ZeroDivisionError: no ␛]0;x␇ way; please report it\n")
