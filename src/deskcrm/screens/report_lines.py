"""From the store's report views (``store.reports``) to the rows section 6 shows: the one
place that knows both. Each report is a list of ``report_rows.Line``; every figure on a line
carries the ``Trace`` its records are listed by.

- Revenue: per currency, fees by month as bars (placed), with invoiced / paid / credited of the
  month as further cells; then the pipeline ahead: weighted open pipeline by stage, not yet
  invoiced, not yet paid, overdue.
- KPIs: time to fill (median, p75), fill rate, revenue per recruiter against target (bars),
  client lifetime value (top clients, bars), source effectiveness, guarantee pass rate,
  pipeline coverage.
- Activity: per recruiter, a sparkline per figure (one cell per week) and its total; the stage
  funnel.
- Clients: orders, placements, fees, days since the last contact, check-in overdue.

Amounts are per currency, never added across currencies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from deskcrm.domain.amounts import short_money
from deskcrm.screens.report_rows import Line, blank, fit, figure, heading, right, spark, _Row
from deskcrm.screens import report_rows as rows
from deskcrm.domain.contract_rates import RATE_UNITS
from deskcrm.store.reports import (  # noqa: F401 - Scope is the screen's too
    ACTIVITY_FIGURES, DEFINITIONS, Amount, Record, Scope, Trace,
)

if TYPE_CHECKING:
    from deskcrm.config.settings import Settings
    from deskcrm.domain.periods import Period
    from deskcrm.store.db import Connection

QUARTERS_AFTER = 2 * 366  # a longer period's revenue is by quarter (24 bars at most by month)
REPORTS = (("revenue", "Revenue"), ("kpis", "KPIs"), ("activity", "Activity"), ("clients", "Clients"))

# What ``i`` shows per report: the store's definition of each named query the report uses.
_DEFINED = {
    "revenue": ("placed", "invoiced", "paid", "credited", "contract_margin", "pipeline", "not_invoiced", "unpaid",
                "overdue"),
    "kpis": ("filled", "closed_filled", "closed", "revenue_per_recruiter", "client_value", "submissions",
             "guarantee_ended", "guarantee_unconfirmed", "coverage", "pipeline"),
    "activity": ("activities", "moved_to", "interviews", "placed", "funnel"),
    "clients": ("orders", "placed", "contacted"),
}
_FIGURE_LABELS = {
    "calls_talked": "Call talked", "calls_voicemail": "Call voicemail", "calls_no_answer": "Call no answer",
    "emails": "Emails", "meetings": "Meetings", "submissions": "Submissions", "interviews": "Interviews",
    "offers": "Offers", "placements": "Placements",
}


def compute(conn: Connection, report: str, period: Period, scope: Scope, settings: Settings) -> Any:
    """The report's view (in a worker: never on the UI thread)."""
    from deskcrm.config.report_settings import report_options
    from deskcrm.domain import clock
    from deskcrm.store import reports

    today = clock.today()
    weights, target_currency = report_options(settings)  # [report] in the config, as the CLI reads it
    if report == "revenue":
        return reports.revenue(conn, period, scope, today=today, weights=weights,
                               size="quarter" if period.days > QUARTERS_AFTER else "month")
    if report == "kpis":
        return reports.kpis(conn, period, scope, today=today, weights=weights, target_currency=target_currency)
    if report == "activity":
        return reports.activity(conn, period, scope)
    return reports.clients(conn, period, scope, today=today)


def definitions(report: str) -> list[tuple[str, str]]:
    out = []
    for name in _DEFINED[report]:
        meaning = DEFINITIONS.get(name)
        if meaning:
            head, _, rest = meaning.partition(": ")
            out.append((head, rest or meaning) if rest else (name, meaning))
    return out


