"""Revenue: fees placed, invoiced, paid and credited by month (or quarter) and currency, and the
revenue pipeline ahead (as of today): weighted open job orders by stage, placements not yet
invoiced, invoices not yet paid, overdue. Definitions: ``named.QUERIES``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from deskcrm.domain.contract_rates import RATE_UNITS
from deskcrm.domain.metrics import StageWeights
from deskcrm.domain.periods import Period, bucket_label, buckets
from deskcrm.domain.stages import stage_label
from deskcrm.store.db import Connection
from deskcrm.store.reports.named import OPEN_JOBS
from deskcrm.store.reports.sums import amounts, count, scope_args, sums
from deskcrm.store.reports.views import Amount, PipelineStage, RevenueBucket, RevenueReport, Scope, Trace

FLOWS = ("placed", "invoiced", "paid", "credited")


def revenue(conn: Connection, period: Period, scope: Scope = Scope(), *, today: date,
            size: str = "month", weights: StageWeights = StageWeights()) -> RevenueReport:
    parts = buckets(period, size)
    cuts = [b.start for b in parts[1:]]
    who = scope_args(scope)
    flows = {flow: _by_bucket(conn, Trace.of(flow, start=period.start, after=period.after, **who), parts, cuts)
             for flow in FLOWS}
    margins = {unit: _by_bucket(conn, Trace.of("contract_margin", start=period.start, after=period.after, unit=unit,
                                               **who), parts, cuts) for unit in RATE_UNITS}
    rows = tuple(RevenueBucket(bucket_label(b), b, *(flows[f][i] for f in FLOWS),
                               tuple((unit, margins[unit][i]) for unit in RATE_UNITS if margins[unit][i]))
                 for i, b in enumerate(parts))
    stages, weighted = pipeline(conn, scope, weights)
    ahead = {name: amounts(sums(conn, t).get((), []), t) for name, t in (
        ("not_invoiced", Trace.of("not_invoiced", **who)), ("unpaid", Trace.of("unpaid", **who)),
        ("overdue", Trace.of("overdue", today=today, **who)))}
    return RevenueReport(period, scope, size, rows, stages, weighted, ahead["not_invoiced"], ahead["unpaid"],
                         ahead["overdue"])


def _by_bucket(conn: Connection, whole: Trace, parts: list[Period], cuts: list[date]) -> list[tuple[Amount, ...]]:
    """The sums of ``whole``'s rows per bucket of the period, each with the trace of its rows."""
    found = sums(conn, whole, cuts=cuts)
    return [amounts(found.get((i,), []), whole.with_(start=b.start, after=b.after)) for i, b in enumerate(parts)]


def pipeline(conn: Connection, scope: Scope, weights: StageWeights
             ) -> tuple[tuple[PipelineStage, ...], tuple[tuple[str, float], ...]]:
    """Open job orders by stage: their expected fees, weighted; and the weighted total per currency."""
    trace = Trace.of("pipeline", **scope_args(scope))
    found = sums(conn, trace, by=("j.stage",))
    out, total = [], defaultdict(float)
    for stage in OPEN_JOBS:
        at = trace.with_(stage=stage)
        rows = found.get((stage,), [])
        value = amounts(rows, at)
        w = weights.of(stage)
        weighted = tuple(Amount(a.currency, round(a.amount * w, 2), a.count, a.trace) for a in value)
        for a in weighted:
            total[a.currency] += a.amount
        out.append(PipelineStage(stage, stage_label("job", stage), w, count(rows, at), value, weighted))
    return tuple(out), tuple((c, round(v, 2)) for c, v in sorted(total.items()))


