"""Placement writes: move along Offer accepted → Started → Guarantee passed (or fall off), the
fee status (invoiced sets the due date from the client's payment terms), and check-ins.

Each is one journaled transaction with an activity; a stale ``expected_version`` raises
``Conflict``. A placement that falls off (or fails its guarantee) reopens the job's opening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from deskcrm.store.locking import retry_once
from deskcrm.store.db import Connection
from deskcrm.domain import clock
from deskcrm.domain.amounts import money
from deskcrm.domain.client_rules import PRORATA
from deskcrm.domain.guarantee_rules import (OWED, GuaranteeOutcome, credit_refused, guarantee_errors,
                                            guarantee_outcome)
from deskcrm.domain.pipeline_rules import DEAD_PLACEMENT_STATUSES
from deskcrm.domain.stages import keys, stage_label
from deskcrm.domain.dates import day_said
from deskcrm.store import db, journal
from deskcrm.store.errors import Invalid, StoreError
from deskcrm.store.move_base import (
    MoveResult,
    activity,
    check_version,
    fetch,
    fetch_each,
    now,
    settle_job,
)
from deskcrm.store.values import ds, parse_date

FEE_STATUSES = ("not_invoiced", "invoiced", "paid", "credited")
CHECKINS = (30, 60, 90)


def _links(pl: dict) -> dict:
    return {"person_id": pl["person_id"], "company_id": pl["company_id"], "job_id": pl["job_id"],
            "placement_id": pl["id"], "submission_id": pl["submission_id"]}


def _placement(conn: Connection, placement_id: int) -> tuple[dict, str]:
    """The placement a write decides on (locked: ``move_base.fetch``) and its candidate's name, read together."""
    pl, name = fetch_each(conn, [("placement", placement_id)], (
        "SELECT name FROM person WHERE id = (SELECT person_id FROM placement WHERE id = ?)", (placement_id,)))
    return pl, name.fetchone()[0]


@retry_once
def move_placement(conn: Connection, placement_id: int, to_stage: str, *, expected_version: int | None,
                   reason: str | None = None, owed: str | None = None, left_on: date | None = None) -> MoveResult:
    """Fell off / guarantee failed reopen the job's opening (and record the reason); a failed
    guarantee applies the client's agreement to what is owed (``guarantee_rules``: the credit on
    the fee, or a replacement), with ``left_on`` the last day worked (today unless given).
    Moving back to a live stage fills the opening again and takes the credit back."""
    if to_stage not in keys("placement"):
        raise Invalid({"stage": f"{to_stage!r} is not a placement stage; use one of {', '.join(keys('placement'))}"})
    if owed is not None and owed not in OWED:
        raise Invalid({"owed": f"{owed!r}: say refund or replacement"})
    txn = journal.new_txn()
    with db.write(conn):
        pl, name = _placement(conn, placement_id)
        check_version(pl, "placement", expected_version, name)
        if pl["status"] == to_stage:
            raise StoreError(f"placement {placement_id} ({name}) is already at {stage_label('placement', to_stage)}")
        dead = to_stage in DEAD_PLACEMENT_STATUSES
        changes: dict = {"status": to_stage, "fail_reason": reason if dead else None}
        if pl["status"] == "guarantee_failed":
            changes.update(_take_back(pl))
        outcome = None
        if to_stage == "guarantee_failed":
            outcome, applied = _apply_guarantee(conn, pl, name, owed, left_on or clock.today())
            changes.update(applied)
        journal.update(conn, txn, "placement", placement_id, changes, locked=pl)
        job_change = settle_job(conn, txn, pl["job_id"])
        if dead:
            _candidate_free(conn, txn, pl["person_id"])
        elif pl["status"] in DEAD_PLACEMENT_STATUSES:
            profile = journal.row(conn, "candidate_profile", pl["person_id"])
            if profile is not None and profile["status"] != "placed":
                journal.update(conn, txn, "candidate_profile", pl["person_id"], {"status": "placed"})
        label = stage_label("placement", to_stage)
        detail = ", ".join(x for x in (reason, outcome.explain if outcome else None) if x)
        activity(conn, txn, "stage_change", f"Moved to {label}" + (f" ({detail})" if detail else ""), **_links(pl))
    message = f"{name} moved to {label}"
    if outcome is not None:
        message += f": {outcome.explain}"
    if job_change == "reopened":
        message += "; the job's opening is open again"
    elif job_change == "filled":
        message += "; job filled"
    return MoveResult(txn, message, placement_id, job_change == "filled", job_change == "reopened")


