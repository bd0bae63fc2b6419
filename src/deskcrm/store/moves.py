"""Pipeline moves: each ONE transaction, journaled (``journal.undo`` reverts all of it), with
an activity, applying the rules of DESIGN.md §1 (``deskcrm.domain.pipeline_rules``).

A submission moved to Placed creates its Placement (fee from the client agreement unless the
job overrides it, guarantee end, 30/60/90-day check-ins, recruiter = the job's owner), fills the
job when its openings are filled, marks the candidate placed and, when asked, withdraws the
candidate's other open submissions. A stale ``expected_version`` raises ``Conflict``.

Placement moves, fee status and check-ins live in ``placements_write``; job creation in
``jobs_write``; both are re-exported here so callers import one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.amounts import money
from deskcrm.domain.pipeline_rules import (
    PlacementInput,
    checkin_dates,
    effective_fee,
    fee_amount,
    guarantee_end,
    parse_place,
    placement_errors,
)
from deskcrm.domain.stages import PIPELINES, added_id, keys, stage_label
from deskcrm.store import custom_values, db, journal
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.jobs_write import create_job, job_defaults, job_for_edit, update_job
from deskcrm.store.move_base import (
    CLOSED_JOB_STAGES,
    MoveResult,
    activity,
    activity_ahead,
    check_version,
    fetch,
    fetch_each,
    move_logged,
    now,
    settle_job,
)
from deskcrm.store.placements_write import move_placement, set_fee_status, tick_checkin
from deskcrm.store.reorder import reorder
from deskcrm.store.values import ds, parse_date, ts

__all__ = [
    "MoveResult", "PlacementDefaults", "PlacementInput", "create_job", "job_defaults", "job_for_edit", "move_job",
    "move_placement", "move_submission", "placement_defaults", "reorder", "set_fee_status", "tick_checkin",
    "update_job",
]

_SUB_EXITS = tuple(s.key for s in PIPELINES["submission"] if s.exit)
OPEN_SUBMISSION_SQL = "stage NOT IN ('placed', 'rejected_by_us', 'rejected_by_client', 'candidate_withdrew')"


def _stage(pipeline: str, key: str) -> str:
    if key not in keys(pipeline):
        raise Invalid({"stage": f"{key!r} is not a {pipeline} stage; use one of {', '.join(keys(pipeline))}"})
    return key


def _exit(pipeline: str, key: str) -> bool:
    return any(s.key == key and s.exit for s in PIPELINES[pipeline])


# --------------------------------------------------------------------------- placement form


@dataclass(frozen=True)
class PlacementDefaults:
    offer_accepted_on: date
    start_date: date  # offer + the candidate's notice period (30 days when unknown)
    salary: float | None  # desired salary when in the job's currency, else the top of the job's comp range
    currency: str  # the job order's (from the client's fee agreement), not the candidate's
    fee_percent: float | None  # the job's override, else the client agreement
    flat_fee: float | None
    guarantee_days: int
    other_open_submissions: int
    candidate: str
    job_title: str
    company: str
    salary_note: str = ""  # the candidate's desired salary when it is in another currency
    comp_min: float | None = None  # the job's salary range: a salary 10× over it asks first
    comp_max: float | None = None
    # contract work: the job's type and terms (a contract placement starts with them)
    job_type: str = "perm"
    bill_rate: float | None = None
    pay_rate: float | None = None
    rate_unit: str | None = None
    end_date: date | None = None
    flat_fee_currency: str | None = None  # what ``flat_fee`` is in: the job's override's, else the client's


def placement_defaults(conn: Connection, submission_id: int) -> PlacementDefaults:
    """What the placement form starts with for this submission."""
    r = conn.execute(
        f"""SELECT s.person_id, p.name, j.title, c.name, cp.desired_salary, cp.salary_currency, cp.notice_days,
                   j.comp_max, j.comp_min, j.currency, c.fee_percent, c.flat_fee, j.fee_percent_override,
                   j.flat_fee_override, c.guarantee_days,
                   (SELECT count(*) FROM submission o WHERE o.person_id = s.person_id AND o.id != s.id
                      AND o.{OPEN_SUBMISSION_SQL}), c.fee_currency,
                   j.job_type, j.bill_rate, j.pay_rate, j.rate_unit, j.end_date
            FROM submission s JOIN person p ON p.id = s.person_id JOIN job_order j ON j.id = s.job_id
            JOIN company c ON c.id = j.company_id LEFT JOIN candidate_profile cp ON cp.person_id = s.person_id
            WHERE s.id = ?""",
        (submission_id,),
    ).fetchone()
    if r is None:
        raise StoreError(f"submission {submission_id} does not exist (deleted, or a wrong id)")
    today = clock.today()
    # The fee is invoiced in the job's currency (set from the client's fee agreement): the
    # candidate's desired salary is a default only when it is in that currency too.
    currency = (r[9] or r[16] or "EUR").upper()
    desired, desired_currency = r[4], (r[5] or currency).upper()
    note = ""
    if (r[17] or "perm") == "contract":  # a contract earns its margin: a salary typed here books a fee on top,
        salary = None                    # never one from a desired salary no one typed for this placement
        if desired:
            note = f"a contract's salary is optional ({r[1]} asked for {money(desired, desired_currency)}): one typed here books a fee"
    elif desired and desired_currency == currency:
        salary = desired
    else:
        salary = r[7] or r[8]
        if desired:
            note = f"{r[1]} asked for {money(desired, desired_currency)}"
    pct, flat = effective_fee(r[10], r[11], r[12], r[13])
    # a flat fee is an amount: the job's own is in the job's currency, the agreement's in the client's
    flat_currency = None if flat is None else (currency if r[13] is not None else (r[16] or currency).upper())
    return PlacementDefaults(today, today + timedelta(days=r[6] if r[6] is not None else 30), salary,
                             currency, pct, flat, r[14], r[15], r[1], r[2], r[3], note, r[8], r[7],
                             r[17] or "perm", r[18], r[19], r[20],
                             parse_date(r[21]) if isinstance(r[21], str) else r[21], flat_currency)


# --------------------------------------------------------------------------- submissions


@retry_once
def move_submission(
    conn: Connection,
    submission_id: int,
    to_stage: str,
    *,
    expected_version: int | None,
    interview_at: datetime | None = None,
    interview_place: str | None = None,
    exit_reason: str | None = None,
    placement: PlacementInput | None = None,
    withdraw_others: bool = False,
) -> MoveResult:
    """Move a candidate on a job to ``to_stage``, with the rules of the module docstring.
    ``to_stage`` may be an added stage's board key (``u7``): the submission's stage becomes the
    canonical one it maps to, and ``user_stage_id`` names it (``store.user_stages``)."""
    added = added_id(to_stage)
    if added is None:
        _stage("submission", to_stage)
    if to_stage == "interviewing" and interview_at is None:
        raise Invalid({"interview_at": "moving to Interviewing needs the interview time, e.g. 2026-11-25 14:00"})
    place = _interview_place(interview_place)
    if to_stage == "placed":
        if placement is None:
            raise Invalid({"placement": "moving to Placed needs the start date, salary and fee"})
        errors = placement_errors(placement)
        if errors:
            raise Invalid(errors)
    txn = journal.new_txn()
    with db.write(conn):
        sub, person, job, placed, *ahead = fetch_each(
            conn, [("submission", submission_id), ("person", submission_id, "submission.person_id"),
                   ("job_order", submission_id, "submission.job_id")],
            ("SELECT id, status FROM placement WHERE submission_id = ?", (submission_id,)),
            *(activity_ahead(conn) if to_stage != "placed" else ()))
        check_version(sub, "submission", expected_version, person["name"])
        stage, user_stage, label = _target(conn, to_stage, added)
        if (sub["stage"], sub["user_stage_id"]) == (stage, user_stage):
            raise StoreError(f"{person['name']} is already at {label}")
        existing = placed.fetchone()
        if existing and to_stage == "placed":
            raise StoreError(f"{person['name']} already has placement {existing[0]} on this job; "
                             "move that placement on the placements board instead")
        if existing and existing[1] in ("offer_accepted", "started", "guarantee_passed"):
            raise StoreError(f"{person['name']} has placement {existing[0]} on this job; mark it Fell off "
                             "or Guarantee failed on the placements board instead")
        changes: dict = {"stage": stage, "stage_changed_at": now(), "user_stage_id": user_stage,
                         "exit_reason": exit_reason if _exit("submission", to_stage) else None}
        if interview_at is not None:
            changes["interview_at"] = ts(interview_at)
            changes["interview_place"] = place  # a new time with no place typed has none (not the last one's)
        links = {"person_id": sub["person_id"], "company_id": job["company_id"], "job_id": job["id"],
                 "submission_id": submission_id}
        message = f"{person['name']} moved to {label}"
        placement_id, filled, withdrawn = None, False, 0
        body = f"Moved to {label}" + (f" ({exit_reason})" if exit_reason and _exit("submission", to_stage) else "")
        if to_stage != "placed":  # the move and its activity, together
            move_logged(conn, txn, "submission", sub, changes, body, ahead=ahead, **links)
        else:
            assert placement is not None
            journal.update(conn, txn, "submission", submission_id, changes, locked=sub)
            placement_id, fee = _create_placement(conn, txn, sub, job, placement)
            links["placement_id"] = placement_id
            filled = settle_job(conn, txn, job["id"]) == "filled"
            _profile_status(conn, txn, sub["person_id"], "placed")
            # this move's own activity before the withdrawals': the first activity of a txn names it ("Undone: …")
            activity(conn, txn, "stage_change", body, **links)
        if to_stage == "placed":
            assert placement is not None
            if withdraw_others:
                withdrawn = _withdraw_others(conn, txn, sub, job)
            message += f": placement created, fee {money(fee, placement.currency)}"
            message += "; job filled" if filled else ""
            message += f"; {withdrawn} other submission{'s' if withdrawn != 1 else ''} withdrawn" if withdrawn else ""
    return MoveResult(txn, message, placement_id, filled)


def _interview_place(raw: str | None) -> str | None:
    """``parse_place``, its refusal as the store's field error."""
    try:
        return parse_place(raw)
    except ValueError as exc:  # validate.Invalid
        raise Invalid({"interview_place": str(exc)}) from None


