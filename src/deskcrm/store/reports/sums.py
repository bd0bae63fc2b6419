"""The one way a report adds up a named query's rows: by currency (never across currencies),
optionally by group columns and by period buckets (one scan, a CASE on the query's day column)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.store.reports.named import bounds, rows_sql
from deskcrm.store.reports.views import Amount, Count, Trace


def sums(conn: Connection, trace: Trace, by: tuple[str, ...] = (),
         cuts: list[date] | None = None) -> dict[tuple, list[tuple[str | None, float, int]]]:
    """``(bucket index?, *by values) -> [(currency, sum, count)]`` over the rows of ``trace``.
    ``cuts``: the first day of each bucket after the first (bucket i = rows before cuts[i])."""
    q, sql, params = rows_sql(trace)
    cols: list[str] = []
    if cuts is not None:
        whens = []
        for i, cut in enumerate(cuts):
            params[f"cut_{i}"] = bounds(q, cut, cut)["start"]
            whens.append(f"WHEN {q.day} < :cut_{i} THEN {i}")
        cols.append(f"CASE {' '.join(whens)} ELSE {len(cuts)} END" if whens else "0")
    cols.extend(by)
    amount = f"coalesce(sum({q.amount}), 0)" if q.amount else "0"
    grouped = cols + [q.currency] if q.currency else cols  # a constant key would cost a sort
    keys = ", ".join(cols + [q.currency or "NULL"])
    group = ", ".join(str(i + 1) for i in range(len(grouped)))
    tail = f" GROUP BY {group} ORDER BY {group}" if group else ""
    out: dict[tuple, list[tuple[str | None, float, int]]] = defaultdict(list)
    for row in conn.execute(f"SELECT {keys}, {amount}, count(*) {sql}{tail}", params):
        if not group and not row[-1]:
            continue  # an aggregate without GROUP BY answers one row even over no rows
        *key, currency, total, n = row
        out[tuple(key)].append((currency, round(float(total), 2), int(n)))
    return out


def amounts(found: list[tuple[str | None, float, int]], trace: Trace) -> tuple[Amount, ...]:
    return tuple(Amount(c or "", t, n, trace.with_(currency=c)) for c, t, n in found)


def count(found: list[tuple[str | None, float, int]], trace: Trace) -> Count:
    return Count(sum(n for _, _, n in found), trace)


def total(conn: Connection, trace: Trace) -> Count:
    return count(sums(conn, trace).get((), []), trace)


def scope_args(scope: Any) -> dict[str, int | None]:
    return {"recruiter": scope.recruiter_id, "company": scope.company_id}
