"""Companies, jobs, placements and activities files: planned and written (``plan`` / ``apply``
do people and contacts; the same ``Planned`` rows, the same one transaction and journal txn).
Planned here; written by ``records_write``.

Relationships, resolved against the desk a chunk at a time:

- a Company cell creates or matches the company by name (case, accents, punctuation and the legal
  form aside: ``company.name_key``); a company created by an earlier row is the same one;
- a placement's person is named by ``person_email``, by ``#id``, or by name (two people of that
  name: an error asking for the email); its job by ``#id`` or by title at the company — a job
  the desk does not have is created (stage Placed, opened on the start date);
- an activity attaches to its person; a touch (a call talked / voicemail, an email, a meeting)
  newer than the person's last contact moves it (as logging one does).

A placement's fee is the file's (``fee``, or ``fee_percent`` of the salary), else the client's
agreement; its guarantee ends ``guarantee_days`` (the client's) after the start; check-ins fall
30/60/90 days after it, those already past counted as done at the import (a history brought in
must not flood the due list); the offer is taken as accepted on the start date (the files carry
no offer date); without a status it is Offer accepted before the start, Started (in guarantee)
until the guarantee ends, Guarantee passed after. Likely duplicates: the same company name, the
same job title at the company, the same person placed in the same job, the same activity
(person, kind, time, text) — on the desk or earlier in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.lookups import companies_by_id, companies_by_key, jobs_at, people_named
from deskcrm.store.values import ts
from deskcrm.store.custom_values import import_change
from deskcrm.store.imports.file_pass import batches, label as _label
from deskcrm.store.imports.plan import (ACTIONS, Change, Planned, company_key, counted, fold, owners, owners_said,
                                        with_custom_fields)
from deskcrm.store.imports.records_read import (ActivityIn, CompanyIn, JobIn, PlacementIn, read_activity,
                                                read_company, read_job, read_placement)
from deskcrm.store.imports.rows import RowError, cell_of

_READ = {"companies": read_company, "jobs": read_job, "placements": read_placement, "activities": read_activity}


class RecordPlanner:
    def __init__(self, conn: Connection, kind: str, *, overwrite: bool = False,
                 rules: CellRules = CellRules()) -> None:
        if kind == "companies":  # a column named as a company custom field fills it
            rules = with_custom_fields(conn, rules, ("company",))
        self.conn, self.kind, self.overwrite, self.rules = conn, kind, overwrite, rules
        self.owners = owners(conn)
        self.counts = dict.fromkeys(ACTIONS, 0)
        self.companies: dict[str, tuple[int | None, str]] = {}  # name_key -> (id or None: new, name)
        self.jobs: dict[tuple[str, str], int | None] = {}  # (company key, folded title) -> id (None: new)
        self._seen: dict[Any, tuple[int, str]] = {}  # the file's own keys -> (line, label)
        self._initials: dict[int, str] = {}  # recruiter id -> initials (``owners_said``)

    def chunks(self, rows: Iterable[MappedRow]) -> Iterator[list[Planned]]:
        return counted(self.counts, (self._chunk(batch) for batch in batches(rows)))

    def _chunk(self, batch: list[MappedRow]) -> list[Planned]:
        read: list[tuple[MappedRow, Any]] = []
        for row in batch:
            try:
                read.append((row, _READ[self.kind](row, self.owners, self.rules)))
            except RowError as exc:
                read.append((row, exc))
        good = [d for _, d in read if not isinstance(d, RowError)]
        self._companies({company_key(d.name if isinstance(d, CompanyIn) else d.company)
                         for d in good if not isinstance(d, ActivityIn)} - {None})
        resolve = getattr(self, f"_plan_{self.kind}")
        context = self._context(good)
        out = []
        for row, data in read:
            if isinstance(data, RowError):
                out.append(Planned(row.line, "error", _label(row), reason=data.message, column=data.target,
                                   cell=cell_of(row, data.target)))
            else:
                try:
                    out.append(resolve(row.line, data, context))
                except RowError as exc:
                    out.append(Planned(row.line, "error", _label(row), reason=exc.message, column=exc.target,
                                       cell=cell_of(row, exc.target)))
        return out

    def _companies(self, keys: set[str]) -> None:
        for key, found in companies_by_key(self.conn, keys - set(self.companies)).items():
            self.companies[key] = found

    def _company(self, name: str) -> tuple[str, int | None]:
        key = company_key(name)
        if key is None:
            raise RowError("company", f"{name!r} has no letters or digits: not a company's name")
        if key not in self.companies:
            self.companies[key] = (None, name)
        return key, self.companies[key][0]

    def _context(self, good: list[Any]) -> dict[str, Any]:
        """What the chunk's rows link to, read at once."""
        ctx: dict[str, Any] = {}
        if self.kind in ("placements", "activities"):
            refs = [d.person for d in good]
            ctx["people"] = people_named(self.conn, [r.email for r in refs if r.email],
                                         [r.name for r in refs if r.name], [r.id for r in refs if r.id is not None])
        if self.kind in ("jobs", "placements"):
            ids = {self.companies[k][0] for k in (company_key(d.company) for d in good) if k in self.companies}
            for cid, jobs in jobs_at(self.conn, ids - {None}).items():
                key = company_key(self.companies_name(cid))
                for jid, title in jobs:
                    self.jobs.setdefault((key, fold(title)), jid)
        if self.kind in ("companies", "placements"):
            ids = {v[0] for v in self.companies.values() if v[0] is not None}
            ctx["terms"] = companies_by_id(self.conn, ids)
        if self.kind == "placements":
            ctx["placed"] = self._existing("SELECT person_id, job_id, id FROM placement WHERE person_id IN ", ctx)
        if self.kind == "activities":
            ctx["logged"] = self._existing("SELECT person_id, kind, at, body FROM activity WHERE person_id IN ", ctx)
        return ctx

    def companies_name(self, cid: int) -> str:
        return next(name for found, name in self.companies.values() if found == cid)

    def _existing(self, sql: str, ctx: dict[str, Any]) -> set[tuple]:
        by_email, by_name, by_id = ctx["people"]
        ids = sorted({i for rows in (*by_email.values(), *by_name.values()) for i, _ in rows} | set(by_id))
        out: set[tuple] = set()
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            out |= {tuple(r) for r in self.conn.execute(sql + f"({','.join('?' * len(chunk))})", chunk)}
        return out

    def _person(self, data: Any, ctx: dict[str, Any]) -> tuple[int, str]:
        by_email, by_name, by_id = ctx["people"]
        ref = data.person
        if ref.id is not None:
            if ref.id not in by_id:
                raise RowError("person", f"no person #{ref.id} on the desk")
            return ref.id, by_id[ref.id]
        found = by_email.get(ref.email, []) if ref.email else [
            (i, n) for i, n in by_name.get(ref.name.lower(), []) if fold(n) == fold(ref.name)]
        if not found:
            return self._missing(ref)
        if len(found) > 1:
            raise RowError("person", f"{len(found)} people on the desk are {ref.shown} "
                                     f"(#{', #'.join(str(i) for i, _ in found)}): give a person_email or #id column")
        return found[0]

    def _missing(self, ref: Any) -> tuple[int, str]:
        raise RowError("person_email" if ref.email else "person",
                       f"no person {ref.shown} on the desk: import the people first (or give their email)")

    def _in_file(self, key: Any, line: int, label: str) -> str | None:
        earlier = self._seen.get(key)
        if earlier is not None:
            return f"as line {earlier[0]} ({earlier[1]})"
        self._seen[key] = (line, label)
        return None

    # ------------------------------------------------------------------ each kind

    def _plan_companies(self, line: int, c: CompanyIn, ctx: dict[str, Any]) -> Planned:
        key, cid = self._company(c.name)
        same = self._in_file(("company", key), line, c.name)
        if same:
            return Planned(line, "duplicate", c.name, reason=f"same company name {same}", data=c, company_key=key)
        if cid is None:
            return Planned(line, "new", c.name, data=c, company_key=key)
        old = ctx["terms"][cid]
        changes = []
        for column in ("website", "industry", "city", "notes", "owner_id", "bd_stage"):
            new, was = getattr(c, column), old[column]
            if new is None or new == was or (column == "bd_stage" and new == "target"):
                continue
            empty = was in (None, "") or (column == "bd_stage" and was == "target")
            changes.append(Change(column, was, new, kept=not (empty or self.overwrite)))
        custom = import_change(old["custom"], c.custom, overwrite=self.overwrite)
        if custom is not None:
            changes.append(Change("custom", old["custom"], custom[0], kept=custom[1]))
        changes = owners_said(self.conn, changes, self._initials)
        action = "update" if any(not ch.kept for ch in changes) else "unchanged"
        return Planned(line, action, c.name, record_id=cid, changes=tuple(changes), data=c, version=old["version"],
                       company_key=key, reason=f"same company as #{cid} {old['name']}")

    def _plan_jobs(self, line: int, j: JobIn, ctx: dict[str, Any]) -> Planned:
        key, _cid = self._company(j.company)
        label = f"{j.title} at {j.company}"
        same = self._in_file(("job", key, fold(j.title)), line, label)
        if same:
            return Planned(line, "duplicate", label, reason=f"same job {same}", data=j, company_key=key)
        jid = self.jobs.get((key, fold(j.title)))
        if jid is not None:
            return Planned(line, "duplicate", label, record_id=jid, data=j, company_key=key,
                           reason=f"the job order “{j.title}” at {self.companies[key][1]} is on the desk (#{jid})")
        self.jobs[(key, fold(j.title))] = None
        return Planned(line, "new", label, data=j, company_key=key)

    def _plan_placements(self, line: int, p: PlacementIn, ctx: dict[str, Any]) -> Planned:
        pid, name = self._person(p, ctx)
        key, cid = self._company(p.company)
        label = f"{name} at {p.company}"
        title = None if p.job.strip().lstrip("#").isdigit() else fold(p.job)
        jid = int(p.job.strip().lstrip("#")) if title is None else self.jobs.get((key, title))
        if title is None and jid not in {j for (k, _t), j in self.jobs.items() if k == key}:
            raise RowError("job", f"no job order #{jid} at {p.company} on the desk")
        if p.fee is None and p.fee_percent is None:
            terms = ctx["terms"].get(cid) if cid is not None else None
            if terms is None or (terms["fee_percent"] is None and terms["flat_fee"] is None):
                raise RowError("fee", f"{p.company} has no fee agreement on the desk: give a fee or fee_percent column")
        same = self._in_file(("placement", pid, key, title or jid), line, label)
        if same:
            return Planned(line, "duplicate", label, reason=f"same person placed in the same job {same}", data=p,
                           company_key=key)
        existing = next((r[2] for r in ctx["placed"] if jid is not None and r[0] == pid and r[1] == jid), None)
        if existing is not None:
            return Planned(line, "duplicate", label, record_id=existing, data=p, company_key=key,
                           reason=f"{name} is already placed in that job (placement #{existing})")
        if title is not None and (key, title) not in self.jobs:
            self.jobs[(key, title)] = None  # created with the first placement naming it
        return Planned(line, "new", label, record_id=pid, data=p, company_key=key)

    def _plan_activities(self, line: int, a: ActivityIn, ctx: dict[str, Any]) -> Planned:
        pid, name = self._person(a, ctx)
        at = ts(a.at)
        label = f"{name}: {a.kind.replace('_', ' ')} {a.at:%Y-%m-%d %H:%M}"
        same = self._in_file(("activity", pid, a.kind, at, a.body), line, label)
        if same:
            return Planned(line, "duplicate", label, reason=f"the same activity {same}", data=a)
        if (pid, a.kind, at, a.body) in ctx["logged"]:
            return Planned(line, "duplicate", label, record_id=pid, data=a,
                           reason=f"the same activity is on {name}'s timeline already")
        return Planned(line, "new", label, record_id=pid, data=a)
