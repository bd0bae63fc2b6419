"""Open a CV outside the TUI: the system's viewer for the file when there is one (a desktop:
``xdg-open`` on Linux with a display, ``open`` on macOS), else its text in ``$PAGER`` (else
``less``, else ``more``) — the caller suspends the TUI around :func:`page`. No Textual here.
A pager that returns at once (``PAGER=cat``, ``less -F`` on a short CV) is followed by "press
enter to go back": the TUI's redraw would wipe the text before it could be read.

The text handed to a pager is cleaned first (``deskcrm.text.clean``): a CV's ESC sequences
never reach the terminal, whatever the pager lets through.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from deskcrm import text

PAGERS = ("less", "more")


class ViewerError(Exception):
    """``str(err)`` says what could not be opened, in one line."""


def system_opener(environ: Mapping[str, str] | None = None, platform: str | None = None) -> list[str] | None:
    """The command that opens a file in the desktop's viewer, or None (no desktop: a server, ssh)."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform == "darwin":
        return ["open"] if shutil.which("open") else None
    if platform.startswith("linux") or "bsd" in platform:
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            return None
        found = shutil.which("xdg-open")
        return [found] if found else None
    return None


def open_file(path: Path, opener: list[str]) -> None:
    """Start the viewer on ``path`` and return at once (it runs on its own, its output unseen)."""
    try:
        subprocess.Popen([*opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise ViewerError(f"could not start {opener[0]} ({exc.strerror or exc})") from None


def pager_command(environ: Mapping[str, str] | None = None) -> list[str]:
    env = os.environ if environ is None else environ
    raw = (env.get("PAGER") or "").strip()
    try:
        parts = shlex.split(raw) if raw else []
    except ValueError:
        raise ViewerError(f"$PAGER is not a command I can run ({raw!r})") from None
    if parts:
        return parts
    for name in PAGERS:
        if shutil.which(name):
            return [name]
    raise ViewerError("no pager found: set $PAGER (e.g. export PAGER=less)")


QUICK_S = 1.0  # a pager back sooner than this showed the text and left at once (cat; less -F on a short CV)
BACK = "— end of the CV (the pager returned at once): press enter to go back to deskcrm — "


def wait_for_enter() -> None:
    """Hold the text on the terminal until the user presses enter (not when stdin is no terminal)."""
    if not sys.stdin or not sys.stdin.isatty():
        return
    try:
        input("\n" + BACK)
    except (EOFError, KeyboardInterrupt):  # ctrl+d / ctrl+c: back as well
        pass


def page(title: str, body: str, pager: list[str] | None = None, *,
         wait: Callable[[], None] = wait_for_enter, quick_s: float = QUICK_S) -> None:
    """Show ``body`` (a CV's text) in the pager, from a private temp file removed afterwards. A
    pager that returns within ``quick_s`` (``cat``, ``less -F`` on a text that fits) left the text
    on the terminal that the TUI is about to redraw over: ``wait()`` holds it there (enter)."""
    cmd = pager or pager_command()
    fd, name = tempfile.mkstemp(prefix="deskcrm-cv-", suffix=".txt")  # 0600
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text.clean(title) + "\n\n" + text.clean(body, multiline=True) + "\n")
        started = time.monotonic()
        try:
            subprocess.run([*cmd, str(path)], check=False)
        except FileNotFoundError:
            raise ViewerError(f"no pager {cmd[0]!r} found: set $PAGER (e.g. export PAGER=less)") from None
        except OSError as exc:
            raise ViewerError(f"could not start {cmd[0]!r} ({exc.strerror or exc})") from None
        if time.monotonic() - started < quick_s:
            wait()
    finally:
        path.unlink(missing_ok=True)
