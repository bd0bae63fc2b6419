"""`deskcrm pool list|show NAME` (registered by ``commands``): talent pools, from the shell.

`pool list` prints every pool with its people, how many have gone cold and the last touch;
`pool show NAME` its people (a saved search is run again first), a page at a time (--limit,
--offset). `--json` for scripts. Every string printed goes through ``output`` (cleaned)."""

from __future__ import annotations

from typing import Optional

import typer

from deskcrm.cli.commands import DbOption, JsonPretty, app
from deskcrm.errors import CliError

pool_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="Talent pools: list them, show one's people.\n\nA pool is a saved search (run again when shown) or "
         "a hand-picked list (P in Search).")
app.add_typer(pool_app, name="pool")

_LIST = (("Pool", 30), ("Kind", 12), ("People", 7), ("Cold", 5), ("Last touch", 11))
_SHOW = (("Id", 7), ("Name", 28), ("Status", 10), ("Last contact", 12), ("Cold", 4), ("Employer", 24))


@pool_app.callback()
def pool_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("pool: say what to do: list or show (see `deskcrm pool --help`)", 2)


def _nurture_days() -> int:
    from deskcrm.config import settings

    return settings.due_settings(settings.load()).nurture_days


@pool_app.command("list")
def pool_list(
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array of pools."),
    pretty: bool = JsonPretty,
) -> None:
    """List the talent pools: people, gone cold, last touch."""
    from deskcrm.cli.launch import check_pretty, open_db
    from deskcrm.cli.output import echo, echo_json, table
    from deskcrm.domain import clock
    from deskcrm.store import db as store_db
    from deskcrm.store import pools

    check_pretty(as_json, pretty)
    conn = store_db.connect(open_db(db))
    try:
        found = pools.list_pools(conn, clock.today(), _nurture_days())
    finally:
        conn.close()
    if as_json:
        echo_json([{"id": p.id, "name": p.name, "kind": p.kind, "query": p.query, "owner": p.owner, "people": p.people,
                    "cold": p.cold, "last_touch": p.last_touch.isoformat() if p.last_touch else None}
                   for p in found], pretty=pretty)
        return
    if not found:
        echo("No pools yet. In Search, mark people with space and press P, or press ctrl+s to save the search.")
        return
    rows = [(p.name, p.kind, f"{p.people:,}", f"{p.cold:,}", p.last_touch.date().isoformat() if p.last_touch else "never")
            for p in found]
    echo(table(_LIST, rows, f"{len(found)} pool{'s' if len(found) != 1 else ''}"))


@pool_app.command("show")
def pool_show(
    name: str = typer.Argument(..., metavar="NAME", help='The pool\'s name (any case), e.g. "Rust contractors".'),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000, help="At most this many people."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many first."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: the pool and its people."),
    pretty: bool = JsonPretty,
) -> None:
    """Show a pool's people by name: status, last contact, gone cold."""
    from deskcrm.cli.launch import check_pretty, open_db
    from deskcrm.cli.output import echo, echo_json, table
    from deskcrm.domain import clock
    from deskcrm.store import db as store_db
    from deskcrm.store import pool_people, pools

    check_pretty(as_json, pretty)
    today, days = clock.today(), _nurture_days()
    conn = store_db.connect(open_db(db, check="write"))
    try:
        found = pools.find_pool(conn, name, today, days)
        if found is None:
            known = ", ".join(p.name for p in pools.list_pools(conn, today, days)) or "none yet"
            raise CliError(f"pool show: no pool is called {name!r} (pools: {known})", 2)
        if found.query is not None:
            found = pool_people.rerun(conn, found.id, today)
        people = pool_people.page(conn, found.id, today, limit=limit, offset=offset, nurture_days=days)
    finally:
        conn.close()
    if as_json:
        echo_json({"id": found.id, "name": found.name, "kind": found.kind, "query": found.query,
                   "people_count": found.people, "cold": found.cold,
                   "people": [{"id": m.id, "name": m.name, "status": m.status, "employer": m.employer, "cold": m.cold,
                               "last_contact": m.last_contact.isoformat() if m.last_contact else None}
                              for m in people]}, pretty=pretty)
        return
    rows = [(m.id, m.name, m.status or "contact", m.last_contact.isoformat() if m.last_contact else "never",
             "yes" if m.cold else "", m.employer or "") for m in people]
    what = f" · saved search: {found.query}" if found.query is not None else ""
    shown = f"{offset + 1}–{offset + len(people)} of " if people and (offset or len(people) < found.people) else ""
    echo(table(_SHOW, rows, f"{found.name}: {shown}{found.people:,} people, {found.cold:,} gone cold{what}"))