def _target(conn: Connection, to_stage: str, added: int | None) -> tuple[str, int | None, str]:
    """(canonical stage, added stage id or None, label) of a move's target."""
    if added is None:
        return to_stage, None, stage_label("submission", to_stage)
    row = journal.row(conn, "user_stage", added)
    if row is None:
        raise Invalid({"stage": "that stage was removed meanwhile: press r to read the board again"})
    return row["category"], added, row["name"]


def _create_placement(conn: Connection, txn: str, sub: dict, job: dict, p: PlacementInput) -> tuple[int, float]:
    company = fetch(conn, "company", job["company_id"])
    days = company["guarantee_days"]
    c30, c60, c90 = checkin_dates(p.start_date)
    fee = fee_amount(p.salary or 0.0, p.fee_percent, p.flat_fee)
    rank = conn.execute("SELECT coalesce(max(rank), 0) + 1 FROM placement WHERE status = 'offer_accepted'").fetchone()[0]
    placement_id = journal.insert(conn, txn, "placement", {
        "submission_id": sub["id"], "person_id": sub["person_id"], "job_id": job["id"],
        "company_id": job["company_id"], "recruiter_id": job["owner_id"],
        "offer_accepted_on": ds(p.offer_accepted_on), "start_date": ds(p.start_date), "salary": p.salary or 0.0,
        "currency": p.currency.upper(), "fee_percent": p.fee_percent if p.flat_fee is None else None,
        "fee_amount": fee, "fee_status": "not_invoiced", "credited_amount": 0.0, "guarantee_days": days,
        "guarantee_end": ds(guarantee_end(p.start_date, days)),
        "checkin_30": ds(c30), "checkin_60": ds(c60), "checkin_90": ds(c90),
        "status": "offer_accepted", "rank": rank, "version": 1, **_contract(p),
        "custom": custom_values.merged(conn, ("placement",), "{}", p.custom or {}, creating=True,
                                       currency=p.currency) or "{}",
    })
    return placement_id, fee


