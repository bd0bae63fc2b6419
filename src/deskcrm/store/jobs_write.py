"""Job orders: open one (``create_job``) and edit one (``update_job``). Fee terms default from the
client's agreement: an override is stored only when the recruiter's terms differ from it. Each
write is one journaled transaction with an activity; an edit bumps the version and a stale
``expected_version`` raises ``Conflict``. Both check values with the same rules (``_columns``).

    result = create_job(conn, company_id, {"title": "QA Lead", "openings": 2})
    update_job(conn, result.job_id, {"title": "QA Lead (Berlin)", "openings": 3}, expected_version=1)
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock, validate
from deskcrm.domain.amounts import money
from deskcrm.domain.pipeline_rules import effective_fee
from deskcrm.domain.stages import keys
from deskcrm.store import custom_values, db, journal
from deskcrm.store.contract_terms import LABELS as CONTRACT_LABELS, RATE_FIELDS, check_rates, rate_column
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.move_base import MoveResult, activity, fetch, live_placements
from deskcrm.store.recruiters import initials_of, owner_for, owner_id
from deskcrm.store.values import ds, dumps_list

JOB_TYPES = ("perm", "contract", "retained")
REMOTE = ("onsite", "hybrid", "remote")
URGENCY = {1: "low", 2: "normal", 3: "hot"}
# What an edit may change, in the order an activity lists them (the stage is a move's business).
EDITABLE = ("title", "openings", "urgency", "job_type", "remote", "city", "comp_min", "comp_max", "currency",
            "skills", "requirements", "hiring_manager_id", *RATE_FIELDS)
FEE_KEYS = ("fee_percent", "flat_fee", "fee_percent_override", "flat_fee_override")
_LABELS = {"comp_min": "salary from", "comp_max": "salary to", "job_type": "type", "hiring_manager_id": "hiring manager",
           "owner_id": "owner", "custom": "custom fields", **CONTRACT_LABELS}


@dataclass(frozen=True)
class JobDefaults:
    company: str
    fee_percent: float | None  # the client agreement
    flat_fee: float | None
    currency: str
    owner_id: int | None  # the client's owner
    owner: str | None  # their initials


def job_defaults(conn: Connection, company_id: int) -> JobDefaults:
    c = fetch(conn, "company", company_id)
    owner = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (c["owner_id"],)).fetchone()
    return JobDefaults(c["name"], c["fee_percent"], c["flat_fee"], c["fee_currency"], c["owner_id"],
                       owner[0] if owner else None)


# --------------------------------------------------------------------------- checking (create and edit)


def _number(values: Mapping[str, Any], name: str, errors: dict, *, key: str | None = None, low: float = 0,
            high: float | None = None) -> float | None:
    value = values.get(key or name)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        errors[name] = f"{value!r} is not a number"
        return None
    if number < low or (high is not None and number > high):
        errors[name] = f"must be from {low:g} to {high:g}" if high is not None else f"must be ≥ {low:g}"
    return number


def _text(value: Any) -> str | None:
    return (str(value).strip() or None) if value is not None else None


def _skills(value: Any) -> str:
    return dumps_list(validate.word_list(value or ""))


def _skill_list(stored: str | None) -> list[str]:
    try:
        found = json.loads(stored or "[]")
    except ValueError:  # not JSON (an import): the text as one skill
        return [stored] if stored else []
    return [str(s) for s in found] if isinstance(found, list) else [str(found)]


BOTH_FEES = "a fee is a percentage OR a flat amount: clear one of them"


def _fee_key(values: Mapping[str, Any], name: str) -> str:
    return f"{name}_override" if f"{name}_override" in values else name


def _columns(values: Mapping[str, Any], names: Iterable[str], errors: dict[str, str]) -> dict[str, Any]:
    """The column values of ``names`` (each checked; a name missing from ``values`` gets a new job's
    default), problems added to ``errors`` by field name. Fee terms are ``_fee_terms``'s business."""
    out: dict[str, Any] = {}
    for name in names:
        value = values.get(name)
        if name == "title":
            out[name] = _text(value)
            if not out[name]:
                errors[name] = "a job order needs a title, e.g. Senior Backend Engineer"
        elif name == "openings":
            out[name] = values.get(name, 1)
            if not isinstance(out[name], int) or isinstance(out[name], bool) or out[name] < 1:
                errors[name] = "openings is a whole number ≥ 1"
        elif name == "urgency":
            out[name] = values.get(name, 2)
            if not isinstance(out[name], int) or isinstance(out[name], bool) or out[name] not in URGENCY:
                errors[name] = "urgency is 1 (low), 2 (normal) or 3 (hot)"
        elif name in ("comp_min", "comp_max"):
            out[name] = _number(values, name, errors)
        elif name == "currency":
            out[name] = (_text(value) or "").upper() or None  # None: the client's currency
            if out[name] is not None and not re.fullmatch(r"[A-Z]{3}", out[name]):
                errors[name] = f"{value!r} is not a 3-letter currency code (e.g. EUR)"
        elif name in ("job_type", "remote", "stage"):
            options = {"job_type": JOB_TYPES, "remote": REMOTE, "stage": tuple(keys("job"))}[name]
            out[name] = value or None
            if out[name] is not None and out[name] not in options:
                errors[name] = f"{value!r}: use one of {', '.join(options)}"
        elif name == "skills":
            out[name] = _skills(value)
        elif name == "hiring_manager_id":
            out[name] = value if value not in ("", None) else None
            if out[name] is not None and (not isinstance(out[name], int) or isinstance(out[name], bool)):
                errors[name] = f"{value!r} is not a person id"
        elif name in RATE_FIELDS:
            out[name] = rate_column(name, value, errors)
        else:  # city, requirements
            out[name] = _text(value)
    return out


