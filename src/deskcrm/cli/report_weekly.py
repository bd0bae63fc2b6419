"""`deskcrm report weekly`: the manager's weekly report — per recruiter: activity, pipeline moves,
placements, fees, overdue items — as a self-contained HTML file (inline CSS, inline SVG bars: no
network, no script; fit to e-mail or print) or Markdown. Every user value is escaped
(``html.escape``; Markdown's table characters too)."""

from __future__ import annotations

import html as html_mod
from dataclasses import dataclass
from datetime import date

from deskcrm.domain.amounts import money
from deskcrm.text import clean

_FIGURES = (("calls_talked", "Calls talked"), ("calls_voicemail", "Voicemails"), ("calls_no_answer", "No answer"),
            ("emails", "Emails"), ("meetings", "Meetings"), ("submissions", "Submissions"),
            ("interviews", "Interviews"), ("offers", "Offers"), ("placements", "Placements"))
_LIST = 20  # records listed per recruiter and section


@dataclass(frozen=True)
class Desk:
    initials: str
    counts: tuple[tuple[str, int], ...]  # (label, count) in _FIGURES order
    moves: int
    placements: tuple[str, ...]  # display lines
    fees: str
    overdue: str
    overdue_items: tuple[str, ...]


@dataclass(frozen=True)
class Weekly:
    start: date
    end: date
    today: date
    desks: tuple[Desk, ...]


def gather(conn, week, scope, today: date) -> Weekly:  # noqa: ANN001
    from deskcrm.store.reports import activity, count_records, records
    from deskcrm.store.reports.sums import amounts, sums
    from deskcrm.store.reports.views import Trace

    report = activity(conn, week, scope)
    desks = []
    for row in report.rows:
        rid = row.recruiter_id
        span = {"start": week.start, "after": week.after, "recruiter": rid}
        placed = Trace.of("placed", **span)
        overdue = Trace.of("overdue", today=today, recruiter=rid)
        fees = amounts(sums(conn, placed).get((), []), placed)
        late = amounts(sums(conn, overdue).get((), []), overdue)
        desks.append(Desk(
            row.initials, tuple((label, row.count(f).value) for f, label in _FIGURES),
            count_records(conn, Trace.of("moves", **span)),
            tuple(clean(r.line) for r in records(conn, placed, _LIST)),
            " · ".join(money(a.amount, a.currency) for a in fees) or "—",
            " · ".join(f"{money(a.amount, a.currency)} ({a.count})" for a in late) or "—",
            tuple(clean(r.line) for r in records(conn, overdue, _LIST)),
        ))
    return Weekly(week.start, week.end, today, tuple(desks))


_CSS = """body{font:14px/1.4 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d2330;max-width:860px;margin:24px auto;padding:0 16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
.muted{color:#5b6475}table{border-collapse:collapse;margin:6px 0}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}ul{margin:4px 0 0 18px;padding:0}
@media print{body{margin:0}h2{break-after:avoid}section{break-inside:avoid}}"""


def _bars(counts: tuple[tuple[str, int], ...]) -> str:
    """An inline SVG bar per figure (no script, no external file)."""
    top = max([c for _, c in counts] + [1])
    height, width = 18 * len(counts), 420
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img"'
             f' aria-label="activity this week">']
    for i, (label, value) in enumerate(counts):
        y = i * 18
        w = int(240 * value / top)
        parts.append(f'<text x="0" y="{y + 13}" font-size="12" fill="#1d2330">{html_mod.escape(label)}</text>'
                     f'<rect x="110" y="{y + 3}" width="{w}" height="12" fill="#3b6fd8"/>'
                     f'<text x="{116 + w}" y="{y + 13}" font-size="12" fill="#1d2330">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html(w: Weekly) -> str:
    e = html_mod.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Weekly report {w.start.isoformat()}</title><style>{_CSS}</style></head><body>",
           f"<h1>Weekly report: {w.start:%a %d %b} – {w.end:%a %d %b %Y}</h1>",
           f'<p class="muted">As of {w.today.isoformat()} · deskcrm</p>']
    if not w.desks:
        out.append("<p>No recruiters on this desk yet.</p>")
    for d in w.desks:
        out.append(f"<section><h2>{e(d.initials)}</h2>{_bars(d.counts)}")
        out.append(f'<table><tr><th>Pipeline moves</th><td class="n">{d.moves}</td></tr>'
                   f"<tr><th>Fees placed</th><td>{e(d.fees)}</td></tr>"
                   f"<tr><th>Overdue invoices</th><td>{e(d.overdue)}</td></tr></table>")
        for title, items in (("Placements", d.placements), ("Overdue", d.overdue_items)):
            if items:
                out.append(f"<p><b>{title}</b></p><ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A Markdown table cell / list item that stays one: pipes, backslashes, markup characters escaped."""
    out = text.replace("\\", "\\\\")
    for ch in "|*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def markdown(w: Weekly) -> str:
    lines = [f"# Weekly report: {w.start:%a %d %b} – {w.end:%a %d %b %Y}", "", f"As of {w.today.isoformat()}"]
    for d in w.desks:
        lines += ["", f"## {_md(d.initials)}", "", "| Figure | Count |", "|---|---:|"]
        lines += [f"| {label} | {value} |" for label, value in d.counts]
        lines += [f"| Pipeline moves | {d.moves} |", "", f"Fees placed: {_md(d.fees)}  ",
                  f"Overdue invoices: {_md(d.overdue)}"]
        for title, items in (("Placements", d.placements), ("Overdue", d.overdue_items)):
            if items:
                lines += ["", f"**{title}**", ""] + [f"- {_md(i)}" for i in items]
    if not w.desks:
        lines += ["", "No recruiters on this desk yet."]
    return "\n".join(lines) + "\n"
