"""What `deskcrm mail log [FILE.eml]` and `deskcrm mail sync MAILDIR` do.

`mail log` reads one message (a file, or standard input: a mail client's pipe-to-command,
``| deskcrm mail log``) and logs it on every known person in From/To/Cc (``store.mail_log``):
one line saying on whom, or that it was logged already (exit 0); nobody known is one
``deskcrm: no known person in From/To/Cc: …`` line (exit 1), nothing written.

`mail sync` walks a Maildir's new/ and cur/ and logs each message to or from a known person.
Messages whose Message-ID is already logged are skipped from their headers alone, so a re-run is
quick. Progress goes to stderr on a terminal; the last line is the summary (logged, already,
unknown, unreadable — the unreadable named). ``--save-cvs`` saves CV-like attachments (pdf,
docx, rtf, txt, odt by name) as the sender's CV. Every string printed is cleaned (``output``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from deskcrm.cli.output import echo
from deskcrm.errors import CliError

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

MAX_MESSAGE = 50 * 1024 * 1024  # bytes: a bigger "message" is refused, not read into memory
_PROGRESS_FROM = 200  # messages: a smaller folder is done before progress would help


def log(db: str | None, file: str | None, me: str | None, save_cvs: bool) -> int:
    raw, where = _read_one(file)
    from deskcrm.store import mail_log, mail_parse

    mail = mail_parse.parse(raw)
    with _signed(db, me) as (conn, data_dir):
        try:
            done = mail_log.log_mail(conn, mail, data_dir=data_dir, save_cvs=save_cvs)
        except mail_log.NoKnownPerson as exc:
            raise CliError(f"{where}: {exc}; nothing logged (add the person, or their email, first)", 1) from None
    subject = f"“{mail.subject}”" if mail.subject else "(no subject)"
    names = ", ".join(p.name for p in done.people)
    if done.already:
        echo(f"already logged: {subject} on {names} — nothing written")
        return 0
    when = f" ({_local(mail.at)})" if mail.at else " (no readable Date: logged as now)"
    echo(f"Logged email {subject} on {names}{when}")
    for line in done.cvs:
        echo(line)
    return 0


def _read_one(file: str | None) -> tuple[bytes, str]:
    """The message's bytes and what to call it in a message (its file, or "standard input")."""
    if file is None or file == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise CliError("mail log: give FILE.eml, or pipe one message in (… | deskcrm mail log)", 2)
        raw = sys.stdin.buffer.read(MAX_MESSAGE + 1)
        where = "standard input"
    else:
        path = Path(file).expanduser()
        if not path.is_file():
            raise CliError(f"{file}: {'is a directory, not a file' if path.is_dir() else 'no such file'}", 2)
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_MESSAGE + 1)
        except OSError as exc:
            raise CliError(f"{file}: cannot read it ({exc.strerror})", 1) from None
        where = file
    if len(raw) > MAX_MESSAGE:
        raise CliError(f"{where}: over {MAX_MESSAGE // 2**20} MB — not logged", 1)
    if not raw.strip():
        raise CliError(f"{where}: empty — no message to log", 1)
    return raw, where


def _local(at) -> str:  # noqa: ANN001 - an aware datetime
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


@contextmanager
def _signed(db: str | None, me: str | None) -> Iterator[tuple[Connection, Path]]:
    """The desk opened for writing, signed by ``me``, and the data directory (for CVs)."""
    from deskcrm.cli import launch
    from deskcrm.cli.board_cli import _desk
    from deskcrm.cli.recruiter_cli import sign
    from deskcrm.config import paths

    with _desk(db, "write") as conn:
        sign(conn, launch.opened, me)
        yield conn, paths.data_dir()


def sync(db: str | None, maildir: str, me: str | None, save_cvs: bool) -> int:
    files = _maildir_files(maildir)
    from deskcrm.store import mail_log, mail_parse

    counts = {"logged": 0, "already": 0, "unknown": 0}
    unreadable: list[str] = []
    show = sys.stderr.isatty() and len(files) >= _PROGRESS_FROM
    with _signed(db, me) as (conn, data_dir):
        seen = mail_log.logged_ids(conn)
        for n, (name, path) in enumerate(files, 1):
            if show and (n % 50 == 0 or n == len(files)):
                print(f"\rmail sync: {n:,}/{len(files):,}", end="", file=sys.stderr, flush=True)
            try:
                with open(path, "rb") as handle:
                    raw = handle.read(MAX_MESSAGE + 1)
            except OSError:
                unreadable.append(name)
                continue
            if len(raw) > MAX_MESSAGE or not raw.strip():
                unreadable.append(name)
                continue
            message_id, addresses = mail_parse.headers_only(raw)
            if not addresses:
                unreadable.append(name)
            elif message_id in seen:
                counts["already"] += 1
            elif not mail_log.known_people(conn, addresses):
                counts["unknown"] += 1
            else:
                done = mail_log.log_mail(conn, mail_parse.parse(raw), data_dir=data_dir, save_cvs=save_cvs)
                seen.add(done.message_id)
                counts["already" if done.already else "logged"] += 1
                for line in done.cvs:
                    echo(f"{name}: {line}")
    if show:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)
    said = f"unreadable {len(unreadable)}" + (f" ({', '.join(unreadable)})" if unreadable else "")
    echo(f"logged {counts['logged']}, already {counts['already']}, unknown {counts['unknown']}, {said}")
    return 0


def _maildir_files(maildir: str) -> list[tuple[str, str]]:
    """(name shown, path) of every message in new/ and cur/, oldest first by name (a Maildir
    name starts with its delivery time); the Maildir is checked with ``mailbox.Maildir``."""
    import mailbox

    root = Path(maildir).expanduser()
    if not root.is_dir():
        raise CliError(f"{maildir}: {'no such folder' if not root.exists() else 'not a folder'}", 2)
    if not all((root / sub).is_dir() for sub in ("new", "cur")):
        raise CliError(f"{maildir}: not a Maildir (it has no new/ and cur/ folders)", 2)
    try:
        mailbox.Maildir(str(root), factory=None, create=False)
        found = []
        for sub in ("new", "cur"):
            for entry in os.scandir(root / sub):
                if not entry.name.startswith(".") and entry.is_file():
                    found.append((f"{sub}/{entry.name}", entry.path))
    except OSError as exc:
        raise CliError(f"{maildir}: cannot read it ({exc.strerror})", 1) from None
    return sorted(found, key=lambda f: (f[0].split("/", 1)[1], f[0]))
