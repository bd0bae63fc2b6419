"""Clients: orders sent, placements, fees, days since last contact and overdue check-ins per
client — "which clients send the most orders and which went quiet". The clients listed: those
with an order or a placement in the period, and the active clients whose check-in is overdue
(their cadence passed since the last touch, or never touched): the quiet ones."""

from __future__ import annotations

from datetime import date

from deskcrm.domain.periods import Period
from deskcrm.store.clients import next_checkin
from deskcrm.store.date_sql import local_day_plus, zone_params
from deskcrm.store.db import Connection
from deskcrm.store.reports.sums import amounts, count, scope_args, sums
from deskcrm.store.reports.views import ClientActivity, ClientsReport, Scope, Trace
from deskcrm.store.values import parse_date


def quiet(conn: Connection, scope: Scope, today: date) -> set[int]:
    """Active clients on a check-in cadence whose check-in is overdue (``store.clients``' rule)."""
    due = local_day_plus(conn, "c.last_contact_at", "c.checkin_cadence_days")
    where = [f"""c.bd_stage = 'active_client' AND c.checkin_cadence_days > 0
                AND (c.last_contact_at IS NULL OR {due} < :today)"""]
    params: dict = {"today": today.isoformat(), **zone_params(conn)}
    if scope.recruiter_id is not None:
        where.append("c.owner_id = :owner")
        params["owner"] = scope.recruiter_id
    if scope.company_id is not None:
        where.append("c.id = :company")
        params["company"] = scope.company_id
    return {r[0] for r in conn.execute(f"SELECT c.id FROM company c WHERE {' AND '.join(where)}", params)}


def clients(conn: Connection, period: Period, scope: Scope = Scope(), *, today: date) -> ClientsReport:
    span = {"start": period.start, "after": period.after, **scope_args(scope)}
    orders_t, placed_t = Trace.of("orders", **span), Trace.of("placed", **span)
    orders = sums(conn, orders_t, by=("j.company_id",))
    placed = sums(conn, placed_t, by=("pl.company_id",))
    ids = {k[0] for k in orders} | {k[0] for k in placed}
    ids |= quiet(conn, scope, today)
    rows = []
    ordered = sorted(ids)
    day = local_day_plus(conn, "last_contact_at", "0")  # the local day of the last touch, in SQL
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        marks = ", ".join(f":i{i}" for i in range(len(chunk)))
        for cid, name, stage, cadence, last in conn.execute(
                f"SELECT id, name, bd_stage, checkin_cadence_days, {day} FROM company WHERE id IN ({marks})",
                {**{f"i{i}": c for i, c in enumerate(chunk)}, **zone_params(conn)}):
            last_day = parse_date(str(last)) if last else None
            due = next_checkin(stage, cadence, last_day, today)
            mine = placed.get((cid,), [])
            at = placed_t.with_(company=cid)
            rows.append(ClientActivity(
                cid, name, count(orders.get((cid,), []), orders_t.with_(company=cid)), count(mine, at),
                amounts(mine, at), last_day, (today - last_day).days if last_day else None, due,
                due is not None and (due < today or last_day is None)))
    rows.sort(key=lambda r: (-r.orders.value, -r.placements.value, r.name.casefold(), r.company_id))
    return ClientsReport(period, scope, tuple(rows))
