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
from deskcrm.cli.output import echo, echo_json_rows, say, table
from deskcrm.domain.relevance import SHOWN, why_text
from deskcrm.domain.amounts import compact

_COLUMNS = (("ID", 8), ("Name", 24), ("Headline", 28), ("Location", 12), ("Skills", 28),
            ("Available", 10), ("Desired", 11), ("Contacted", 10), ("Status", 8))
_NO_ME = ('owner:me: say who you are with --me INITIALS, $DESKCRM_ME or me = "AM" in config.toml '
          '(the initials: deskcrm recruiter list)')


def print_search(query: list[str], db: str | None, as_json: bool, pretty: bool, limit: int, me: str | None,
                 rank: bool = False, why: bool = False, offset: int = 0) -> None:
    """`deskcrm search QUERY...`: the words are one query, as typed in the Search section; best
    match first by the engine's relevance, or with ``--rank`` in the recruiter's order (as
    ``enter`` in the TUI: ``store.search_order``). ``--why``: which word hit which field."""
    from deskcrm.domain import clock
    from deskcrm.cli.launch import check_pretty
    from deskcrm.domain.search_query import parse
    from deskcrm.store import db as store_db
    from deskcrm.store.search import SqliteSearch

    if not 1 <= limit <= 1000:
        raise CliError(f"--limit {limit}: use a number from 1 to 1000", 2)
    if offset < 0:
        raise CliError(f"--offset {offset}: use 0 or more", 2)
    check_pretty(as_json, pretty)
    config = _settings() if _extends_vocabulary() else None  # [search.synonyms] …
    if config is not None and config.search:
        from deskcrm.domain import vocabulary

        vocabulary.configure(config.search)
    parsed = parse(" ".join(query), typing=False, fields=_custom_fields(db, " ".join(query)))
    if parsed.wants_me and config is None:
        config = _settings()  # owner:me: the config's `me`
    me = _me(me, parsed.wants_me, db, config.me if config is not None else None)
    from deskcrm.domain.custom_query import is_text_hint

    problems = parsed.problems + ((_NO_ME,) if parsed.wants_me and not me else ())
    for hinted in [p for p in problems if is_text_hint(p)]:  # searched as text, as the search screen does
        say(hinted)
    problems = tuple(p for p in problems if not is_text_hint(p))
    if problems:
        raise CliError("; ".join(problems), 2)
    conn = store_db.connect(open_db(db))
    try:
        backend = SqliteSearch(conn, clock.today(), me=me)
        page = backend.search(parsed, limit=limit, offset=offset, ranked=True, engine_order=not rank)
        dead = None
        if not page.rows and not parsed.is_empty and not offset:  # no one matches it all: not a dead end
            from deskcrm.store.search_partial import dead_end

            dead = dead_end(backend, parsed, limit=limit, ranked=rank)
        hits = {r.id: backend.why(parsed, r.id, corrected=bool(page.corrected)) for r in page.rows} if why else None
        if as_json:
            from deskcrm.store.custom_values import people_by_label

            custom = people_by_label(conn, [r.id for r in page.rows])
        # JSON is the rows alone: the count (what FTS5 costs most at 1M) only for the table's last line
        total = page.total if page.total is not None or as_json or dead else backend.count(parsed)
    finally:
        conn.close()
    if page.corrected:  # one line on stderr: stdout stays the rows
        from deskcrm.store.search_correct import sentence

        say(sentence(page.corrected))
    if dead is not None:
        _print_dead_end(dead, as_json, pretty)
    elif as_json:
        corrected = dict(page.corrected)  # every row says which words were corrected: the list stays a list

        def row(r) -> dict[str, object]:  # noqa: ANN001 - a store.search.PersonRow
            out = _person_json(r, None if hits is None else hits[r.id])
            if r.id in custom:  # the desk's own fields, by their names
                out["custom_fields"] = custom[r.id]
            return {**out, "corrected": corrected} if corrected else out

        echo_json_rows((row(r) for r in page.rows), pretty=pretty)
    else:
        echo(_people_table(page.rows, total, hits, offset))


def _settings():  # noqa: ANN202 - config.settings.Settings
    from deskcrm.config import settings

    return settings.load()


def _extends_vocabulary() -> bool:
    """Whether the config file has a ``[search…]`` table (the user's vocabulary): the file is
    read whole (and checked) only then — parsing it costs ~40 ms of imports on a hot command."""
    from deskcrm.config import paths

    try:
        return "[search" in paths.config_file().read_text(encoding="utf-8", errors="replace")
    except OSError:  # no file (or unreadable: settings.load says so when it is needed)
        return False


def _me(option: str | None, wanted: bool, db: str | None, config_me: str | None) -> str | None:
    """Whose desk ``owner:me`` means (``whoami``: ``--me``, ``$DESKCRM_ME``, the config's ``me``,
    the TUI's choice for this database). Looked up only for a query that says ``owner:me``."""
    if wanted:
        import os

        from deskcrm.config import paths, whoami

        configured = None if option or os.environ.get(whoami.ENV) else config_me
        option, _ = whoami.chosen(option, configured, paths.resolve_target(db))
    return option.strip().upper() if option and option.strip() else None


def _custom_fields(db: str | None, text: str) -> tuple:
    """The desk's searchable custom fields when the query may name one (``name:value``,
    ``name<value``): read from the desk (a query without one opens nothing more)."""
    import re

    if not re.search(r"[A-Za-z][A-Za-z0-9_]*(<|>|=|:)", text):
        return ()
    from deskcrm.store import db as store_db
    from deskcrm.store.custom_fields import person_fields

    from deskcrm.store.errors import StoreError

    try:
        conn = store_db.connect(open_db(db))
    except (CliError, StoreError):
        return ()  # no desk here: the search says so itself, after the query's own problems
    try:
        return person_fields(conn)
    finally:
        conn.close()


def _person_json(row, why=None) -> dict[str, object]:  # noqa: ANN001 - a store.search.PersonRow, its hits
    out: dict[str, object] = {
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
    if why is not None:  # [{"term": "python", "fields": ["title", "skills"]}, ...]
        out["why"] = [{"term": h.term, "fields": [SHOWN[f] for f in h.fields]} for h in why]
    return out


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
        # "92.5k EUR", never rounded to a value no one asked for ("92k"); the TUI's short form
        salary = f"{compact(r.desired_salary)} {r.salary_currency or ''}".strip() if r.desired_salary else ""
        status = "dnc" if r.status == "do_not_contact" else (r.status or ("contact" if r.roles else ""))
        yield (r.id, r.name, r.headline, r.location, ", ".join(r.top_skills),
               r.available_from.isoformat() if r.available_from else "", salary,
               r.last_contact.isoformat() if r.last_contact else "", status)


def _people_table(rows, total: int, hits=None, offset: int = 0) -> str:  # noqa: ANN001 - PersonRows, their hits
    values = [v + ((why_text(hits[r.id]),) if hits is not None else ()) for r, v in zip(rows, _values(rows))]
    columns = _COLUMNS + ((("Why", 64),) if hits is not None else ())
    if not offset:
        return table(columns, values, f"{len(rows):,} of {total:,} matches")
    shown = f"{offset + 1:,}-{offset + len(rows):,}" if rows else f"none past the first {offset:,}"
    return table(columns, values, f"{shown} of {total:,} matches")