@dataclass(frozen=True, slots=True)
class GuaranteeTerms:
    """What the "guarantee failed" form shows and checks: the client's rule and this placement."""

    company: str
    rule: str
    fee: float
    currency: str
    guarantee_days: int
    start: date | None
    fee_status: str = "not_invoiced"  # a fee never invoiced has nothing to refund (``credit_refused``)


def guarantee_terms(conn: Connection, placement_id: int) -> GuaranteeTerms:
    pl = fetch(conn, "placement", placement_id)
    company = fetch(conn, "company", pl["company_id"])
    return GuaranteeTerms(company["name"], company["prorata_rule"], pl["fee_amount"], pl["currency"],
                          pl["guarantee_days"], parse_date(pl["start_date"]), pl["fee_status"])


def _outcome(pl: dict, rule: str, owed: str | None, left_on: date | None) -> GuaranteeOutcome:
    return guarantee_outcome(rule, owed, fee=pl["fee_amount"], currency=pl["currency"],
                             guarantee_days=pl["guarantee_days"], start=parse_date(pl["start_date"]), left_on=left_on)


def _apply_guarantee(conn: Connection, pl: dict, name: str, owed: str | None,
                     left_on: date) -> tuple[GuaranteeOutcome, dict]:
    """The agreement's rule applied to a failed guarantee: the placement's changes."""
    start = parse_date(pl["start_date"])
    errors = guarantee_errors(start, left_on, pl["guarantee_days"]) if start is not None else {}
    if errors:
        raise Invalid(errors)
    rule = fetch(conn, "company", pl["company_id"])["prorata_rule"]
    if rule not in PRORATA:  # never guess what a contract says
        raise StoreError(f"the client's pro-rata rule {rule!r} is not one of {', '.join(PRORATA)}: fix the fee"
                         " agreement (f on the account) first")
    outcome = _outcome(pl, rule, owed, left_on)
    if (why := credit_refused(pl["fee_status"], outcome.credit)) is not None:
        raise StoreError(f"placement {pl['id']} ({name}): {why}; nothing changed")
    credited = round(min(pl["fee_amount"], (pl["credited_amount"] or 0.0) + outcome.credit), 2)
    changes = {"owed": outcome.owed, "owed_rule": rule, "left_on": ds(left_on), "credited_amount": credited}
    if outcome.credit and credited >= pl["fee_amount"]:
        changes["fee_status"] = "credited"
    return outcome, changes


def _guarantee_credit(pl: dict) -> float:
    """What the failed guarantee of ``pl`` credited (0 when it did not fail or credited nothing)."""
    if pl["status"] != "guarantee_failed" or pl["owed_rule"] not in PRORATA:
        return 0.0
    return _outcome(pl, pl["owed_rule"], pl["owed"], parse_date(pl["left_on"])).credit


def _take_back(pl: dict) -> dict:
    """Leaving Guarantee failed: the credit it wrote is taken back, the fee status is what the
    dates say it was (paid, invoiced, or not invoiced)."""
    changes: dict = {"owed": None, "owed_rule": None, "left_on": None}
    credit = _guarantee_credit(pl)
    if credit:
        changes["credited_amount"] = round(max(0.0, (pl["credited_amount"] or 0.0) - credit), 2)
        if pl["fee_status"] == "credited":
            changes["fee_status"] = _status_by_dates(pl)
    return changes


def _status_by_dates(pl: dict) -> str:
    return "paid" if pl["paid_on"] else "invoiced" if pl["invoice_date"] else "not_invoiced"


def _candidate_free(conn: Connection, txn: str, person_id: int) -> None:
    """A candidate with no live placement left is active again (was: placed)."""
    profile = journal.row(conn, "candidate_profile", person_id)
    if profile is None or profile["status"] != "placed":
        return
    live = conn.execute(
        "SELECT count(*) FROM placement WHERE person_id = ? AND status IN ('offer_accepted', 'started')",
        (person_id,),
    ).fetchone()[0]
    if not live:
        journal.update(conn, txn, "candidate_profile", person_id, {"status": "active"})


