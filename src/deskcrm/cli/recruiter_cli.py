"""What `deskcrm recruiter add|list|edit|retire` do, and who signs a command's writes.

A fresh database has no recruiters: `recruiter add NAME --initials AM [--target 400k]` makes
one (the target read as every amount is, in the desk's currency: another one is refused, never
converted). A typo is corrected with `recruiter edit`; `recruiter retire` keeps what they own
and wrote. Refused input is one line naming the option (exit 2); every string printed goes
through ``output`` (cleaned).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskcrm.errors import CliError
from deskcrm.cli.output import echo, echo_json, table

if TYPE_CHECKING:
    from deskcrm.store.db import Connection

_OPTION = {"name": "NAME", "initials": "--initials", "target": "--target", "email": "--email"}
_COLUMNS = (("Initials", 8), ("Name", 30), ("Email", 30), ("Target", 14), ("Status", 7))


def sign(conn: Connection, path: Path, option: str | None = None) -> str | None:
    """Sign what this command writes with ``me`` (``--me``, ``$DESKCRM_ME``, config, or the
    TUI's remembered choice for this database); the initials, or None when unknown. Initials
    given on purpose (``--me``, ``$DESKCRM_ME``) that are no active recruiter are refused."""
    import os

    from deskcrm.config import settings, whoami
    from deskcrm.store import db, recruiters

    configured = None if option or os.environ.get(whoami.ENV) else settings.load().me  # read only when needed
    me, source = whoami.chosen(option, configured, path)
    if me is not None and source in (whoami.OPTION, whoami.FROM_ENV):
        _known(recruiters.find(conn, me), me, source, lambda: recruiters.known(conn))
    db.act_as(conn, recruiters.actor_id(conn, me))
    return me


def check_me(path: Path, me: str, source: str) -> None:
    """``--me XX`` / ``$DESKCRM_ME``: a recruiter of this database, or one line listing who is."""
    from deskcrm.store import db, recruiters

    conn = db.connect(path)
    try:
        found = recruiters.find(conn, me)
        listed = recruiters.known(conn)
    finally:
        conn.close()
    _known(found, me, source, lambda: listed)


def _known(found, me: str, source: str, listed: Callable[[], str]) -> None:  # noqa: ANN001 - a Recruiter or None
    if found is not None and found.active:
        return
    said = f"{source} {me}" if source == "--me" else f"{source.lstrip('$')}={me}"
    from deskcrm.domain import recruiter_rules, validate

    try:
        add = f"add one: deskcrm recruiter add NAME --initials {recruiter_rules.initials(me)}"
    except validate.Invalid as exc:  # no command to suggest: it would be refused too
        raise CliError(f"{said}: initials are {exc}; known: {listed()}", 2) from None
    why = "is retired" if found is not None else "is no recruiter of this database"
    raise CliError(f"{said}: {why}; known: {listed()} ({add})", 2)


def _desk(db: str | None, fn: Callable[[Connection, Path], Any]) -> Any:
    from deskcrm.cli.launch import open_db
    from deskcrm.store import db as store_db

    path = open_db(db, check="write")
    conn = store_db.connect(path)
    try:
        return fn(conn, path)
    finally:
        conn.close()


def _invalid(exc) -> CliError:  # noqa: ANN001 - store.errors.Invalid
    return CliError("; ".join(f"{_OPTION.get(k, k)}: {m}" for k, m in exc.field_errors.items()), 2)


def _configured() -> str | None:
    """``[report] target_currency`` from the config file, if set (what targets are in)."""
    from deskcrm.config import settings
    from deskcrm.config.report_settings import report_options

    return report_options(settings.load())[1]


def _target(raw: str | None, conn: Connection) -> float | None:
    from deskcrm.domain import recruiter_rules
    from deskcrm.cli.launch import parse_option
    from deskcrm.store.recruiters import desk_currency

    desk = desk_currency(conn, _configured())
    return parse_option(lambda value: recruiter_rules.target(value, desk), raw, "--target")


def add(db: str | None, name: str, initials: str, target: str | None, email: str | None) -> None:
    from deskcrm.store import recruiters
    from deskcrm.store.errors import Invalid

    def run(conn: Connection, path: Path):  # noqa: ANN202
        try:
            amount = _target(target, conn)
        except CliError as bad:  # and initials already taken? both said, not one run after the other
            try:
                recruiters.check_new(conn, name, initials)
            except Invalid as exc:
                raise CliError(f"{_invalid(exc)}; {bad}", 2) from None
            raise
        sign(conn, path)
        try:
            return recruiters.add_recruiter(conn, name, initials, target=amount, email=email)
        except Invalid as exc:
            raise _invalid(exc) from None

    done = _desk(db, run)
    echo(f"{done.message}. Choose yourself in the TUI (ctrl+p → Who am I…) or with --me {done.recruiter.initials}.")


def edit(db: str | None, current: str, name: str | None, initials: str | None, target: str | None,
         email: str | None, active: bool | None) -> None:
    from deskcrm.store import recruiters
    from deskcrm.store.errors import Invalid

    if all(v is None for v in (name, initials, target, email, active)):
        raise CliError("recruiter edit: say what to change: --name, --initials, --target, --email or --active", 2)

    def run(conn: Connection, path: Path):  # noqa: ANN202
        changes: dict[str, Any] = {}
        if target is not None:
            changes["target"] = None if target.strip().lower() == "none" else _target(target, conn)
        if email is not None:
            changes["email"] = None if email.strip().lower() == "none" else email
        sign(conn, path)
        try:
            return recruiters.edit_recruiter(conn, current, name=name, initials=initials, active=active, **changes)
        except Invalid as exc:
            if "initials" in exc.field_errors and initials is None:  # the one to edit does not exist
                raise CliError(f"recruiter edit {current}: {exc.field_errors['initials']}", 2) from None
            raise _invalid(exc) from None

    echo(_desk(db, run).message)


def retire(db: str | None, current: str) -> None:
    from deskcrm.store import recruiters
    from deskcrm.store.errors import Invalid

    def run(conn: Connection, path: Path):  # noqa: ANN202
        sign(conn, path)
        try:
            return recruiters.retire_recruiter(conn, current)
        except Invalid as exc:
            raise CliError(f"recruiter retire {current}: {exc.field_errors['initials']}", 2) from None

    echo(_desk(db, run).message)


def show(db: str | None, as_json: bool, pretty: bool) -> None:
    from deskcrm.domain.amounts import money
    from deskcrm.cli.launch import check_pretty, open_db
    from deskcrm.store import db as store_db
    from deskcrm.store.recruiters import desk_currency, list_recruiters

    check_pretty(as_json, pretty)
    conn = store_db.connect(open_db(db))
    try:
        found, currency = list_recruiters(conn), desk_currency(conn, _configured())
    finally:
        conn.close()
    if as_json:
        echo_json([{"id": r.id, "initials": r.initials, "name": r.name, "email": r.email, "target": r.target,
                    "currency": currency, "active": r.active} for r in found], pretty=pretty)
        return
    if not found:
        echo("No recruiters yet. Add yourself: deskcrm recruiter add \"Your Name\" --initials XY [--target 400k]")
        return
    rows = [(r.initials, r.name, r.email or "", money(r.target, currency), "active" if r.active else "retired")
            for r in found]
    echo(table(_COLUMNS, rows, f"{len(found)} recruiter{'s' if len(found) != 1 else ''}"))