def period_words(p: Period) -> str:
    """'2026-11 · 1 Nov – 30 Nov 2026'; a custom period: its days."""
    from deskcrm.screens.report_pickers import period_span

    if p.kind == "custom":
        return period_span(p)
    name = "Last 12 months" if p.kind == "last12" else p.label()
    return f"{name} · {period_span(p)}"


# ---------------------------------------------------------------------------------------- build


def build(report: str, view: Any, width: int, colours: dict[str, str]) -> list[Line]:
    accent = colours.get("primary", "")
    made = {"revenue": _revenue, "kpis": _kpis, "activity": _activity, "clients": _clients}[report](view, width, accent)
    return made or [heading("Nothing in this period", "dim")]


def _money(amounts: Sequence[Amount], currency: str) -> Amount | None:
    return next((a for a in amounts if a.currency == currency), None)


def _currencies(*groups: Sequence[Amount]) -> list[str]:
    """The currencies in ``groups``, the largest sum first (never added across currencies)."""
    totals: dict[str, float] = {}
    for group in groups:
        for a in group:
            totals[a.currency] = totals.get(a.currency, 0.0) + abs(a.amount)
    return sorted(totals, key=lambda c: (-totals[c], c))


def _amounts(amounts: Sequence[Amount], width: int, name: str, noun: str) -> list[Line]:
    """One figure line per currency (a dash when there is none): 'Not yet paid  EUR 32.6k  2 invoices'."""
    if not amounts:
        return [figure(name, [("—", None)], width)]
    return [figure(name if i == 0 else "", [(short_money(a.amount, a.currency), a.trace)], width,
                   f"{a.count} {noun}{'' if a.count == 1 else 's'}")
            for i, a in enumerate(_largest(amounts))]


def _largest(amounts: Sequence[Amount]) -> list[Amount]:
    return sorted(amounts, key=lambda a: (-abs(a.amount), a.currency))


def _revenue(v, width: int, accent: str) -> list[Line]:
    out: list[Line] = []
    groups = [b.placed for b in v.buckets] + [b.invoiced for b in v.buckets] + [b.paid for b in v.buckets] \
        + [b.credited for b in v.buckets]
    more_w = 9 if width < 100 else 11
    for currency in _currencies(*groups):
        out.append(heading(f"Fees by {v.size} · {currency}", "bold"))
        items = []
        for b in v.buckets:
            placed = _money(b.placed, currency)
            more = []
            for group in (b.invoiced, b.paid, b.credited):
                found = _money(group, currency)
                more.append((short_money(found.amount, currency).split(" ", 1)[1] if found else "—",
                             found.trace if found else None))
            items.append((b.label, placed.amount if placed else 0.0,
                          short_money(placed.amount, currency) if placed else "—",
                          placed.trace if placed else None, more))
        out += rows.bar_rows(items, width, style=accent, more_width=more_w,
                             header=(v.size.capitalize(), "Placed", "Invoiced", "Paid", "Credited"))
        out.append(blank())
    if not out:
        out += [heading("No fees in this period", "dim"), blank()]
    out += _margins(v, width, accent)
    out.append(heading("The pipeline ahead (as of today)"))
    stages = [s for s in v.pipeline if s.jobs.value]
    for currency in _currencies(*(s.weighted for s in stages)):
        out.append(heading(f"Weighted open pipeline by stage · {currency}", "dim"))
        items = []
        for s in stages:
            found = _money(s.weighted, currency)
            if found is None:
                continue
            # the stage's open jobs in this currency (a stage's jobs in another are in that one's block)
            jobs = [(f"{found.count} job{'s' if found.count != 1 else ''}", found.trace)]
            items.append((f"{s.label} ×{s.weight:g}", found.amount, short_money(found.amount, currency), found.trace,
                          jobs))
        out += rows.bar_rows(items, width, style=accent, more_width=9, header=("Stage × weight", "Weighted", "Open jobs"))
    if not stages:
        out.append(figure("Weighted open pipeline", [("—", None)], width, "no open job orders"))
    out += _amounts(v.not_invoiced, width, "Not yet invoiced", "placement")
    out += _amounts(v.unpaid, width, "Not yet paid", "invoice")
    out += _amounts(v.overdue, width, "Overdue", "invoice")
    return out


