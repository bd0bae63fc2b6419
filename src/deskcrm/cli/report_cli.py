"""`deskcrm report revenue|kpis|activity|clients|weekly`: the reports of section 6 on the
command line (the store's ``store.reports``; figures in ``report_out``, the weekly file in
``report_weekly``). Bad ``--from``/``--to``/``--period``/``--recruiter``/``--client`` is one line,
exit 2."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from deskcrm.errors import CliError
from deskcrm.files import missing_folder_of
from deskcrm.cli.launch import check_pretty, open_db, parse_date_option
from deskcrm.cli.output import echo, echo_json

REPORTS = ("revenue", "kpis", "activity", "clients")


@dataclass(frozen=True)
class Ask:
    """What a report command was asked for, checked."""

    period: object  # domain.periods.Period
    scope: object  # store.reports.Scope
    today: date
    who: str  # "team" / "AM" / "Acme Ltd" (for headings)


def _period(period: str | None, start: str | None, end: str | None, today: date):  # noqa: ANN202
    from deskcrm.domain.periods import parse_period

    first = parse_date_option(start, "--from")
    last = parse_date_option(end, "--to")
    try:
        return parse_period(period, today, first, last)
    except ValueError as exc:
        where = "--period" if period and not (first or last) else "--from/--to"
        raise CliError(f"{where}: {exc}", 2) from None


def _scope(conn, recruiter: str | None, client: str | None):  # noqa: ANN001, ANN202
    from deskcrm.store import recruiters
    from deskcrm.store.account import find_companies
    from deskcrm.store.reports import Scope
    from deskcrm.text import clean

    rid = cid = None
    names = []
    if recruiter is not None:
        found = recruiters.find(conn, recruiter.strip()) if recruiter.strip() else None
        if found is None:
            raise CliError(f"--recruiter {clean(recruiter)!r}: no such recruiter; known: "
                           f"{recruiters.known(conn, active_only=False) or 'none yet'}", 2)
        rid = found.id
        names.append(found.initials)
    if client is not None:
        hits = find_companies(conn, client) if client.strip() else []
        if len(hits) != 1:
            why = "no company matches it" if not hits else (
                f"{len(hits)} companies match it ({', '.join(f'{i} {clean(n)}' for i, n in hits[:3])}…): give its id")
            raise CliError(f"--client {clean(client)!r}: {why}", 2)
        cid = hits[0][0]
        names.append(hits[0][1])
    return Scope(rid, cid), " · ".join(names) or "team"


def run(which: str, db: str | None, period: str | None, start: str | None, end: str | None,
        recruiter: str | None, client: str | None, as_json: bool, as_csv: bool, pretty: bool,
        on: str | None, by: str = "month") -> None:
    from deskcrm.cli import report_out
    from deskcrm.config import settings as settings_mod
    from deskcrm.config.report_settings import report_options
    from deskcrm.domain import clock
    from deskcrm.store import db as store_db
    from deskcrm.store import reports

    if as_json and as_csv:
        raise CliError("--json and --csv: pick one", 2)
    check_pretty(as_json, pretty)
    if by not in ("month", "quarter"):
        raise CliError(f"--by {by!r}: month or quarter", 2)
    today = parse_date_option(on, "--date") or clock.today()
    span = _period(period, start, end, today)
    weights, currency = report_options(settings_mod.load())
    path = open_db(db)
    conn = store_db.connect(path)
    try:
        scope, who = _scope(conn, recruiter, client)
        ask = Ask(span, scope, today, who)
        if which == "revenue":
            data = reports.revenue(conn, span, scope, today=today, size=by, weights=weights)
        elif which == "kpis":
            data = reports.kpis(conn, span, scope, today=today, weights=weights, target_currency=currency)
        elif which == "activity":
            data = reports.activity(conn, span, scope)
        else:
            data = reports.clients(conn, span, scope, today=today)
    finally:
        conn.close()
    if as_json:
        echo_json(report_out.as_json(which, data, ask), pretty=pretty)
    elif as_csv:
        import sys

        sys.stdout.write(report_out.as_csv(which, data))
    else:
        echo(report_out.as_text(which, data, ask))


def weekly(db: str | None, to: str | None, on: str | None, recruiter: str | None) -> None:
    """The weekly activity report of the week holding ``--date`` (today): HTML or Markdown."""
    from pathlib import Path

    from deskcrm.cli import report_weekly
    from deskcrm.domain import clock
    from deskcrm.domain.periods import period
    from deskcrm.store import db as store_db

    today = parse_date_option(on, "--date") or clock.today()
    kind = "md"
    if to is not None:
        suffix = Path(to).suffix.lower()
        if suffix not in (".html", ".htm", ".md", ".markdown"):
            raise CliError(f"--to {to!r}: name an .html or .md file", 2)
        kind = "html" if suffix in (".html", ".htm") else "md"
        if (why := missing_folder_of(to)) is not None:  # before the report is worked out
            raise CliError(f"--to {to}: {why}", 2)
    week = period("week", today)
    path = open_db(db)
    conn = store_db.connect(path)
    try:
        scope, who = _scope(conn, recruiter, None)
        data = report_weekly.gather(conn, week, scope, today)
    finally:
        conn.close()
    text = report_weekly.html(data) if kind == "html" else report_weekly.markdown(data)
    if to is None:
        echo(text)
        return
    try:
        Path(to).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"--to {to}: cannot write ({exc.strerror or exc})") from None
    echo(f"weekly report for the week of {week.start.isoformat()} written to {to}")
