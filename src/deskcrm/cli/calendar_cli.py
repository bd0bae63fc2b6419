"""What `deskcrm calendar export --to FILE.ics` does: the desk's dates in a window (by default
30 days back to 180 ahead) as one iCalendar file (``store.calendar_events``), written whole or
not at all (a temp file beside it, renamed), private to you (0600). Prints how many events and
where; `--mine` keeps the events of your jobs and placements.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from deskcrm.cli.output import echo
from deskcrm.errors import CliError
from deskcrm.files import missing_folder_of

BACK_DAYS, AHEAD_DAYS = 30, 180  # the default window


def export(db: str | None, to: str, start: str | None, end: str | None, mine: bool, me: str | None) -> int:
    from deskcrm.cli.launch import parse_date_option
    from deskcrm.domain import clock

    today = clock.today()
    first = parse_date_option(start, "--from") or today - timedelta(days=BACK_DAYS)
    last = parse_date_option(end, "--to-date") or today + timedelta(days=AHEAD_DAYS)
    if last < first:
        raise CliError(f"--to-date {last.isoformat()} is before --from {first.isoformat()}: give the window in order", 2)
    if not to.strip():
        raise CliError("--to is empty: give the file to write, e.g. --to ~/desk.ics", 2)
    target = Path(to).expanduser()
    if target.is_dir():
        raise CliError(f"--to {to}: is a folder; give a file name, e.g. {Path(to) / 'desk.ics'}", 2)
    if (why := missing_folder_of(target)) is not None:
        raise CliError(f"--to {to}: {why}", 2)
    if target.exists() and not _is_calendar(target):
        raise CliError(f"--to {to}: already exists and is not an iCalendar file; "
                       "give a new name or an earlier export (it is replaced whole)", 2)
    from deskcrm.cli import launch
    from deskcrm.cli.board_cli import _desk
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.store import calendar_events, db as store_db

    with _desk(db) as conn:
        owner = None
        if mine:
            who = sign(conn, launch.opened, me)
            owner = store_db.actor(conn)
            if owner is None:
                raise CliError("--mine: whose? give --me INITIALS (or set me in the config)"
                               + (f"; {who} is no recruiter here" if who else ""), 2)
        data, count = calendar_events.export(conn, first, last, owner_id=owner)
    _write(target, data)
    echo(f"Wrote {count} event{'s' if count != 1 else ''} ({first.isoformat()} to {last.isoformat()}) to {target}")
    return 0


def _is_calendar(target: Path) -> bool:
    """An earlier export (replaced whole, so a calendar app sees updates) starts BEGIN:VCALENDAR;
    anything else there (a report, a CV, an empty file) is someone's and is not overwritten."""
    try:
        with target.open("rb") as file:
            return file.read(64).lstrip(b"\xef\xbb\xbf \r\n").upper().startswith(b"BEGIN:VCALENDAR")
    except OSError:
        return False


def _write(target: Path, data: bytes) -> None:
    from deskcrm import files

    tmp: Path | None = None
    try:
        tmp = files.temp_beside(target, ".partial")  # 0600
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise CliError(f"--to {target}: cannot write it ({exc.strerror})", 1) from None