def _contract(p: PlacementInput) -> dict:
    """A placement's type and, for a contract, its rates and end date (a permanent one has none)."""
    if p.placement_type != "contract":
        return {"placement_type": "perm"}
    return {"placement_type": "contract", "bill_rate": p.bill_rate, "pay_rate": p.pay_rate,
            "rate_unit": p.rate_unit, "end_date": ds(p.end_date)}


def _profile_status(conn: Connection, txn: str, person_id: int, status: str) -> None:
    found = journal.row(conn, "candidate_profile", person_id)
    if found is not None and found["status"] != status:
        journal.update(conn, txn, "candidate_profile", person_id, {"status": status})


def _withdraw_others(conn: Connection, txn: str, sub: dict, job: dict) -> int:
    company = conn.execute("SELECT name FROM company WHERE id = ?", (job["company_id"],)).fetchone()[0]
    others = conn.execute(
        f"SELECT s.id, s.job_id, j.company_id FROM submission s JOIN job_order j ON j.id = s.job_id"
        f" WHERE s.person_id = ? AND s.id != ? AND s.{OPEN_SUBMISSION_SQL}",
        (sub["person_id"], sub["id"]),
    ).fetchall()
    reason = f"Placed at {company}"
    for other_id, job_id, company_id in others:
        journal.update(conn, txn, "submission", other_id,
                       {"stage": "candidate_withdrew", "stage_changed_at": now(), "exit_reason": reason,
                        "user_stage_id": None})
        activity(conn, txn, "stage_change", f"Moved to {stage_label('submission', 'candidate_withdrew')} ({reason})",
                 person_id=sub["person_id"], company_id=company_id, job_id=job_id, submission_id=other_id)
    return len(others)


