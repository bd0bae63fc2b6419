"""Edit a long note in the user's own editor: ``$EDITOR`` (else ``vi``) on a private temp file.

The caller suspends the TUI around :func:`edit` (``with app.suspend(): ...``). Nothing is lost:
when the editor is missing or fails, :class:`EditorError` says what happened and the caller
keeps the text it had. No Textual here.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

FALLBACK = "vi"


class EditorError(Exception):
    """``str(err)`` says what went wrong and that the note is unchanged."""


def command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor command: ``$EDITOR`` split like a shell would (``code --wait``), else ``vi``."""
    env = os.environ if environ is None else environ
    raw = (env.get("EDITOR") or "").strip()
    try:
        parts = shlex.split(raw) if raw else []
    except ValueError:
        raise EditorError(f"$EDITOR is not a command I can run ({raw!r}); your note is unchanged") from None
    return parts or [FALLBACK]


def edit(initial: str, editor: list[str] | None = None) -> str:
    """Open ``initial`` in the editor and return what was saved (trailing newlines dropped)."""
    cmd = editor or command()
    fd, name = tempfile.mkstemp(prefix="deskcrm-note-", suffix=".md")  # 0600: private to the user
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(initial + ("\n" if initial and not initial.endswith("\n") else ""))
        try:
            done = subprocess.run([*cmd, str(path)], check=False)
        except FileNotFoundError:
            raise EditorError(
                f"no editor {cmd[0]!r} found: set $EDITOR (e.g. export EDITOR=nano); your note is unchanged"
            ) from None
        except OSError as exc:
            raise EditorError(f"could not start {cmd[0]!r} ({exc}); your note is unchanged") from None
        if done.returncode != 0:
            raise EditorError(f"{cmd[0]} exited with status {done.returncode}; your note is unchanged")
        try:
            return path.read_text(encoding="utf-8").rstrip("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise EditorError(f"could not read the edited note back ({exc}); your note is unchanged") from None
    finally:
        path.unlink(missing_ok=True)
