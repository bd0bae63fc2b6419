"""What `deskcrm search` does: the Search section's query language and store read, printed as a
plain table or JSON. A filter the query language cannot read is bad input (exit 2, every
problem named on one line), never a warning over a result that quietly ignored it.

A query that finds no one is not a dead end (exit 0): the best partial matches
(``store.search_partial``) under a header line, with a Missing column, and what to do next;
``--json`` is then an object: ``{"partial": true, "headline", "advice", "nowhere": [...],
"filters_removed": {"salary<60k": 412}, "estimated": false, "people": [... each with "missing"]}``.
"""

from __future__ import annotations

from deskcrm.errors import CliError
from deskcrm.cli.launch import open_db
from deskcrm.cli.output import echo, echo_json_rows, table

_COLUMNS = (("ID", 8), ("Name", 24), ("Headline", 28), ("Location", 12), ("Skills", 28),
            ("Available", 10), ("Desired", 11), ("Contacted", 10), ("Status", 8))
_NO_ME = ('owner:me: say who you are with --me INITIALS, $DESKCRM_ME or me = "AM" in config.toml '
          '(the initials: deskcrm recruiter list)')


def print_search(query: list[str], db: str | None, as_json: bool, pretty: bool, limit: int, me: str | None) -> None:
    """`deskcrm search QUERY...`: the words are one query, as typed in the Search section."""
    from deskcrm.domain import clock
    from deskcrm.cli.launch import check_pretty
    from deskcrm.domain.search_query import parse
    from deskcrm.store import db as store_db
    from deskcrm.store.search import SqliteSearch

    if not 1 <= limit <= 1000:
        raise CliError(f"--limit {limit}: use a number from 1 to 1000", 2)
    check_pretty(as_json, pretty)
    parsed = parse(" ".join(query), typing=False)
    me = _me(me, parsed.wants_me, db)
    problems = parsed.problems + ((_NO_ME,) if parsed.wants_me and not me else ())
    if problems:
        raise CliError("; ".join(problems), 2)
    conn = store_db.connect(open_db(db))
    try:
        backend = SqliteSearch(conn, clock.today(), me=me)
        page = backend.search(parsed, limit=limit, ranked=True)
        dead = None
        if not page.rows and not parsed.is_empty:  # no one matches it all: not a dead end
            from deskcrm.store.search_partial import dead_end

            dead = dead_end(backend, parsed, limit=limit)
        # JSON is the rows alone: the count (what FTS5 costs most at 1M) only for the table's last line
        total = page.total if page.total is not None or as_json or dead else backend.count(parsed)
    finally:
        conn.close()
    if dead is not None:
        _print_dead_end(dead, as_json, pretty)
    elif as_json:
        echo_json_rows((_person_json(r) for r in page.rows), pretty=pretty)
    else:
        echo(_people_table(page.rows, total))


def _me(option: str | None, wanted: bool, db: str | None) -> str | None:
    """Whose desk ``owner:me`` means (``whoami``: ``--me``, ``$DESKCRM_ME``, the config's ``me``,
    the TUI's choice for this database). Read only for a query that says ``owner:me`` (the
    config costs ~40 ms of imports)."""
    if wanted:
        import os

        from deskcrm.config import paths, settings, whoami

        configured = None if option or os.environ.get(whoami.ENV) else settings.load().me
        option, _ = whoami.chosen(option, configured, paths.resolve_target(db))
    return option.strip().upper() if option and option.strip() else None


def _person_json(row) -> dict[str, object]:  # noqa: ANN001 - a store.search.PersonRow
    return {
        "id": row.id,
        "name": row.name,
        "headline": row.headline,
        "location": row.location,
        "top_skills": list(row.top_skills),
        "available_from": row.available_from.isoformat() if row.available_from else None,
        "desired_salary": row.desired_salary,
        "salary_currency": row.salary_currency,
        "last_contact": row.last_contact.isoformat() if row.last_contact else None,
        "status": row.status,
        "roles": list(row.roles),
    }


def _print_dead_end(dead, as_json: bool, pretty: bool) -> None:  # noqa: ANN001 - store.search_partial.DeadEnd
    if as_json:
        from deskcrm.cli.output import echo_json

        echo_json({"partial": True, "headline": dead.headline, "advice": dead.advice, "nowhere": list(dead.nowhere),
                   "filters_removed": dead.filters_removed, "estimated": dead.about,
                   "people": [{**_person_json(p.row), "missing": list(p.missing)} for p in dead.rows]}, pretty=pretty)
        return
    echo(dead.headline)
    if dead.rows:
        values = _values(p.row for p in dead.rows)
        rows = [(", ".join(f"no {m}" for m in p.missing), *v) for p, v in zip(dead.rows, values, strict=True)]
        echo(table(_MISSING + _COLUMNS, rows, dead.advice))
    else:
        echo(dead.advice)


_MISSING = (("Missing", 20),)


def _values(rows):  # noqa: ANN001, ANN202 - PersonRow in, table values out
    for r in rows:
        salary = f"{r.desired_salary / 1000:,.0f}k {r.salary_currency or ''}".strip() if r.desired_salary else ""
        status = "dnc" if r.status == "do_not_contact" else (r.status or ("contact" if r.roles else ""))
        yield (r.id, r.name, r.headline, r.location, ", ".join(r.top_skills),
               r.available_from.isoformat() if r.available_from else "", salary,
               r.last_contact.isoformat() if r.last_contact else "", status)


def _people_table(rows, total: int) -> str:  # noqa: ANN001 - list[PersonRow]
    return table(_COLUMNS, list(_values(rows)), f"{len(rows)} of {total} matches")
