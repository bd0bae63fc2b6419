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
  the same company, or an email and a LinkedIn profile naming two different people) or as an
  earlier row of the file (the same email, phone or LinkedIn, a close name at the same company):
  never written; the reason says which and whom;
- ``error``: a cell the import cannot take: the column (its target) and what to do.

Matching reads the desk through ``lookups`` once per chunk (indexed ``IN (…)`` queries) and
remembers the file's own keys off the heap (``file_keys``: a scratch SQLite file, read once a chunk);
the names of its rows, by company, stay in memory (``NameIndex``).
Names are compared folded (case and accents aside) with ``rapidfuzz`` (``NAME_SCORE``).
People and contacts files are planned here; the other kinds in ``records``.
"""

from __future__ import annotations

import unicodedata
from sys import intern
from functools import lru_cache
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from deskcrm.domain.client_rules import company_key as _company_key
from deskcrm.store.db import Connection
from deskcrm.store.custom_values import import_change
from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.file_keys import FileKeys
from deskcrm.store.imports.lookups import companies_by_key, people_at, people_by_keys
from deskcrm.store.imports.rows import PersonIn, RowError, read_person
from deskcrm.store.values import dumps_list, loads_list

CHUNK = 1000  # rows planned (and written) at a time
NAME_SCORE = 85  # rapidfuzz token_sort_ratio of two folded names at the same company: a likely duplicate
ACTIONS = ("new", "update", "unchanged", "duplicate", "error")


@dataclass(frozen=True, slots=True)
class Change:
    """One field an update fills (``kept``: the file's value differs and the desk's is kept)."""

    field: str
    old: Any
    new: Any
    kept: bool = False


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
    data: Any = field(default=None, compare=False)  # what apply writes (a PersonIn, …)
    version: int | None = None  # update: the version read
    profile_version: int | None = None
    company_key: str | None = None  # the company the row names (created or matched)
    new_role: bool = False  # update: a current contact role at that company is added


company_key = lru_cache(maxsize=1 << 16)(_company_key)  # a file names its companies again and again


def fold(text: str) -> str:
    """Case and accents aside, spaces closed up: "Zoë  Moss" -> "zoe moss"."""
    if text.isascii():  # most names: nothing to decompose
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


class NameIndex:
    """Names by company, found again by a close spelling: each name is filed under (company,
    the first three letters of each of its words), so a name is compared (``rapidfuzz``) only
    with the names at its company that share a word's start with it — not with all of them.

    A name is kept with its words sorted (``token_sort_ratio`` of two names is the plain
    ``ratio`` of their sorted forms), so a lookup scores each filed list in place, without
    copying or re-sorting anything; of equal scores the name filed first wins."""

    __slots__ = ("_by", "_filed")

    def __init__(self, *, once: bool = True) -> None:
        # company -> word start -> (sorted names, payloads): nested, not keyed by a (company, start)
        # tuple, and the starts interned — a file's index holds about one such list a row.
        self._by: dict[Any, dict[str, tuple[list[str], list[Any]]]] = {}
        # hash((company, folded)): a name filed once per company. None: the caller adds only names
        # ``best`` did not find (a file's rows), so the same name never comes twice.
        self._filed: set[int] | None = set() if once else None

    def add(self, company: Any, name: Name, payload: Any) -> None:
        if self._filed is not None:
            filed = hash((company, name.folded))
            if filed in self._filed:
                return
            self._filed.add(filed)
        at = self._by.get(company)
        if at is None:
            at = self._by[company] = {}
        for pre in name.starts:
            filed_here = at.get(pre)
            if filed_here is None:
                filed_here = at[intern(pre)] = ([], [])
            filed_here[0].append(name.key)
            filed_here[1].append(payload)

    def best(self, company: Any, name: Name) -> tuple[Any, float] | None:
        """(payload, score) of the closest name at ``company`` scoring ≥ NAME_SCORE, else None."""
        found, top = None, 0.0
        at = self._by.get(company)
        if at is None:
            return None
        for pre in name.starts:
            filed = at.get(pre)
            if filed is None:
                continue
            hit = process.extractOne(name.key, filed[0], scorer=fuzz.ratio, score_cutoff=max(top, NAME_SCORE))
            if hit is not None and (found is None or hit[1] > top):
                found, top = filed[1][hit[2]], hit[1]
        return None if found is None else (found, top)


class Name(NamedTuple):
    """A name as the index compares it: folded, its words sorted, and where it is filed."""

    folded: str
    key: str  # the folded words sorted: token_sort_ratio(a, b) is ratio(a.key, b.key)
    starts: tuple[str, ...]  # the first three letters of each word of two or more (once each)


def name_of(text: str) -> Name:
    folded = fold(text)
    words = folded.split()
    starts = tuple(dict.fromkeys(w[:3] for w in words if len(w) >= 2)) or (folded[:3],)
    return Name(folded, " ".join(sorted(words)), starts)


def with_custom_fields(conn: Connection, rules: CellRules, entities: tuple[str, ...] = ("person", "candidate")
                       ) -> CellRules:
    """``rules`` with the desk's live custom fields of ``entities`` (imported by name)."""
    from dataclasses import replace

    from deskcrm.store.custom_fields import list_fields

    return rules if rules.custom_fields else replace(rules, custom_fields=list_fields(conn, entities, archived=False))