def _fee_terms(values: Mapping[str, Any], errors: dict[str, str],
               current: tuple[float | None, float | None] = (None, None)) -> tuple[float | None, float | None]:
    """(fee %, flat fee) as given; a term not given keeps ``current`` (the job's effective terms)."""
    pct_key, flat_key = _fee_key(values, "fee_percent"), _fee_key(values, "flat_fee")
    pct = _number(values, "fee_percent", errors, key=pct_key, high=100) if pct_key in values else current[0]
    flat = _number(values, "flat_fee", errors, key=flat_key) if flat_key in values else current[1]
    if pct is not None and flat is not None:
        errors.setdefault(flat_key, BOTH_FEES)
    return pct, flat


def openings_error(openings: int | None, filled: int) -> str | None:
    """Openings cannot go below the placements already made (the form checks it too)."""
    if openings is not None and openings < filled:
        return f"{filled} already filled: openings cannot go below {filled}"
    return None


def _range_check(low: float | None, high: float | None, errors: dict[str, str]) -> None:
    if low is not None and high is not None and low > high and "comp_max" not in errors:
        errors["comp_max"] = "the top of the range is below its bottom"


def _manager_check(conn: Connection, person_id: int | None, errors: dict[str, str]) -> None:
    if person_id is not None and "hiring_manager_id" not in errors and conn.execute(
        "SELECT 1 FROM person WHERE id = ? AND erased_at IS NULL", (person_id,)
    ).fetchone() is None:
        errors["hiring_manager_id"] = f"no person {person_id} (merged or deleted?)"


def _override(company: Mapping[str, Any], pct: float | None, flat: float | None) -> tuple[float | None, float | None]:
    if (pct, flat) == (company["fee_percent"], company["flat_fee"]):
        return None, None  # the agreement applies: no override (it follows the agreement)
    return pct, flat


# --------------------------------------------------------------------------- writes