@retry_once
def set_fee_status(conn: Connection, placement_id: int, status: str, *, expected_version: int | None,
                   on: date | None = None) -> MoveResult:
    """invoiced: invoice date (``on`` or today) and due date from the client's payment terms;
    paid: paid on; credited: the whole fee credited; not_invoiced: clears them. A credit written
    when the guarantee failed stays (the invoice is the fee less it); a whole-fee credit set here
    is taken back by the next status."""
    if status not in FEE_STATUSES:
        raise Invalid({"fee_status": f"{status!r}: use one of {', '.join(FEE_STATUSES)}"})
    day = on or clock.today()
    txn = journal.new_txn()
    with db.write(conn):
        pl, name = _placement(conn, placement_id)
        check_version(pl, "placement", expected_version, name)
        if pl["fee_status"] == status:
            raise StoreError(f"placement {placement_id} ({name}): the fee is already {status.replace('_', ' ')}")
        kept = _guarantee_credit(pl)  # a credit the failed guarantee wrote stays
        if pl["fee_status"] == "credited" and kept and kept >= pl["fee_amount"]:
            raise StoreError(f"placement {placement_id} ({name}): the whole fee was credited when the guarantee"
                             " failed; move it back from Guarantee failed to change that")
        if status == "credited" and (why := credit_refused(pl["fee_status"], pl["fee_amount"] - kept)):
            raise StoreError(f"placement {placement_id} ({name}): {why}")
        if status == "not_invoiced" and kept:  # the refund was a credit against the invoice: it stays invoiced
            raise StoreError(f"placement {placement_id} ({name}): {money(kept, pl['currency'])} was refunded against"
                             " its invoice when the guarantee failed; move it back from Guarantee failed first")
        net = pl["fee_amount"] - kept
        less = f" ({money(pl['fee_amount'], pl['currency'])} less {money(kept, pl['currency'])} credited)" if kept else ""
        changes: dict = {"fee_status": status, "credited_amount": kept}
        if status == "invoiced":
            terms = fetch(conn, "company", pl["company_id"])["payment_terms_days"]
            changes.update(invoice_date=ds(day), invoice_due=ds(day + timedelta(days=terms)), paid_on=None)
            body = f"Fee invoiced: {money(net, pl['currency'])}{less}, due {day_said(day + timedelta(days=terms))}"
        elif status == "paid":
            changes.update(paid_on=ds(day))
            if pl["invoice_date"] is None:
                changes["invoice_date"] = ds(day)
            body = f"Fee paid: {money(net, pl['currency'])}{less}"
        elif status == "credited":
            changes.update(credited_amount=pl["fee_amount"])
            body = f"Fee credited: {money(net, pl['currency'])}" + (f" (with the {money(kept, pl['currency'])}"
                                                                     " credited before, the whole fee)" if kept else "")
        else:
            changes.update(invoice_date=None, invoice_due=None, paid_on=None)
            body = "Fee marked not invoiced"
        journal.update(conn, txn, "placement", placement_id, changes, locked=pl)
        activity(conn, txn, "system", body, **_links(pl))
    return MoveResult(txn, f"{name}: {body[0].lower()}{body[1:]}", placement_id)


@retry_once
def tick_checkin(conn: Connection, placement_id: int, *, expected_version: int | None,
                 which: int | None = None) -> MoveResult:
    """Mark a check-in done: ``which`` (30/60/90), or the first one not yet done."""
    if which is not None and which not in CHECKINS:
        raise Invalid({"which": f"{which}: a check-in is 30, 60 or 90"})
    txn = journal.new_txn()
    with db.write(conn):
        pl, name = _placement(conn, placement_id)
        check_version(pl, "placement", expected_version, name)
        if which is None:
            which = next((n for n in CHECKINS if pl[f"checkin_{n}_done_at"] is None), None)
            if which is None:
                raise StoreError(f"placement {placement_id} ({name}): every check-in is already done")
        elif pl[f"checkin_{which}_done_at"] is not None:
            raise StoreError(f"placement {placement_id} ({name}): the {which}-day check-in is already done")
        journal.update(conn, txn, "placement", placement_id, {f"checkin_{which}_done_at": now()}, locked=pl)
        planned = parse_date(pl[f"checkin_{which}"])
        body = f"{which}-day check-in done" + (f" (planned {planned.isoformat()})" if planned else "")
        activity(conn, txn, "system", body, **_links(pl))
    return MoveResult(txn, f"{name}: {body}", placement_id)
