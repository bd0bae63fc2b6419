"""The dry run: what an import of mapped rows would do, row by row, streamed a chunk at a time.

    planner = Planner(conn, "people", overwrite=False)
    for chunk in planner.chunks(rows):      # lists of Planned, CHUNK rows at a time
        ...
    planner.counts                          # {"new": …, "update": …, "unchanged": …, "duplicate": …, "error": …}

Each row is one of

- ``new``: nobody on the desk or earlier in the file is this person;
- ``update``: the same email or LinkedIn profile as ONE person on the desk: the fields the row
  fills (only empty ones unless ``overwrite``; a differing value kept is listed as ``kept``);
  ``unchanged`` when it fills nothing;
- ``duplicate``: likely the same human as a person on the desk (the same phone, a close name at
  the same company — a current contact there, or a candidate whose current employer has the
  company's key: ``employer_keys`` —, or an email and a LinkedIn profile naming two different people) or as an
  earlier row of the file (the same email, phone or LinkedIn, a close name at the same company):
  never written; the reason says which and whom;
- ``error``: a cell the import cannot take: the column (its target) and what to do.

Each row is first read and matched against the file's earlier rows (``file_pass``: the file's
keys in memory up to ``file_keys.BOUND``, then in a scratch SQLite file, its names by company in a
``names.NameIndex``; for a long file in a second process, ``parallel``), then here against the desk,
through ``lookups`` once per chunk (indexed ``IN (…)`` queries; a big file into an almost empty
desk: the desk held in memory, ``bulk_indexes``). Names are compared folded (case and accents aside)
with ``rapidfuzz`` (``names.NAME_SCORE``).
People and contacts files are planned here; the other kinds in ``records``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from deskcrm.store.db import Connection
from deskcrm.store.custom_values import import_change
from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.bulk_indexes import HeldDesk
from deskcrm.store.imports.file_pass import CHUNK, Read, batches, label as _label, reads
from deskcrm.store.imports.lookups import (companies_by_id, companies_by_key, people_at, people_by_keys,
                                           people_employed)
from deskcrm.store.imports.owners import owners, owners_said
from deskcrm.store.imports.names import NAME_SCORE, Name, NameIndex, company_key, fold, name_of, name_reason
from deskcrm.store.imports.rows import PersonIn
from deskcrm.store.values import dumps_list, loads_list

__all__ = ["ACTIONS", "CHUNK", "NAME_SCORE", "Change", "Name", "NameIndex", "Planned", "Planner", "company_key",
           "counted", "fold", "name_of", "owners", "owners_said", "with_custom_fields"]
ACTIONS = ("new", "update", "unchanged", "duplicate", "error")


@dataclass(frozen=True, slots=True)
class Change:
    """One field an update fills (``kept``: the file's value differs and the desk's is kept)."""

    field: str
    old: Any
    new: Any
    kept: bool = False
    shown_old: str | None = None  # how the dry run says ``old`` / ``new`` when not as stored (an
    shown_new: str | None = None  # owner: the recruiter's initials, not their id)


@dataclass(slots=True)
class Planned:
    """One row's plan. Read-only by convention (``dataclasses.replace`` makes a changed copy): not
    frozen, as one is made per row of a file and a frozen dataclass costs ~3× as much to make."""

    line: int
    action: str  # one of ACTIONS
    label: str  # the record as the file names it
    record_id: int | None = None  # the desk's record updated, or the duplicate's (None: an earlier line)
    changes: tuple[Change, ...] = ()
    reason: str = ""  # duplicate: why; error: what is wrong and what to do
    column: str = ""  # error: the target of the cell
    cell: str = ""  # error: the cell's text, as the file has it
    data: Any = field(default=None, compare=False)  # what apply writes (a PersonIn, …)
    version: int | None = None  # update: the version read
    profile_version: int | None = None
    company_key: str | None = None  # the company the row names (created or matched)
    new_role: bool = False  # update: a current contact role at that company is added


def with_custom_fields(conn: Connection, rules: CellRules, entities: tuple[str, ...] = ("person", "candidate")
                       ) -> CellRules:
    """``rules`` with the desk's live custom fields of ``entities`` (imported by name)."""
    from dataclasses import replace

    from deskcrm.store.custom_fields import list_fields

    return rules if rules.custom_fields else replace(rules, custom_fields=list_fields(conn, entities, archived=False))


