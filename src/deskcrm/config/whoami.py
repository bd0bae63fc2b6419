"""Who is at the keyboard: ``me``, the recruiter whose desk "mine" (``m``, ``owner:me``) means
and who signs every activity, move and journal event written.

The first of these that says it wins:

1. ``--me INITIALS`` on the command line,
2. ``$DESKCRM_ME``,
3. ``me = "AM"`` in config.toml,
4. the answer given in the TUI for this database, on this machine: ``me.json`` in the user
   state dir, keyed by the database's resolved path (or its URL). Per person, so never in the
   shared database; and never written into the user's config file.

When none does, the TUI asks once (after its first frame) and remembers the answer here.
Standard library, platformdirs and ``files`` only: the launch path imports it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from deskcrm.config import paths

ENV = "DESKCRM_ME"
OPTION, FROM_ENV, CONFIG, REMEMBERED = "--me", f"${ENV}", "config.toml", "remembered"


def state_file() -> Path:
    return paths.state_dir() / "me.json"


def key(db: str | os.PathLike[str]) -> str:
    """The database as ``me.json`` names it: a URL as given (its password hidden: never
    stored), a file by its resolved path."""
    shown = str(db)
    if "://" in shown:
        from deskcrm import dburl

        return dburl.shown(shown)
    return str(Path(shown).expanduser().resolve())


def _read() -> dict[str, str]:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, unreadable or damaged: nothing is remembered
        return {}
    known = data.get("me") if isinstance(data, dict) else None
    return {k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(known, dict) else {}


def remembered(db: str | os.PathLike[str]) -> str | None:
    return _read().get(key(db))


def remember(db: str | os.PathLike[str], initials: str | None) -> None:
    """Remember (or, with None, forget) who you are on ``db``; the file is 0600, written whole."""
    from deskcrm.files import write_private

    known = _read()
    if initials:
        known[key(db)] = initials.strip().upper()
    else:
        known.pop(key(db), None)
    write_private(state_file(), json.dumps({"me": known}, indent=2, ensure_ascii=False) + "\n")


def chosen(option: str | None, configured: str | None, db: str | os.PathLike[str]) -> tuple[str | None, str | None]:
    """(initials upper-cased, where they came from: OPTION, FROM_ENV, CONFIG, REMEMBERED), or
    (None, None) when nothing says who you are."""
    for value, source in ((option, OPTION), (os.environ.get(ENV), FROM_ENV), (configured, CONFIG)):
        if value and value.strip():
            return value.strip().upper(), source
    found = remembered(db)
    return (found, REMEMBERED) if found else (None, None)


HOW = "choose who you are: ctrl+p → “Who am I…”, or start with --me INITIALS"