def create_job(conn: Connection, company_id: int, values: dict[str, Any]) -> MoveResult:
    """Open a job order for a client. ``values``: title (required), openings, urgency (1-3),
    owner_id (or owner: an active recruiter's initials; default the client's owner),
    hiring_manager_id, comp_min, comp_max, currency, job_type, remote, city, requirements,
    skills (list), stage, fee_percent / flat_fee (or *_override)."""
    errors: dict[str, str] = {}
    cols = _columns(values, (*EDITABLE, "stage"), errors)
    pct, flat = _fee_terms(values, errors)
    _range_check(cols["comp_min"], cols["comp_max"], errors)
    check_rates(cols["job_type"] or "perm", cols, errors)
    if errors:
        raise Invalid(errors)
    txn = journal.new_txn()
    with db.write(conn):
        company = fetch(conn, "company", company_id)
        _manager_check(conn, cols["hiring_manager_id"], errors)
        if errors:
            raise Invalid(errors)
        pct, flat = _override(company, pct, flat)
        owner = owner_id(conn, values["owner"]) if "owner" in values else values.get("owner_id", company["owner_id"])
        cols["custom"] = custom_values.merged(conn, ("job",), "{}", values, creating=True,
                                              currency=cols["currency"] or "EUR") or "{}"
        title = cols["title"]
        job_id = journal.insert(conn, txn, "job_order", {
            **cols, "company_id": company_id,
            "remote": cols["remote"] or "onsite", "job_type": cols["job_type"] or "perm",
            "currency": cols["currency"] or (company["fee_currency"] or "EUR").upper(),
            "fee_percent_override": pct, "flat_fee_override": flat, "stage": cols["stage"] or "intake",
            "owner_id": owner, "opened_on": ds(clock.today()),
            "rank": 0.0, "version": 1,
        })
        activity(conn, txn, "system", f"Job order opened: {title}", company_id=company_id, job_id=job_id)
    return MoveResult(txn, f"Job order {job_id} opened: {title} at {company['name']}", job_id=job_id)


@retry_once
def update_job(conn: Connection, job_id: int, values: Mapping[str, Any], expected_version: int) -> MoveResult:
    """Change the fields present in ``values`` (the names ``create_job`` takes, less stage; the
    owner as ``owner`` initials), checked as ``create_job`` checks them; openings never below the
    placements already made. Fee terms equal to the client agreement are stored as no override. One transaction:
    the job (version + 1) and an activity "Job order edited: …" naming each change; nothing
    changed writes nothing (``txn`` is empty). A stale ``expected_version`` raises ``Conflict``."""
    unknown = sorted(k for k in set(values) - set(EDITABLE) - set(FEE_KEYS) - {"owner"}
                     if not k.startswith(custom_values.PREFIX))
    if unknown:
        raise StoreError(f"a job order edit cannot change {', '.join(unknown)} (moves change the stage)")
    errors: dict[str, str] = {}
    cols = _columns(values, [n for n in EDITABLE if n in values], errors)
    txn = journal.new_txn()
    with db.write(conn):
        before = fetch(conn, "job_order", job_id)
        if before["version"] != expected_version:
            raise journal.stale(conn, "job_order", before, job_id, cols)
        company = fetch(conn, "company", before["company_id"])
        if "currency" in cols and cols["currency"] is None:
            cols["currency"] = (company["fee_currency"] or "EUR").upper()
        for name, default in (("job_type", "perm"), ("remote", "onsite")):
            if name in cols and cols[name] is None:
                cols[name] = default
        if "openings" in cols and "openings" not in errors:
            problem = openings_error(cols["openings"], live_placements(conn, job_id))
            if problem:
                errors["openings"] = problem
        _range_check(cols.get("comp_min", before["comp_min"]), cols.get("comp_max", before["comp_max"]), errors)
        _manager_check(conn, cols.get("hiring_manager_id"), errors)
        if any(k in cols for k in (*RATE_FIELDS, "job_type")):
            after = {**before, **cols}
            check_rates(after["job_type"], after, errors)
        was = _effective(before, company)
        if any(k in values for k in FEE_KEYS):
            cols["fee_percent_override"], cols["flat_fee_override"] = _override(company, *_fee_terms(values, errors, was))
        if "owner" in values:
            try:
                cols["owner_id"] = owner_for(conn, values["owner"], before["owner_id"])
            except Invalid as exc:
                errors.update(exc.field_errors)
        try:  # the job's custom fields (store.custom_values): the keys given change
            custom = custom_values.merged(conn, ("job",), before.get("custom"), values, creating=False,
                                          currency=before["currency"] or "EUR")
        except Invalid as exc:
            errors.update(exc.field_errors)
            custom = None
        if custom is not None:
            cols["custom"] = custom
        if errors:
            raise Invalid(errors)
        changes = {k: v for k, v in cols.items() if before[k] != v}
        if not changes:
            return MoveResult("", f"Job order {job_id}: nothing changed", job_id=job_id)
        journal.update(conn, txn, "job_order", job_id, changes, expected_version=expected_version)
        after = {**before, **changes}
        owners = (initials_of(conn, before["owner_id"]), initials_of(conn, after["owner_id"]))
        body = "Job order edited: " + "; ".join(_describe(before, after, company, was, owners)
                                                + (["custom fields"] if "custom" in changes else []))
        activity(conn, txn, "system", body, company_id=before["company_id"], job_id=job_id)
    names = ", ".join(dict.fromkeys(_LABELS.get(k, "fee terms" if "fee" in k else k) for k in changes))
    return MoveResult(txn, f"Job order {job_id} saved: {after['title']} ({names}; ctrl+z undoes)", job_id=job_id)


