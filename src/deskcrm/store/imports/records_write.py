"""Companies, jobs, placements and activities files written: the rows ``records`` planned, a
chunk at a time, inside ``apply_import``'s one transaction and journal txn (see ``records`` for
what each kind brings and how a placement's fee, guarantee, check-ins and status are set)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from deskcrm.domain import clock
from deskcrm.store import journal
from deskcrm.store.db import Connection, actor
from deskcrm.store.imports.apply import new_company
from deskcrm.store.imports.journal_rows import insert_rows
from deskcrm.store.imports.lookups import companies_by_id
from deskcrm.store.imports.plan import Planned, fold
from deskcrm.store.imports.records import RecordPlanner
from deskcrm.store.imports.records_read import ActivityIn, CompanyIn, JobIn, PlacementIn
from deskcrm.store.last_contact import TOUCH_KINDS
from deskcrm.store.values import ds, ts


class RecordWriter:
    """Writes a companies, jobs, placements or activities file's planned chunks."""

    def __init__(self, conn: Connection, txn: str, kind: str, planner: RecordPlanner) -> None:
        self.conn, self.txn, self.kind, self.planner = conn, txn, kind, planner
        self.touches: dict[int, str] = {}  # person -> their newest imported touch

    def write(self, chunk: list[Planned]) -> None:
        now = ts(clock.utcnow())
        live = [p for p in chunk if p.action in ("new", "update")]
        self._new_companies(live, now)
        getattr(self, f"_write_{self.kind}")(live, now)

    def finish(self) -> None:
        if not self.touches:
            return
        ids = sorted(self.touches)
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            rows = self.conn.execute(f"SELECT id, last_contact_at FROM person WHERE id IN ({','.join('?' * len(chunk))})",
                                     chunk).fetchall()
            for pid, last in rows:
                if last is None or last < self.touches[pid]:
                    journal.update(self.conn, self.txn, "person", pid, {"last_contact_at": self.touches[pid]})

    def _new_companies(self, live: list[Planned], now: str) -> None:
        companies = self.planner.companies
        wanted: dict[str, Any] = {}
        for p in live:
            if p.company_key and companies[p.company_key][0] is None and p.company_key not in wanted:
                wanted[p.company_key] = p.data
        rows = []
        for key, data in wanted.items():
            name = companies[key][1]
            row = new_company(name, now)
            if isinstance(data, CompanyIn):
                row.update(website=data.website, industry=data.industry, city=data.city, notes=data.notes,
                           owner_id=data.owner_id, bd_stage=data.bd_stage or "target", custom=data.custom or "{}")
                from deskcrm.store.company_duplicates import keys

                row.update(keys({"name": name, "website": data.website}))
            rows.append(row)
        for key, cid in zip(wanted, insert_rows(self.conn, self.txn, "company", rows)):
            companies[key] = (cid, companies[key][1])

    def _write_companies(self, live: list[Planned], now: str) -> None:
        for p in live:
            if p.action != "update":
                continue
            changes = {c.field: c.new for c in p.changes if not c.kept}
            if "website" in changes:
                from deskcrm.store.company_duplicates import keys

                changes["web_domain"] = keys({"name": p.data.name, "website": changes["website"]})["web_domain"]
            journal.update(self.conn, self.txn, "company", p.record_id, {**changes, "updated_at": now},
                           expected_version=p.version)

    def _job_ids(self, live: list[Planned], title: Any, values: Any) -> None:
        """Create the jobs these rows name that the desk does not have yet."""
        jobs, companies = self.planner.jobs, self.planner.companies
        wanted: dict[tuple[str, str], dict[str, Any]] = {}
        for p in live:
            t = title(p)
            if t is not None and jobs.get((p.company_key, fold(t)), 0) is None and (p.company_key, fold(t)) not in wanted:
                wanted[(p.company_key, fold(t))] = {**_JOB, **values(p), "company_id": companies[p.company_key][0]}
        for k, jid in zip(wanted, insert_rows(self.conn, self.txn, "job_order", list(wanted.values()))):
            jobs[k] = jid

    def _write_jobs(self, live: list[Planned], now: str) -> None:
        def values(p: Planned) -> dict[str, Any]:
            j: JobIn = p.data
            return {"title": j.title, "requirements": j.requirements, "city": j.city, "comp_min": j.comp_min,
                    "comp_max": j.comp_max, "currency": j.currency or "EUR", "openings": j.openings or 1,
                    "fee_percent_override": j.fee_percent, "stage": j.stage or "intake", "owner_id": j.owner_id,
                    "opened_on": ds(j.opened_on or clock.today())}

        self._job_ids(live, lambda p: p.data.title, values)

    def _write_placements(self, live: list[Planned], now: str) -> None:
        def values(p: Planned) -> dict[str, Any]:
            return {"title": p.data.job.strip(), "stage": "placed", "opened_on": ds(p.data.start),
                    "currency": p.data.currency or "EUR"}

        self._job_ids(live, lambda p: None if p.data.job.strip().lstrip("#").isdigit() else p.data.job.strip(),
                      values)
        terms = companies_by_id(self.conn, {self.planner.companies[p.company_key][0] for p in live})
        rows = [self._placement(p, terms[self.planner.companies[p.company_key][0]], now) for p in live]
        insert_rows(self.conn, self.txn, "placement", rows)

    def _placement(self, p: Planned, terms: dict[str, Any], now: str) -> dict[str, Any]:
        d: PlacementIn = p.data
        job = d.job.strip()
        jid = int(job.lstrip("#")) if job.lstrip("#").isdigit() else self.planner.jobs[(p.company_key, fold(job))]
        pct = d.fee_percent
        if d.fee is not None:
            amount = d.fee
        elif d.fee_percent is not None:
            amount = round(d.salary * d.fee_percent / 100, 2)
        elif terms["fee_percent"] is not None:
            pct, amount = terms["fee_percent"], round(d.salary * terms["fee_percent"] / 100, 2)
        else:
            amount = terms["flat_fee"]
        today = clock.today()
        days = terms["guarantee_days"]
        end = d.start + timedelta(days=days)
        status = d.status or ("offer_accepted" if d.start > today else "started" if end >= today else "guarantee_passed")
        row: dict[str, Any] = {
            "submission_id": None, "person_id": p.record_id, "job_id": jid,
            "company_id": self.planner.companies[p.company_key][0], "recruiter_id": d.owner_id,
            "offer_accepted_on": ds(d.start), "start_date": ds(d.start), "salary": d.salary,
            "currency": d.currency or terms["fee_currency"], "fee_percent": pct, "fee_amount": amount,
            "fee_status": "not_invoiced", "invoice_date": None, "invoice_due": None, "paid_on": None,
            "credited_amount": 0.0, "guarantee_days": days, "guarantee_end": ds(end), "status": status,
            "fail_reason": None, "owed": None, "owed_rule": None, "left_on": None, "rank": 0.0, "version": 1}
        for n in (30, 60, 90):
            on: date = d.start + timedelta(days=n)
            row[f"checkin_{n}"], row[f"checkin_{n}_done_at"] = ds(on), (now if on < today else None)
        return row

    def _write_activities(self, live: list[Planned], now: str) -> None:
        rows = []
        for p in live:
            a: ActivityIn = p.data
            at = ts(a.at)
            rows.append({"kind": a.kind, "body": a.body, "at": at, "author_id": a.author_id or actor(self.conn),
                         "person_id": p.record_id, "company_id": None, "job_id": None, "placement_id": None,
                         "submission_id": None})
            if a.kind in TOUCH_KINDS and at > self.touches.get(p.record_id, ""):
                self.touches[p.record_id] = at
        insert_rows(self.conn, self.txn, "activity", rows)


_JOB = {"hiring_manager_id": None, "requirements": None, "skills": "[]", "city": None, "remote": "onsite",
        "comp_min": None, "comp_max": None, "currency": "EUR", "openings": 1, "job_type": "perm", "urgency": 2,
        "fee_percent_override": None, "flat_fee_override": None, "stage": "intake", "owner_id": None,
        "closed_on": None, "close_reason": None, "rank": 0.0, "version": 1}