def owners(conn: Connection) -> dict[str, int]:
    """Active recruiters' initials (upper case) -> id."""
    return {i.upper(): r for r, i in conn.execute("SELECT id, initials FROM recruiter WHERE active = TRUE")}


class Planner:
    """Plans a people (candidates) or contacts file; ``chunks`` may be consumed by ``apply``
    inside its transaction (what it wrote for earlier chunks is then on the desk: the file's own
    keys are checked first, so an earlier row is still named as the line it came from)."""

    def __init__(self, conn: Connection, kind: str, *, overwrite: bool = False,
                 rules: CellRules = CellRules()) -> None:
        self.conn, self.kind, self.overwrite, self.rules = conn, kind, overwrite, with_custom_fields(conn, rules)
        self.owners = owners(conn)
        self.counts = dict.fromkeys(ACTIONS, 0)
        self.companies: dict[str, tuple[int | None, str]] = {}  # name_key -> (id or None: new, name)
        self._people_at: set[int] = set()  # companies whose contacts are in self._desk_names
        self._desk_names = NameIndex()  # company id -> its contacts' names: (id, name)
        # The file's own keys (a 64-bit hash of (kind, key) -> line; line -> label), off the heap
        # but for the chunk being planned (``file_keys``): memory flat in the file's size.
        self._file = FileKeys()
        self._earlier: dict[int, int] = {}  # the chunk's keys that rows of earlier chunks had
        self._file_names = NameIndex(once=False)  # company key -> the names of the file's rows: line

    def chunks(self, rows: Iterable[MappedRow]) -> Iterator[list[Planned]]:
        it = iter(rows)
        while batch := list(islice(it, CHUNK)):
            planned = self._chunk(batch)
            for p in planned:
                self.counts[p.action] += 1
            yield planned

    # ------------------------------------------------------------------ one chunk

    def _chunk(self, batch: list[MappedRow]) -> list[Planned]:
        read: list[tuple[MappedRow, PersonIn | RowError]] = []
        for row in batch:
            try:
                read.append((row, read_person(row, self.kind, self.owners, self.rules)))
            except RowError as exc:
                read.append((row, exc))
        people = [p for _, p in read if isinstance(p, PersonIn)]
        desk = people_by_keys(self.conn, [p.email_norm for p in people if p.email_norm],
                              [p.phone_norm for p in people if p.phone_norm],
                              [p.linkedin_norm for p in people if p.linkedin_norm])
        by = {k: {} for k in ("email_norm", "phone_norm", "linkedin_norm")}
        for pid, person in desk.items():
            for k in by:
                if person[k]:
                    by[k].setdefault(person[k], pid)
        self._companies({company_key(p.company) for p in people if p.company} - {None})
        self._earlier = self._file.lookup(hash((what, value)) for p in people for what, value in _keys(p))
        out = []
        for row, person in read:
            if isinstance(person, RowError):
                out.append(Planned(row.line, "error", _label(row), reason=person.message, column=person.target))
            else:
                out.append(self._one(row.line, person, desk, by))
        self._file.flush()
        return out

    def _companies(self, keys: set[str]) -> None:
        missing = keys - set(self.companies)
        found = companies_by_key(self.conn, missing)
        for key, (cid, name) in found.items():
            self.companies[key] = (cid, name)
        wanted = {self.companies[k][0] for k in keys if k in self.companies and self.companies[k][0] is not None}
        unread = wanted - self._people_at
        for cid, names in people_at(self.conn, unread).items():
            self._people_at.add(cid)
            for pid, n in names:
                self._desk_names.add(cid, name_of(n), (pid, n))

    def created(self, key: str, cid: int, name: str) -> None:
        """The writer created company ``key`` as ``cid`` named ``name``: its only contacts will be
        rows of this file, which the file's own name index holds — they are never read back."""
        self.companies[key] = (cid, name)
        self._people_at.add(cid)

    def _one(self, line: int, p: PersonIn, desk: dict[int, dict], by: dict[str, dict]) -> Planned:
        key = company_key(p.company) if p.company else None
        if key is not None and key not in self.companies:
            self.companies[key] = (None, p.company)  # created by the first row naming it
        name = name_of(p.name) if key is not None else None
        same = self._in_file(line, p, key, name)
        if same is not None:
            return Planned(line, "duplicate", p.name, reason=same, data=p, company_key=key)
        strong = {}
        for column, what in (("email_norm", "email"), ("linkedin_norm", "LinkedIn")):
            value = getattr(p, column)
            if value and value in by[column]:
                strong.setdefault(by[column][value], []).append(f"same {what} {value}")
        if len(strong) > 1:
            why = "; ".join(f"{', '.join(r)} as #{pid} {desk[pid]['name']}" for pid, r in strong.items())
            return Planned(line, "duplicate", p.name, reason=why, data=p, company_key=key)
        if strong:
            pid = next(iter(strong))
            return self._update(line, p, desk[pid], key)
        weak = self._weak(p, key, desk, by, name)
        if weak is not None:
            pid, why = weak
            return Planned(line, "duplicate", p.name, record_id=pid, reason=why, data=p, company_key=key)
        return Planned(line, "new", p.name, data=p, company_key=key)

    def _in_file(self, line: int, p: PersonIn, key: str | None, name: Name | None) -> str | None:
        """Why this row is an earlier row's person (None: it is not); remembers its keys."""
        said = None
        keys = [(what, value, hash((what, value))) for what, value in _keys(p)]
        for what, value, h in keys:
            earlier = self._earlier.get(h) or self._file.get(h)
            if earlier is not None:
                said = f"same {what} {value} as line {earlier} ({self._file.label(earlier)})"
                break
        hit = self._file_names.best(key, name) if said is None and name is not None else None
        if hit is not None:
            earlier, score = hit
            said = f"{_name_reason(score, p.company)} as line {earlier} ({self._file.label(earlier)})"
        if said is None:
            for _what, _value, h in keys:
                self._file.add(h, line)
            self._file.name(line, p.name)
            if name is not None:
                self._file_names.add(key, name, line)
        return said

    def _weak(self, p: PersonIn, key: str | None, desk: dict[int, dict], by: dict[str, dict],
              name: Name | None) -> tuple[int, str] | None:
        if p.phone_norm and p.phone_norm in by["phone_norm"]:
            pid = by["phone_norm"][p.phone_norm]
            return pid, f"same phone {p.phone_norm} as #{pid} {desk[pid]['name']}"
        cid = self.companies.get(key, (None, ""))[0] if key else None
        hit = self._desk_names.best(cid, name) if cid is not None and name is not None else None
        if hit is not None:
            (pid, known), score = hit
            return pid, f"{_name_reason(score, self.companies[key][1])} as #{pid} {known}"
        return None

    # ------------------------------------------------------------------ an update, field by field

    def update_of(self, line: int, p: PersonIn, person: dict[str, Any], key: str | None) -> Planned:
        """Row ``line`` planned as an update of the desk's ``person`` (field by field), whatever
        its match: for a likely duplicate the user chose to merge in."""
        return self._update(line, p, person, key)

    def _update(self, line: int, p: PersonIn, person: dict[str, Any], key: str | None) -> Planned:
        changes: list[Change] = []

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
        custom = import_change(person.get("custom"), p.custom, overwrite=self.overwrite)
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
            offer("current_employer", old.get("current_employer"), p.company)
            offer("current_salary", old.get("current_salary"), p.salary)
            if p.currency and p.currency != old.get("salary_currency"):  # it goes with the salary it is of
                filled = any(c.field == "current_salary" and not c.kept for c in changes)
                changes.append(Change("salary_currency", old.get("salary_currency"), p.currency,
                                      kept=not (filled or self.overwrite or not profile)))
            if p.status:
                offer("status", old.get("status"), p.status)
        cid = self.companies.get(key, (None, ""))[0] if key else None
        new_role = key is not None and (cid is None or cid not in person["roles"])
        if new_role:
            changes.append(Change("company", None, self.companies[key][1]))
        action = "update" if any(not c.kept for c in changes) else "unchanged"
        return Planned(line, action, p.name, record_id=person["id"], changes=tuple(changes), data=p,
                       version=person["version"], profile_version=(profile or {}).get("version"),
                       company_key=key, new_role=new_role, reason=f"same person as #{person['id']} {person['name']}")


def _keys(p: PersonIn) -> list[tuple[str, str]]:
    """The keys a row is matched by within its file, as its duplicates' reasons name them."""
    return [(what, value) for what, value in (("email", p.email_norm), ("LinkedIn", p.linkedin_norm),
                                              ("phone", p.phone_norm)) if value]


def _name_reason(score: float, company: str | None) -> str:
    return f"same name at {company}" if score >= 100 else f"similar name at {company} ({round(score)}%)"


def _label(row: MappedRow) -> str:
    v = row.values
    return (v.get("full_name") or " ".join(x for x in (v.get("first_name"), v.get("last_name")) if x)
            or v.get("name") or v.get("title") or v.get("person") or v.get("email") or v.get("person_email") or "")