def _effective(job: Mapping[str, Any], company: Mapping[str, Any]) -> tuple[float | None, float | None]:
    return effective_fee(company["fee_percent"], company["flat_fee"], job["fee_percent_override"],
                         job["flat_fee_override"])


def _short(name: str, value: Any, limit: int = 40) -> str:
    if value is None or (name == "skills" and value == "[]"):
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    shown = ", ".join(_skill_list(value)) if name == "skills" else str(value)
    shown = " ".join(shown.split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _terms(job: Mapping[str, Any], company: Mapping[str, Any]) -> str:
    pct, flat = _effective(job, company)
    shown = money(flat, job["currency"]) + " flat" if flat is not None else (
        f"{pct:g}%" if pct is not None else "none")
    follows = job["fee_percent_override"] is None and job["flat_fee_override"] is None
    return f"{shown} (client agreement)" if follows else shown


def _describe(before: Mapping[str, Any], after: Mapping[str, Any], company: Mapping[str, Any],
              was: tuple[float | None, float | None], owners: tuple[str | None, str | None] = (None, None)) -> list[str]:
    out: list[str] = []
    if before["owner_id"] != after["owner_id"]:
        out.append(f"owner {owners[0] or '—'} → {owners[1] or '—'}")
    for name in EDITABLE:
        if before[name] == after[name]:
            continue
        label = _LABELS.get(name, name)
        if name == "requirements":
            out.append("requirements")
        elif name == "urgency":
            out.append(f"urgency {URGENCY.get(before[name], before[name])} → {URGENCY.get(after[name], after[name])}")
        else:
            out.append(f"{label} {_short(name, before[name])} → {_short(name, after[name])}")
    if (before["fee_percent_override"], before["flat_fee_override"]) != (after["fee_percent_override"],
                                                                         after["flat_fee_override"]):
        out.append(f"fee {_terms(before, company)} → {_terms(after, company)}")
    return out


# --------------------------------------------------------------------------- the edit form's values


@dataclass(frozen=True)
class JobForEdit:
    id: int
    version: int
    company_id: int
    company: str
    stage: str
    filled: int  # live placements: openings cannot go below this
    values: dict[str, Any]  # EDITABLE columns (skills a list) + fee_percent / flat_fee: the effective terms
    agreement: tuple[float | None, float | None]  # the client's (fee %, flat fee)
    agreement_currency: str = ""  # what the client's flat fee is in


def job_for_edit(conn: Connection, job_id: int) -> JobForEdit:
    job = fetch(conn, "job_order", job_id)
    company = fetch(conn, "company", job["company_id"])
    values = {name: job[name] for name in EDITABLE}
    values["skills"] = _skill_list(job["skills"])
    values["fee_percent"], values["flat_fee"] = _effective(job, company)
    values["owner"] = initials_of(conn, job["owner_id"])
    values["custom"] = custom_values.loads(job.get("custom"))  # by key: the form's custom boxes start from them
    return JobForEdit(job_id, job["version"], company["id"], company["name"], job["stage"],
                      live_placements(conn, job_id), values, (company["fee_percent"], company["flat_fee"]),
                      (company.get("fee_currency") or job["currency"] or "").upper())
