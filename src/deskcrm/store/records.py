"""Read the records behind a due item (person, company, placement, job, recent activity).

Plain ``sqlite3`` and plain frozen dataclasses: callable from a worker thread, nothing live
leaks out, no Textual/Rich here. Dates are ``date``; timestamps are naive *local* datetimes
(what a recruiter reads). Each lookup is a primary-key or indexed query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from deskcrm.store.db import Connection
from deskcrm.store.values import local, parse_date

__all__ = [
    "ActivityRecord",
    "CheckIn",
    "CompanyRecord",
    "ContactRecord",
    "Details",
    "JobRecord",
    "PersonRecord",
    "PlacementRecord",
    "SubmissionRecord",
    "describe_last_write",
    "describe_txn",
    "load_details",
]


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    name: str
    email: str | None
    phone: str | None
    headline: str | None
    employer: str | None  # candidate profile's current employer
    current_title: str | None
    status: str | None  # candidate status; None for a contact without a candidate profile
    city: str | None
    country: str | None
    last_contact: datetime | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: int
    name: str
    title: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class CompanyRecord:
    id: int
    name: str
    bd_stage: str
    fee_percent: float | None
    flat_fee: float | None
    fee_currency: str
    payment_terms_days: int
    guarantee_days: int
    checkin_cadence_days: int | None
    contact: ContactRecord | None  # the main contact (hiring manager first) still there
    notes: str | None


@dataclass(frozen=True, slots=True)
class CheckIn:
    days: int  # 30 / 60 / 90
    due: date | None
    done_at: datetime | None


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    id: int
    status: str
    start_date: date
    salary: float
    currency: str
    fee_percent: float | None
    fee_amount: float
    fee_status: str
    invoice_due: date | None
    guarantee_end: date
    checkins: tuple[CheckIn, ...]


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: int
    title: str
    stage: str
    openings: int
    job_type: str
    remote: str
    city: str | None
    comp_min: float | None
    comp_max: float | None
    currency: str
    opened_on: date | None


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    id: int
    stage: str
    interview_at: datetime | None
    interview_place: str | None = None  # where, as typed with the time (0022)


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    id: int
    kind: str
    body: str
    at: datetime
    person: str | None
    company: str | None


@dataclass(frozen=True, slots=True)
class Details:
    person: PersonRecord | None = None
    company: CompanyRecord | None = None
    placement: PlacementRecord | None = None
    job: JobRecord | None = None
    submission: SubmissionRecord | None = None
    activities: tuple[ActivityRecord, ...] = ()


def _person(conn: Connection, person_id: int) -> PersonRecord | None:
    r = conn.execute(
        """
        SELECT p.id, p.name, p.email, p.phone, p.headline, cp.current_employer, cp.current_title,
               cp.status, p.city, p.country, p.last_contact_at, p.notes
        FROM person p LEFT JOIN candidate_profile cp ON cp.person_id = p.id
        WHERE p.id = ?
        """,
        (person_id,),
    ).fetchone()
    if r is None:
        return None
    return PersonRecord(*r[:10], local(r[10]), r[11])


def _company(conn: Connection, company_id: int) -> CompanyRecord | None:
    r = conn.execute(
        """
        SELECT id, name, bd_stage, fee_percent, flat_fee, fee_currency, payment_terms_days,
               guarantee_days, checkin_cadence_days, notes
        FROM company WHERE id = ?
        """,
        (company_id,),
    ).fetchone()
    if r is None:
        return None
    c = conn.execute(
        """
        SELECT p.id, p.name, cr.title, p.email, p.phone
        FROM contact_role cr JOIN person p ON p.id = cr.person_id
        WHERE cr.company_id = ? AND cr.left_at IS NULL
        ORDER BY cr.is_hiring_manager DESC, cr.id LIMIT 1
        """,
        (company_id,),
    ).fetchone()
    contact = ContactRecord(*c) if c else None
    return CompanyRecord(*r[:9], contact, r[9])


def _placement(conn: Connection, placement_id: int) -> PlacementRecord | None:
    r = conn.execute(
        """
        SELECT id, status, start_date, salary, currency, fee_percent, fee_amount, fee_status,
               invoice_due, guarantee_end, checkin_30, checkin_30_done_at, checkin_60,
               checkin_60_done_at, checkin_90, checkin_90_done_at
        FROM placement WHERE id = ?
        """,
        (placement_id,),
    ).fetchone()
    if r is None:
        return None
    checkins = tuple(
        CheckIn(days, parse_date(r[i]), local(r[i + 1])) for days, i in ((30, 10), (60, 12), (90, 14))
    )
    return PlacementRecord(
        r[0], r[1], parse_date(r[2]), r[3], r[4], r[5], r[6], r[7], parse_date(r[8]),
        parse_date(r[9]), checkins,
    )


def _job(conn: Connection, job_id: int) -> JobRecord | None:
    r = conn.execute(
        """
        SELECT id, title, stage, openings, job_type, remote, city, comp_min, comp_max, currency, opened_on
        FROM job_order WHERE id = ?
        """,
        (job_id,),
    ).fetchone()
    if r is None:
        return None
    return JobRecord(*r[:10], parse_date(r[10]))


def _submission(conn: Connection, submission_id: int) -> SubmissionRecord | None:
    r = conn.execute(
        "SELECT id, stage, interview_at, interview_place FROM submission WHERE id = ?", (submission_id,)
    ).fetchone()
    return SubmissionRecord(r[0], r[1], local(r[2]), r[3]) if r else None


def _activities(
    conn: Connection,
    *,
    person_id: int | None,
    company_id: int | None,
    placement_id: int | None,
    limit: int,
) -> tuple[ActivityRecord, ...]:
    # One indexed, limited query per link, merged: never a scan of a busy client's history.
    parts, params = [], []
    for column, value in (("person_id", person_id), ("company_id", company_id), ("placement_id", placement_id)):
        if value is not None:
            parts.append(f"SELECT id FROM (SELECT id FROM activity WHERE {column} = ? ORDER BY at DESC LIMIT ?)"
                         f" AS {column[:-3]}")
            params += [value, limit]
    if not parts:
        return ()
    rows = conn.execute(
        f"""
        SELECT a.id, a.kind, a.body, a.at, p.name, c.name
        FROM activity a
        LEFT JOIN person p ON p.id = a.person_id
        LEFT JOIN company c ON c.id = a.company_id
        WHERE a.id IN ({" UNION ".join(parts)})
        ORDER BY a.at DESC, a.id DESC LIMIT ?
        """,
        (*params, limit),
    ).fetchall()
    return tuple(ActivityRecord(r[0], r[1], r[2] or "", local(r[3]), r[4], r[5]) for r in rows)


def load_details(
    conn: Connection,
    *,
    person_id: int | None = None,
    company_id: int | None = None,
    job_id: int | None = None,
    placement_id: int | None = None,
    submission_id: int | None = None,
    activity_limit: int = 8,
) -> Details:
    """Everything the details screen shows for one due item.

    Recent activity is the person's and the placement's; the company's own timeline is added
    only for a company-level item (no job, no placement: a client check-in), where it is the
    point — for a placement it would be every other candidate's news at that client.
    """
    company_level = job_id is None and placement_id is None
    return Details(
        person=_person(conn, person_id) if person_id is not None else None,
        company=_company(conn, company_id) if company_id is not None else None,
        placement=_placement(conn, placement_id) if placement_id is not None else None,
        job=_job(conn, job_id) if job_id is not None else None,
        submission=_submission(conn, submission_id) if submission_id is not None else None,
        activities=_activities(
            conn,
            person_id=person_id,
            company_id=company_id if company_level else None,
            placement_id=placement_id,
            limit=activity_limit,
        ),
    )


def describe_last_write(conn: Connection) -> str | None:
    """What ``due_store.undo_last`` would revert, in words ("“30-day check-in” marked done")."""
    from deskcrm.store import journal

    txn = journal.last_txn(conn, ("due_state", "activity"))
    return None if txn is None else describe_txn(conn, txn)


# A board's cards by table, for "reorder of …": (the column naming the card, or the person it is).
_CARD_NAME = {"job_order": "title", "company": "name", "submission": "person_id", "placement": "person_id"}


def _reorder_of(conn: Connection, events: list[tuple[str, str, str | None, str | None]]) -> str | None:
    """"reorder of <card>" when the txn only changed board ranks (J/K; the moved card is its
    first event, see ``store.reorder``), else None."""
    if not events or any(e[0] not in _CARD_NAME or e[1] != "update" or not e[2] or not e[3] for e in events):
        return None
    images = [(json.loads(before), json.loads(after)) for _, _, before, after in events]
    if any({k for k in after if after[k] != before.get(k)} - {"rank", "version"} for before, after in images):
        return None
    table, card = events[0][0], images[0][1]
    name = card.get(_CARD_NAME[table])
    if _CARD_NAME[table] == "person_id":
        found = conn.execute("SELECT name FROM person WHERE id = ?", (name,)).fetchone()
        name = found[0] if found else None
    return f"reorder of {name}" if name else "reorder"


def describe_txn(conn: Connection, txn: str) -> str:
    """One user action (a journal txn) in words, for "Undone: …": named by the activity it
    wrote (every action writes one), a reorder by its card, or failing that by the rows it touched."""
    events = conn.execute("SELECT entity, action, before, after FROM event WHERE txn = ? ORDER BY id", (txn,)).fetchall()
    reorder = _reorder_of(conn, events)
    if reorder is not None:
        return reorder
    touched: list[str] = []
    for entity, action, _before, after in events:
        image = json.loads(after) if after else {}
        touched.append(entity)
        if entity == "due_state" and image.get("done_at"):
            continue  # the system activity below names the item
        if entity == "due_state" and image.get("snoozed_until"):
            return f"snooze until {image['snoozed_until']}"
        if entity == "activity" and action == "insert":
            body = str(image.get("body") or "")
            if image.get("kind") == "system" and body.startswith("Done: "):
                return f"“{body.removeprefix('Done: ')}” marked done"
            if image.get("kind") in ("system", "stage_change"):
                return body.splitlines()[0] if body else "last change"
            from deskcrm.store.due_store import ACTIVITY_KINDS

            return f"logged {ACTIVITY_KINDS.get(image.get('kind'), image.get('kind'))}"
    if touched:
        return f"last change to {touched[0].replace('_', ' ')}"
    return "last change"
