"""What `deskcrm privacy export|erase|scrub` do (issue 14): a subject-access export of one person,
an erasure that leaves no trace, and the journal scrub of people removed past the undo window.

PERSON is an id, an email or a name, as `deskcrm attach` takes it; a name that fits several
people lists them, one line each, and exits 2 asking for an id. `erase` asks for the person's
name to be typed (the same, case and spaces aside) unless `--yes`; an erasure cannot be undone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from deskcrm.cli.output import echo, say
from deskcrm.errors import CliError
from deskcrm.text import clean


def export(db: str | None, person: str, to: str | None, as_zip: bool) -> None:
    from deskcrm.cli.board_cli import _desk
    from deskcrm.config import paths
    from deskcrm.store import privacy_export

    with _desk(db, "read") as conn:
        pid = _one(conn, person, "privacy export {id}")
        done = privacy_export.export(conn, pid, Path(to or "."), data_dir=paths.data_dir(), as_zip=as_zip)
    echo(clean(done.message))


def erase(db: str | None, person: str, yes: bool, me: str | None) -> None:
    from deskcrm.cli import launch
    from deskcrm.cli.board_cli import _desk
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.config import paths
    from deskcrm.store import erasure

    with _desk(db, "write") as conn:
        sign(conn, launch.opened, me)  # who erased: on the erasure record
        pid = _one(conn, person, "privacy erase {id}")
        name = conn.execute("SELECT name FROM person WHERE id = ?", (pid,)).fetchone()[0]
        typed = None if yes else _confirm(pid, name)
        done = erasure.erase(conn, pid, data_dir=paths.data_dir(), confirm_name=typed)
    echo(clean(done.message))


def _confirm(pid: int, name: str) -> str:
    say(f"This erases {name} (#{pid}) for good: their record, CVs, activities and journal entries. "
        "It cannot be undone. Type their name to confirm:")
    line = sys.stdin.readline()
    if not line.strip():
        raise CliError("nothing erased: type their name to confirm (or give --yes)", 2)
    if " ".join(line.split()).casefold() != " ".join(name.split()).casefold():
        raise CliError(f"nothing erased: {clean(line.strip())!r} is not {clean(name)!r}", 2)
    return line.strip()


def notice(db: str | None, person: str) -> None:
    from deskcrm.cli.board_cli import _desk
    from deskcrm.config import paths
    from deskcrm.store import privacy_notice

    with _desk(db, "read") as conn:
        pid = _one(conn, person, "privacy notice {id}")
        filled = privacy_notice.notice(conn, pid, paths.data_dir())
    echo(filled.text.rstrip("\n"))  # plain text already (deskcrm.text.clean): newlines kept, controls shown


def scrub(db: str | None) -> None:
    from deskcrm.cli.board_cli import _desk
    from deskcrm.config import settings as settings_mod
    from deskcrm.store import erasure, journal_scrub

    window = settings_mod.privacy_settings(settings_mod.load()).undo_window_days
    with _desk(db, "write") as conn:
        n = journal_scrub.scrub(conn, window)
        cleaned = erasure.compact(conn, vacuum=True)
    people = f"{n} removed {'person' if n == 1 else 'people'}"
    tail = "" if cleaned else "; the database could not be compacted now (another program holds it), try again later"
    echo(f"Scrubbed the journal of {people} past the {window}-day undo window; freed space cleared{tail}")


def _one(conn, person: str, example: str) -> int:  # noqa: ANN001 - a store connection
    """The one person meant (``attach_cli._one_person``; exit 2 when it is not one); an erased
    person's id says so."""
    from deskcrm.cli.attach_cli import _one_person

    if not person.strip():
        raise CliError("PERSON is empty: give a person's id, email or name", 2)
    digits = person.strip().removeprefix("#")
    if digits.isascii() and digits.isdigit() and len(digits) < 19:
        gone = conn.execute("SELECT erased_at FROM person WHERE id = ? AND erased_at IS NOT NULL",
                            (int(digits),)).fetchone()
        if gone is not None:
            raise CliError(f"person #{int(digits)} was erased ({str(gone[0])[:10]}); nothing is held about them", 1)
    return _one_person(conn, person, example, code=2)