class Planner:
    """Plans a people (candidates) or contacts file; ``chunks`` may be consumed by ``apply``
    inside its transaction (what it wrote for earlier chunks is then on the desk: the file's own
    keys are checked first, so an earlier row is still named as the line it came from)."""

    def __init__(self, conn: Connection, kind: str, *, overwrite: bool = False,
                 rules: CellRules = CellRules(), parallel: bool = False) -> None:
        self.conn, self.kind, self.overwrite, self.rules = conn, kind, overwrite, with_custom_fields(conn, rules)
        self.parallel = parallel  # the file's own pass in a second process (``file_pass``)
        self.owners = owners(conn)
        self.counts = dict.fromkeys(ACTIONS, 0)
        self.companies: dict[str, tuple[int | None, str]] = {}  # name_key -> (id or None: new, name)
        self._people_at: set[int] = set()  # companies whose contacts are in self._desk_names
        self._desk_names = NameIndex()  # company key -> its contacts' and its candidates' names: (id, name)
        self._employers_read: set[str] = set()  # company keys whose candidates are in self._desk_names
        self.held: HeldDesk | None = None  # the desk's people held in memory (``bulk_indexes``)
        self._role_names: dict[int, str] = {}  # company id -> name: the desk's employers an update keeps
        self._initials: dict[int, str] = {}  # recruiter id -> initials, read at the first owner change

    def people(self, emails: Iterable[str], phones: Iterable[str], linkedins: Iterable[str]) -> dict[int, dict]:
        """The desk's people with these keys (``lookups.people_by_keys``)."""
        if self.held is not None:
            return self.held.people(emails, phones, linkedins)
        return people_by_keys(self.conn, emails, phones, linkedins)

    def chunks(self, rows: Iterable[MappedRow]) -> Iterator[list[Planned]]:
        # each row read and matched against the file's earlier rows first (``file_pass``), then here
        # against the desk
        found = reads(rows, self.kind, self.owners, self.rules, parallel=self.parallel)
        return counted(self.counts, (part for read in found for part in self._parts(read)))

    # ------------------------------------------------------------------ one chunk

    def _parts(self, read: list[Read]) -> Iterator[list[Planned]]:
        """A chunk's plan: in two parts (or more) where two of its rows update the same person on
        the desk (by email, then by LinkedIn): the second is planned once the first is written,
        against what it wrote (its version), as when the two rows are a chunk apart."""
        while read:
            planned = self._chunk(read)
            yield planned
            read = read[len(planned):]

    def _chunk(self, read: list[Read]) -> list[Planned]:
        """The plan of ``read``'s rows, up to (not including) the second one updating a person."""
        people = [r.person for r in read if r.person is not None]
        desk = self.people([p.email_norm for p in people if p.email_norm],
                           [p.phone_norm for p in people if p.phone_norm],
                           [p.linkedin_norm for p in people if p.linkedin_norm])
        by = {k: {} for k in ("email_norm", "phone_norm", "linkedin_norm")}
        for pid, person in desk.items():
            for k in by:
                if person[k]:
                    by[k].setdefault(person[k], pid)
        self._companies({r.company_key for r in read if r.company_key is not None})
        out: list[Planned] = []
        updated: set[int | None] = set()
        for r in read:
            if r.error is not None:
                out.append(Planned(r.line, "error", r.label, reason=r.error[1], column=r.error[0], cell=r.error[2]))
                continue
            planned = self._one(r, desk, by)
            if planned.action in ("update", "unchanged") and planned.record_id in updated and out:
                return out  # the rest once this part is written
            if planned.action == "update":
                updated.add(planned.record_id)
            out.append(planned)
        return out

    def _companies(self, keys: set[str]) -> None:
        missing = keys - set(self.companies)
        found = companies_by_key(self.conn, missing)
        for key, (cid, name) in found.items():
            self.companies[key] = (cid, name)
        wanted = {self.companies[k][0]: k for k in keys if k in self.companies and self.companies[k][0] is not None}
        unread = wanted.keys() - self._people_at
        at = self.held.people_at(unread) if self.held is not None else people_at(self.conn, unread)
        for cid, names in at.items():
            self._people_at.add(cid)
            for pid, n in names:
                self._desk_names.add(wanted[cid], name_of(n), (pid, n))
        # the desk's candidates whose current employer has the key, whether or not the desk has the company
        unread_keys = keys - self._employers_read
        employed = (self.held.people_employed(unread_keys) if self.held is not None
                    else people_employed(self.conn, unread_keys))
        self._employers_read |= unread_keys
        for key, names in employed.items():
            for pid, n in names:
                self._desk_names.add(key, name_of(n), (pid, n))

    def created(self, key: str, cid: int, name: str) -> None:
        """The writer created company ``key`` as ``cid`` named ``name``: its only contacts will be
        rows of this file, which the file's own name index holds — they are never read back."""
        self.companies[key] = (cid, name)
        self._people_at.add(cid)

    def updated(self, p: Planned, written: dict[str, Any]) -> None:
        """The writer updated the desk's person ``p.record_id`` as planned: ``written``, the
        person's columns (``p.new_role``: a current contact at the row's company now)."""
        if self.held is not None and p.record_id is not None:
            cid = self.companies[p.company_key][0] if p.new_role and p.company_key else None
            self.held.updated(p.record_id, tuple(written.get(k) for k in ("email_norm", "phone_norm", "linkedin_norm")),
                              cid)

    def _one(self, r: Read, desk: dict[int, dict], by: dict[str, dict]) -> Planned:
        line, p, key = r.line, r.person, r.company_key
        assert p is not None
        if key is not None and key not in self.companies:
            self.companies[key] = (None, p.company)  # created by the first row naming it
        if r.same is not None:
            return Planned(line, "duplicate", p.name, reason=r.same, data=p, company_key=key)
        strong: dict[int, list[str]] = {}
        for column, what in (("email_norm", "email"), ("linkedin_norm", "LinkedIn")):
            if by[column]:  # (none on an empty desk)
                value = getattr(p, column)
                if value and value in by[column]:
                    strong.setdefault(by[column][value], []).append(f"same {what} {value}")
        if len(strong) > 1:
            why = "; ".join(f"{', '.join(r)} as #{pid} {desk[pid]['name']}" for pid, r in strong.items())
            return Planned(line, "duplicate", p.name, reason=why, data=p, company_key=key)
        if strong:
            pid = next(iter(strong))
            return self._update(line, p, desk[pid], key)
        weak = self._weak(p, key, desk, by)
        if weak is not None:
            pid, why = weak
            return Planned(line, "duplicate", p.name, record_id=pid, reason=why, data=p, company_key=key)
        return Planned(line, "new", p.name, data=p, company_key=key)

    def _weak(self, p: PersonIn, key: str | None, desk: dict[int, dict], by: dict[str, dict]
              ) -> tuple[int, str] | None:
        if p.phone_norm and p.phone_norm in by["phone_norm"]:
            pid = by["phone_norm"][p.phone_norm]
            return pid, f"same phone {p.phone_norm} as #{pid} {desk[pid]['name']}"
        # a company no one on the desk is at (one this import created, most often): no name to compare
        hit = self._desk_names.best(key, name_of(p.name)) if key is not None and self._desk_names.knows(key) else None
        if hit is not None:
            (pid, known), score = hit
            return pid, f"{name_reason(score, self.companies[key][1])} as #{pid} {known}"
        return None

    # ------------------------------------------------------------------ an update, field by field

    def _elsewhere(self, person: dict[str, Any], key: str | None) -> str | None:
        """The desk's current employer of ``person`` when it is another company than the row's
        (``key``): a people file's candidate profile's, else the companies they are a current
        contact at; None when the row names no company, the same one, or the desk knows none."""
        if key is None:
            return None
        named = (person["profile"] or {}).get("current_employer") if self.kind == "people" else None
        if named:
            return None if company_key(named) == key else named
        cid = self.companies.get(key, (None, ""))[0]
        others = person["roles"] - {cid}
        if not others or cid in person["roles"]:
            return None
        missing = others - set(self._role_names)
        if missing:
            self._role_names.update({i: c["name"] for i, c in companies_by_id(self.conn, missing).items()})
        return ", ".join(sorted(self._role_names[i] for i in others if i in self._role_names)) or None

    def update_of(self, line: int, p: PersonIn, person: dict[str, Any], key: str | None) -> Planned:
        """Row ``line`` planned as an update of the desk's ``person`` (field by field), whatever
        its match: for a likely duplicate the user chose to merge in."""
        return self._update(line, p, person, key)

    def _update(self, line: int, p: PersonIn, person: dict[str, Any], key: str | None) -> Planned:
        changes: list[Change] = []
        elsewhere = self._elsewhere(person, key)

        def offer(name: str, old: Any, new: Any) -> None:
            if new in (None, "", "[]") or old == new:
                return
            if old in (None, "", "[]") or self.overwrite:
                changes.append(Change(name, old, new))
            else:
                changes.append(Change(name, old, new, kept=True))

        for column in ("email", "phone", "linkedin_url", "city", "headline", "notes", "owner_id"):
            norm = {"email": "email_norm", "phone": "phone_norm", "linkedin_url": "linkedin_norm"}.get(column)
            if norm and getattr(p, norm) == person[norm]:
                continue  # the same contact point, written another way: nothing to change
            offer(column, person[column], getattr(p, column))
        custom = import_change(person.get("custom"), p.custom, overwrite=self.overwrite) if p.custom else None
        if custom is not None:  # the row's custom fields: each one the record leaves empty (all with overwrite)
            changes.append(Change("custom", person.get("custom"), custom[0], kept=custom[1]))
        if p.tags:
            offer("tags", person["tags"] if loads_list(person["tags"]) else None, dumps_list(list(p.tags)))
        profile = person["profile"]
        if self.kind == "people":
            old = profile or {}
            if p.skills:
                offer("skills", old.get("skills") if loads_list(old.get("skills")) else None, dumps_list(list(p.skills)))
            offer("current_title", old.get("current_title"), p.title)
            if elsewhere is not None and not self.overwrite:  # another employer on the desk: kept
                changes.append(Change("current_employer", elsewhere, p.company, kept=True))
            else:
                offer("current_employer", old.get("current_employer"), p.company)
            offer("current_salary", old.get("current_salary"), p.salary)
            offer("desired_salary", old.get("desired_salary"), p.desired_salary)
            was = old.get("available_from")  # a date on a server, its ISO text on SQLite
            offer("available_from", was.isoformat() if hasattr(was, "isoformat") else was, p.available_from)
            offer("notice_days", old.get("notice_days"), p.notice_days)
            if p.currency and p.currency != old.get("salary_currency"):  # it goes with the salary it is of
                filled = any(c.field in ("current_salary", "desired_salary") and not c.kept for c in changes)
                changes.append(Change("salary_currency", old.get("salary_currency"), p.currency,
                                      kept=not (filled or self.overwrite or not profile)))
            if p.status:
                offer("status", old.get("status"), p.status)
        cid = self.companies.get(key, (None, ""))[0] if key else None
        new_role = key is not None and (cid is None or cid not in person["roles"])
        if new_role and elsewhere is not None and not self.overwrite:
            # the desk's employer is kept: no role at the file's company (nor the company, for it only)
            new_role, key = False, None
            if self.kind == "contacts":
                changes.append(Change("company", elsewhere, p.company, kept=True))
        elif new_role:
            changes.append(Change("company", None, self.companies[key][1]))
        changes = owners_said(self.conn, changes, self._initials)
        action = "update" if any(not c.kept for c in changes) else "unchanged"
        return Planned(line, action, p.name, record_id=person["id"], changes=tuple(changes), data=p,
                       version=person["version"], profile_version=(profile or {}).get("version"),
                       company_key=key, new_role=new_role, reason=f"same person as #{person['id']} {person['name']}")



def counted(counts: dict[str, int], chunks: Iterable[list[Planned]]) -> Iterator[list[Planned]]:
    """``chunks`` of a plan as they come, each row counted by its action in ``counts``."""
    for planned in chunks:
        for p in planned:
            counts[p.action] += 1
        yield planned
