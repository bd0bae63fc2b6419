"""A path typed into a box, key by key: what it means (``rooted``, ``given_path``), the entries
of its folder that fit (``entries``) and ``tab``'s completion (``completion``, shown greyed after
the cursor by :class:`PathSuggester`). Names holding control characters are never offered.
Used by the attach and import dialogs."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.suggester import Suggester
from textual.widgets import Input

from deskcrm import text
from deskcrm.widgets.safe_input import SafeInput

_SCAN = 5000  # entries read from one folder at most (a huge Downloads folder stays quick)


def rooted(value: str) -> str:
    """The path ``value`` means: typing ``/`` or ``~/`` after a folder starts again from there
    (the box starts at ``~/``, and ``~//tmp/cv.pdf`` is ``/tmp/cv.pdf``), as in Emacs."""
    for restart, keep in (("//", 1), ("/~/", 1)):
        at = value.rfind(restart)
        if at >= 0:
            value = value[at + keep:]
    return value


def entries(value: str) -> tuple[str, list[tuple[str, bool]]]:
    """(the folder as typed, [(name, is a folder)]) of the entries in ``value``'s folder whose
    names start with what follows its last ``/``, sorted; hidden ones only when asked for."""
    value = rooted(value)
    folder, _, prefix = value.rpartition("/")
    where = Path(os.path.expanduser(folder + "/" if folder or value.startswith("/") else ".") or "/")
    found: list[tuple[str, bool]] = []
    try:
        with os.scandir(where) as scan:
            for number, entry in enumerate(scan):
                if number >= _SCAN:
                    break
                name = entry.name
                if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
                    continue
                if text.problem(name) is not None:
                    continue  # never drawn raw, never offered
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                found.append((name, is_dir))
    except OSError:
        return folder, []
    found.sort(key=lambda e: (e[0].casefold(), e[0]))
    return folder, found


def completion(value: str) -> str | None:
    """``value`` completed as far as the entries that fit agree (a folder gets its ``/``)."""
    if not value:
        return None
    typed, value = value, rooted(value)
    folder, found = entries(value)
    if not found:
        return None
    names = [name + ("/" if is_dir else "") for name, is_dir in found]
    shared = os.path.commonprefix(names)
    done = (folder + "/" if folder or value.startswith("/") else "") + shared
    return typed + done[len(value):] if len(done) > len(value) else None  # what was typed, continued


def take_completion(box: Input) -> None:
    """``tab`` in a path box: the completion of what it holds (if any) typed in, the cursor at its end."""
    done = completion(box.value)
    if done is not None:
        box.value = done
        box.cursor_position = len(done)


class PathSuggester(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(completion, value)  # the folder is read off the UI thread


def given_path(value: str) -> str:
    """The path in the box as a file manager drops or a shell copies it: ``'…'`` / ``"…"`` quotes
    and a ``file://`` URL taken off, then :func:`rooted`."""
    path = value.strip()
    if len(path) >= 2 and path[0] == path[-1] and path[0] in "'\"":
        path = path[1:-1]
    if path.startswith("file://"):
        from urllib.parse import unquote, urlparse

        path = unquote(urlparse(path).path)
    return rooted(path)


class PathBox(SafeInput):
    """A path box whose start folder (``~/``, the last folder used) gives way to a path typed
    from the root or home: ``/`` typed after a ``/`` — or a whole path pasted there — replaces
    what was before it, so the box shows ``/tmp/cv_`` rather than ``~//tmp/cv_`` (the path it
    meant anyway: :func:`rooted`). Only at the end of the box: an edit inside it stays as typed."""

    def insert_text_at_cursor(self, text: str) -> None:
        before = self.value
        if self.cursor_position != len(before) or not self.selection.is_empty:
            super().insert_text_at_cursor(text)
            return
        if before.endswith("/") and given_path(text).startswith(("/", "~/")):
            value = text
        else:
            value = rooted(before + text)
        self.value = value
        self.cursor_position = len(value)
