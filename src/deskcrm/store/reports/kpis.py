"""The seven KPIs of DESIGN.md §1 for a period and scope; each figure's rows are a named query
(``named.QUERIES``), its arithmetic is ``domain.metrics``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from deskcrm.domain.metrics import StageWeights, percentile, target_for
from deskcrm.domain.periods import Period
from deskcrm.store.db import Connection
from deskcrm.store.recruiters import desk_currency
from deskcrm.store.reports.named import rows_sql
from deskcrm.store.reports.revenue import pipeline
from deskcrm.store.reports.sums import amounts, count, scope_args, sums, total
from deskcrm.store.reports.views import (
    ClientValue,
    Count,
    Coverage,
    Kpis,
    Ratio,
    RecruiterRevenue,
    Scope,
    SourceRate,
    TimeToFill,
    Trace,
)
from deskcrm.store.values import parse_date

TOP_CLIENTS = 10


def kpis(conn: Connection, period: Period, scope: Scope = Scope(), *, today: date,
         weights: StageWeights = StageWeights(), target_currency: str | None = None,
         top: int = TOP_CLIENTS) -> Kpis:
    """``target_currency``: the currency recruiters' targets are in (``[report] target_currency``);
    None: the desk's currency (``recruiters.desk_currency``, as ``deskcrm recruiter`` reads targets)."""
    who = scope_args(scope)
    target_currency = desk_currency(conn, target_currency)
    span = {"start": period.start, "after": period.after}
    revenue = revenue_per_recruiter(conn, period, scope, target_currency)
    return Kpis(
        period, scope, time_to_fill(conn, Trace.of("filled", **span, **who)),
        Ratio(total(conn, Trace.of("closed_filled", **span, **who)), total(conn, Trace.of("closed", **span, **who))),
        revenue, top_clients(conn, scope, top), sources(conn, period, scope),
        Ratio(total(conn, Trace.of("guarantee_passed", **span, **who)),
              total(conn, Trace.of("guarantee_ended", **span, **who))),
        total(conn, Trace.of("guarantee_unconfirmed", **span, today=today, **who)),
        coverage(conn, period, scope, weights, revenue, target_currency),
    )


def time_to_fill(conn: Connection, trace: Trace) -> TimeToFill:
    _, sql, params = rows_sql(trace)
    days = [(parse_date(str(first)) - parse_date(str(opened))).days
            for opened, first in conn.execute(f"SELECT j.opened_on, f.first_offer {sql}", params)]
    return TimeToFill(percentile(days, 50), percentile(days, 75), Count(len(days), trace))


def revenue_per_recruiter(conn: Connection, period: Period, scope: Scope,
                          target_currency: str) -> tuple[RecruiterRevenue, ...]:
    trace = Trace.of("placed", start=period.start, after=period.after, **scope_args(scope))
    found = sums(conn, trace, by=("pl.recruiter_id",))
    sql = "SELECT id, initials, name, revenue_target FROM recruiter WHERE active = TRUE"
    params: tuple = ()
    if scope.recruiter_id is not None:
        sql, params = "SELECT id, initials, name, revenue_target FROM recruiter WHERE id = ?", (scope.recruiter_id,)
    people = {r[0]: r[1:] for r in conn.execute(sql, params)}
    for rid in found:  # an inactive recruiter with fees in the period still shows
        if rid[0] is not None and rid[0] not in people:
            row = conn.execute("SELECT initials, name, revenue_target FROM recruiter WHERE id = ?", rid).fetchone()
            if row:
                people[rid[0]] = tuple(row)
    out = []
    for rid, (initials, name, annual) in sorted(people.items(), key=lambda kv: kv[1][0]):
        placed = amounts(found.get((rid,), []), trace.with_(recruiter=rid))
        # a recruiter's target is for all their clients: against one client's fees it means nothing
        target = target_for(annual, period) if scope.company_id is None else None
        done = sum(a.amount for a in placed if a.currency == target_currency)
        attainment = done / target if target else None
        out.append(RecruiterRevenue(rid, initials, name, placed, target, target_currency if target else None,
                                    attainment))
    return tuple(out)


def top_clients(conn: Connection, scope: Scope, top: int) -> tuple[ClientValue, ...]:
    trace = Trace.of("client_value", **scope_args(scope))
    q, sql, params = rows_sql(trace)
    # the clients whose largest sum (in any one currency) is largest: ranked in SQL, then every
    # currency of those read again
    best: list[int] = []
    for cid, _cur, _v in conn.execute(f"SELECT pl.company_id, pl.currency, sum({q.amount}) AS v {sql} GROUP BY 1, 2"
                                      f" ORDER BY 3 DESC, 1 LIMIT :most", {**params, "most": top * 4}):
        if cid not in best and len(best) < top:
            best.append(cid)
    if not best:
        return ()
    found = sums(conn, trace.with_(company=tuple(best)), by=("pl.company_id",))
    ranked = sorted(found.items(), key=lambda kv: (-max(t for _, t, _ in kv[1]), kv[0][0]))[:top]
    ids = [k[0] for k, _ in ranked]
    names = dict(conn.execute(f"SELECT id, name FROM company WHERE id IN ({', '.join('?' for _ in ids)})",
                              ids).fetchall()) if ids else {}
    return tuple(ClientValue(k[0], names.get(k[0], ""), amounts(v, trace.with_(company=k[0]))) for k, v in ranked)


def sources(conn: Connection, period: Period, scope: Scope) -> tuple[SourceRate, ...]:
    span = {"start": period.start, "after": period.after, **scope_args(scope)}
    subs = _by_source(sums(conn, Trace.of("submissions", **span), by=("s.source",)))
    placed = _by_source(sums(conn, Trace.of("source_placed", **span), by=("s.source",)))
    out = []
    for (source,), rows in subs.items():
        out.append(SourceRate(source, Ratio(count(placed.get((source,), []), Trace.of("source_placed", **span, source=source)),
                                            count(rows, Trace.of("submissions", **span, source=source)))))
    return tuple(sorted(out, key=lambda s: (-(s.rate.value or 0), -s.rate.denominator.value, s.source)))


def _by_source(found: dict) -> dict:
    """No source recorded (NULL) and an empty one are one group: ''."""
    out: dict = {}
    for (source,), rows in found.items():
        out.setdefault((source or "",), []).extend(rows)
    return out


def coverage(conn: Connection, period: Period, scope: Scope, weights: StageWeights,
             revenue: tuple[RecruiterRevenue, ...], target_currency: str | None) -> tuple[Coverage, ...]:
    """Weighted open pipeline ÷ what remains of the period's target (per target currency); none
    for one client (targets are not per client)."""
    if scope.company_id is not None:
        return ()
    _, weighted = pipeline(conn, scope, weights)
    remaining: dict[str, float] = defaultdict(float)
    for r in revenue:
        if r.target is None or r.target_currency is None:
            continue
        done = sum(a.amount for a in r.placed if a.currency == r.target_currency)
        remaining[r.target_currency] += max(r.target - done, 0.0)
    pipe = dict(weighted)
    return tuple(Coverage(c, pipe.get(c, 0.0), round(left, 2), pipe.get(c, 0.0) / left if left else None)
                 for c, left in sorted(remaining.items()))
