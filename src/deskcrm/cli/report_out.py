"""The four reports as plain text, JSON and CSV. Pure formatting: no SQL, no Textual; user text
reaches the terminal through ``output.echo`` (``text.clean``), CSV through ``csv_out``.

JSON shapes (stable): amounts are ``[{"currency", "amount", "count"}]`` lists, never summed across
currencies; ratios are ``{"value", "numerator", "denominator"}`` (value null when nothing to divide).
"""

from __future__ import annotations

from typing import Any

from deskcrm.cli import csv_out
from deskcrm.domain.amounts import money
from deskcrm.domain.stages import stage_label

_FLOWS = ("placed", "invoiced", "paid", "credited")
_FIGURES = {"calls_talked": "talked", "calls_voicemail": "voicem.", "calls_no_answer": "no ans.", "emails": "emails",
            "meetings": "meet.", "submissions": "subm.", "interviews": "interv.", "offers": "offers",
            "placements": "placed"}


def _amounts(items) -> list[dict[str, Any]]:  # noqa: ANN001
    return [{"currency": a.currency, "amount": a.amount, "count": a.count} for a in items]


def _money(items) -> str:  # noqa: ANN001
    return " · ".join(money(a.amount, a.currency) for a in items) or "—"


def _ratio(r) -> dict[str, Any]:  # noqa: ANN001
    return {"value": r.value, "numerator": r.numerator.value, "denominator": r.denominator.value}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _head(name: str, data, ask) -> dict[str, Any]:  # noqa: ANN001
    p = data.period
    return {"report": name, "from": p.start.isoformat(), "to": p.end.isoformat(), "period": p.kind,
            "recruiter_id": data.scope.recruiter_id, "company_id": data.scope.company_id,
            "as_of": ask.today.isoformat()}


def as_json(which: str, data, ask) -> dict[str, Any]:  # noqa: ANN001
    out = _head(which, data, ask)
    if which == "revenue":
        out["buckets"] = [{"label": b.label, "from": b.period.start.isoformat(), "to": b.period.end.isoformat(),
                           **{f: _amounts(getattr(b, f)) for f in _FLOWS},
                           "contract_margin": {unit: _amounts(items) for unit, items in b.margin}}
                          for b in data.buckets]
        out["pipeline"] = [{"stage": s.stage, "label": s.label, "weight": s.weight, "jobs": s.jobs.value,
                            "value": _amounts(s.value), "weighted": _amounts(s.weighted)} for s in data.pipeline]
        out["weighted_pipeline"] = dict(data.weighted_pipeline)
        for name in ("not_invoiced", "unpaid", "overdue"):
            out[name] = _amounts(getattr(data, name))
    elif which == "kpis":
        t = data.time_to_fill
        out.update(
            time_to_fill={"median_days": t.median, "p75_days": t.p75, "jobs": t.jobs.value},
            fill_rate=_ratio(data.fill_rate),
            revenue_per_recruiter=[{"recruiter": r.initials, "name": r.name, "placed": _amounts(r.placed),
                                    "target": r.target, "target_currency": r.target_currency,
                                    "attainment": r.attainment} for r in data.revenue],
            top_clients=[{"company_id": c.company_id, "name": c.name, "lifetime_value": _amounts(c.value)}
                         for c in data.top_clients],
            source_effectiveness=[{"source": s.source, **_ratio(s.rate)} for s in data.sources],
            guarantee_pass_rate={**_ratio(data.guarantee), "unconfirmed": data.guarantee_unconfirmed.value},
            pipeline_coverage=[{"currency": c.currency, "weighted_pipeline": c.weighted,
                                "remaining_target": c.remaining, "value": c.value} for c in data.coverage],
        )
    elif which == "activity":
        out["weeks"] = [{"recruiter": r.initials, "week": r.week.isoformat(),
                         **{f: r.count(f).value for f in _FIGURES}} for r in data.rows]
        out["funnel"] = [{"stage": s.stage, "label": s.label, "reached": s.reached.value,
                          "conversion": s.conversion} for s in data.funnel]
    else:
        out["clients"] = [{"company_id": r.company_id, "name": r.name, "orders": r.orders.value,
                           "placements": r.placements.value, "fees": _amounts(r.fees),
                           "last_contact": r.last_contact.isoformat() if r.last_contact else None,
                           "days_since_contact": r.days_since_contact,
                           "next_checkin": r.next_checkin.isoformat() if r.next_checkin else None,
                           "checkin_overdue": r.checkin_overdue} for r in data.rows]
    return out