def _margins(v, width: int, accent: str) -> list[Line]:
    """Contract margin by month, per rate unit and currency (only when some contract was placed)."""
    out: list[Line] = []
    for unit in RATE_UNITS:
        groups = [dict(b.margin).get(unit, ()) for b in v.buckets]
        for currency in _currencies(*groups):
            out.append(heading(f"Contract margin by {v.size} · {currency} per {unit}", "bold"))
            items = []
            for b, group in zip(v.buckets, groups, strict=True):
                found = _money(group, currency)
                n = found.count if found else 0
                items.append((b.label, found.amount if found else 0.0, short_money(found.amount, currency)
                              if found else "—", found.trace if found else None,
                              [(f"{n} contract{'s' if n != 1 else ''}" if n else "", None)]))
            out += rows.bar_rows(items, width, style=accent, more_width=12,
                                 header=(v.size.capitalize(), f"Margin/{unit}", "Placed"))
            out.append(blank())
    return out


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} days"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _kpis(v, width: int, accent: str) -> list[Line]:
    ttf, fill, g = v.time_to_fill, v.fill_rate, v.guarantee
    out = [
        heading("Jobs"),
        figure("Time to fill: median", [(_days(ttf.median), ttf.jobs.trace)], width,
               f"p75 {_days(ttf.p75)} · {ttf.jobs.value} job{'' if ttf.jobs.value == 1 else 's'} filled"),
        figure("Fill rate", [(_share(fill.value), fill.numerator.trace),
                             (f"{fill.numerator.value} of {fill.denominator.value}", fill.denominator.trace)],
               width, "filled ÷ closed jobs", value_width=10),
        figure("Guarantee pass rate", [(_share(g.value), g.numerator.trace),
                                       (f"{g.numerator.value} of {g.denominator.value}", g.denominator.trace)],
               width, f"{v.guarantee_unconfirmed.value} ended, unconfirmed" if v.guarantee_unconfirmed.value else
               "passed ÷ ended", value_width=10),
        blank(), heading("Revenue per recruiter (placed, against the target for the period)"),
    ]
    for r in v.revenue:
        label = f"{r.initials} {r.name}"
        if r.target and r.target_currency:
            placed = _money(r.placed, r.target_currency)
            shown = f"{_share(r.attainment)} of {short_money(r.target, r.target_currency)}"
            out += rows.bar_rows([(label, min(r.attainment or 0.0, 1.0), shown, placed.trace if placed else None, [])],
                                 width, style=accent, label_width=18, most=1.0)
        else:  # no target: what was placed, a figure per currency
            out.append(figure(label, [(short_money(a.amount, a.currency), a.trace) for a in _largest(r.placed)] or
                              [("—", None)], width, "no target", value_width=11))
    if not v.revenue:
        out.append(heading("No recruiters", "dim"))
    out += [blank(), heading("Client lifetime value (paid fees less credits; top clients)")]
    for currency in _currencies(*(c.value for c in v.top_clients)):
        out.append(heading(currency, "dim"))
        items = [(c.name, found.amount, short_money(found.amount, currency), found.trace, [])
                 for c in v.top_clients if (found := _money(c.value, currency)) is not None]
        out += rows.bar_rows(items, width, style=accent, label_width=18)
    if not v.top_clients:
        out.append(heading("No paid fees yet", "dim"))
    out += [blank(), heading("Source effectiveness (placements ÷ submissions)")]
    for s in v.sources:
        out.append(figure(s.source or "(no source)", [(_share(s.rate.value), s.rate.numerator.trace),
                                                     (f"{s.rate.numerator.value} of {s.rate.denominator.value}",
                                                      s.rate.denominator.trace)], width, value_width=10))
    if not v.sources:
        out.append(heading("No submissions in this period", "dim"))
    out += [blank(), heading("Pipeline coverage (weighted open pipeline ÷ target left for the period)")]
    for c in v.coverage:
        out.append(figure(c.currency, [(_share(c.value) if c.value is not None else "—", None)], width,
                          f"{short_money(c.weighted, c.currency)} ÷ {short_money(c.remaining, c.currency)}"))
    if not v.coverage:
        out.append(heading("No target or no open pipeline", "dim"))
    return out


