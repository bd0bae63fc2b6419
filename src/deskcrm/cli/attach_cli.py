"""What `deskcrm attach PERSON FILE [--kind cv|other]` does: find the one person meant (an id, an
email, or an unambiguous name: ``store.person_lookup``), copy the file into the data directory,
read its text and record it on them in one undoable transaction (``store.attachments``), then
print one line: what was attached to whom, and how many words of text it holds — or why it has
none. Several people matching are listed (id, name, what they do) before the one-line error that
asks for an id; a file that cannot be attached is the store's one line naming it (exit 1).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from deskcrm.errors import CliError
from deskcrm.cli.output import echo


def attach(db: str | None, person: str, file: str, kind: str, me: str | None) -> None:
    from deskcrm.config import paths
    from deskcrm.store import attachments
    from deskcrm.text import clean

    if kind not in attachments.KINDS:
        raise CliError(f"--kind {kind!r}: use cv or other", 2)
    if not person.strip():
        raise CliError("PERSON is empty: give a person's id, email or name, e.g. deskcrm attach 42 cv.pdf", 2)
    source = Path(file).expanduser()
    if not source.is_file():
        what = "is a directory, not a file" if source.is_dir() else "no such file"
        raise CliError(f"{clean(file)}: {what}", 2)
    from deskcrm.cli.board_cli import _desk

    with _desk(db, "write") as conn:
        from deskcrm.cli import launch
        from deskcrm.cli.recruiter_cli import sign

        sign(conn, launch.opened, me)  # the attachment's "added by", the activity's author
        person_id = _one_person(conn, person)
        done = attachments.attach(conn, person_id, source, kind=kind, data_dir=paths.data_dir())
    echo(clean(done.message))


def _one_person(conn, person: str, example: str = "attach {id} FILE", code: int = 1) -> int:  # noqa: ANN001
    """The one person ``person`` names; else the candidates, one line each, and a CliError
    (exit ``code``) asking for an id, e.g. ``deskcrm <example>``."""
    from deskcrm.store.person_lookup import COUNT_CAP, find_person
    from deskcrm.text import clean

    found = find_person(conn, person)
    if found.person_id is not None:
        return found.person_id
    if not found.matches:
        raise CliError(f"nobody matches {clean(person)!r} (give their id, email, or name as `deskcrm search` finds it)",
                       code)
    for m in found.matches:
        echo(f"{m.id:>8}  {clean(m.name)}" + (f"  ({clean(m.detail)})" if m.detail else ""))
    again = example.format(id=found.matches[0].id)
    if found.near:
        raise CliError(f"nobody is called {clean(person)!r}; near spellings are listed above: run again with one id, "
                       f"e.g. deskcrm {again}", code)
    count = max(found.count, len(found.matches))
    listed = "listed above" if count <= len(found.matches) else f"the first {len(found.matches)} listed above"
    more = f"{COUNT_CAP:,} or more" if count >= COUNT_CAP else f"{count:,}"
    search = f"deskcrm search {shlex.quote(clean(person))} --limit {min(count, 1000)}"
    raise CliError(f"{clean(person)!r} matches {more} people ({listed}); narrow it: give their email, #id or more "
                   f"of the name (`{search}` lists them with their ids), e.g. deskcrm {again}", code)