def as_csv(which: str, data) -> str:  # noqa: ANN001
    if which == "revenue":
        rows = [(b.label, f, a.currency, a.amount, a.count) for b in data.buckets for f in _FLOWS
                for a in getattr(b, f)]
        rows += [(b.label, f"contract_margin_per_{unit}", a.currency, a.amount, a.count) for b in data.buckets
                 for unit, items in b.margin for a in items]
        rows += [(f"pipeline {s.stage}", "weighted", a.currency, a.amount, a.count) for s in data.pipeline
                 for a in s.weighted]
        rows += [("ahead", n, a.currency, a.amount, a.count) for n in ("not_invoiced", "unpaid", "overdue")
                 for a in getattr(data, n)]
        return csv_out.write(("bucket", "figure", "currency", "amount", "count"), rows)
    if which == "kpis":
        t = data.time_to_fill
        rows: list[tuple] = [("time_to_fill_median_days", "", t.median, t.jobs.value, ""),
                             ("time_to_fill_p75_days", "", t.p75, t.jobs.value, ""),
                             ("fill_rate", "", data.fill_rate.value, data.fill_rate.numerator.value,
                              data.fill_rate.denominator.value)]
        for r in data.revenue:
            rows += [("revenue", r.initials, a.amount, a.count, a.currency) for a in r.placed]
            rows.append(("target", r.initials, r.target, "", r.target_currency))
        rows += [("lifetime_value", c.name, a.amount, a.count, a.currency) for c in data.top_clients for a in c.value]
        rows += [("source_effectiveness", s.source, s.rate.value, s.rate.numerator.value, s.rate.denominator.value)
                 for s in data.sources]
        rows.append(("guarantee_pass_rate", "", data.guarantee.value, data.guarantee.numerator.value,
                     data.guarantee.denominator.value))
        rows += [("pipeline_coverage", c.currency, c.value, c.weighted, c.remaining) for c in data.coverage]
        return csv_out.write(("figure", "key", "value", "numerator_or_count", "denominator_or_currency"), rows)
    if which == "activity":
        return csv_out.write(("recruiter", "week", *_FIGURES),
                             [(r.initials, r.week.isoformat(), *(r.count(f).value for f in _FIGURES))
                              for r in data.rows])
    return csv_out.write(
        ("company_id", "client", "orders", "placements", "fees", "last_contact", "days_since_contact",
         "checkin_overdue"),
        [(r.company_id, r.name, r.orders.value, r.placements.value, _money(r.fees),
          r.last_contact.isoformat() if r.last_contact else "", r.days_since_contact, r.checkin_overdue)
         for r in data.rows])