def _joined(cells: list[tuple[int, Any]]) -> tuple[int, Any]:
    """Weeks side by side as one cell: their sum, and a trace from the first's start to the last's end."""
    first, last = cells[0][1], cells[-1][1]
    trace = None
    if first is not None and last is not None and last.arg("after") is not None:
        trace = first.with_(after=last.arg("after"))
    return sum(count for count, _ in cells), trace


def _activity(v, width: int, accent: str) -> list[Line]:
    out: list[Line] = []
    room = max(width - 30, 8)  # cells for the weeks beside the label and the total
    per = -(-len(v.weeks) // room) if v.weeks else 1  # weeks per cell: a long custom period is joined up
    if v.weeks:
        first = v.weeks[0]
        unit = "a week" if per == 1 else f"{per} weeks"
        out.append(heading(f"Per recruiter, {'week by week' if per == 1 else f'{per} weeks a mark'} ({len(v.weeks)}"
                           f" weeks from {first.day} {first:%b %Y}; h/l: {unit})", "dim"))
    by_recruiter: dict[Any, list] = {}
    for row in v.rows:
        by_recruiter.setdefault((row.recruiter_id, row.initials), []).append(row)
    for (_rid, initials), weeks in by_recruiter.items():
        out.append(heading(initials or "(nobody)"))
        by_week = {w.week: w for w in weeks}
        for name in ACTIVITY_FIGURES:
            cells = []
            for week in v.weeks:
                row = by_week.get(week)
                count = row.count(name) if row is not None else None
                cells.append((count.value if count else 0, count.trace if count else None))
            total = sum(c for c, _ in cells)
            if per > 1:
                cells = [_joined(cells[i:i + per]) for i in range(0, len(cells), per)]
            out.append(spark(_FIGURE_LABELS[name], cells, str(total), width, accent))
        out.append(blank())
    if not v.rows:
        out += [heading("No activity in this period", "dim"), blank()]
    out.append(heading("Stage funnel (submissions made in the period, by the furthest stage reached)"))
    out += rows.funnel_rows([(f.label, f.reached.value, f.conversion, f.reached.trace) for f in v.funnel],
                            width, accent)
    return out


CLIENTS_SHOWN = 40  # per part of the Clients report (a list of 1,000 rows costs ~85 ms to lay out)


def _clients(v, width: int, accent: str) -> list[Line]:
    """Two parts: the clients that sent the most orders (the store's order), and those gone
    quiet — the longest since the last contact (never contacted first)."""
    if not v.rows:
        return [heading("No clients", "dim")]
    name_w = max(min(width - 52, 30), 10)
    head = Text.assemble(fit("Client", name_w), right("Orders", 7), right("Placed", 7), " ", right("Fees", 12),
                         right("Contact", 10), "  Check-in")
    head.stylize("bold")
    busy = list(v.rows[:CLIENTS_SHOWN])
    quiet = sorted(v.rows, key=lambda c: (c.days_since_contact is not None, -(c.days_since_contact or 0), c.name))
    out = [heading(f"Most orders ({len(busy)} of {len(v.rows)})"), Line(head, (), heading=True)]
    out += [_client_row(c, name_w) for c in busy]
    out += [blank(), heading(f"Gone quiet: longest since the last contact ({min(CLIENTS_SHOWN, len(quiet))})"),
            Line(head, (), heading=True)]
    out += [_client_row(c, name_w) for c in quiet[:CLIENTS_SHOWN]]
    if len(v.rows) > CLIENTS_SHOWN:
        out += [blank(), heading(f"All {len(v.rows)}: deskcrm report clients --csv", "dim")]
    return out


def _client_row(c, name_w: int) -> Line:
    fee = c.fees[0] if c.fees else None
    fees = (short_money(fee.amount, fee.currency) + (f" +{len(c.fees) - 1}" if len(c.fees) > 1 else "")) if fee else "—"
    days = "never" if c.days_since_contact is None else f"{c.days_since_contact}d ago"
    row = _Row(c.name).add(fit(c.name, name_w))
    row.add(right(str(c.orders.value), 7), c.orders.trace, cell=True)
    row.add(right(str(c.placements.value), 7), c.placements.trace, cell=True)
    row.add(" ").add(right(fees, 12), fee.trace if fee else None, cell=True)
    row.add(right(days, 10, "" if c.days_since_contact is not None else "dim"))
    row.add("  ").add(Text("overdue", "bold red") if c.checkin_overdue else Text(
        f"{c.next_checkin.day} {c.next_checkin:%b}" if c.next_checkin else "—", "dim"))
    return row.line()


# ---------------------------------------------------------------------------------------- records

_BUCKET = re.compile(r"\d{4}(-\d{2}| Q\d)$")


def trace_title(trace: Trace, label: str = "") -> str:
    """'Placed · 1 Nov – 30 Nov 2026 · GBP · 2026-11' — what the records list is: the trace, and
    the label of the row it was opened from (a month, a recruiter, a client)."""
    from deskcrm.screens.report_pickers import period_span
    from deskcrm.domain.periods import Period

    meaning = DEFINITIONS.get(trace.query, trace.query)
    parts = [meaning.partition(":")[0]]
    start, after = trace.arg("start"), trace.arg("after")
    if isinstance(start, date) and isinstance(after, date) and after > start:
        from datetime import timedelta

        parts.append(period_span(Period(start, after - timedelta(days=1))))
    for name in ("currency", "kind", "source"):  # a stage is in the row's label
        value = trace.arg(name)
        if value not in (None, ""):
            parts.append(str(value) if not isinstance(value, tuple) else ", ".join(map(str, value)))
    if label and label not in parts and not _BUCKET.match(label):  # a month's row: its dates say it
        parts.append(label)
    return " · ".join(parts)


def records(conn: Connection, trace: Trace, *, limit: int, offset: int) -> list[Record]:
    from deskcrm.store import reports

    return list(reports.records(conn, trace, limit=limit, offset=offset))


def count_records(conn: Connection, trace: Trace) -> int:
    from deskcrm.store import reports

    return reports.count_records(conn, trace)


def record_columns(trace: Trace, width: int):
    from deskcrm.widgets.paged_table import Column

    return [Column("Date", 11, 0), Column("What", 10, 1), Column("Record", max(width - 28, 20), 2)]


_KIND_WORDS = {"placement": "placement", "job": "job order", "submission": "submission",
               "activity": "activity", "company": "client"}


def record_cells(r: Record) -> tuple[str, int, tuple[Text, ...]]:
    """(the kind of screen enter opens, its id, the row's cells). A placement, a submission or
    an activity opens its person; else its job order or company."""
    from deskcrm import text

    if r.kind == "job":
        target = ("job", r.id)
    elif r.kind == "company":
        target = ("company", r.id)
    elif r.person_id is not None:
        target = ("person", r.person_id)
    elif r.job_id is not None:
        target = ("job", r.job_id)
    else:
        target = ("company", r.company_id or r.id)
    day = f"{r.on.day} {r.on:%b %Y}" if r.on else ""
    return (*target, (text.cell(day), text.cell(_KIND_WORDS.get(r.kind, r.kind), "dim"), text.cell(r.line)))
