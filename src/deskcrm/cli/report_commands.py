"""The `deskcrm report …` Typer group (registered by ``commands``): revenue, kpis, activity,
clients and weekly. The bodies are in ``report_cli``; the definitions in ``store.reports``."""

from __future__ import annotations

from typing import Optional

import typer

from deskcrm.cli.commands import DbOption, JsonPretty, app
from deskcrm.errors import CliError

report_app = typer.Typer(
    invoke_without_command=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
    help="Revenue, KPIs, activity, clients; the weekly report.\n\n"
         "The agency's numbers. Every figure follows the definitions in the README (Reports); amounts stay "
         "per currency, never added across currencies.")
app.add_typer(report_app, name="report")

PeriodOption = typer.Option(None, "--period", metavar="PERIOD",
                            help="week, month (the default), quarter, year or last12 — the one holding today.")
FromOption = typer.Option(None, "--from", metavar="DATE", help="First day of a custom period (as --date takes it).")
ToOption = typer.Option(None, "--to", metavar="DATE", help="Last day of a custom period (default: today).")
RecruiterOption = typer.Option(None, "--recruiter", metavar="AM", help="Only this recruiter's numbers (initials).")
ClientOption = typer.Option(None, "--client", metavar="NAME_OR_ID", help="Only this client (its id or name).")
JsonOption = typer.Option(False, "--json", help="Print one JSON object.")
CsvOption = typer.Option(False, "--csv", help="Print CSV (cells that could run as formulas are neutralised).")
DateOption = typer.Option(None, "--date", metavar="DATE", help="Figures as of this day instead of today.")


@report_app.callback()
def report_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise CliError("report: say which: revenue, kpis, activity, clients or weekly (see `deskcrm report --help`)",
                       2)


def _run(which: str, **kw) -> None:  # noqa: ANN003
    from deskcrm.cli.report_cli import run

    run(which, **kw)


@report_app.command("revenue", short_help="Fees by month per currency, and the pipeline ahead.")
def report_revenue(
    period: Optional[str] = PeriodOption, start: Optional[str] = FromOption, end: Optional[str] = ToOption,
    recruiter: Optional[str] = RecruiterOption, client: Optional[str] = ClientOption,
    by: str = typer.Option("month", "--by", metavar="month|quarter", help="Bars by month or by quarter."),
    as_json: bool = JsonOption, as_csv: bool = CsvOption, pretty: bool = JsonPretty,
    on: Optional[str] = DateOption, db: Optional[str] = DbOption,
) -> None:
    """Fees placed, invoiced, paid and credited by month, per currency; and the pipeline ahead.

    Placed: offers accepted (not fallen off). Invoiced / paid: by invoice / payment date. Credited:
    by the last day worked when a guarantee failed. Ahead (as of today): open job orders' expected
    fees weighted by stage ([report.stage_weights]), fees not yet invoiced, not yet paid, overdue.
    """
    _run("revenue", db=db, period=period, start=start, end=end, recruiter=recruiter, client=client,
         as_json=as_json, as_csv=as_csv, pretty=pretty, on=on, by=by)


@report_app.command("kpis", short_help="The seven KPIs: time to fill, fill rate, targets, more.")
def report_kpis(
    period: Optional[str] = PeriodOption, start: Optional[str] = FromOption, end: Optional[str] = ToOption,
    recruiter: Optional[str] = RecruiterOption, client: Optional[str] = ClientOption,
    as_json: bool = JsonOption, as_csv: bool = CsvOption, pretty: bool = JsonPretty,
    on: Optional[str] = DateOption, db: Optional[str] = DbOption,
) -> None:
    """The seven KPIs: time to fill, fill rate, revenue per recruiter against target, client
    lifetime value, source effectiveness, guarantee pass rate, pipeline coverage.

    Time to fill: job opened → first offer accepted (median, p75). Fill rate: filled ÷ closed jobs.
    Lifetime value: paid fees less credits. Source effectiveness: placements ÷ submissions by
    source. Guarantee pass rate: passed ÷ placements whose guarantee ended. Coverage: weighted open
    pipeline ÷ what is left of the period's target.
    """
    _run("kpis", db=db, period=period, start=start, end=end, recruiter=recruiter, client=client,
         as_json=as_json, as_csv=as_csv, pretty=pretty, on=on)


@report_app.command("activity", short_help="Calls, emails, moves and placements per recruiter.")
def report_activity(
    period: Optional[str] = PeriodOption, start: Optional[str] = FromOption, end: Optional[str] = ToOption,
    recruiter: Optional[str] = RecruiterOption, client: Optional[str] = ClientOption,
    as_json: bool = JsonOption, as_csv: bool = CsvOption, pretty: bool = JsonPretty,
    on: Optional[str] = DateOption, db: Optional[str] = DbOption,
) -> None:
    """Calls, emails, meetings, submissions, interviews, offers and placements per recruiter per
    week (Monday to Sunday), and the stage funnel of the period's submissions."""
    _run("activity", db=db, period=period, start=start, end=end, recruiter=recruiter, client=client,
         as_json=as_json, as_csv=as_csv, pretty=pretty, on=on)


@report_app.command("clients", short_help="Orders, placements and fees per client.")
def report_clients(
    period: Optional[str] = PeriodOption, start: Optional[str] = FromOption, end: Optional[str] = ToOption,
    recruiter: Optional[str] = RecruiterOption, client: Optional[str] = ClientOption,
    as_json: bool = JsonOption, as_csv: bool = CsvOption, pretty: bool = JsonPretty,
    on: Optional[str] = DateOption, db: Optional[str] = DbOption,
) -> None:
    """Orders sent, placements and fees per client in the period, days since last contact and
    overdue check-ins: which clients send the most orders, and which went quiet."""
    _run("clients", db=db, period=period, start=start, end=end, recruiter=recruiter, client=client,
         as_json=as_json, as_csv=as_csv, pretty=pretty, on=on)


@report_app.command("weekly", short_help="The weekly report for a manager, per recruiter.")
def report_weekly(
    to: Optional[str] = typer.Option(None, "--to", metavar="FILE.html|FILE.md",
                                     help="Write the report to this file (HTML or Markdown by its name);"
                                          " without it, Markdown on the terminal."),
    recruiter: Optional[str] = RecruiterOption,
    on: Optional[str] = typer.Option(None, "--date", metavar="DATE", help="A day of the week to report (default: today)."),
    db: Optional[str] = DbOption,
) -> None:
    """The weekly report for a manager: per recruiter, the week's activity, pipeline moves,
    placements, fees and overdue items — a self-contained HTML file (inline charts, no network)
    fit to e-mail or print, or Markdown."""
    from deskcrm.cli.report_cli import weekly

    weekly(db, to, on, recruiter)