def as_text(which: str, data, ask) -> str:  # noqa: ANN001
    p = data.period
    title = {"revenue": "Revenue", "kpis": "KPIs", "activity": "Activity", "clients": "Clients"}[which]
    span = f"{p.start.isoformat()} – {p.end.isoformat()}"
    lines = [f"{title} {p.label()}" + ("" if p.label() == span else f" ({span})") + f" · {ask.who}"]
    if which == "revenue":
        lines.append((f"{'':10}" + "".join(f"{f.title():<24}" for f in _FLOWS)).rstrip())
        for b in data.buckets:
            lines.append(f"{b.label:<10}" + "".join(f"{_money(getattr(b, f)):<24}" for f in _FLOWS).rstrip())
        margins = [(b.label, unit, items) for b in data.buckets for unit, items in b.margin]
        if margins:
            lines += ["", "Contract margin (bill − pay of contracts placed):"]
            lines += [f"  {label:<10}{_money(items)} per {unit} ({sum(a.count for a in items)})"
                      for label, unit, items in margins]
        lines += ["", f"Pipeline ahead (as of {ask.today.isoformat()})"]
        for s in data.pipeline:
            lines.append(f"  {s.label:<14} {s.jobs.value:>5} jobs  {_money(s.value):<24} × {s.weight:g} = "
                         f"{_money(s.weighted)}")
        lines.append("  Weighted open pipeline: " +
                     (" · ".join(money(v, c) for c, v in data.weighted_pipeline) or "—"))
        for name, label in (("not_invoiced", "Not yet invoiced"), ("unpaid", "Not yet paid"), ("overdue", "Overdue")):
            items = getattr(data, name)
            lines.append(f"  {label}: {_money(items)}" + (f" ({sum(a.count for a in items)})" if items else ""))
    elif which == "kpis":
        t = data.time_to_fill
        days = lambda v: "—" if v is None else f"{v:g} days"  # noqa: E731
        filled = f"{t.jobs.value} job{'' if t.jobs.value == 1 else 's'}"
        lines.append(f"Time to fill: median {days(t.median)}, p75 {days(t.p75)} ({filled})")
        f = data.fill_rate
        lines.append(f"Fill rate: {_pct(f.value)} ({f.numerator.value} filled of {f.denominator.value} closed)")
        lines.append("Revenue per recruiter:")
        for r in data.revenue:
            target = (f" of target {money(r.target, r.target_currency or '')} = {_pct(r.attainment)}"
                      if r.target is not None else " (no target)")
            lines.append(f"  {r.initials:<5} {_money(r.placed)}{target}")
        lines.append("Client lifetime value (top):")
        lines += [f"  {c.name}: {_money(c.value)}" for c in data.top_clients] or ["  —"]
        lines.append("Source effectiveness (placements ÷ submissions):")
        lines += [f"  {s.source or '(no source)'}: {_pct(s.rate.value)} ({s.rate.numerator.value} of "
                  f"{s.rate.denominator.value})" for s in data.sources] or ["  —"]
        g = data.guarantee
        lines.append(f"Guarantee pass rate: {_pct(g.value)} ({g.numerator.value} passed of {g.denominator.value} ended)"
                     + (f"; {data.guarantee_unconfirmed.value} ended, not confirmed yet"
                        if data.guarantee_unconfirmed.value else ""))
        lines.append("Pipeline coverage: " + (" · ".join(
            f"{c.currency} {'—' if c.value is None else f'{c.value:.2f}×'} ({money(c.weighted, c.currency)} weighted"
            f" ÷ {money(c.remaining, c.currency)} target left)" for c in data.coverage) or "— (no targets)"))
    elif which == "activity":
        lines.append(f"{'who':<6}{'week':<12}" + "".join(f"{h:>9}" for h in _FIGURES.values()))
        for r in data.rows:
            lines.append(f"{r.initials:<6}{r.week.isoformat():<12}" +
                         "".join(f"{r.count(f).value:>9}" for f in _FIGURES))
        lines += ["", "Funnel (submissions made in the period):"]
        for s in data.funnel:
            conv = "" if s.conversion is None else f"  ({_pct(s.conversion)} of the step before)"
            lines.append(f"  {stage_label('submission', s.stage):<14} {s.reached.value:>6}{conv}")
    else:
        lines.append(f"{'client':<32}{'orders':>7}{'placed':>7}  {'fees':<24}{'last contact':<14}check-in")
        for r in data.rows:
            last = f"{r.days_since_contact} days ago" if r.days_since_contact is not None else "never"
            lines.append(f"{r.name[:31]:<32}{r.orders.value:>7}{r.placements.value:>7}  {_money(r.fees):<24}"
                         f"{last:<14}{'OVERDUE' if r.checkin_overdue else ''}")
    return "\n".join(lines)
