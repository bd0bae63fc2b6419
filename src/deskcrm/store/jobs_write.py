"""New job orders: fee terms default from the client's agreement (an override is stored only
when the recruiter's terms differ from it), one journaled transaction with an activity.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from deskcrm import clock
from deskcrm.stages import keys
from deskcrm.store import db, journal
from deskcrm.store.errors import Invalid
from deskcrm.store.move_base import MoveResult, activity, fetch
from deskcrm.store.values import ds

JOB_TYPES = ("perm", "contract", "retained")
REMOTE = ("onsite", "hybrid", "remote")


@dataclass(frozen=True)
class JobDefaults:
    company: str
    fee_percent: float | None  # the client agreement
    flat_fee: float | None
    currency: str
    owner_id: int | None  # the client's owner
    owner: str | None  # their initials


def job_defaults(conn: sqlite3.Connection, company_id: int) -> JobDefaults:
    c = fetch(conn, "company", company_id)
    owner = conn.execute("SELECT initials FROM recruiter WHERE id = ?", (c["owner_id"],)).fetchone()
    return JobDefaults(c["name"], c["fee_percent"], c["flat_fee"], c["fee_currency"], c["owner_id"],
                       owner[0] if owner else None)


def _number(values: dict, name: str, errors: dict, *, low: float = 0, high: float | None = None) -> float | None:
    value = values.get(name)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors[name] = f"{value!r} is not a number"
        return None
    if number < low or (high is not None and number > high):
        errors[name] = f"must be from {low:g} to {high:g}" if high is not None else f"must be ≥ {low:g}"
    return number


def create_job(conn: sqlite3.Connection, company_id: int, values: dict[str, Any]) -> MoveResult:
    """Open a job order for a client. ``values``: title (required), openings, urgency (1-3),
    owner_id, hiring_manager_id, comp_min, comp_max, currency, job_type, remote, city,
    requirements, skills (list), stage, fee_percent / flat_fee (or *_override)."""
    errors: dict[str, str] = {}
    title = str(values.get("title") or "").strip()
    if not title:
        errors["title"] = "a job order needs a title, e.g. Senior Backend Engineer"
    openings = values.get("openings", 1)
    if not isinstance(openings, int) or isinstance(openings, bool) or openings < 1:
        errors["openings"] = "openings is a whole number ≥ 1"
    urgency = values.get("urgency", 2)
    if urgency not in (1, 2, 3):
        errors["urgency"] = "urgency is 1 (low), 2 (normal) or 3 (hot)"
    pct = _number(values, "fee_percent_override" if "fee_percent_override" in values else "fee_percent", errors,
                  high=100)
    flat_key = "flat_fee_override" if "flat_fee_override" in values else "flat_fee"
    flat = _number(values, flat_key, errors)
    if pct is not None and flat is not None:
        errors.setdefault(flat_key, "a fee is a percentage OR a flat amount: clear one of them")
    comp_min, comp_max = _number(values, "comp_min", errors), _number(values, "comp_max", errors)
    if comp_min is not None and comp_max is not None and comp_min > comp_max:
        errors["comp_max"] = "the top of the range is below its bottom"
    for name, options in (("job_type", JOB_TYPES), ("remote", REMOTE), ("stage", keys("job"))):
        if values.get(name) not in (None, "") and values[name] not in options:
            errors[name] = f"{values[name]!r}: use one of {', '.join(options)}"
    if errors:
        raise Invalid(errors)
    txn = journal.new_txn()
    with db.write(conn):
        company = fetch(conn, "company", company_id)
        if (pct, flat) == (company["fee_percent"], company["flat_fee"]):
            pct = flat = None  # the agreement applies: no override (it follows the agreement)
        skills = values.get("skills") or []
        job_id = journal.insert(conn, txn, "job_order", {
            "company_id": company_id, "hiring_manager_id": values.get("hiring_manager_id"), "title": title,
            "requirements": values.get("requirements"),
            "skills": json.dumps(list(skills), ensure_ascii=False) if not isinstance(skills, str) else skills,
            "city": values.get("city"), "remote": values.get("remote") or "onsite",
            "comp_min": comp_min, "comp_max": comp_max,
            "currency": (values.get("currency") or company["fee_currency"] or "EUR").upper(),
            "openings": openings, "job_type": values.get("job_type") or "perm", "urgency": urgency,
            "fee_percent_override": pct, "flat_fee_override": flat, "stage": values.get("stage") or "intake",
            "owner_id": values.get("owner_id", company["owner_id"]), "opened_on": ds(clock.today()),
            "rank": 0.0, "version": 1,
        })
        activity(conn, txn, "system", f"Job order opened: {title}", company_id=company_id, job_id=job_id)
    return MoveResult(txn, f"Job order {job_id} opened: {title} at {company['name']}", job_id=job_id)
