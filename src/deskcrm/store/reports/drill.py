"""The records behind a figure: ``records(conn, trace, limit, offset)`` lists the rows of the
figure's named query (the same FROM/WHERE the figure aggregated), newest first, each with its ids
and a display line."""

from __future__ import annotations

from deskcrm.domain.amounts import money
from deskcrm.domain.stages import stage_label
from deskcrm.store.date_sql import day_text
from deskcrm.store.db import Connection
from deskcrm.store.labels import FEE_STATUS
from deskcrm.store.reports.named import parts, rows_sql
from deskcrm.store.reports.views import Record, Trace
from deskcrm.store.values import local, parse_date

_SHOW = {
    "placement": ("pl", """pl.id, pl.person_id, pl.company_id, pl.job_id, dp.name, dc.name, dj.title, {offer},
                  pl.fee_amount, pl.currency, pl.status, pl.fee_status, pl.credited_amount""",
                  "JOIN person dp ON dp.id = pl.person_id JOIN company dc ON dc.id = pl.company_id"
                  " JOIN job_order dj ON dj.id = pl.job_id"),
    "job": ("j", "j.id, j.company_id, dc.name, j.title, {opened}, j.stage, j.openings",
            "JOIN company dc ON dc.id = j.company_id"),
    "submission": ("s", "s.id, s.person_id, s.job_id, dj.company_id, dp.name, dj.title, dc.name, s.stage, s.source",
                   "JOIN person dp ON dp.id = s.person_id JOIN job_order dj ON dj.id = s.job_id"
                   " JOIN company dc ON dc.id = dj.company_id"),
    "activity": ("a", "a.id, a.person_id, a.company_id, a.job_id, a.placement_id, a.kind, dp.name, dc.name, a.body",
                 "LEFT JOIN person dp ON dp.id = a.person_id LEFT JOIN company dc ON dc.id = a.company_id"),
    "company": ("c", "c.id, c.name, c.bd_stage", ""),
}


def records(conn: Connection, trace: Trace, limit: int = 100, offset: int = 0) -> list[Record]:
    """The rows behind ``trace``'s figure: at most ``limit`` from ``offset``, newest first."""
    q, where, params = parts(trace)
    alias, cols, joins = _SHOW[q.entity]
    cols = cols.format(offer=day_text(conn, "pl.offer_accepted_on"), opened=day_text(conn, "j.opened_on"))
    text = (f"SELECT {q.day}, {cols} FROM {q.source} {joins} WHERE {where}"
            f" ORDER BY 1 DESC, {alias}.id DESC LIMIT :limit OFFSET :offset")
    out = []
    for day, *row in conn.execute(text, {**params, "limit": int(limit), "offset": int(offset)}):
        on = (local(day).date() if day else None) if q.stamp else parse_date(str(day) if day else None)
        out.append(_record(q.entity, on, row))
    return out


def count_records(conn: Connection, trace: Trace) -> int:
    _, sql, params = rows_sql(trace)
    return int(conn.execute(f"SELECT count(*) {sql}", params).fetchone()[0])


def _record(entity: str, on, r: list) -> Record:
    if entity == "placement":
        pid, person, company, job, name, cname, title, offer, fee, cur, status, fee_status, credited = r
        credit = f", {money(credited, cur)} credited" if credited else ""
        line = (f"{name} — {title} at {cname} · offer {offer} · {money(fee, cur)} · "
                f"{stage_label('placement', status)} · fee {FEE_STATUS.get(fee_status, fee_status)}{credit}")
        return Record("placement", pid, line, on, person, company, job, pid)
    if entity == "job":
        jid, company, cname, title, opened, stage, openings = r
        line = f"{title} at {cname} · opened {opened} · {stage_label('job', stage)} · {openings} opening(s)"
        return Record("job", jid, line, on, None, company, jid)
    if entity == "submission":
        sid, person, job, company, name, title, cname, stage, source = r
        line = f"{name} on {title} at {cname} · {stage_label('submission', stage)} · source {source or '—'}"
        return Record("submission", sid, line, on, person, company, job)
    if entity == "activity":
        aid, person, company, job, placement, kind, name, cname, body = r
        who = " · ".join(x for x in (name, cname) if x)
        line = f"{on} {kind.replace('_', ' ')}" + (f" · {who}" if who else "") + (f" · {body}" if body else "")
        return Record("activity", aid, line, on, person, company, job, placement)
    cid, name, stage = r
    return Record("company", cid, f"{name} · {stage_label('client', stage)}", on, None, cid)
