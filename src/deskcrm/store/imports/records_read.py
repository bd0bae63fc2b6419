"""Rows of companies, jobs, placements and activities files read as the records they describe
(``rows`` reads people and contacts). Each cell through ``rows``' one parser for its kind of
value (dates and amounts: the reading half's ``cells``); a refusal is a
``RowError`` naming the column and what to do. Links to other records (a person, a company, a
job) are kept as the file names them: ``records`` resolves them against the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from deskcrm.domain import validate
from deskcrm.domain.stages import PIPELINES, find
from deskcrm.store.imports import CellRules, MappedRow
from deskcrm.store.imports.rows import RowError, custom_values, day, money, moment, notes, owner, parsed
from deskcrm.store.labels import ACTIVITY_KINDS


@dataclass(frozen=True, slots=True)
class PersonRef:
    """Whom a row names: a deskcrm id (``#12``), an email, or a name (the first given, in that order)."""

    id: int | None = None
    email: str | None = None
    name: str | None = None

    @property
    def shown(self) -> str:
        return f"#{self.id}" if self.id is not None else self.email or self.name or ""


@dataclass(frozen=True, slots=True)
class CompanyIn:
    name: str
    website: str | None = None
    industry: str | None = None
    city: str | None = None
    notes: str | None = None
    owner_id: int | None = None
    bd_stage: str | None = None
    custom: str | None = None  # JSON: the company custom fields the row's columns fill (rows.custom_values)


@dataclass(frozen=True, slots=True)
class JobIn:
    title: str
    company: str
    city: str | None = None
    stage: str | None = None
    openings: int | None = None
    comp_min: float | None = None
    comp_max: float | None = None
    currency: str | None = None
    fee_percent: float | None = None
    owner_id: int | None = None
    requirements: str | None = None
    opened_on: date | None = None


@dataclass(frozen=True, slots=True)
class PlacementIn:
    person: PersonRef
    company: str
    job: str
    start: date
    salary: float
    currency: str | None = None
    fee_percent: float | None = None
    fee: float | None = None
    owner_id: int | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class ActivityIn:
    person: PersonRef
    kind: str
    at: datetime
    body: str
    author_id: int | None = None


def _need(row: MappedRow, target: str, what: str) -> str:
    value = row.values.get(target)
    if not value or not value.strip():
        raise RowError(target, f"empty: {what}")
    return value.strip()


def _stage(pipeline: str, target: str, raw: str | None) -> str | None:
    if raw is None:
        return None
    key = find(pipeline, raw)
    if key is None:
        raise RowError(target, f"{raw!r} is not one of {', '.join(s.label for s in PIPELINES[pipeline])}")
    return key


def person_ref(row: MappedRow) -> PersonRef:
    raw, email = row.values.get("person"), row.values.get("person_email")
    if email:
        return PersonRef(email=validate.email_norm(parsed("person_email", validate.email, email)))
    if raw and raw.strip().lstrip("#").isdigit() and (raw.strip().startswith("#") or raw.strip().isdigit()):
        return PersonRef(id=int(raw.strip().lstrip("#")))
    if raw and raw.strip():
        return PersonRef(name=" ".join(raw.split()))
    raise RowError("person", "empty: the person's name, email (person_email) or #id")


def read_company(row: MappedRow, owners: dict[str, int], rules: CellRules = CellRules()) -> CompanyIn:
    v = row.values
    extra = (("Phone", v["phone"]),) if v.get("phone") else ()  # a company has no phone field: kept in its notes
    return CompanyIn(" ".join(_need(row, "name", "the company's name").split()), v.get("website"), v.get("industry"),
                     v.get("city"), notes(row, extra, rules.custom_fields), owner("owner", v.get("owner"), owners),
                     _stage("client", "bd_stage", v.get("bd_stage")), custom_values(row, rules, None))


def read_job(row: MappedRow, owners: dict[str, int], rules: CellRules = CellRules()) -> JobIn:
    v = row.values
    openings = parsed("openings", validate.whole(1, 999, example=2), v.get("openings"))
    low, currency = money("salary_min", v.get("salary_min"), v.get("currency"), rules)
    high, currency = money("salary_max", v.get("salary_max"), currency, rules)
    return JobIn(_need(row, "title", "the job's title"), _need(row, "company", "the client company's name"),
                 v.get("city"), _stage("job", "status", v.get("status")), openings, low, high, currency,
                 parsed("fee_percent", validate.percent, v.get("fee_percent")), owner("owner", v.get("owner"), owners),
                 notes(row), day("opened_on", v.get("opened_on"), rules))


def read_placement(row: MappedRow, owners: dict[str, int], rules: CellRules = CellRules()) -> PlacementIn:
    v = row.values
    start = day("start_date", _need(row, "start_date", "the placement's start date"), rules)
    salary, currency = money("salary", _need(row, "salary", "the salary the fee is of"), v.get("currency"), rules)
    fee, currency = money("fee", v.get("fee"), currency, rules)
    return PlacementIn(person_ref(row), _need(row, "company", "the client company's name"),
                       _need(row, "job", "the job order's title (or #id)"), start, salary, currency,
                       parsed("fee_percent", validate.percent, v.get("fee_percent")),
                       fee, owner("owner", v.get("owner"), owners),
                       _stage("placement", "status", v.get("status")))


_KIND_WORDS = {**{k: k for k in ACTIVITY_KINDS}, **{label.casefold(): k for k, label in ACTIVITY_KINDS.items()},
               "call": None}


def read_activity(row: MappedRow, owners: dict[str, int], rules: CellRules = CellRules()) -> ActivityIn:
    v = row.values
    raw = _need(row, "kind", "what it was: " + ", ".join(ACTIVITY_KINDS.values()))
    kind = _KIND_WORDS.get(raw.strip().casefold()) or _KIND_WORDS.get(raw.strip().casefold().replace(" ", "_"))
    if kind is None:
        raise RowError("kind", f"{raw!r} is not one of {', '.join(ACTIVITY_KINDS.values())} (a call says its "
                               "outcome: talked, left voicemail or no answer)")
    at_raw = _need(row, "at", "when it happened, e.g. 2026-03-02 14:00")
    at = moment("at", at_raw, rules)  # a day without a time: the start of that day
    return ActivityIn(person_ref(row), kind, at, v.get("body") or "", owner("author", v.get("author"), owners))
