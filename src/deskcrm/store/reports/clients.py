"""Clients: orders sent, placements, fees, days since last contact and overdue check-ins per
client — "which clients send the most orders and which went quiet". The clients listed: those
with an order or a placement in the period, and every active client (a quiet one shows too)."""

from __future__ import annotations

from datetime import date

from deskcrm.domain.periods import Period
from deskcrm.store.clients import next_checkin
from deskcrm.store.db import Connection
from deskcrm.store.reports.sums import amounts, count, scope_args, sums
from deskcrm.store.reports.views import ClientActivity, ClientsReport, Scope, Trace
from deskcrm.store.values import local


def clients(conn: Connection, period: Period, scope: Scope = Scope(), *, today: date) -> ClientsReport:
    span = {"start": period.start, "after": period.after, **scope_args(scope)}
    orders_t, placed_t = Trace.of("orders", **span), Trace.of("placed", **span)
    orders = sums(conn, orders_t, by=("j.company_id",))
    placed = sums(conn, placed_t, by=("pl.company_id",))
    ids = {k[0] for k in orders} | {k[0] for k in placed}
    where, params = "bd_stage = 'active_client'", []
    if scope.recruiter_id is not None:
        where += " AND owner_id = ?"
        params.append(scope.recruiter_id)
    if scope.company_id is not None:
        where += " AND id = ?"
        params.append(scope.company_id)
    ids |= {r[0] for r in conn.execute(f"SELECT id FROM company WHERE {where}", params)}
    rows = []
    for start in range(0, len(ids), 500):
        chunk = sorted(ids)[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for cid, name, stage, cadence, last_at in conn.execute(
                f"SELECT id, name, bd_stage, checkin_cadence_days, last_contact_at FROM company WHERE id IN ({marks})",
                chunk):
            last = local(last_at)
            last_day = last.date() if last else None
            due = next_checkin(stage, cadence, last_day, today)
            rows.append(ClientActivity(
                cid, name, count(orders.get((cid,), []), orders_t.with_(company=cid)),
                count(placed.get((cid,), []), placed_t.with_(company=cid)),
                amounts(placed.get((cid,), []), placed_t.with_(company=cid)),
                last_day, (today - last_day).days if last_day else None, due,
                due is not None and (due < today or last_day is None)))
    rows.sort(key=lambda r: (-r.orders.value, -r.placements.value, r.name.casefold(), r.company_id))
    return ClientsReport(period, scope, tuple(rows))