# --------------------------------------------------------------------------- jobs


@retry_once
def move_job(conn: Connection, job_id: int, to_stage: str, *, expected_version: int | None,
             reason: str | None = None) -> MoveResult:
    """Closed / on-hold stages set closed_on and close_reason; reopening clears them."""
    _stage("job", to_stage)
    txn = journal.new_txn()
    with db.write(conn):
        job, *ahead = fetch_each(conn, [("job_order", job_id)], *activity_ahead(conn))
        check_version(job, "job_order", expected_version, job["title"])
        if job["stage"] == to_stage:
            raise StoreError(f"job order {job_id} ({job['title']}) is already at {stage_label('job', to_stage)}")
        changes: dict = {"stage": to_stage}
        if to_stage in CLOSED_JOB_STAGES:
            changes["closed_on"] = job["closed_on"] if job["stage"] in CLOSED_JOB_STAGES and job["closed_on"] \
                else ds(clock.today())
            changes["close_reason"] = reason
        else:
            changes.update(closed_on=None, close_reason=None)
        label = stage_label("job", to_stage)
        move_logged(conn, txn, "job_order", job, changes, f"Moved to {label}" + (f" ({reason})" if reason else ""),
                    ahead=ahead, company_id=job["company_id"], job_id=job_id)
    return MoveResult(txn, f"{job['title']} moved to {label}")
